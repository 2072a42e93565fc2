/**
 * The groups of a snapshot file as a plan reads them when the config manages groups: each group
 * as the model holds it, its members as a compact roster (accounts by their position among the
 * file's accounts, in the order they were read), and the digest of its roster line
 * (model/state-lines.ts), all worked out on the reading thread as each group's line goes past,
 * so that millions of memberships never become objects on the planning thread. A group listed
 * before the accounts it names (a file edited by hand) has those members placed at the end.
 */
import { GROUP_ROLES, type ActualGroup, type GroupMember, type GroupRole, type GroupRoster } from '../../model/group.js';
import { rosterLine } from '../../model/state-lines.js';
import { LineDigest, type LineDigestState } from '../../util/line-digest.js';
import type { SnapshotGroup } from './directory-types.js';
import { fromGoogleRole } from './group-roles.js';
import { actualGroupOf } from './roster.js';

/** What a snapshot's groups come to: its groups, and for each (same order) its roster and roster digest. */
export interface RostersRead {
  groups: ActualGroup[];
  rosters: GroupRoster[];
  digests: LineDigestState[];
}

/** A group's roster as its line is read: room for every member of the line, `count` of them accounts. */
interface Pending {
  positions: Int32Array;
  roles: Uint8Array;
  count: number;
  /** Members not (yet) found among the accounts. */
  unresolved: GroupMember[];
}

export class RosterCollector {
  private readonly position = new Map<string, number>();
  private accounts = 0;
  private readonly groups: ActualGroup[] = [];
  private readonly pending: Pending[] = [];
  private readonly digests: LineDigestState[] = [];

  /** The next account of the file, in the order accounts are handed over. */
  account(address: string): void {
    if (!this.position.has(address)) this.position.set(address, this.accounts);
    this.accounts++;
  }

  group(group: SnapshotGroup): void {
    const actual = actualGroupOf(group);
    const members: GroupMember[] = group.members.map((m) => ({ address: m.email.toLowerCase(), role: fromGoogleRole(m.role) }));
    const roster: Pending = { positions: new Int32Array(members.length), roles: new Uint8Array(members.length), count: 0, unresolved: [] };
    for (const m of members) if (!this.place(roster, m)) roster.unresolved.push(m);
    const digest = new LineDigest();
    digest.add(rosterLine(actual.address, members));
    this.groups.push(actual);
    this.pending.push(roster);
    this.digests.push(digest.state());
  }

  result(): RostersRead {
    const rosters = this.pending.map((p): GroupRoster => {
      const others: GroupMember[] = [];
      // The room left in the arrays is the unresolved members': those found now take it.
      for (const m of p.unresolved) if (!this.place(p, m)) others.push(m);
      const full = p.count === p.positions.length;
      return { positions: full ? p.positions : p.positions.slice(0, p.count), roles: full ? p.roles : p.roles.slice(0, p.count), others };
    });
    return { groups: this.groups, rosters, digests: this.digests };
  }

  /** Places a member among the accounts when it is one of them; whether it was. */
  private place(roster: Pending, member: { address: string; role: GroupRole }): boolean {
    const at = this.position.get(member.address);
    if (at === undefined) return false;
    roster.positions[roster.count] = at;
    roster.roles[roster.count] = GROUP_ROLES.indexOf(member.role);
    roster.count++;
    return true;
  }
}
