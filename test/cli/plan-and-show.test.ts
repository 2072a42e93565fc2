import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import planSchema from '../../src/plan/plan.schema.json' with { type: 'json' };
import { runCli } from '../../src/cli/run.js';
import { FIXTURE_ARGS, FIXTURES, rollcall } from './run-cli.js';

const ANSI = /\u001b\[/;
let dir: string;
let planFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-cli-'));
  planFile = path.join(dir, 'plan.json');
  const r = rollcall(['plan', ...FIXTURE_ARGS, '--out', planFile, '--detailed-exitcode']);
  expect(r.stderr).not.toMatch(/rollcall: (error \[|internal error)/);
  expect(r.code).toBe(2);
});

describe('rollcall plan on the fixture district', () => {
  it('writes a plan that validates against the plan schema', async () => {
    const plan = JSON.parse(await readFile(planFile, 'utf8'));
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(planSchema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(plan)).toBe(true);
    expect(plan.today).toBe('2026-11-23');
    expect(plan.summary).toMatchObject({ create: 4, removeFromGroup: 4, groups: { create: 2, addMember: 17, removeMember: 3, changeRole: 1, delete: 0 } });
  });

  it('gives byte-identical plans on two runs', async () => {
    const second = path.join(dir, 'again.json');
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', second]).code).toBe(0);
    expect(await readFile(second, 'utf8')).toBe(await readFile(planFile, 'utf8'));
  });

  it('covers the situations of the fixture district', async () => {
    const plan = JSON.parse(await readFile(planFile, 'utf8'));
    const byAddress = new Map<string, { kind: string; actions?: string[]; reasons: string[] }>(plan.changes.filter((c: { kind: string }) => c.kind === 'create' || c.kind === 'update').map((c: { address: string }) => [c.address, c]));
    const at = (local: string) => byAddress.get(`${local}@maplewood.example.org`);
    expect(at('20312')?.kind).toBe('create'); // new enrolment
    expect(at('20304')?.actions).toEqual(['move']); // promotion
    expect(at('20340')?.reasons).toContain('enroll_status 3 (graduated), class of 2026: grace ended 09-01');
    expect(at('20316')?.actions).toContain('unsuspend'); // returning student
    expect(at('20309')?.actions).toEqual(['rename', 'update-attributes']); // both names in one change
    expect(at('20313')).toBeUndefined(); // frozen OU
    expect(at('tmiller')).toBeUndefined(); // temporary reactivation
    expect(at('dkim')?.actions).toEqual(['suspend', 'move']);
    expect(at('lchen')?.actions).toEqual(['move']); // substitute building
    // D118 fidelity: PowerSchool's capitals are title-cased, and a case-only difference is never a rename.
    expect(at('20319')).toMatchObject({ kind: 'create', after: { name: { given: 'Evelyn', family: 'King' } } }); // EVELYN KING
    for (const inCapitals of ['20301', '20302', '20305', '20326', '20327', 'ahill']) expect(at(inCapitals)).toBeUndefined();
    expect(at('20308')).toMatchObject({ actions: ['rename'], after: { name: { given: 'Isabella', family: 'Moore' } } }); // ISABELLA MOORE
    expect(at('rjones')?.actions).toEqual(['update-attributes']); // ROBERT JONES: no rename
    expect(at('mobrien')).toMatchObject({
      actions: ['move', 'update-attributes'],
      after: { placement: ['/Staff/Administrative Service Center Staff'], attributes: { 'customSchemas.CrisisGO.Building': 'Administrative Service Center' } },
    });
    expect(at('20310')).toMatchObject({ actions: ['move'], after: { placement: ['/Students/MES Students'] } }); // pre-registered
    expect(at('20354')).toMatchObject({ kind: 'create', after: { placement: ['/Students/MHS Students'] } }); // grade 13
    expect(at('dkim')).toMatchObject({ after: { attributes: { 'customSchemas.Synchronization_Data.School_Access_List': '102' } } }); // a leaver keeps it
    expect(plan.changes.filter((c: { kind: string; address: string }) => c.kind === 'remove-from-group').map((c: { address: string; group: string }) => `${c.address} ${c.group}`).sort()).toEqual([
      'bmoore@maplewood.example.org all-staff@maplewood.example.org',
      'dkim@maplewood.example.org all-staff@maplewood.example.org',
      'dkim@maplewood.example.org ore-ehr-1-26-27@maplewood.example.org',
      'dkim@maplewood.example.org ore-teachers@maplewood.example.org',
    ]);
    expect(plan.issues.map((i: { code: string; file: string; row: number }) => `${i.code} ${i.file}:${i.row}`)).toEqual([
      'ROW_BAD_DATE cc.csv:51',
      'ROW_MISSING_VALUE students.csv:31',
      'UNKNOWN_SCHOOL students.csv:32',
      'INVALID_NAME students.csv:33',
      'UNKNOWN_GRADE students.csv:42',
      'ADDRESS_IN_USE users.csv:15',
      'DUPLICATE_EMAIL users.csv:17',
      'EMAIL_OUTSIDE_DOMAIN users.csv:19',
    ]);
    expect(plan.summary.accounts).toMatchObject({ unmanaged: 6, frozen: 3 });
    expect(await readFile(planFile, 'utf8')).not.toMatch(/password/i);
  });

  it('covers the group situations of the fixture district', async () => {
    const plan = JSON.parse(await readFile(planFile, 'utf8')) as { summary: { groups: Record<string, number> }; changes: Array<{ kind: string; group?: string; set?: string; member?: string; reasons: string[] }> };
    const d = (local: string) => `${local}@maplewood.example.org`;
    const of = (group: string) => plan.changes.filter((c) => c.set !== undefined && c.group === d(group));
    const shown = (group: string) => of(group).map((c) => `${c.kind}${c.member ? ` ${c.member.split('@')[0]}` : ''}`);
    // A dropped student still in, a lead teacher found as a member, a student missing, a new student; the aide made manager by hand and a parent's outside address stay.
    expect(shown('mhs-alg1-3-26-27')).toEqual(['remove-member 20315', 'change-role rjones', 'add-member 20312', 'add-member 20313']);
    expect(of('mhs-alg1-3-26-27')[0]?.reasons).toEqual(['dropped 2026-10-02: no longer in ALG1-3 (MHS, 26-27)']);
    // A class with no group yet: made, then filled.
    expect(shown('mhs-pe-1-26-27')).toEqual(['create-group', 'add-member 20315', 'add-member 20316', 'add-member 20317']);
    // The teacher change: the old lead (suspended tonight) leaves with his account's own removal, not twice; the transferred-out student who dropped leaves.
    expect(shown('ore-ehr-1-26-27')).toEqual(['remove-member 20331', 'add-member 20319']);
    expect(plan.changes.filter((c) => c.group === d('ore-ehr-1-26-27') && c.kind === 'remove-from-group')).toHaveLength(1);
    // An exclusive set (members): an unmanaged account's membership ends; the manager added by hand stays.
    expect(shown('mhs-staff')).toEqual(['remove-member library', 'add-member snguyen']);
    // A non-exclusive set leaves an unmanaged account alone.
    expect(shown('mhs-students')).toEqual(['add-member 20312', 'add-member 20354']);
    expect(plan.summary.groups).toMatchObject({ leftAlone: 4 });
    // The spring semester's classes start 2027-01-05: not within the 7 days' lead yet.
    expect(plan.changes.filter((c) => c.group?.endsWith('-s2@maplewood.example.org'))).toEqual([]);
    // Groups no set manages are never touched beyond suspended staff leaving them.
    const unmanaged = ['all-staff', 'ore-teachers', 'mhs-teachers', 'cms-teachers', 'mhs-seniors'].map(d);
    expect(plan.changes.filter((c) => c.group !== undefined && unmanaged.includes(c.group)).every((c) => c.kind === 'remove-from-group')).toBe(true);
  });

  it('exits 0 with --detailed-exitcode when nothing changes', async () => {
    const cfg = path.join(dir, 'empty.config.json');
    await writeFile(cfg, JSON.stringify({ google: { domain: 'maplewood.example.org' }, students: { enabled: false }, staff: { enabled: false } }));
    const empty = rollcall(['plan', '--config', cfg, '--source-dir', path.join(FIXTURES, 'powerschool'), '--google-snapshot', path.join(FIXTURES, 'google-snapshot.jsonl'), '--today', '2026-11-23', '--out', path.join(dir, 'none.json'), '--detailed-exitcode']);
    expect(empty.stderr).toContain('0 to create');
    expect(empty.code).toBe(0);
  });
});

