/**
 * The diff of managed groups (plan/group-diff.ts), on groups and rosters built by hand: adds,
 * removals and role changes with their reasons, members rollcall does not manage left alone
 * unless the set is exclusive, groups it does not manage never touched, and ended terms'
 * groups archived or deleted.
 */
import { describe, expect, it } from 'vitest';
import type { ActualAccount, DesiredAccount } from '../../src/model/account.js';
import { GROUP_ROLES, type DesiredGroup, type DesiredMembers, type Exclusivity, type GroupEnding, type GroupMember, type GroupRole, type GroupRoster } from '../../src/model/group.js';
import type { Person } from '../../src/model/person.js';
import { diffGroups, type AccountOutcome, type ManagedGroups } from '../../src/plan/group-diff.js';
import type { Change } from '../../src/plan/types.js';

const DOMAIN = 'district.example.org';
const GROUP = `whs-alg1-3-26-27@${DOMAIN}`;

interface Someone {
  person: Person;
  desired: DesiredAccount;
  actual: ActualAccount;
}

function someone(local: string, population: Person['population'] = 'student', enabled = true): Someone {
  const person: Person = { population, dcid: local, displayName: local, school: { number: 301, name: 'Whitmore High' } };
  const address = `${local}@${DOMAIN}`;
  const fields = { address, name: { given: local, family: 'X' }, enabled, placement: ['/Students'], attributes: {} };
  return {
    person,
    desired: { person, match: { key: 'address', value: address }, fields, reasons: { placement: 'p', enabled: enabled ? 'active' : 'inactive in PowerSchool' }, origin: { file: 'students.csv', row: 2 } } as unknown as DesiredAccount,
    actual: { ...fields, otherAddresses: [] },
  };
}

/** Members placed, each with a role and a reason; departures by person. */
function placed(list: Array<[Someone, GroupRole]>, departures: Map<Person, string> = new Map()): DesiredMembers {
  return {
    size: list.length,
    person: (i) => list[i]![0].person,
    role: (i) => list[i]![1],
    reason: (i) => `enrolled in ALG1-3 since 2026-08-19 (${list[i]![0].person.displayName})`,
    departure: (p) => departures.get(p),
  };
}

function group(members: DesiredMembers, options: { exclusive?: Exclusivity; ended?: GroupEnding | null } = {}): DesiredGroup {
  return {
    set: 'classes',
    handle: 'whs-alg1-3-26-27',
    name: 'Algebra 1 3',
    description: 'Algebra 1, section 3',
    label: 'ALG1-3 (WHS, 26-27)',
    why: 'ALG1-3 at WHS: term 26-27 counts',
    exclusive: options.exclusive ?? 'none',
    managedRoles: { student: ['member'], staff: ['owner'] },
    ended: options.ended ?? null,
    members,
  };
}

/** The directory's accounts and what it holds of GROUP (and of an unmanaged group). */
function setting(people: Someone[], roster: Array<[Someone, GroupRole]> | null, others: GroupMember[] = [], unmanagedHolds: Someone[] = []) {
  const accounts = people.map((p) => p.actual);
  const position = new Map(people.map((p, i) => [p, i]));
  const rosters = new Map<string, GroupRoster>();
  if (roster !== null) {
    rosters.set(GROUP, {
      positions: Int32Array.from(roster.map(([p]) => position.get(p)!)),
      roles: Uint8Array.from(roster.map(([, r]) => GROUP_ROLES.indexOf(r))),
      others,
    });
  }
  // A group rollcall does not manage, with members: never read as a roster, never touched.
  rosters.set(`chess-club@${DOMAIN}`, { positions: Int32Array.from(unmanagedHolds.map((p) => position.get(p)!)), roles: new Uint8Array(unmanagedHolds.length), others: [] });
  const actual = new Map([[`chess-club@${DOMAIN}`, { address: `chess-club@${DOMAIN}`, name: 'Chess', description: '' }]]);
  if (roster !== null) actual.set(GROUP, { address: GROUP, name: 'Algebra 1 3', description: 'Algebra 1, section 3' });
  return { accounts, actual, rosters };
}

function diff(g: DesiredGroup, people: Someone[], directory: ReturnType<typeof setting>, accountChanges: Change[] = [], managedPeople = people) {
  const managed: ManagedGroups = { groups: [{ desired: g, fields: { address: GROUP, name: g.name, description: g.description } }], actual: directory.actual, rosters: directory.rosters };
  const outcome: AccountOutcome = {
    accounts: directory.accounts,
    desired: managedPeople.map((p) => p.desired),
    matches: new Map(managedPeople.map((p) => [p.desired, p.actual])),
    claims: new Map(managedPeople.map((p) => [p.actual, p.desired])),
    changes: accountChanges,
  };
  return diffGroups(managed, outcome);
}

