/**
 * Reading Entra live, in bulk, through the target's own client to the Graph emulator: the calls
 * stay within ceil(users / 999) + one per page of a managed container's members (+ the two
 * listings of units and groups, + one memberOf per account a plan asks memberships of, + the
 * owners of each mail-enabled group found, for the membership's role); the
 * same tenant read live or from its snapshot file gives the same accounts and the same digest.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { desiredAccounts } from '../../src/engine/desired-for-target.js';
import { policiesOf } from '../../src/engine/make-plan.js';
import { directoryDigest } from '../../src/engine/digests.js';
import { EventLog } from '../../src/model/events.js';
import type { GroupRoster } from '../../src/model/group.js';
import { rosterLine, rosterMembers } from '../../src/model/state-lines.js';
import { ActualIndex } from '../../src/plan/actual-index.js';
import { membershipCandidates } from '../../src/plan/membership-candidates.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import type { EntraState, GraphUser } from '../../src/targets/entra/graph-types.js';
import { writeEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import { createTarget } from '../../src/targets/factory.js';
import { SOURCE_DIR, TODAY } from '../apply/harness.js';
import { ENTRA_CONFIG, fixtureEntra } from './harness.js';

/** The fixture tenant and 2,100 more users, all in one managed group (whose members then take three pages). */
async function largeTenant(): Promise<EntraState> {
  const tenant = await fixtureEntra();
  const extra = Array.from({ length: 2100 }, (_, i): GraphUser => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    userPrincipalName: `alumnus${i}@students.maplewood.example.org`,
    accountEnabled: true,
    displayName: `Alumnus ${i}`,
    mailNickname: `alumnus${i}`,
  }));
  const grade12 = tenant.groups.find((g) => g.displayName === 'MHS Grade 12')!;
  grade12.members.push(...extra.map((u) => u.id));
  tenant.users.push(...extra);
  return tenant;
}

/** The fixture's managed class groups (config groups): not containers, their members read only when a plan manages groups. */
const isClassGroup = (name: string) => /\((CMS|MES|MHS|ORE) (26-27|S1)\)$|^Class of \d{4}$/.test(name);

