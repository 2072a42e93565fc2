/**
 * The port's contract, run against the Google target: its real client to the Directory API
 * emulator on loopback. Seeded accounts carry what rollcall does not manage (another custom
 * schema, another externalIds entry, an alias, a phone), which a write must leave as it was.
 */
import { parseAttributeKey } from '../../src/targets/google/attribute-keys.js';
import { toGoogleRole } from '../../src/targets/google/group-roles.js';
import type { DirectoryUser, GoogleState } from '../../src/targets/google/directory-types.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { GoogleTarget } from '../../src/targets/google/target.js';
import { EventLog } from '../../src/model/events.js';
import { makeConfig } from '../builders.js';
import { describePortContract, type ContractSeed } from './port-contract.js';

const DOMAIN = 'contract.example.org';
const GROUP = `all-staff@${DOMAIN}`;
const config = makeConfig({
  google: { domain: DOMAIN, populations: ['staff'], requestsPerMinute: 600_000, concurrency: 16, maxRetries: 2 },
  staff: { teacherNumberExternalId: 'organization' },
});

function seedState(seed: ContractSeed): GoogleState {
  const users = seed.accounts.map((a): DirectoryUser => {
    const local = a.address.split('@')[0] as string;
    const user: DirectoryUser = {
      kind: 'admin#directory#user',
      primaryEmail: a.address,
      name: { givenName: a.name.given, familyName: a.name.family },
      suspended: !a.enabled,
      orgUnitPath: a.placement[0] as string,
      customSchemas: { Employment: { Start_Date: '2019-08-12' } },
      externalIds: [{ type: 'login_id', value: `login-${local}` }],
      aliases: [`${local}.alias@${DOMAIN}`],
      phones: [{ type: 'work', value: '555-0100' }],
    };
    for (const [key, value] of Object.entries(a.attributes)) {
      const attribute = parseAttributeKey(key);
      if (attribute?.kind === 'custom') ((user.customSchemas ??= {})[attribute.schema] ??= {})[attribute.field] = value;
      else if (attribute?.kind === 'externalId') user.externalIds = [...(user.externalIds ?? []), { type: attribute.type, value }];
    }
    return user;
  });
  return {
    users,
    groups: [{ address: GROUP, name: 'All staff', description: '' }, ...(seed.groups ?? [])].map((g) => ({
      kind: 'admin#directory#group' as const,
      email: g.address,
      name: g.name,
      description: g.description,
      members: seed.memberships.filter((m) => m.group === g.address).map((m) => ({ email: m.member, role: toGoogleRole(m.role), type: m.member.endsWith(`@${DOMAIN}`) ? 'USER' : 'EXTERNAL' })),
    })),
    orgUnits: ['/Staff', '/Staff/North', '/Staff/South'].map((orgUnitPath) => ({ kind: 'admin#directory#orgUnit', orgUnitPath, name: orgUnitPath.slice(orgUnitPath.lastIndexOf('/') + 1) })),
  };
}

describePortContract({
  kind: 'google',
  placements: { first: ['/Staff/North'], second: ['/Staff/South'], missing: ['/Staff/Nowhere'] },
  attributeKeys: ['customSchemas.Synchronization_Data.Staff_Group', 'externalIds.organization'],
  address: (local) => `${local}@${DOMAIN}`,
  group: GROUP,
  syncsGroups: true,
  open: async (seed) => {
    const emu = await startEmulator({ seed: seedState(seed) });
    const target = new GoogleTarget({ ...config, google: config.google! }, ['staff'], {
      env: { ROLLCALL_GOOGLE_ROOT_URL: emu.url },
      baseDir: '.',
      events: new EventLog(),
      showProgress: false,
    });
    return {
      target,
      unmanaged: async (address) => {
        const user = emu.state().users.find((u) => u.primaryEmail === address);
        if (!user) throw new Error(`no account ${address}`);
        const { Synchronization_Data: _managed, ...otherSchemas } = user.customSchemas ?? {};
        return {
          customSchemas: otherSchemas,
          externalIds: (user.externalIds ?? []).filter((e) => e.type !== 'organization'),
          aliases: user.aliases,
          phones: user.phones,
        };
      },
      close: () => emu.close(),
    };
  },
});