const brief = (changes: Change[]) =>
  changes.map((c) => {
    switch (c.kind) {
      case 'create-group':
        return `create ${c.group}`;
      case 'add-member':
        return `add ${c.member.split('@')[0]} ${c.role}`;
      case 'remove-member':
        return `remove ${c.member.split('@')[0]} ${c.role}: ${c.reasons.join('; ')}`;
      case 'change-role':
        return `role ${c.member.split('@')[0]} ${c.was}->${c.role}`;
      case 'delete-group':
        return `delete ${c.group}: ${c.reasons.join('; ')}`;
      default:
        return c.kind;
    }
  });

describe('the group diff', () => {
  const [kim, lou, dee, tia, hand, outsider] = ['kim', 'lou', 'dee', 'tia', 'hand', 'outsider'].map((n) => someone(n));
  const teacher = someone('lena', 'staff');
  const people = [kim!, lou!, dee!, tia!, hand!, outsider!, teacher];

  it('creates a group the directory lacks, with an add for each member placed, each with its reason', () => {
    const g = group(placed([[kim!, 'member'], [teacher, 'owner']]));
    const { changes, counts } = diff(g, people, setting(people, null));
    expect(brief(changes)).toEqual([`create ${GROUP}`, 'add kim member', 'add lena owner']);
    expect(changes[0]).toMatchObject({ name: 'Algebra 1 3', description: 'Algebra 1, section 3', reasons: ['ALG1-3 at WHS: term 26-27 counts'] });
    expect(changes[1]).toMatchObject({ reasons: ['enrolled in ALG1-3 since 2026-08-19 (kim)'], person: kim!.person });
    expect(counts).toEqual({ managed: 1, memberships: 2, leftAlone: 0 });
  });

  it('adds a member by the address it gets tonight (created or renamed)', () => {
    const fresh = someone('new');
    const g = group(placed([[fresh, 'member']]));
    const create = { kind: 'create', person: fresh.person, address: `new.student@${DOMAIN}` } as unknown as Change;
    const directory = setting([kim!], []);
    const managed: ManagedGroups = { groups: [{ desired: g, fields: { address: GROUP, name: g.name, description: g.description } }], actual: directory.actual, rosters: directory.rosters };
    // The fresh account matches none yet: without its create it is not placed; with it, it is added by the new address.
    const outcome: AccountOutcome = { accounts: directory.accounts, desired: [fresh.desired], matches: new Map(), claims: new Map(), changes: [] };
    expect(diffGroups(managed, outcome).changes).toEqual([]);
    expect(diffGroups(managed, { ...outcome, changes: [create] }).changes).toEqual([expect.objectContaining({ kind: 'add-member', member: `new.student@${DOMAIN}`, role: 'member' })]);
  });

  it('adds the missing, removes a dropped student with the drop as reason, raises a lower role, and leaves alone what it does not manage', () => {
    const g = group(placed([[kim!, 'member'], [lou!, 'member'], [teacher, 'owner']], new Map([[dee!.person, 'dropped 2026-10-02']])));
    const directory = setting(
      people,
      [
        [kim!, 'member'],
        [dee!, 'member'],
        [teacher, 'member'],
        // A manager added by hand (a managed account in a role the set does not give students).
        [hand!, 'manager'],
        // An account rollcall does not manage.
        [outsider!, 'member'],
      ],
      [{ address: 'parent@gmail.example.com', role: 'member' }],
      [kim!, dee!],
    );
    const managedPeople = [kim!, lou!, dee!, tia!, hand!, teacher];
    const { changes, counts } = diff(g, people, directory, [], managedPeople);
    expect(brief(changes)).toEqual(['remove dee member: dropped 2026-10-02: no longer in ALG1-3 (WHS, 26-27)', 'role lena member->owner', 'add lou member']);
    expect(changes.find((c) => c.kind === 'change-role')!.reasons).toEqual(['enrolled in ALG1-3 since 2026-08-19 (lena): owner here, member now']);
    expect(counts).toEqual({ managed: 1, memberships: 3, leftAlone: 3 });
    // The unmanaged group is never touched.
    expect(changes.every((c) => 'group' in c && c.group === GROUP)).toBe(true);
  });

  it('a member placed in a lower role than it has is not lowered, unless the set is exclusive "all"', () => {
    const g = (exclusive: Exclusivity) => group(placed([[kim!, 'member']]), { exclusive });
    const directory = setting(people, [[kim!, 'owner']]);
    expect(brief(diff(g('none'), people, directory).changes)).toEqual([]);
    expect(brief(diff(g('members'), people, directory).changes)).toEqual([]);
    expect(brief(diff(g('all'), people, directory).changes)).toEqual(['role kim owner->member']);
  });

  it('exclusive sets: "members" removes members it does not place (outside addresses and unmanaged accounts too) but keeps managers and owners added by hand; "all" removes everyone it does not place', () => {
    const roster: Array<[Someone, GroupRole]> = [
      [kim!, 'member'],
      [hand!, 'manager'],
      [outsider!, 'member'],
    ];
    const others: GroupMember[] = [
      { address: 'parent@gmail.example.com', role: 'member' },
      { address: 'coach@gmail.example.com', role: 'owner' },
    ];
    const managedPeople = [kim!, hand!];
    const members = diff(group(placed([[kim!, 'member']]), { exclusive: 'members' }), people, setting(people, roster, others), [], managedPeople);
    expect(brief(members.changes).map((c) => c.split(':')[0])).toEqual(['remove outsider member', 'remove parent member']);
    expect(members.changes[0]!.reasons).toEqual(['not placed in ALG1-3 (WHS, 26-27) by PowerSchool, and set "classes" is exclusive (members it does not place leave)']);
    expect(members.counts.leftAlone).toBe(2);
    const all = diff(group(placed([[kim!, 'member']]), { exclusive: 'all' }), people, setting(people, roster, others), [], managedPeople);
    expect(brief(all.changes).map((c) => c.split(':')[0])).toEqual(['remove hand manager', 'remove outsider member', 'remove parent member', 'remove coach owner']);
    expect(all.counts.leftAlone).toBe(0);
  });

  it('does not plan twice a removal the account change already makes (a suspended staff member leaving their groups)', () => {
    const g = group(placed([]));
    const leaving = { kind: 'remove-from-group', group: GROUP, address: teacher.actual.address } as unknown as Change;
    expect(brief(diff(g, people, setting(people, [[teacher, 'owner']]), [leaving]).changes)).toEqual([]);
    expect(brief(diff(g, people, setting(people, [[teacher, 'owner']])).changes)).toEqual(['remove lena owner: not in ALG1-3 (WHS, 26-27) in PowerSchool']);
  });

  it('an ended term: archive takes out the members rollcall placed and keeps the group and everyone else; delete also deletes it once empty', () => {
    const archive = group(placed([[kim!, 'member']]), { ended: { action: 'archive', why: 'term S1 ended 2026-12-18' } });
    const roster: Array<[Someone, GroupRole]> = [
      [kim!, 'member'],
      [teacher, 'owner'],
    ];
    const archived = diff(archive, people, setting(people, roster));
    expect(brief(archived.changes)).toEqual([
      'remove kim member: term S1 ended 2026-12-18: the members rollcall placed leave (endedTerms: archive)',
      'remove lena owner: term S1 ended 2026-12-18: the members rollcall placed leave (endedTerms: archive)',
    ]);
    const del = group(placed([[kim!, 'member']]), { ended: { action: 'delete', why: 'term S1 ended 2026-12-18' } });
    expect(brief(diff(del, people, setting(people, roster)).changes).at(-1)).toBe(`delete ${GROUP}: term S1 ended 2026-12-18: emptied, and set "classes" deletes such groups (endedTerms: delete)`);
    // Someone rollcall does not manage is still in it: emptied of rollcall's members, but not deleted.
    const kept = diff(del, people, setting(people, roster, [{ address: 'parent@gmail.example.com', role: 'member' }]));
    expect(kept.changes.map((c) => c.kind)).toEqual(['remove-member', 'remove-member']);
    // An ended group the directory does not have is not created.
    expect(diff(del, people, setting(people, null)).changes).toEqual([]);
  });

  it('is deterministic: the same inputs give the same changes and ids', () => {
    const g = group(placed([[kim!, 'member'], [lou!, 'owner']]));
    const a = diff(g, people, setting(people, [[kim!, 'member']]));
    const b = diff(g, people, setting(people, [[kim!, 'member']]));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(new Set(a.changes.map((c) => c.id)).size).toBe(a.changes.length);
  });
});
