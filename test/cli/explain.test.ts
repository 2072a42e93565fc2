/**
 * `rollcall explain`: one person's part in tonight's plan, from the fixture district's
 * situations: a promotion, a frozen OU, a temporary reactivation, a graduate past grace, the skip
 * list, a duplicate record, an address taken by an unmanaged account, scope, and Google read live.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Explanation } from '../../src/explain/explain-person.js';
import { startEmulator, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { readSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { FIXTURE_ARGS, FIXTURES } from './run-cli.js';

const DOMAIN = 'maplewood.example.org';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, exitCode: 0 });
  return { code, stdout, stderr };
}

async function explain(...query: string[]): Promise<Explanation> {
  const r = await cli(['explain', ...FIXTURE_ARGS, ...query, '--format', 'json', '--quiet']);
  expect(r.stderr.replace(/^.*rollcall: (error|warning): (students|users)\.csv row \d+: [A-Z_]+.*\n/gm, '')).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Explanation;
}

describe('rollcall explain', () => {
  it('a promoted student: the row, the rules, the account matched by its address, and the move', async () => {
    const e = await explain('--address', `20304@${DOMAIN}`);
    expect(e.query).toEqual({ by: 'address', value: `20304@${DOMAIN}` });
    expect(e.records).toHaveLength(1);
    const [r] = e.records;
    expect(r!.record).toMatchObject({ file: 'students.csv', row: 6, columns: { STUDENT_NUMBER: '20304', GRADE_LEVEL: 3, SCHOOLID: 102, ENROLL_STATUS: 0 } });
    expect(r!.rules).toEqual([
      'school Oak Ridge Elementary (102): in scope',
      'org unit /Students/ORE Students/3rd: enroll_status 0 (active), grade 3 at Oak Ridge Elementary (102)',
      'active: enroll_status 0 (active) at Oak Ridge Elementary (102)',
    ]);
    expect(r!.match).toEqual({ rule: 'students.match', key: 'primaryEmail', value: `20304@${DOMAIN}`, accounts: [`20304@${DOMAIN}`] });
    expect(r!.account).toMatchObject({ address: `20304@${DOMAIN}`, placement: ['/Students/ORE Students/2nd'], enabled: true });
    expect(r!.changes.map((c) => (c.kind === 'update' ? c.actions : c.kind))).toEqual([['move']]);
    expect(r!.outcome).toBe(`changes 20304@${DOMAIN}: move`);
  });

  it('the same question by student number and by DCID gives the same answer', async () => {
    const byAddress = await explain('--address', `20304@${DOMAIN}`);
    const byNumber = await explain('--student-number', '20304');
    const byDcid = await explain('--dcid', '40004');
    expect(byNumber.records).toEqual(byAddress.records);
    expect(byDcid.records).toEqual(byAddress.records);
  });

  it('an account in a frozen OU is not moved, and says which pattern froze it; its class group still follows PowerSchool', async () => {
    const [r] = (await explain('--student-number', '20313')).records;
    expect(r!.rules).toContain('frozen OU: /Students/MHS Students/Restricted matches **/Restricted, so the account is not moved');
    expect(r!.changes).toEqual([expect.objectContaining({ kind: 'add-member', group: `mhs-alg1-3-26-27@${DOMAIN}`, member: `20313@${DOMAIN}`, reasons: ['enrolled in ALG1-3 since 2026-08-19'] })]);
    expect(r!.outcome).toBe(`changes 20313@${DOMAIN}: add to mhs-alg1-3-26-27@${DOMAIN} as member`);
  });

  it('inactive staff in a temporary-reactivation OU stay active', async () => {
    const [r] = (await explain('--address', `tmiller@${DOMAIN}`)).records;
    expect(r!.desired).toMatchObject({ enabled: false });
    expect(r!.rules).toContain('temporary reactivation: /Temporary Reactivation matches /Temporary Reactivation, so the account stays active and in place');
    expect(r!.changes).toEqual([]);
  });

  it('a graduate past summer grace: suspended and moved, with the grace rule named', async () => {
    const [r] = (await explain('--student-number', '20340')).records;
    expect(r!.rules).toContain('suspended: enroll_status 3 (graduated), class of 2026: grace ended 09-01');
    expect(r!.outcome).toBe(`changes 20340@${DOMAIN}: suspend, move`);
  });

  it('staff are matched by the DCID attribute; a suspension also removes them from their groups', async () => {
    const [r] = (await explain('--dcid', '5004')).records;
    expect(r!.population).toBe('staff');
    expect(r!.assignments).toEqual([{ file: 'schoolstaff.csv', row: 6, columns: { USERS_DCID: '5004', SCHOOLID: 102, STATUS: 0, STAFFSTATUS: 1 } }]);
    expect(r!.match).toMatchObject({ rule: 'staff.match', key: 'customSchemas.Synchronization_Data.DCID', value: '5004', accounts: [`dkim@${DOMAIN}`] });
    expect(r!.changes.map((c) => c.kind)).toEqual(['update', 'remove-from-group', 'remove-from-group', 'remove-from-group']);
  });

  it('a skip-listed name is skipped, and nothing is done', async () => {
    const [r] = (await explain('--student-number', '20350')).records;
    expect(r!.rules).toContain('skipped: name "Test" is on skipNames');
    expect(r!.match).toBeNull();
    expect(r!.outcome).toMatch(/^nothing: the record is skipped/);
  });

  it('two records with one address: the active one is used, the other is a duplicate left out', async () => {
    const e = await explain('--address', `jsmith@${DOMAIN}`);
    expect(e.records.map((r) => `${r.record.file}:${r.record.row}`)).toEqual(['users.csv:2', 'users.csv:17']);
    expect(e.records[0]!.outcome).toBe(`nothing: jsmith@${DOMAIN} already matches PowerSchool`);
    expect(e.records[1]!.rules.at(-1)).toMatch(/^duplicate: DUPLICATE_EMAIL: users\.csv row 17: same address/);
    expect(e.records[1]!.issues.map((i) => i.code)).toEqual(['DUPLICATE_EMAIL']);
  });

  it('an address taken by an account without the DCID: the issue, and the account left alone as unmanaged', async () => {
    const e = await explain('--address', `cward@${DOMAIN}`);
    expect(e.records[0]!.match?.accounts).toEqual([]);
    expect(e.records[0]!.issues.map((i) => i.code)).toEqual(['ADDRESS_IN_USE']);
    expect(e.unmanaged).toEqual([expect.objectContaining({ address: `cward@${DOMAIN}` })]);
  });

  it('an account no record claims is unmanaged; an address nobody holds is said to be unknown', async () => {
    const admin = await explain('--address', `ADMIN@${DOMAIN}`);
    expect(admin.records).toEqual([]);
    expect(admin.unmanaged).toEqual([expect.objectContaining({ address: `admin@${DOMAIN}`, placement: ['/'] })]);
    const text = await cli(['explain', ...FIXTURE_ARGS, '--address', `nobody@${DOMAIN}`, '--quiet']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`No PowerSchool record has address nobody@${DOMAIN}, and no Google account holds that address.`);
  });

  it('a school outside scope.schools: out of scope, nothing done', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-explain-'));
    const config = JSON.parse(await readFile(path.join(FIXTURES, 'district.config.json'), 'utf8')) as Record<string, unknown>;
    const scoped = path.join(dir, 'scoped.json');
    await writeFile(scoped, JSON.stringify({ ...config, $schema: undefined, scope: { schools: [101] } }));
    const r = await cli(['explain', '--config', scoped, ...FIXTURE_ARGS.slice(2), '--student-number', '20304', '--format', 'json', '--quiet']);
    const [record] = (JSON.parse(r.stdout) as Explanation).records;
    expect(record!.rules).toEqual(['school Oak Ridge Elementary (102): outside scope.schools ([101])', 'out of scope: no school of this record is in scope.schools']);
    expect(record!.outcome).toMatch(/^nothing: the record is out of scope/);
  });

  it('text output names the row, the rules, the account and each change with its reasons', async () => {
    const r = await cli(['explain', ...FIXTURE_ARGS, '--dcid', '5004', '--quiet']);
    expect(r.stdout).toContain('users.csv row 5: staff David Kim');
    expect(r.stdout).toContain('  Google: staff.match looks for customSchemas.Synchronization_Data.DCID = 5004: dkim@maplewood.example.org');
    expect(r.stdout).toContain('    orgUnitPath: /Staff/Oak Ridge Elementary Staff -> /Suspended Staff');
    expect(r.stdout).toContain('    group ore-teachers@maplewood.example.org: member -> (none)');
    expect(r.stdout).toContain('      # no active SCHOOLSTAFF row (of 1)');
  });
});

describe('rollcall explain reading Google live', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl')) });
  });
  afterAll(() => emu.close());

  it('gives the answer the snapshot gives, changing nothing', async () => {
    const live = await cli(['explain', ...FIXTURE_ARGS.slice(0, 4), '--today', '2026-11-23', '--dcid', '5004', '--format', 'json', '--quiet'], { ROLLCALL_GOOGLE_ROOT_URL: emu.url });
    expect(live.code).toBe(0);
    expect((JSON.parse(live.stdout) as Explanation).records).toEqual((await explain('--dcid', '5004')).records);
    expect(emu.stats().requests).toBeGreaterThan(0);
    expect(emu.stats().mutations).toBe(0);
  });
});
