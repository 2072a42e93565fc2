/**
 * The request bodies of a create and an update: the user's properties as Graph takes them.
 * An update holds the properties of the fields named and nothing else; an empty value clears a
 * property (null: Graph refuses ""). The password goes only into the create's body, which is
 * sent and never kept.
 */
import type { AccountFields } from '../../model/account.js';
import { ADDRESS_PATH, attributeKeyOf, ENABLED_PATH, FAMILY_NAME_PATH, GIVEN_NAME_PATH, PLACEMENT_PATH } from '../../model/field-path.js';

export interface CreateOptions {
  password: string;
  forceChangePasswordNextSignIn: boolean;
  /** Two capital letters, or null for none. */
  usageLocation: string | null;
}

export function createBody(fields: AccountFields, options: CreateOptions): Record<string, unknown> {
  const local = fields.address.slice(0, fields.address.indexOf('@'));
  const body: Record<string, unknown> = {
    accountEnabled: fields.enabled,
    userPrincipalName: fields.address,
    // Graph needs both on a create; the mapping always manages them, these stand in when a caller does not.
    displayName: `${fields.name.given} ${fields.name.family}`.trim() || local,
    mailNickname: local.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '') || 'user',
    passwordProfile: { password: options.password, forceChangePasswordNextSignIn: options.forceChangePasswordNextSignIn },
  };
  if (fields.name.given !== '') body.givenName = fields.name.given;
  if (fields.name.family !== '') body.surname = fields.name.family;
  if (options.usageLocation !== null) body.usageLocation = options.usageLocation;
  for (const [property, value] of Object.entries(fields.attributes)) if (value !== '') body[property] = value;
  return body;
}

/** The PATCH body for the fields named by `changed` (placement aside: memberships are not properties). */
export function updateBody(changed: readonly string[], after: AccountFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const path of changed) {
    switch (path) {
      case ADDRESS_PATH:
        body.userPrincipalName = after.address;
        break;
      case GIVEN_NAME_PATH:
        body.givenName = after.name.given === '' ? null : after.name.given;
        break;
      case FAMILY_NAME_PATH:
        body.surname = after.name.family === '' ? null : after.name.family;
        break;
      case ENABLED_PATH:
        body.accountEnabled = after.enabled;
        break;
      case PLACEMENT_PATH:
        break;
      default: {
        const key = attributeKeyOf(path);
        if (key === null) throw new Error(`internal: the Entra writer was asked to write ${path}`);
        const value = after.attributes[key] ?? '';
        body[key] = value === '' ? null : value;
      }
    }
  }
  return body;
}