describe('the Entra bulk read', () => {
  it('reads users 999 at a time and the managed containers page by page, never one call per person, and digests as the snapshot does', async () => {
    const tenant = await largeTenant();
    const emu = await startEntraEmulator({ seed: tenant });
    try {
      const config = await loadConfig(ENTRA_CONFIG);
      const target = createTarget(config, 'entra', { env: { ROLLCALL_ENTRA_ROOT_URL: emu.url }, baseDir: config.baseDir, events: new EventLog(), showProgress: false });
      const desired = desiredAccounts(await new FilesSource(SOURCE_DIR).read(), config.config, target, TODAY);

      const live = target.openReader();
      const state = await live.read();
      const candidates = membershipCandidates(desired.accounts, new ActualIndex(state.accounts), policiesOf(target));
      const memberships = await live.readMemberships(candidates);

      const users = tenant.users.length;
      const { byRoute, requests } = emu.stats();
      const managedPages = tenant.administrativeUnits.length + tenant.groups.filter((g) => !/^(Everyone at Maplewood|Oak Ridge Teachers|MHS Teachers|Cedar Teachers|MHS Seniors|IT Department)$/.test(g.displayName) && !isClassGroup(g.displayName)).length + 2;
      expect(byRoute['users.list']).toBe(Math.ceil(users / 999));
      expect(byRoute['administrativeUnits.list']).toBe(1);
      expect(byRoute['groups.list']).toBe(1);
      expect((byRoute['administrativeUnits.members.list'] ?? 0) + (byRoute['groups.members.list'] ?? 0)).toBe(managedPages);
      expect(byRoute['users.memberOf']).toBe(candidates.length);
      // A membership's role: the owners of each mail-enabled group found, read once.
      const ownersRead = new Set(memberships.map((m) => m.group)).size;
      expect(byRoute['groups.owners.list']).toBe(ownersRead);
      expect(byRoute['users.get'] ?? 0).toBe(0);
      expect(requests).toBe(Math.ceil(users / 999) + 2 + managedPages + candidates.length + ownersRead);
      expect(candidates.length).toBeLessThan(10);

      const file = path.join(await mkdtemp(path.join(tmpdir(), 'rollcall-entra-read-')), 'tenant.jsonl');
      await writeEntraSnapshotFile(file, tenant);
      const offline = target.openReader({ snapshotFile: file });
      const fromFile = await offline.read();
      const byAddress = (accounts: typeof state.accounts) => [...accounts].sort((a, b) => (a.address < b.address ? -1 : 1));
      expect(byAddress(state.accounts)).toEqual(byAddress(fromFile.accounts));
      expect(state.containers).toEqual(fromFile.containers);
      const fileMemberships = await offline.readMemberships(candidates);
      expect(memberships).toEqual(fileMemberships);
      expect(memberships.map((m) => `${m.member} ${m.group}`)).toEqual([
        'bmoore@maplewood.example.org all-staff@maplewood.example.org',
        'dkim@maplewood.example.org all-staff@maplewood.example.org',
        'dkim@maplewood.example.org ore-teachers@maplewood.example.org',
        'tmiller@maplewood.example.org all-staff@maplewood.example.org',
        'tmiller@maplewood.example.org cms-teachers@maplewood.example.org',
      ]);
      expect(directoryDigest(state, memberships, live)).toBe(directoryDigest(fromFile, fileMemberships, offline));

      // Asked about more accounts than there are mail-enabled groups, it reads those groups' members instead.
      const staff = state.accounts.filter((a) => a.address.endsWith('@maplewood.example.org')).map((a) => a.address);
      const mailGroups = tenant.groups.filter((g) => g.mail !== undefined).length;
      expect(staff.length).toBeGreaterThan(mailGroups);
      emu.resetStats();
      const many = await live.readMemberships(staff);
      // Their owners too, but for the groups whose owners were read already.
      expect(emu.stats().byRoute).toEqual({ 'groups.members.list': mailGroups, 'groups.owners.list': mailGroups - ownersRead });
      expect(many).toEqual(await offline.readMemberships(staff));
      expect(many.length).toBeGreaterThan(memberships.length);
    } finally {
      await emu.close();
    }
  });

  it('reads the managed groups in bulk: every group with the one listing, then the members and owners of the managed ones only, 999 a page, as the snapshot file has them', async () => {
    const tenant = await largeTenant();
    // A class of 1,500 (two pages of members), and its teachers as owners.
    const bio = tenant.groups.find((g) => g.mailNickname === 'mhs-bio-1-s1')!;
    const alumni = tenant.users.filter((u) => u.userPrincipalName.startsWith('alumnus')).slice(0, 1500);
    bio.members.push(...alumni.map((u) => u.id));
    const emu = await startEntraEmulator({ seed: tenant });
    try {
      const config = await loadConfig(ENTRA_CONFIG);
      const target = createTarget(config, 'entra', { env: { ROLLCALL_ENTRA_ROOT_URL: emu.url }, baseDir: config.baseDir, events: new EventLog(), showProgress: false });
      const live = target.openReader();
      const state = await live.read();
      const before = emu.stats().byRoute;
      const groups = await live.readGroups!();
      const managed = groups.map((g) => g.address).filter((a) => /-(26-27|s1)@|^class-of-/.test(a));
      const rosters = await live.readRosters!(managed);
      const after = emu.stats().byRoute;
      const delta = (route: string) => (after[route] ?? 0) - (before[route] ?? 0);
      // Budget: ceil(groups / 999) (the listing read made already) + per managed group ceil(members / 999) + ceil(owners / 999).
      expect(delta('groups.list')).toBe(0);
      expect(after['groups.list']).toBe(Math.ceil(tenant.groups.length / 999));
      expect(delta('groups.members.list')).toBe(managed.length + 1);
      expect(delta('groups.owners.list')).toBe(managed.length);
      expect(delta('users.get') + delta('users.memberOf')).toBe(0);
      expect(rosters.get('mhs-bio-1-s1@maplewood.example.org')!.positions.length).toBe(bio.members.length);

      const file = path.join(await mkdtemp(path.join(tmpdir(), 'rollcall-entra-groups-')), 'tenant.jsonl');
      await writeEntraSnapshotFile(file, tenant);
      const offline = target.openReader({ snapshotFile: file });
      const fromFile = await offline.read();
      expect(await offline.readGroups!()).toEqual(groups);
      const lines = (r: ReadonlyMap<string, GroupRoster>, accounts: typeof state.accounts) => [...r].map(([a, roster]) => rosterLine(a, rosterMembers(roster, accounts)));
      expect(lines(await offline.readRosters!(managed), fromFile.accounts)).toEqual(lines(rosters, state.accounts));
      expect(lines(rosters, state.accounts).find((l) => l.includes('mhs-alg1-3'))).toContain('["rjones@maplewood.example.org","member"]');
    } finally {
      await emu.close();
    }
  });

  it('stops on two managed containers sharing a name, naming them, rather than guess which one an account belongs in', async () => {
    const tenant = await fixtureEntra();
    const twin = { ...tenant.groups.find((g) => g.displayName === 'MHS Grade 9')!, id: '11111111-2222-4333-8444-555555555555', mailNickname: 'mhs-grade-9-b', members: [] };
    tenant.groups.push(twin);
    const emu = await startEntraEmulator({ seed: tenant });
    try {
      const config = await loadConfig(ENTRA_CONFIG);
      const target = createTarget(config, 'entra', { env: { ROLLCALL_ENTRA_ROOT_URL: emu.url }, baseDir: config.baseDir, events: new EventLog(), showProgress: false });
      await expect(target.openReader().read()).rejects.toThrow('a managed container name is shared by more than one unit or group in Entra: groups/MHS Grade 9; rename all but one');
    } finally {
      await emu.close();
    }
  });
});
