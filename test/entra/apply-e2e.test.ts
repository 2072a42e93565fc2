/**
 * plan -> apply -> plan again against the Graph emulator, on the fixture district in Microsoft
 * 365: every change made in as few calls as Graph allows, nothing left to do afterwards, nothing
 * sent by a second apply; what SDS leaves to admins done (a graduate disabled and out of the
 * school's unit and groups, a leaver out of the other groups, a returner back); passwords only in
 * the 0600 file.
 */
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { lastRunOutcomes, type CliRun } from '../apply/harness.js';
import { EntraScenario } from './harness.js';

const STUDENTS = 'students.maplewood.example.org';
const STAFF = 'maplewood.example.org';

describe('apply to Entra on the fixture district', () => {
  let s: EntraScenario;
  let planFile: string;
  let plan: Plan;
  let first: CliRun;

  beforeAll(async () => {
    s = await EntraScenario.start();
    ({ file: planFile, plan } = await s.plan());
    s.emu.resetStats();
    first = await s.apply(planFile);
  });
  afterAll(async () => s.close());

  it('applies every change and exits 0', async () => {
    expect(first.stderr).not.toMatch(/error|warning/);
    expect(first.code).toBe(0);
    expect(plan.target).toMatchObject({ kind: 'entra', identity: 'maplewood.example.org' });
    expect(plan.changes.length).toBeGreaterThan(20);
    const outcomes = lastRunOutcomes(await s.journal(planFile));
    expect(outcomes.size).toBe(plan.changes.length);
    expect(new Set(outcomes.values())).toEqual(new Set(['done']));
  });

  it('makes each change in as few calls as Graph allows: one create per new account, one assignLicense per licence given or taken, a PATCH only where properties change, memberships by $ref', () => {
    const { byRoute } = s.emu.stats();
    const creates = plan.changes.filter((c) => c.kind === 'create');
    const updates = plan.changes.filter((c) => c.kind === 'update');
    const licences = plan.changes.filter((c) => c.kind === 'assign-licence' || c.kind === 'remove-licence');
    expect(byRoute['users.create']).toBe(creates.length);
    expect(licences.filter((c) => c.kind === 'assign-licence').map((c) => c.address)).toEqual(expect.arrayContaining(creates.map((c) => c.address)));
    expect(byRoute['users.assignLicense']).toBe(licences.length);
    const patched = updates.filter((c) => c.kind === 'update' && c.patch.some((op) => op.op !== 'test' && !op.path.startsWith('/placement')));
    expect(byRoute['users.update']).toBe(patched.length);
    expect(byRoute['users.revokeSignInSessions']).toBe(updates.filter((c) => c.kind === 'update' && c.actions.includes('suspend')).length);
    const moved = (c: (typeof updates)[number]) => (c.kind === 'update' ? { add: c.after.placement.filter((p) => !c.before.placement.includes(p)).length, remove: c.before.placement.filter((p) => !c.after.placement.includes(p)).length } : { add: 0, remove: 0 });
    const adds = creates.reduce((n, c) => n + (c.kind === 'create' ? c.after.placement.length : 0), 0) + updates.reduce((n, c) => n + moved(c).add, 0);
    const removes = updates.reduce((n, c) => n + moved(c).remove, 0) + plan.changes.filter((c) => c.kind === 'remove-from-group').length;
    const count = (kind: string, which: (c: (typeof plan.changes)[number]) => boolean = () => true) => plan.changes.filter((c) => c.kind === kind && which(c)).length;
    // Managed groups: a member added by $ref (an owner to the owners too), a role by its owner link, a group made once.
    const ownerAdds = count('add-member', (c) => c.kind === 'add-member' && c.role === 'owner');
    const roleChanges = count('change-role');
    expect((byRoute['administrativeUnits.members.add'] ?? 0) + (byRoute['groups.members.add'] ?? 0)).toBe(adds + count('add-member'));
    expect((byRoute['administrativeUnits.members.remove'] ?? 0) + (byRoute['groups.members.remove'] ?? 0)).toBe(removes + count('remove-member'));
    const toOwner = count('change-role', (c) => c.kind === 'change-role' && c.role === 'owner');
    expect(byRoute['groups.owners.add'] ?? 0).toBe(ownerAdds + toOwner);
    // A member leaving a group leaves its owners too (a 404 when it was none).
    expect(byRoute['groups.owners.remove'] ?? 0).toBe(count('remove-member') + count('remove-from-group') + roleChanges - toOwner);
    expect(byRoute['groups.create']).toBe(count('create-group'));
    expect(ownerAdds).toBeGreaterThan(0);
    expect(roleChanges).toBeGreaterThan(0);
    // Reads: each account once by itself (the user, then its memberships), the containers found once by name.
    expect(byRoute['users.list'] ?? 0).toBe(0);
  });

  it('disables a graduate and takes her out of the school unit and groups (what SDS leaves to admins), keeping the rest of her account', () => {
    const ella = s.user(`20340@${STUDENTS}`);
    expect(ella.accountEnabled).toBe(false);
    expect(ella.signInSessionsValidFromDateTime).toEqual(expect.any(String));
    expect(s.containersOf(`20340@${STUDENTS}`)).toEqual(['groups/MHS Seniors']);
    expect(ella).toMatchObject({ displayName: 'Ella Nelson', employeeId: '20340', department: 'Maplewood High School' });
    expect(s.user(`20341@${STUDENTS}`).accountEnabled).toBe(false);
    expect(s.containersOf(`20341@${STUDENTS}`)).toEqual([]);
  });

  it('re-enables a returning student and puts him back in his school unit and groups', () => {
    expect(s.user(`20316@${STUDENTS}`).accountEnabled).toBe(true);
    expect(s.containersOf(`20316@${STUDENTS}`)).toEqual([
      'administrativeUnits/Maplewood High School',
      'groups/Biology 1 (MHS S1)',
      'groups/Class of 2028',
      'groups/MHS Grade 11',
      'groups/Maplewood High School Students',
      'groups/Physical Education, Grades 9-12 1 (MHS 26-27)',
    ]);
  });

  it('takes a staff leaver out of every managed container and of the other mail-enabled groups; frozen and temporarily reactivated staff stay', () => {
    expect(s.user(`dkim@${STAFF}`).accountEnabled).toBe(false);
    expect(s.containersOf(`dkim@${STAFF}`)).toEqual([]);
    expect(s.containersOf(`kbrown@${STAFF}`)).toEqual(['administrativeUnits/Maplewood High School', 'groups/District Administrators', 'groups/Everyone at Maplewood', 'groups/MHS Teachers', 'groups/Maplewood High School Staff']);
    expect(s.user(`tmiller@${STAFF}`).accountEnabled).toBe(true);
    expect(s.containersOf(`tmiller@${STAFF}`)).toContain('groups/Temporary Reactivation');
  });

  it('creates accounts with their properties, units, groups and licence, and a password kept only in the 0600 CSV', async () => {
    const lucas = s.user(`20312@${STUDENTS}`);
    expect(lucas).toMatchObject({ accountEnabled: true, displayName: 'Lucas Harris', mailNickname: '20312', employeeId: '20312', usageLocation: 'US' });
    expect(lucas.assignedLicenses).toEqual([{ skuId: '314c4481-f395-4525-be8b-2ec4bb1e9d91', disabledPlans: [] }]);
    // Its class groups too: the sections it is enrolled in, its graduating class (a group made by the same apply).
    expect(s.containersOf(`20312@${STUDENTS}`)).toEqual([
      'administrativeUnits/Maplewood High School',
      'groups/Algebra 1 3 (MHS 26-27)',
      'groups/Class of 2030',
      'groups/English 9 1 (MHS 26-27)',
      'groups/MHS Grade 9',
      'groups/Maplewood High School Students',
    ]);
    const passwords = `${planFile}.passwords.csv`;
    expect((await stat(passwords)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(passwords, 'utf8')).trim().split('\n').slice(1);
    expect(lines).toHaveLength(plan.summary.create);
    const journal = await readFile(`${planFile}.journal.jsonl`, 'utf8');
    for (const line of lines) {
      const password = line.slice(line.indexOf(',') + 1);
      expect(journal).not.toContain(password);
      expect(first.stderr).not.toContain(password);
    }
  });

  it('leaves nothing to do: a new plan, from a snapshot or from Graph itself, is empty', async () => {
    expect((await s.plan()).plan.changes).toEqual([]);
    expect((await s.plan(true)).plan.changes).toEqual([]);
  });

  it('sends no mutation when the same plan is applied a second time', async () => {
    s.emu.resetStats();
    const second = await s.apply(planFile);
    expect(second.code).toBe(0);
    expect(s.emu.stats().mutations).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`0 done, ${plan.changes.length} already done`));
  });
});

