/**
 * The port's contract, run against the Entra target: its own Graph client to the Graph emulator
 * on loopback. Placements are an administrative unit and a group per building; seeded accounts
 * carry what rollcall does not manage (a job title, phones, a usage location, an unmanaged
 * group), which a write must leave as it was. Managed groups are security groups named by
 * their mailNickname at the tenant's domain; a nested group is the member that is no account.
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
  groups: { sets: [{ name: 'staff', kind: 'building-staff', address: '{school_abbr}-staff', displayName: '{school_name} staff' }] },
});
if (!validated.ok) throw new Error(validated.errors.join('; '));
const config = validated.config;

const id = (name: string) => graphId(`contract:${name.toLowerCase()}`);

/** A group nested in another: a member that is not an account. */
const NESTED = `staff-council@${TENANT}`;

function seedState(seed: ContractSeed): EntraState {
  const members = new Map<string, string[]>();
  const owners = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, memberId: string) => map.set(key, [...(map.get(key) ?? []), memberId]);
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
    for (const container of a.placement) add(members, container, user.id);
    add(members, 'groups/Chess Club', user.id);
    return user;
  });
  // A membership names its group by address (the mail, or the mailNickname at the tenant); an owner is a member and an owner.
  for (const m of seed.memberships) {
    add(members, `address:${m.group}`, m.member === NESTED ? id(`group:${NESTED}`) : id(m.member));
    if (m.role === 'owner') add(owners, `address:${m.group}`, id(m.member));
  }
  const unit = (name: string) => ({ id: id(`unit:${name}`), displayName: name, members: members.get(`administrativeUnits/${name}`) ?? [] });
  const group = (name: string, nickname: string, extra: Record<string, unknown> = {}, key = `groups/${name}`) => ({
    id: id(`group:${name}`),
    displayName: name,
    mailNickname: nickname,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    members: members.get(key) ?? [],
    owners: owners.get(key) ?? [],
    ...extra,
  });
  const slug = (name: string) => name.toLowerCase().replace(/\W+/g, '-');
  const managed = [...(seed.groups ?? []), { address: NESTED, name: 'Staff council', description: '' }].map((g) => ({
    ...group(g.address, g.address.split('@')[0] as string, g.description !== '' ? { description: g.description } : {}, `address:${g.address}`),
    displayName: g.name,
  }));
  return {
    subscribedSkus: [],
    administrativeUnits: [unit('North'), unit('South')],
    groups: [
      group('North Staff', slug('North Staff')),
      group('South Staff', slug('South Staff')),
      group('Chess Club', slug('Chess Club')),
      group('Staff News', 'staff-news', { mail: GROUP, mailEnabled: true, groupTypes: ['Unified'] }, `address:${GROUP}`),
      ...managed,
    ],
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
  syncsGroups: true,
  groupRoles: ['member', 'owner'],
  otherMember: NESTED,
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
