/**
 * The diff of managed groups: the groups and members the rules ask for x the groups the
 * directory holds -> group changes. Pure and non-mutating, like the account diff it follows (it
 * needs to know which account each person has, or gets tonight).
 *
 * - A group the directory lacks is created, with a change adding each member.
 * - A member placed in a group but not in it is added; one in it in a lower role is raised (and,
 *   in an exclusive "all" set, one in a higher role lowered: otherwise a role given by hand stays).
 * - A member in a group but not placed there is removed when it is an account rollcall manages in
 *   a role the set gives its population (a dropped student, a former teacher); anyone else
 *   (outside addresses, unmanaged accounts, a manager added by hand) is left alone unless the set
 *   is exclusive. A membership the account's own change already ends (a suspended staff member
 *   leaving their groups) is not planned twice.
 * - A group whose term is over loses the members rollcall placed (archive, delete), and is
 *   deleted once nothing else is left in it (delete).
 * Groups the sets do not ask for are never read, never touched.
 */
import type { ActualAccount, DesiredAccount } from '../model/account.js';
import { GROUP_ROLES, roleRank, type ActualGroup, type DesiredGroup, type Exclusivity, type GroupFields, type GroupRole, type GroupRoster } from '../model/group.js';
import type { Person } from '../model/person.js';
import { changeId } from './change-id.js';
import type { GroupCounts } from './summary.js';
import type { AddMemberChange, Change, ChangeRoleChange, CreateGroupChange, DeleteGroupChange, GroupChange, RemoveMemberChange } from './types.js';

/** The managed groups as the target names them, and what the directory holds of them. */
export interface ManagedGroups {
  groups: ReadonlyArray<{ desired: DesiredGroup; fields: GroupFields }>;
  /** Every group the directory holds, by address (lower case). */
  actual: ReadonlyMap<string, ActualGroup>;
  /** The members of the managed groups the directory holds, by group address. */
  rosters: ReadonlyMap<string, GroupRoster>;
}

/** What the account diff decided, which memberships follow. */
export interface AccountOutcome {
  /** Every account the read found: rosters name them by position. */
  accounts: readonly ActualAccount[];
  desired: readonly DesiredAccount[];
  matches: ReadonlyMap<DesiredAccount, ActualAccount>;
  claims: ReadonlyMap<ActualAccount, DesiredAccount>;
  /** The account changes: creates and renames give new addresses; removals from groups are not planned again. */
  changes: readonly Change[];
}

export interface GroupDiffResult {
  changes: GroupChange[];
  counts: GroupCounts;
}

const NO_ROSTER: GroupRoster = { positions: new Int32Array(0), roles: new Uint8Array(0), others: [] };

export function diffGroups(managed: ManagedGroups, outcome: AccountOutcome): GroupDiffResult {
  const accounts = new DesiredAccounts(outcome);
  const leaving = new Set<string>();
  for (const c of outcome.changes) if (c.kind === 'remove-from-group') leaving.add(`${c.group}\n${c.address}`);

  const changes: GroupChange[] = [];
  const counts: GroupCounts = { managed: managed.groups.length, memberships: 0, leftAlone: 0 };
  // Who is wanted in (and seen in) the group at hand, by account number: marked with the group's stamp, so nothing is cleared between groups.
  const wantedIn = new Int32Array(accounts.size);
  const wantedAt = new Int32Array(accounts.size);
  const seenIn = new Int32Array(accounts.size);
  let stamp = 0;
  for (const { desired: g, fields } of managed.groups) {
    const group = fields.address;
    stamp++;
    /** The accounts wanted, in the order the rules placed them. */
    const wanted: number[] = [];
    if (g.ended === null) {
      for (let i = 0; i < g.members.size; i++) {
        const a = accounts.of(g.members.person(i));
        if (a >= 0 && accounts.end[a] !== undefined && wantedIn[a] !== stamp) {
          wantedIn[a] = stamp;
          wantedAt[a] = i;
          wanted.push(a);
        }
      }
    }
    counts.memberships += wanted.length;
    const base = { group, set: g.set };
    const add = (a: number): AddMemberChange => {
      const member = accounts.end[a] as string;
      const i = wantedAt[a] as number;
      const role = g.members.role(i);
      const person = (accounts.list[a] as DesiredAccount).person;
      return { kind: 'add-member', id: changeId('add-member', group, { member, role }), ...base, member, role, person, reasons: [g.members.reason(i)] };
    };

    if (!managed.actual.has(group)) {
      if (g.ended !== null) continue;
      const create: CreateGroupChange = {
        kind: 'create-group',
        id: changeId('create-group', group, { name: fields.name, description: fields.description }),
        ...base,
        name: fields.name,
        description: fields.description,
        reasons: [g.why],
      };
      changes.push(create);
      for (const a of wanted) changes.push(add(a));
      continue;
    }

    const roster = managed.rosters.get(group) ?? NO_ROSTER;
    let staying = 0;
    const remove = (member: string, role: GroupRole, person: Person | undefined, why: string): RemoveMemberChange => ({
      kind: 'remove-member',
      id: changeId('remove-member', group, { member }),
      ...base,
      member,
      role,
      ...(person !== undefined ? { person } : {}),
      reasons: [why],
    });
    for (let k = 0; k < roster.positions.length; k++) {
      const position = roster.positions[k] as number;
      const account = outcome.accounts[position] as ActualAccount;
      const role = GROUP_ROLES[roster.roles[k] as number] ?? 'member';
      const a = accounts.claimOf(position, account);
      const claimant = a >= 0 ? accounts.list[a] : undefined;
      if (claimant !== undefined && wantedIn[a] === stamp) {
        seenIn[a] = stamp;
        const at = wantedAt[a] as number;
        const want = g.members.role(at);
        if (role !== want && (roleRank(role) < roleRank(want) || g.exclusive === 'all')) changes.push(changeRole(base, account.address, role, want, claimant.person, g.members.reason(at)));
        continue;
      }
      if (claimant !== undefined && g.managedRoles[claimant.person.population].includes(role)) {
        if (!leaving.has(`${group}\n${account.address}`)) changes.push(remove(account.address, role, claimant.person, removalReason(g, claimant)));
      } else if (exclusiveRemoves(g.exclusive, role)) {
        changes.push(remove(account.address, role, claimant?.person, exclusiveReason(g)));
      } else {
        counts.leftAlone++;
        staying++;
      }
    }
    for (const other of roster.others) {
      if (exclusiveRemoves(g.exclusive, other.role)) changes.push(remove(other.address, other.role, undefined, exclusiveReason(g)));
      else {
        counts.leftAlone++;
        staying++;
      }
    }
    for (const a of wanted) if (seenIn[a] !== stamp) changes.push(add(a));
    if (g.ended?.action === 'delete' && staying === 0) {
      const drop: DeleteGroupChange = {
        kind: 'delete-group',
        id: changeId('delete-group', group, {}),
        ...base,
        reasons: [`${g.ended.why}: emptied, and set "${g.set}" deletes such groups (endedTerms: delete)`],
      };
      changes.push(drop);
    }
  }
  return { changes, counts };
}

