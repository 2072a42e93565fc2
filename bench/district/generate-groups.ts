/**
 * The Google side of the synthetic district's managed groups, written only when asked (generate
 * --groups): every group the bench config's group sets ask for (the current terms' class
 * sections, building students and staff, class-of), with its members as last night's sync left
 * them, appended to the snapshot file. The groups and their members come from rollcall's own
 * rules and Google mapping applied to tonight's export (as the accounts come from yesterday's
 * rows), so every membership nobody touched is in step; what differs is planted here and
 * counted, each kind a known number of group changes:
 *
 * - members whose account is made or renamed tonight are not in their groups yet (adds);
 * - tonight's leavers and transfers are still in their building's (and class-of) group, and a
 *   transfer not yet in the new one (removals, adds);
 * - a few members are missing (adds), a few students sit in a class that is not theirs
 *   (removals), a few teachers are members rather than owners (raised);
 * - a few class groups do not exist yet (created, with their members);
 * - members rollcall leaves alone: outside addresses, unmanaged accounts, a student made a
 *   manager by hand, a manager added to a staff group; and an unmanaged account as a plain member
 *   of a building staff group, which that set (exclusive: members) removes;
 * - groups no set asks for: clubs and last year's classes, never touched.
 *
 * It reads the whole export back, as a plan does, so it needs about a plan's memory.
 */
import { loadConfig } from '../../src/config/load.js';
import { desiredAccounts } from '../../src/engine/desired-for-target.js';
import type { GroupRole } from '../../src/model/group.js';
import type { EventSink } from '../../src/model/events.js';
import type { DesiredAccount } from '../../src/model/account.js';
import type { Person } from '../../src/model/person.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { tableSelection } from '../../src/cli/make-source.js';
import { createTarget } from '../../src/targets/factory.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import type { DirectoryMember } from '../../src/targets/google/directory-types.js';
import { toGoogleRole } from '../../src/targets/google/group-roles.js';
import { BENCH_DOMAIN, BENCH_TODAY } from './config.js';
import type { LineWriter } from './line-writer.js';
import { Random } from './random.js';

/** A student who was in a building's group last night and leaves it tonight (left school, or moved to another). */
export interface BuildingMove {
  /** Last night's account address. */
  address: string;
  /** Last night's building abbreviation. */
  from: string;
  /** Last night's class-of group, for a high-school student. */
  classOf: number | null;
  /** Tonight's building abbreviation; null: left (or graduated). */
  to: string | null;
}

/** The group changes planted in last night's groups, each kind a number the plan should show. */
export type GroupTonightKind =
  | 'groupsCreated'
  | 'addsToNewGroups'
  | 'addsForNewAddresses'
  | 'missingMembers'
  | 'transfersIn'
  | 'buildingLeavers'
  | 'strayStudents'
  | 'teachersRaised'
  | 'exclusiveRemovals';

export interface GroupManifest {
  /** Groups the sets ask for, and of them written (the rest are created tonight). */
  managedGroups: number;
  writtenGroups: number;
  /** Memberships written into managed groups. */
  memberships: number;
  unmanagedGroups: number;
  tonight: Record<GroupTonightKind, number>;
}

const MISSING_GROUP = 0.01;
const MISSING_MEMBER = 0.004;
const STRAY_PER_GROUP = 0.05;
const TEACHER_AS_MEMBER = 0.05;
const OUTSIDE_PER_GROUP = 0.1;
const STUDENT_MANAGER = 0.001;

