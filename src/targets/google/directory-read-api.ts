/**
 * The part of the Directory API client the live reader calls. The real client
 * (`admin_directory_v1.Admin`) satisfies it as is; naming the few methods keeps the reader's
 * dependency visible and lets a unit test stand in for one method without an HTTP server.
 */
import type { admin_directory_v1 } from '@googleapis/admin';


export interface DirectoryReadApi {
  users: {
    list(params: admin_directory_v1.Params$Resource$Users$List): Promise<{ data: admin_directory_v1.Schema$Users }>;
  };
  orgunits: {
    list(params: admin_directory_v1.Params$Resource$Orgunits$List): Promise<{ data: admin_directory_v1.Schema$OrgUnits }>;
  };
  groups: {
    list(params: admin_directory_v1.Params$Resource$Groups$List): Promise<{ data: admin_directory_v1.Schema$Groups }>;
  };
  members: {
    get(params: admin_directory_v1.Params$Resource$Members$Get): Promise<{ data: admin_directory_v1.Schema$Member }>;
    list(params: admin_directory_v1.Params$Resource$Members$List): Promise<{ data: admin_directory_v1.Schema$Members }>;
  };
}