/**
 * The desired accounts numbered once for every group: each person's account, the address it
 * ends the night with (created or renamed tonight: members are added by it once that is done;
 * otherwise the one it has; none: not placed), and which account claims each of the read's.
 */
class DesiredAccounts {
  /** Every desired account, then any claimant not among them, by number. */
  readonly list: DesiredAccount[];
  readonly end: Array<string | undefined>;
  private readonly byPerson = new Map<Person, number>();
  private readonly number = new Map<DesiredAccount, number>();
  /** By position among the read's accounts: the claimant's number, -1 for none, -2 until worked out. */
  private readonly claims: Int32Array;

  constructor(private readonly outcome: AccountOutcome) {
    const newAddress = new Map<Person, string>();
    for (const c of outcome.changes) {
      if (c.kind === 'create') newAddress.set(c.person, c.address);
      else if (c.kind === 'update' && c.after.address !== c.before.address) newAddress.set(c.person, c.after.address);
    }
    this.list = [...outcome.desired];
    this.list.forEach((d, a) => {
      this.number.set(d, a);
      this.byPerson.set(d.person, a);
    });
    this.end = this.list.map((d) => newAddress.get(d.person) ?? outcome.matches.get(d)?.address);
    // A claimant is a desired account; should one not be, it is numbered after them, with no end address.
    for (const d of outcome.claims.values()) {
      if (this.number.has(d)) continue;
      this.number.set(d, this.list.length);
      this.list.push(d);
      this.end.push(undefined);
    }
    this.claims = new Int32Array(outcome.accounts.length).fill(-2);
  }

  get size(): number {
    return this.list.length;
  }

  /** The number of a person's account (the last, should a person have two), or -1. */
  of(person: Person): number {
    return this.byPerson.get(person) ?? -1;
  }

  /** The number of the account claiming the read's account at `position`, or -1. */
  claimOf(position: number, account: ActualAccount): number {
    let c = this.claims[position] as number;
    if (c === -2) {
      const d = this.outcome.claims.get(account);
      c = d === undefined ? -1 : (this.number.get(d) as number);
      this.claims[position] = c;
    }
    return c;
  }
}

function changeRole(base: { group: string; set: string }, member: string, was: GroupRole, role: GroupRole, person: Person, why: string): ChangeRoleChange {
  return { kind: 'change-role', id: changeId('change-role', base.group, { member, role }), ...base, member, role, was, person, reasons: [`${why}: ${role} here, ${was} now`] };
}

/** Whom an exclusive set removes among those it does not place. */
function exclusiveRemoves(exclusive: Exclusivity, role: GroupRole): boolean {
  return exclusive === 'all' || (exclusive === 'members' && role === 'member');
}

function exclusiveReason(g: DesiredGroup): string {
  return `not placed in ${g.label} by PowerSchool, and set "${g.set}" is exclusive (${g.exclusive === 'all' ? 'everyone' : 'members'} it does not place leave)`;
}

function removalReason(g: DesiredGroup, d: DesiredAccount): string {
  if (g.ended !== null) return `${g.ended.why}: the members rollcall placed leave (endedTerms: ${g.ended.action})`;
  const departure = g.members.departure(d.person);
  if (departure !== undefined) return `${departure}: no longer in ${g.label}`;
  return d.fields.enabled ? `not in ${g.label} in PowerSchool` : `no longer in ${g.label}: ${d.reasons.enabled}`;
}