export async function writeGoogleGroups(options: {
  dir: string;
  configFile: string;
  seed: number;
  /** Last night's accounts, by address (lower case). */
  accounts: ReadonlySet<string>;
  moves: readonly BuildingMove[];
  unmanagedAccounts: readonly string[];
  google: LineWriter;
}): Promise<GroupManifest> {
  const rng = new Random((options.seed ^ 0x6a0b_5e75) >>> 0);
  const loaded = await loadConfig(options.configFile);
  const silent: EventSink = { emit: () => undefined };
  const target = createTarget(loaded, 'google', { env: {}, baseDir: loaded.baseDir, events: silent, showProgress: false });
  const rows = await new FilesSource(`${options.dir}/powerschool`, tableSelection(loaded.config, BENCH_TODAY)).read();
  const desired = desiredAccounts(rows, loaded.config, target, BENCH_TODAY);
  if (desired.groups === undefined || target.desiredGroups === undefined) throw new Error('the bench config has no group sets');
  const mapped = target.desiredGroups(desired.groups);
  if (mapped.issues.length > 0) throw new Error(`the bench's groups have issues: ${mapped.issues[0]?.message}`);
  const accountOf = new Map<Person, DesiredAccount>(desired.accounts.map((a) => [a.person, a]));
  const sectionSets = new Set((loaded.config.groups?.sets ?? []).filter((s) => s.kind === 'section').map((s) => s.name));
  const tonight = Object.fromEntries(
    (['groupsCreated', 'addsToNewGroups', 'addsForNewAddresses', 'missingMembers', 'transfersIn', 'buildingLeavers', 'strayStudents', 'teachersRaised', 'exclusiveRemovals'] as const).map((k) => [k, 0]),
  ) as Record<GroupTonightKind, number>;
  const manifest: GroupManifest = { managedGroups: mapped.groups.length, writtenGroups: 0, memberships: 0, unmanagedGroups: 0, tonight };

  // Last night's building and class-of groups still hold tonight's leavers and transfers; the new building lacks a transfer.
  const arriving = new Set<string>();
  const departing = new Map<string, string[]>();
  const leave = (handle: string, address: string) => departing.set(handle, [...(departing.get(handle) ?? []), address]);
  for (const m of options.moves) {
    leave(`${m.from.toLowerCase()}-students`, m.address);
    if (m.to === null && m.classOf !== null) leave(`class-of-${m.classOf}`, m.address);
    if (m.to !== null) arriving.add(`${m.to.toLowerCase()}-students\n${m.address}`);
  }
  // Students in class groups, to place one in a class that is not theirs.
  const classStudents: string[] = [];

  const out = (line: object) => options.google.write(canonicalJson(line) + '\n');
  const member = (email: string, role: GroupRole): DirectoryMember => ({ kind: 'admin#directory#member', email, role: toGoogleRole(role), type: 'USER', status: 'ACTIVE' });
  for (const { desired: g, fields } of mapped.groups) {
    if (g.ended !== null) continue;
    const section = sectionSets.has(g.set);
    const members: DirectoryMember[] = [];
    /** Everyone the group has last night, and everyone the rules place in it tonight. */
    const placed = new Set<string>();
    const wanted = new Set<string>();
    for (let i = 0; i < g.members.size; i++) {
      const account = accountOf.get(g.members.person(i));
      if (account !== undefined) wanted.add(account.fields.address.toLowerCase());
    }
    if (section && rng.chance(MISSING_GROUP)) {
      tonight.groupsCreated++;
      tonight.addsToNewGroups += wanted.size;
      continue;
    }
    for (let i = 0; i < g.members.size; i++) {
      const account = accountOf.get(g.members.person(i));
      if (account === undefined) continue;
      const address = account.fields.address.toLowerCase();
      let role = g.members.role(i);
      if (!options.accounts.has(address)) {
        tonight.addsForNewAddresses++;
        continue;
      }
      if (arriving.has(`${g.handle}\n${address}`)) {
        tonight.transfersIn++;
        continue;
      }
      if (rng.chance(MISSING_MEMBER)) {
        tonight.missingMembers++;
        continue;
      }
      if (role === 'owner' && rng.chance(TEACHER_AS_MEMBER)) {
        role = 'member';
        tonight.teachersRaised++;
      } else if (role === 'member' && g.exclusive !== 'all' && rng.chance(STUDENT_MANAGER)) {
        role = 'manager';
      }
      placed.add(address);
      members.push(member(address, role));
      if (section && g.members.role(i) === 'member') classStudents.push(address);
    }
    for (const address of departing.get(g.handle) ?? []) {
      if (placed.has(address) || wanted.has(address)) continue;
      placed.add(address);
      members.push(member(address, 'member'));
      tonight.buildingLeavers++;
    }
    if (section && classStudents.length > 0 && rng.chance(STRAY_PER_GROUP)) {
      const stray = rng.pick(classStudents);
      if (!placed.has(stray) && !wanted.has(stray)) {
        placed.add(stray);
        members.push(member(stray, 'member'));
        tonight.strayStudents++;
      }
    }
    if (rng.chance(OUTSIDE_PER_GROUP)) {
      // A parent or a partner outside the domain: left alone, and a manager even where the set is exclusive.
      members.push(member(`guest${rng.digits(6)}@example.net`, g.exclusive === 'none' ? 'member' : 'manager'));
    }
    if (g.exclusive === 'members' && options.unmanagedAccounts.length > 0 && rng.chance(0.2)) {
      // A service account someone put in a staff group: that set removes members it does not place.
      const svc = rng.pick(options.unmanagedAccounts);
      if (!placed.has(svc)) {
        placed.add(svc);
        members.push(member(svc, 'member'));
        tonight.exclusiveRemovals++;
      }
    }
    manifest.writtenGroups++;
    manifest.memberships += members.length;
    await out({ kind: 'admin#directory#group', email: fields.address, name: fields.name, description: fields.description, members });
  }

  // Groups no set asks for: clubs, and last year's classes (a term long over): never read member by member, never touched.
  const unmanaged = Math.max(5, Math.round(mapped.groups.length * 0.05));
  for (let k = 0; k < unmanaged; k++) {
    const email = k % 2 === 0 ? `club-${k}@${BENCH_DOMAIN}` : `old-class-${k}-25-26@${BENCH_DOMAIN}`;
    const members = Array.from({ length: 3 + rng.int(20) }, () => member(classStudents.length > 0 ? rng.pick(classStudents) : `guest${rng.digits(6)}@example.net`, 'member'));
    const unique = [...new Map(members.map((m) => [m.email, m])).values()];
    await out({ kind: 'admin#directory#group', email, name: email.split('@')[0], members: unique });
    manifest.unmanagedGroups++;
  }
  return manifest;
}
