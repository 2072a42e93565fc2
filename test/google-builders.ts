/** Builders for Google: a whole `google` config section, and accounts as the Directory API returns them. */
import type { GoogleConfig } from '../src/config/types.js';
import type { DesiredAccount } from '../src/rules/desired-account.js';
import type { DirectoryUser, GoogleState, SnapshotGroup } from '../src/targets/google/directory-types.js';

/** A `google` config section with every field set (service account, Google itself), changed by `overrides`. */
export function googleConfig(overrides: Partial<GoogleConfig> = {}): GoogleConfig {
  return {
    domain: 'd118.org',
    customer: 'my_customer',
    rootUrl: null,
    auth: { mode: 'service-account' },
    requestsPerMinute: 1500,
    concurrency: 8,
    maxRetries: 6,
    rateLimitWaitSeconds: 600,
    initialPassword: { env: null, changeAtNextLogin: true },
    ...overrides,
  };
}

let nextId = 1000;

/** The account Google would hold if it matched `d` exactly. */
export function userFromDesired(d: DesiredAccount, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  const customSchemas: NonNullable<DirectoryUser['customSchemas']> = {};
  for (const [schema, fields] of Object.entries(d.customSchemas)) {
    for (const [field, value] of Object.entries(fields)) if (value !== '') (customSchemas[schema] ??= {})[field] = value;
  }
  if (d.match.target.startsWith('customSchemas.')) {
    const [, schema, field] = d.match.target.split('.');
    (customSchemas[schema!] ??= {})[field!] = d.match.value;
  }
  return {
    kind: 'admin#directory#user',
    id: String(++nextId),
    primaryEmail: d.primaryEmail,
    name: { ...d.name, fullName: `${d.name.givenName} ${d.name.familyName}` },
    suspended: d.suspended,
    orgUnitPath: d.orgUnitPath,
    customSchemas,
    ...(d.externalId && d.externalId.value !== '' ? { externalIds: [{ type: d.externalId.type, value: d.externalId.value }] } : {}),
    ...overrides,
  };
}

export function state(users: DirectoryUser[], groups: SnapshotGroup[] = []): GoogleState {
  return { users, groups, orgUnits: [] };
}

export function group(email: string, members: string[]): SnapshotGroup {
  return { kind: 'admin#directory#group', email, members: members.map((m) => ({ email: m, role: 'MEMBER', type: 'USER' })) };
}
