/**
 * What apply sends. An update carries only the fields still to change, all in one users.update
 * (Google's update keeps omitted fields, clears `null` ones, merges customSchemas field by field
 * and replaces arrays whole). The password appears in an insert body and nowhere else.
 */
import type { CustomSchemas } from '../targets/google/directory-types.js';
import type { ManagedFields } from '../plan/types.js';
import type { Leaf } from './managed-leaves.js';

export interface UpdateBody {
  primaryEmail?: string;
  name?: { givenName: string; familyName: string };
  orgUnitPath?: string;
  suspended?: boolean;
  /** Only the changed managed fields; a field to remove is sent as null. */
  customSchemas?: Record<string, Record<string, string | null>>;
  externalIds?: ManagedFields['externalIds'];
}

export interface InsertBody {
  primaryEmail: string;
  name: { givenName: string; familyName: string };
  orgUnitPath: string;
  suspended: boolean;
  customSchemas?: CustomSchemas;
  externalIds?: ManagedFields['externalIds'];
  password: string;
  changePasswordAtNextLogin: boolean;
}

const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

export function updateBody(pending: readonly Leaf[], after: ManagedFields): UpdateBody {
  const body: UpdateBody = {};
  for (const leaf of pending) {
    const [, top, a, b] = leaf.path.split('/');
    switch (top) {
      case 'primaryEmail':
        body.primaryEmail = after.primaryEmail;
        break;
      case 'name':
        // Both parts: a half-sent name would depend on how the server merges it.
        body.name = { givenName: after.name.givenName, familyName: after.name.familyName };
        break;
      case 'orgUnitPath':
        body.orgUnitPath = after.orgUnitPath;
        break;
      case 'suspended':
        body.suspended = after.suspended;
        break;
      case 'customSchemas': {
        const schema = unescapePointer(a ?? '');
        const field = unescapePointer(b ?? '');
        const value = after.customSchemas[schema]?.[field];
        ((body.customSchemas ??= {})[schema] ??= {})[field] = value === undefined ? null : String(value);
        break;
      }
      case 'externalIds':
        body.externalIds = after.externalIds ?? [];
        break;
    }
  }
  return body;
}

export function insertBody(after: ManagedFields, password: string, changePasswordAtNextLogin: boolean): InsertBody {
  return {
    primaryEmail: after.primaryEmail,
    name: { givenName: after.name.givenName, familyName: after.name.familyName },
    orgUnitPath: after.orgUnitPath,
    suspended: after.suspended,
    ...(Object.keys(after.customSchemas).length > 0 ? { customSchemas: after.customSchemas } : {}),
    ...(after.externalIds !== undefined && after.externalIds.length > 0 ? { externalIds: after.externalIds } : {}),
    password,
    changePasswordAtNextLogin,
  };
}

