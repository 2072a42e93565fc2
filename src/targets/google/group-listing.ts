/**
 * The groups half of a bulk read: every group of the customer (groups.list, 200 a page), then
 * the members of the groups rollcall manages, each group whole (members.list, 200 a page),
 * several groups at once through the scheduler. Never per person: a district's class groups
 * cost ceil(groups/200) calls plus, for each managed group, ceil(members/200).
 */
import type { admin_directory_v1 } from '@googleapis/admin';
import { GoogleApiError } from './api-error.js';
import type { DirectoryGroup, DirectoryMember } from './directory-types.js';
import type { DirectoryReadApi } from './directory-read-api.js';

export const GROUPS_PAGE_SIZE = 200;
export const MEMBERS_PAGE_SIZE = 200;
const GROUP_FIELDS = 'kind,id,email,name,description,etag';
const MEMBER_FIELDS = 'kind,id,email,role,type,status';

/** One scheduled, counted call (the live reader's). */
export type CountedCall = <T>(method: string, label: string, fn: () => Promise<T>) => Promise<T>;

export class GroupListing {
  constructor(
    private readonly api: DirectoryReadApi,
    private readonly call: CountedCall,
    private readonly customer: string,
    /** Called once per page read. */
    private readonly onPage: () => void,
  ) {}

  /** Every group of the customer, by email. */
  async groups(): Promise<DirectoryGroup[]> {
    const found: DirectoryGroup[] = [];
    let pageToken: string | undefined;
    do {
      const params: admin_directory_v1.Params$Resource$Groups$List = {
        customer: this.customer,
        maxResults: GROUPS_PAGE_SIZE,
        fields: `nextPageToken,groups(${GROUP_FIELDS})`,
        ...(pageToken !== undefined ? { pageToken } : {}),
      };
      const data = await this.call('groups.list', 'groups.list', async () => (await this.api.groups.list(params)).data);
      this.onPage();
      for (const group of data.groups ?? []) if (typeof group.email === 'string') found.push(withoutNulls(group) as DirectoryGroup);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return found;
  }

  /** The group's direct members, or null when the group is gone since it was listed. */
  async members(group: DirectoryGroup): Promise<DirectoryMember[] | null> {
    const groupKey = group.id ?? group.email;
    const found: DirectoryMember[] = [];
    let pageToken: string | undefined;
    do {
      const params: admin_directory_v1.Params$Resource$Members$List = {
        groupKey,
        maxResults: MEMBERS_PAGE_SIZE,
        fields: `nextPageToken,members(${MEMBER_FIELDS})`,
        ...(pageToken !== undefined ? { pageToken } : {}),
      };
      let data: admin_directory_v1.Schema$Members;
      try {
        data = await this.call('members.list', `members.list ${group.email}`, async () => (await this.api.members.list(params)).data);
      } catch (err) {
        if (err instanceof GoogleApiError && err.status === 404) return null;
        throw err;
      }
      this.onPage();
      for (const member of data.members ?? []) if (typeof member.email === 'string') found.push(withoutNulls(member) as DirectoryMember);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return found;
  }
}

/** The client types absent fields as `null | undefined`; our resource types use absence. */
export function withoutNulls(resource: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([, v]) => v !== null && v !== undefined));
}