describe('apply to Entra reading accounts from the listing', () => {
  it('checks each change against the page of the listing (userPrincipalName order, members of the managed containers) and converges', async () => {
    const s = await EntraScenario.start();
    try {
      const { file, plan } = await s.plan();
      s.emu.resetStats();
      const run = await s.apply(file, ['--read', 'list']);
      expect(run.stderr).not.toMatch(/error|warning/);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/reading accounts page by page from the listing/);
      const { byRoute } = s.emu.stats();
      expect(byRoute['users.list']).toBeGreaterThanOrEqual(1);
      // Accounts come from the listing; a group removal still reads that one membership, a licence
      // change that one account's licences, and a managed group's change reads its membership too,
      // finding each member by address once.
      const licenceChanges = plan.changes.filter((c) => c.kind === 'assign-licence' || c.kind === 'remove-licence');
      const groupChanges = plan.changes.filter((c) => c.kind === 'add-member' || c.kind === 'remove-member' || c.kind === 'change-role');
      const members = new Set(groupChanges.map((c) => (c.kind === 'add-member' || c.kind === 'remove-member' || c.kind === 'change-role' ? c.member : '')));
      expect(byRoute['users.get'] ?? 0).toBe(licenceChanges.length + members.size);
      expect(byRoute['users.memberOf'] ?? 0).toBe(plan.changes.filter((c) => c.kind === 'remove-from-group').length + groupChanges.length);
      expect(new Set(lastRunOutcomes(await s.journal(file)).values())).toEqual(new Set(['done']));
      expect(plan.changes.length).toBeGreaterThan(20);
      expect((await s.plan()).plan.changes).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
