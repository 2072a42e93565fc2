/**
 * The port's contract, run against the Entra target: its own Graph client to the Graph emulator
 * on loopback. Placements are an administrative unit and a group per building; seeded accounts
 * carry what rollcall does not manage (a job title, phones, a usage location, an unmanaged
 * group), which a write must leave as it was.
 */
import { validateConfig } from '../../src/config/validate.js';
import { EventLog } from '../../src/model/events.js';
import { graphId } from '../../src/targets/entra/emulator/ids.js';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import type { EntraState, GraphUser } from '../../src/targets/entra/graph-types.js';
import { EntraTarget } from '../../src/targets/entra/target.js';
import { APP } from '../entra-builders.js';
import { describePortContract, type ContractSeed } from './port-contract.js';

const TENANT = 'contract.example.org';
const CODE = `extension_${APP}_code`;
const GROUP = `staff-news@${TENANT}`;

const validated = validateConfig({
  entra: {
    tenant: TENANT,
    populations: ['staff'],
    requestsPerMinute: 600_000,
    concurrency: 16,
    maxRetries: 2,
    staff: { attributes: { department: '{school_name}', [CODE]: '{dcid}' }, administrativeUnits: ['{school_name}'], groups: ['{school_name} Staff'] },
    managedContainers: ['administrativeUnits/*', 'groups/* Staff'],
  },
});
if (!validated.ok) throw new Error(validated.errors.join('; '));
const config = validated.config;

const id = (name: string) => graphId(`contract:${name.toLowerCase()}`);

function seedState(seed: ContractSeed): EntraState {
  const members = new Map<string, string[]>();
  const users = seed.accounts.map((a): GraphUser => {
    const user: GraphUser = {
      id: id(a.address),
      userPrincipalName: a.address,
      accountEnabled: a.enabled,
      displayName: `${a.name.given} ${a.name.family}`,
      givenName: a.name.given,
      surname: a.name.family,
      mailNickname: a.address.split('@')[0] as string,
      jobTitle: 'Teacher',
      mobilePhone: '555-0100',
      businessPhones: ['555-0199'],
      usageLocation: 'US',
      ...a.attributes,
    };
    for (const container of a.placement) members.set(container, [...(members.get(container) ?? []), user.id]);
    members.set('groups/Chess Club', [...(members.get('groups/Chess Club') ?? []), user.id]);
    return user;
  });
  for (const m of seed.memberships) members.set(`mail:${m.group}`, [...(members.get(`mail:${m.group}`) ?? []), id(m.member)]);
  const unit = (name: string) => ({ id: id(`unit:${name}`), displayName: name, members: members.get(`administrativeUnits/${name}`) ?? [] });
  const group = (name: string, extra: Record<string, unknown> = {}, key = `groups/${name}`) => ({
    id: id(`group:${name}`),
    displayName: name,
    mailNickname: name.toLowerCase().replace(/\W+/g, '-'),
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    members: members.get(key) ?? [],
    owners: [],
    ...extra,
  });
  return {
    subscribedSkus: [],
    administrativeUnits: [unit('North'), unit('South')],
    groups: [group('North Staff'), group('South Staff'), group('Chess Club'), group('Staff News', { mail: GROUP, mailEnabled: true, groupTypes: ['Unified'] }, `mail:${GROUP}`)],
    users,
  };
}

describePortContract({
  kind: 'entra',
  placements: {
    first: ['administrativeUnits/North', 'groups/North Staff'],
    second: ['administrativeUnits/South', 'groups/South Staff'],
    missing: ['groups/Nowhere Staff'],
  },
  attributeKeys: ['department', CODE],
  address: (local) => `${local}@${TENANT}`,
  group: GROUP,
  syncsGroups: false,
  open: async (seed) => {
    const emu = await startEntraEmulator({ seed: seedState(seed) });
    const target = new EntraTarget({ ...config, entra: config.entra! }, ['staff'], {
      env: { ROLLCALL_ENTRA_ROOT_URL: emu.url },
      baseDir: '.',
      events: new EventLog(),
      showProgress: false,
    });
    return {
      target,
      unmanaged: async (address) => {
        const state = emu.state();
        const user = state.users.find((u) => u.userPrincipalName === address);
        if (!user) throw new Error(`no account ${address}`);
        return {
          jobTitle: user.jobTitle,
          mobilePhone: user.mobilePhone,
          businessPhones: user.businessPhones,
          usageLocation: user.usageLocation,
          otherGroups: state.groups.filter((g) => g.displayName === 'Chess Club' && g.members.includes(user.id)).map((g) => g.displayName),
        };
      },
      close: () => emu.close(),
    };
  },
});