describe('safety holds', () => {
  it('the fixture plan is within its limits', async () => {
    expect(JSON.parse(await readFile(planFile, 'utf8')).holds).toEqual([]);
  });

  it('a school whose rows vanish from the export holds the plan, and show says so first', async () => {
    const src = path.join(dir, 'ps-empty-school');
    await cp(path.join(FIXTURES, 'powerschool'), src, { recursive: true });
    const file = path.join(src, 'students.csv');
    const kept = (await readFile(file, 'utf8')).split('\n').filter((l) => !/,301,[-0-9]+,[0-9]*$/.test(l));
    await writeFile(file, kept.join('\n'));
    const out = path.join(dir, 'held.json');
    const r = rollcall(['plan', ...FIXTURE_ARGS.slice(0, 2), '--source-dir', src, ...FIXTURE_ARGS.slice(4), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('plan held: /Students/MHS Students');
    const plan = JSON.parse(await readFile(out, 'utf8'));
    expect(plan.holds).toEqual([expect.objectContaining({ code: 'SCHOOL_DROP', container: '/Students/MHS Students', count: 0 })]);
    const shown = rollcall(['show', out]).stdout.split('\n');
    expect(shown[4]).toMatch(/^HELD: apply refuses this plan unless given --override-holds/);
  });
});

describe('rollcall diff', () => {
  it('reports what appeared, disappeared and persisted between two nights', async () => {
    // The next night: one new student enrolled, one promotion done, the rest still pending.
    const src = path.join(dir, 'ps-next');
    await cp(path.join(FIXTURES, 'powerschool'), src, { recursive: true });
    await writeFile(path.join(src, 'students.csv'), `${await readFile(path.join(src, 'students.csv'), 'utf8')}40097,9097,20397,Ivy,,Chen,4,101,0,2035\n`);
    const snap = path.join(dir, 'next.jsonl');
    const lines = (await readFile(path.join(FIXTURES, 'google-snapshot.jsonl'), 'utf8')).split('\n');
    await writeFile(snap, lines.map((l) => (l.includes('"20304@') ? l.replace('/Students/ORE Students/2nd', '/Students/ORE Students/3rd') : l)).join('\n'));
    const next = path.join(dir, 'next.json');
    expect(rollcall(['plan', ...FIXTURE_ARGS.slice(0, 2), '--source-dir', src, '--google-snapshot', snap, '--today', '2026-11-24', '--out', next]).code).toBe(0);
    const r = rollcall(['diff', planFile, next, '--format', 'json']);
    expect(r.code).toBe(0);
    const cmp = JSON.parse(r.stdout);
    // The new student's account, and her place in her building's group.
    expect(cmp.appeared.map((c: { address: string; group?: string }) => `${c.address}${c.group ? ` in ${c.group}` : ''}`)).toEqual([
      '20397@maplewood.example.org',
      '20397@maplewood.example.org in mes-students@maplewood.example.org',
    ]);
    expect(cmp.disappeared.map((c: { address: string }) => c.address)).toEqual(['20304@maplewood.example.org']);
    expect(cmp.persisting).toHaveLength(49);
    expect(rollcall(['diff', planFile, next]).stdout).toContain('2 appeared, 1 disappeared, 49 persisting');
  });
});

describe('rollcall show', () => {
  it('prints plain text when not a terminal, with reasons and a Terraform-style total', () => {
    const r = rollcall(['show', planFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain('Maplewood High School (301)');
    expect(r.stdout).toContain('# enroll_status 3 (graduated), class of 2026: grace ended 09-01');
    expect(r.stdout).toMatch(/^Plan: 4 to create, 19 to update .*4 group removals\. Managed groups: 2 to create, 17 members to add, 3 to remove, 1 role change\. 6 unmanaged accounts left alone\.$/m);
    // Managed groups' changes are shown by group, each with its reason.
    expect(r.stdout).toContain('mhs-alg1-3-26-27@maplewood.example.org (set "classes") — 4 changes: 1 remove member, 1 change role, 2 add member');
    expect(r.stdout).toContain('# dropped 2026-10-02: no longer in ALG1-3 (MHS, 26-27)');
  });

  it('colours when forced, and NO_COLOR wins over FORCE_COLOR', () => {
    expect(rollcall(['show', planFile], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(rollcall(['show', planFile], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(ANSI);
  });

  it('writes markdown for a CI summary', () => {
    const r = rollcall(['show', planFile, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## rollcall plan for maplewood.example.org/m);
    expect(r.stdout).toContain('<details>');
    expect(r.stdout).not.toMatch(ANSI);
    // Group changes counted by set, then listed by group.
    expect(r.stdout).toContain('Managed groups: 2 to create, 17 members to add, 3 to remove, 1 role change.');
    expect(r.stdout).toContain('| classes | 5 | 1 | 2 | 1 | 9 |  |');
    expect(r.stdout).toContain('<summary><strong>mhs-pe-1-26-27@maplewood.example.org</strong> (set classes): 4 changes (1 create group, 3 add member)</summary>');
  });

  it('counts group changes by set in the review view', () => {
    const r = rollcall(['show', planFile, '--view', 'review']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Managed groups by set');
    expect(r.stdout).toMatch(/^ {2}classes {19}5 {7}1 {7}2 {7}1 {7}9 {7}\. {6}13$/m);
  });

  it('renders the review view as JSON, not the plan', () => {
    const r = rollcall(['show', planFile, '--format', 'json', '--view', 'review']);
    expect(r.code).toBe(0);
    const review = JSON.parse(r.stdout);
    const { summary } = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(review).toMatchObject({ target: { kind: 'google', identity: 'maplewood.example.org' }, today: '2026-11-23', changes: summary.changes, unmanagedAccounts: summary.accounts.unmanaged });
    // Account changes are counted by school, group changes by set: together, every change once.
    const total = (rows: Array<{ total: number }>) => rows.reduce((n, s) => n + s.total, 0);
    expect(total(review.schools) + total(review.groupSets)).toBe(summary.changes);
    expect(review.groupSets.map((s: { set: string }) => s.set)).toEqual(['building-staff', 'building-students', 'classes', 'high-school-classes']);
    expect(review).not.toHaveProperty('changes.0');
  });

  it('wraps at --width: reasons continue on indented lines', () => {
    const wide = rollcall(['show', planFile]).stdout;
    const narrow = rollcall(['show', planFile, '--width', '60']).stdout;
    expect(wide.split('\n').some((l) => l.length > 60 && l.includes('# '))).toBe(true);
    expect(narrow.split('\n').filter((l) => l.includes('# ')).every((l) => l.length <= 60)).toBe(true);
    expect(narrow.replace(/\s+/g, ' ')).toBe(wide.replace(/\s+/g, ' '));
  });

  it('wraps at the terminal\'s width when writing to a terminal', async () => {
    let stdout = '';
    const tty = { write: (text: string) => (stdout += text), isTTY: true, columns: 64 };
    expect(await runCli(['show', planFile], { stdout: tty, stderr: tty, env: { NO_COLOR: '1' }, exitCode: 0 })).toBe(0);
    expect(stdout.split('\n').filter((l) => l.includes('# ')).every((l) => l.length <= 64)).toBe(true);
    expect(stdout.split('\n').some((l) => /^ {10}\S/.test(l))).toBe(true);
  });

  it('writes json that parses back to the plan', async () => {
    const r = rollcall(['show', planFile, '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(await readFile(planFile, 'utf8')));
  });

  it('refuses a hand-edited plan with a clear message and exit 1', async () => {
    const edited = path.join(dir, 'edited.json');
    await writeFile(edited, (await readFile(planFile, 'utf8')).replace('/Students/ORE Students/3rd', '/Students/ORE Students/4th'));
    const r = rollcall(['show', edited]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/edited\.json: changes\[\d+\] \(20304@maplewood\.example\.org\): its id does not match its content/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a user error: no stack trace
  });
});

describe('bad input: a clear message naming the file, row or field, and exit 1', () => {
  it('malformed config', async () => {
    const cfg = path.join(dir, 'bad.config.json');
    await writeFile(cfg, JSON.stringify({ google: { domain: 'maplewood.example.org' }, students: { gradeOus: { '9': '9th/extra' } }, staf: {} }));
    const r = rollcall(['plan', '--config', cfg, '--google-snapshot', path.join(FIXTURES, 'google-snapshot.jsonl'), '--out', path.join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.config.json: invalid config');
    expect(r.stderr).toContain('staf: unknown key');
    expect(r.stderr).toContain('students.gradeOus.9: must match pattern');
  });

  it('validate names every bad key, and accepts the fixture config', () => {
    expect(rollcall(['validate', '--config', path.join(FIXTURES, 'district.config.json')]).code).toBe(0);
  });

  it('CSV with a missing column, or broken quoting', async () => {
    const src = path.join(dir, 'ps');
    await cp(path.join(FIXTURES, 'powerschool'), src, { recursive: true });
    const students = await readFile(path.join(src, 'students.csv'), 'utf8');
    await writeFile(path.join(src, 'students.csv'), students.replace('GRADE_LEVEL,', 'GRADE,'));
    const args = ['plan', ...FIXTURE_ARGS.slice(0, 2), '--source-dir', src, ...FIXTURE_ARGS.slice(4), '--out', path.join(dir, 'x.json')];
    let r = rollcall(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/students\.csv.*GRADE_LEVEL/);
    await writeFile(path.join(src, 'students.csv'), `${students}40099,9099,20399,"Unclosed,Quote,,X,9,301,0,2030\n`);
    r = rollcall(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/students\.csv line 43/);
  });

  it('a bad row does not abort the plan: it becomes an issue with file and row', async () => {
    const src = path.join(dir, 'ps-row');
    await cp(path.join(FIXTURES, 'powerschool'), src, { recursive: true });
    const file = path.join(src, 'students.csv');
    await writeFile(file, `${await readFile(file, 'utf8')}40098,9098,20398,Kai,,Ng,nine,301,0,2030\n`);
    const out = path.join(dir, 'row.json');
    const r = rollcall(['plan', ...FIXTURE_ARGS.slice(0, 2), '--source-dir', src, ...FIXTURE_ARGS.slice(4), '--out', out]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(await readFile(out, 'utf8'));
    expect(plan.issues).toContainEqual(expect.objectContaining({ code: 'ROW_BAD_NUMBER', file: 'students.csv', row: 43, field: 'GRADE_LEVEL' }));
  });

  it('snapshot with a malformed line', async () => {
    const snap = path.join(dir, 'bad.jsonl');
    await writeFile(snap, `${(await readFile(path.join(FIXTURES, 'google-snapshot.jsonl'), 'utf8')).split('\n').slice(0, 3).join('\n')}\n{"kind":"admin#directory#user"}\nnot json\n`);
    const r = rollcall(['plan', ...FIXTURE_ARGS.slice(0, 4), '--google-snapshot', snap, '--today', '2026-11-23', '--out', path.join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.jsonl line 4: user has no primaryEmail');
  });

  it('a bad --today', () => {
    const r = rollcall(['plan', ...FIXTURE_ARGS.slice(0, 6), '--today', '2026-02-30', '--out', path.join(dir, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--today "2026-02-30" is not a date');
  });

  it('an unknown command or flag', () => {
    const r = rollcall(['plna']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown argument|Unknown command/i);
  });
});
