/**
 * What a nightly job sees: exit codes that tell held from changed, stderr lines fit for cron
 * mail and journald (timestamped when not a terminal, or JSON), `--quiet` that still reports
 * source errors, and `validate` whose stdout is the effective config and nothing else.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config/load.js';
import { FIXTURE_ARGS, FIXTURES } from './run-cli.js';

const NOW = new Date('2026-11-23T02:00:05.250Z');
let dir: string;

async function cli(args: string[], options: { tty?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty === true },
    env: {},
    exitCode: 0,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-logging-'));
});

describe('plan --detailed-exitcode', () => {
  it('2 for changes, 0 for none, 3 for a held plan with changes and for a held plan without any', async () => {
    expect((await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'changes.json'), '--detailed-exitcode'])).code).toBe(2);

    const none = path.join(dir, 'none.config.json');
    await writeFile(none, JSON.stringify({ google: { domain: 'maplewood.example.org' }, students: { enabled: false }, staff: { enabled: false } }));
    const args = (config: string, source = FIXTURE_ARGS[3] as string) => ['--config', config, '--source-dir', source, ...FIXTURE_ARGS.slice(4)];
    expect((await cli(['plan', ...args(none), '--out', path.join(dir, 'none.json'), '--detailed-exitcode'])).code).toBe(0);

    // A school emptied in the export: held, with changes.
    const partial = path.join(dir, 'ps-partial');
    await cp(path.join(FIXTURES, 'powerschool'), partial, { recursive: true });
    const students = path.join(partial, 'students.csv');
    await writeFile(students, (await readFile(students, 'utf8')).split('\n').filter((l) => !/,301,[-0-9]+,[0-9]*$/.test(l)).join('\n'));
    const held = path.join(dir, 'held.json');
    expect((await cli(['plan', ...args(FIXTURE_ARGS[1] as string, partial), '--out', held, '--detailed-exitcode'])).code).toBe(3);
    const heldPlan = JSON.parse(await readFile(held, 'utf8'));
    expect(heldPlan.holds.length).toBeGreaterThan(0);
    expect(heldPlan.summary.changes).toBeGreaterThan(0);

    // An empty export (headers only, the class tables' too): nothing to change, every school looks emptied.
    const empty = path.join(dir, 'ps-empty');
    await mkdir(empty);
    for (const file of ['schools.csv', 'students.csv', 'users.csv', 'schoolstaff.csv', 'sections.csv', 'courses.csv', 'terms.csv', 'cc.csv', 'sectionteacher.csv', 'roledef.csv']) {
      await writeFile(path.join(empty, file), `${(await readFile(path.join(FIXTURES, 'powerschool', file), 'utf8')).split('\n')[0]}\n`);
    }
    const emptyPlan = path.join(dir, 'empty.json');
    const r = await cli(['plan', ...args(FIXTURE_ARGS[1] as string, empty), '--out', emptyPlan, '--detailed-exitcode']);
    expect(JSON.parse(await readFile(emptyPlan, 'utf8')).summary.changes).toBe(0);
    expect(r.stderr).toContain('plan held');
    expect(r.code).toBe(3);
    // Without the flag a plan that was written is a success, held or not.
    expect((await cli(['plan', ...args(FIXTURE_ARGS[1] as string, empty), '--out', emptyPlan])).code).toBe(0);
  });
});

describe('stderr lines', () => {
  it('carry a local timestamp when stderr is not a terminal, and none on a terminal', async () => {
    const piped = await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'p.json')]);
    const lines = piped.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d rollcall: /);
    expect(new Date(lines[0]!.split(' ')[0]!).getTime()).toBe(NOW.getTime());
    const terminal = await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'p.json')], { tty: true });
    for (const line of terminal.stderr.trim().split('\n')) expect(line).toMatch(/^rollcall: /);
  });

  it('--quiet leaves out progress but still reports every source error and warning', async () => {
    const quiet = await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'q.json'), '--quiet'], { tty: true });
    expect(quiet.code).toBe(0);
    const { issues } = JSON.parse(await readFile(path.join(dir, 'q.json'), 'utf8')) as { issues: Array<{ severity: string; code: string; file: string; row: number; field?: string }> };
    expect(issues.length).toBeGreaterThan(3);
    const bySeverity = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity === 'warning')];
    expect(quiet.stderr.trim().split('\n')).toEqual(
      bySeverity.map((i) => `rollcall: ${i.severity}: ${i.file} row ${i.row}: ${i.code}${i.field ? ` (${i.field})` : ''}`),
    );
    expect(quiet.stderr).toContain('rollcall: error: students.csv row 31: ROW_MISSING_VALUE (STUDENT_NUMBER)');
    const loud = await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'q.json')], { tty: true });
    expect(loud.stderr).toContain('rollcall: wrote ');
  });

  it('--log-format json: one object per line with time, level, code and message', async () => {
    const r = await cli(['plan', ...FIXTURE_ARGS, '--out', path.join(dir, 'j.json'), '--log-format', 'json'], { tty: true });
    const events = r.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const e of events) {
      expect(Object.keys(e).slice(0, 4)).toEqual(['time', 'level', 'code', 'message']);
      expect(e.time).toBe(NOW.toISOString());
      expect(['debug', 'info', 'warn', 'error']).toContain(e.level);
    }
    expect(events.map((e) => e.code)).toEqual(expect.arrayContaining(['SOURCE_READ', 'DIRECTORY_READ', 'SOURCE_ISSUE', 'PLAN_BUILT', 'PLAN_WRITTEN']));
    expect(events.find((e) => e.code === 'SOURCE_ISSUE')).toMatchObject({ level: 'error', data: { code: 'ROW_BAD_DATE', file: 'cc.csv', row: 51, field: 'DATELEFT' } });

    const failed = await cli(['show', path.join(dir, 'absent.json'), '--log-format', 'json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stderr.trim())).toMatchObject({ level: 'error', code: 'PLAN_INVALID', message: expect.stringContaining('absent.json') });
  });

  it('source issues past the first 20 are summed up in one line', async () => {
    const src = path.join(dir, 'ps-many');
    await cp(path.join(FIXTURES, 'powerschool'), src, { recursive: true });
    const file = path.join(src, 'students.csv');
    const bad = Array.from({ length: 30 }, (_, i) => `${41000 + i},${9500 + i},${21000 + i},Kai,,Ng,nine,301,0,2030`).join('\n');
    await writeFile(file, `${await readFile(file, 'utf8')}${bad}\n`);
    const r = await cli(['plan', ...FIXTURE_ARGS.slice(0, 2), '--source-dir', src, ...FIXTURE_ARGS.slice(4), '--out', path.join(dir, 'many.json'), '--quiet'], { tty: true });
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('rollcall: error: and 18 more source issues (16 errors, 2 warnings): rollcall show PLAN lists them all');
  });
});

describe('validate', () => {
  it('writes the effective config, and only it, to stdout; the verdict goes to stderr', async () => {
    const r = await cli(['validate', '--config', path.join(FIXTURES, 'district.config.json')]);
    expect(r.code).toBe(0);
    const effective = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(effective).toMatchObject({ google: { domain: 'maplewood.example.org' }, safety: { maxPlanAgeDays: 1 } });
    expect(effective).not.toHaveProperty('$schema');
    expect(r.stderr).toMatch(/rollcall: .*district\.config\.json: valid \(google maplewood\.example\.org: student and staff; digest sha256:/);
  });

  it('editor-only keys ($schema, $comment) change neither the digest nor the plan', async () => {
    const original = JSON.parse(await readFile(path.join(FIXTURES, 'district.config.json'), 'utf8')) as Record<string, unknown>;
    const moved = path.join(dir, 'moved.config.json');
    await writeFile(moved, JSON.stringify({ ...original, $schema: '/usr/lib/node_modules/rollcall/src/config/config.schema.json', $comment: 'D118, owned by IT' }));
    const bare = path.join(dir, 'bare.config.json');
    const { $schema: _schema, ...settings } = original;
    await writeFile(bare, JSON.stringify(settings));
    const digests = await Promise.all([path.join(FIXTURES, 'district.config.json'), moved, bare].map(async (f) => (await loadConfig(f)).digest));
    expect(new Set(digests).size).toBe(1);
    // A setting still changes it.
    await writeFile(path.join(dir, 'other.config.json'), JSON.stringify({ ...settings, skipNames: ['test'] }));
    expect((await loadConfig(path.join(dir, 'other.config.json'))).digest).not.toBe(digests[0]);

    const plans = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
    await cli(['plan', ...FIXTURE_ARGS, '--out', plans[0]!]);
    await cli(['plan', '--config', moved, ...FIXTURE_ARGS.slice(2), '--out', plans[1]!]);
    expect(await readFile(plans[1]!, 'utf8')).toBe(await readFile(plans[0]!, 'utf8'));
  });
});
