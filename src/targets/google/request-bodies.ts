/**
 * What the Google writer sends. An update carries only the fields still to change, all in one
 * users.update (Google's update keeps omitted fields, clears `null` ones, merges customSchemas
 * field by field and replaces arrays whole: so the managed externalIds entry is written as the
 * account's whole array, every other entry kept as it was read). The password appears in an
 * insert body and nowhere else.
 */
import type { AccountFields } from '../../model/account.js';
import { ADDRESS_PATH, attributeKeyOf, ENABLED_PATH, FAMILY_NAME_PATH, GIVEN_NAME_PATH, PLACEMENT_PATH } from '../../model/field-path.js';
import { parseAttributeKey } from './attribute-keys.js';
import type { CustomSchemas, ExternalId } from './directory-types.js';

export interface UpdateBody {
  primaryEmail?: string;
  name?: { givenName: string; familyName: string };
  orgUnitPath?: string;
  suspended?: boolean;
  /** Only the changed managed fields; a field to remove is sent as null. */
  customSchemas?: Record<string, Record<string, string | null>>;
  externalIds?: ExternalId[];
}

export interface InsertBody {
  primaryEmail: string;
  name: { givenName: string; familyName: string };
  orgUnitPath: string;
  suspended: boolean;
  customSchemas?: CustomSchemas;
  externalIds?: ExternalId[];
  password: string;
  changePasswordAtNextLogin: boolean;
}

/**
 * The body writing the fields `changed` names (field-path.ts) with their `after` values. `live`
 * is the account as read just before: the name is sent whole (a half-sent name would depend on
 * how the server merges it), so a part not named keeps the value it holds now, whatever the plan
 * saw (a family name corrected by hand is not undone by a change of given name); and `externalIds`
 * (replaced whole by Google) are rebuilt from the account's own array.
 */
export function updateBody(changed: readonly string[], after: AccountFields, live: { name: AccountFields['name']; externalIds: readonly ExternalId[] | undefined }): UpdateBody {
  const body: UpdateBody = {};
  const naming = { given: changed.includes(GIVEN_NAME_PATH), family: changed.includes(FAMILY_NAME_PATH) };
  for (const path of changed) {
    switch (path) {
      case ADDRESS_PATH:
        body.primaryEmail = after.address;
        continue;
      case GIVEN_NAME_PATH:
      case FAMILY_NAME_PATH:
        body.name = {
          givenName: naming.given ? after.name.given : live.name.given,
          familyName: naming.family ? after.name.family : live.name.family,
        };
        continue;
      case PLACEMENT_PATH:
        body.orgUnitPath = orgUnitOf(after);
        continue;
      case ENABLED_PATH:
        body.suspended = !after.enabled;
        continue;
    }
    const key = attributeKeyOf(path);
    const attribute = key === null ? null : parseAttributeKey(key);
    if (attribute === null || key === null) throw new Error(`internal: the Google writer cannot write ${path}`);
    const value = after.attributes[key];
    if (attribute.kind === 'custom') ((body.customSchemas ??= {})[attribute.schema] ??= {})[attribute.field] = value === undefined || value === '' ? null : value;
    else body.externalIds = withExternalId(body.externalIds ?? live.externalIds ?? [], attribute.type, value ?? '');
  }
  return body;
}

export function insertBody(after: AccountFields, password: string, changePasswordAtNextLogin: boolean): InsertBody {
  const customSchemas: CustomSchemas = {};
  let externalIds: ExternalId[] = [];
  for (const [key, value] of Object.entries(after.attributes)) {
    const attribute = parseAttributeKey(key);
    if (attribute === null || value === '') continue;
    if (attribute.kind === 'custom') (customSchemas[attribute.schema] ??= {})[attribute.field] = value;
    else externalIds = withExternalId(externalIds, attribute.type, value);
  }
  return {
    primaryEmail: after.address,
    name: { givenName: after.name.given, familyName: after.name.family },
    orgUnitPath: orgUnitOf(after),
    suspended: !after.enabled,
    ...(Object.keys(customSchemas).length > 0 ? { customSchemas } : {}),
    ...(externalIds.length > 0 ? { externalIds } : {}),
    password,
    changePasswordAtNextLogin,
  };
}

/** A Google account sits in exactly one org unit. */
export function orgUnitOf(fields: AccountFields): string {
  if (fields.placement.length !== 1) throw new Error(`internal: a Google account is placed in one org unit, not ${JSON.stringify(fields.placement)}`);
  return fields.placement[0] as string;
}

/**
 * The account's externalIds with the one entry of `type` set to `value` (the first kept with its
 * customType, others of the type dropped) or removed when value is ''; every other entry as found.
 */
export function withExternalId(current: readonly ExternalId[], type: string, value: string): ExternalId[] {
  const out: ExternalId[] = [];
  let placed = false;
  for (const entry of current) {
    if (entry.type !== type) out.push(entry);
    else if (!placed && value !== '') {
      out.push({ ...entry, value });
      placed = true;
    }
  }
  if (!placed && value !== '') out.push({ type, value });
  return out;
}
