/**
 * A mistake on the command line stops everything: no file is read or written and no request
 * reaches Google or PowerSchool. Each command is run in-process against emulators on loopback
 * whose request counters would show any call, once with a typo (nothing happens) and, where it
 * can finish, once without (the same line does call and write, so the check could fail).
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { declaredOptions } from '../../src/cli/declared-options.js';
import { LogSink } from '../../src/cli/log-sink.js';
import { GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { commandList, runCli } from '../../src/cli/run.js';
import { startPowerSchoolEmulator, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { startEmulator, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { readSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { FIXTURES } from './run-cli.js';

const CONFIG = path.join(FIXTURES, 'district.config.json');
const SOURCE = path.join(FIXTURES, 'powerschool');
const SNAPSHOT = path.join(FIXTURES, 'google-snapshot.jsonl');
const TODAY = ['--today', '2026-11-23'];
const PS_ENV = { POWERSCHOOL_CLIENT_ID: 'plugin-id', POWERSCHOOL_CLIENT_SECRET: 'plugin-secret' };

let google: RunningEmulator;
let powerschool: RunningPowerSchoolEmulator;
let restConfig: string;
let dir: string;
let out: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ROLLCALL_GOOGLE_ROOT_URL: google.url, ...PS_ENV },
    exitCode: 0,
  });
  return { code, stdout, stderr };
}

/** Requests to either emulator since the test began (the PowerSchool emulator's count only grows). */
let before = 0;
const total = () => google.stats().requests + powerschool.stats().requests;
const calls = () => total() - before;
const files = async () => (await readdir(out)).sort();

beforeAll(async () => {
  google = await startEmulator({ seed: await readSnapshotFile(SNAPSHOT) });
  powerschool = await startPowerSchoolEmulator({ seedDir: SOURCE, clientId: PS_ENV.POWERSCHOOL_CLIENT_ID, clientSecret: PS_ENV.POWERSCHOOL_CLIENT_SECRET });
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-usage-'));
  restConfig = path.join(dir, 'rest.config.json');
  await writeFile(restConfig, JSON.stringify({ google: { domain: 'maplewood.example.org' }, powerschool: { source: 'rest', rest: { baseUrl: powerschool.url } } }));
});
afterAll(async () => {
  await google.close();
  await powerschool.close();
});
beforeEach(async () => {
  out = await mkdtemp(path.join(dir, 'out-'));
  google.resetStats();
  before = total();
});

/** Each command with everything it needs to act, so only the typo can stop it. */
function lines(): Record<string, string[]> {
  return {
    plan: ['plan', '--config', CONFIG, '--source-dir', SOURCE, ...TODAY, '--out', path.join(out, 'plan.json')],
    apply: ['apply', path.join(out, 'plan.json'), '--config', CONFIG, ...TODAY],
    snapshot: ['snapshot', '--config', CONFIG, '--source-dir', SOURCE, ...TODAY, '--out', path.join(out, 'google.jsonl')],
    explain: ['explain', '--config', CONFIG, '--source-dir', SOURCE, ...TODAY, '--address', '20304@maplewood.example.org'],
    'export-source': ['export-source', '--config', restConfig, '--out', path.join(out, 'export')],
    show: ['show', path.join(out, 'plan.json')],
    diff: ['diff', path.join(out, 'plan.json'), path.join(out, 'plan.json')],
    validate: ['validate', '--config', CONFIG],
    emulator: ['emulator', '--port', '0', '--seed', SNAPSHOT],
    approve: ['approve', path.join(out, 'plan.json'), '--by', 'Ana Admin', '--hmac-env', 'ROLLCALL_TEST_APPROVAL_KEY'],
  };
}

describe('a typo in any command stops it before it reads, writes or calls anything', () => {
  for (const command of ['plan', 'apply', 'approve', 'snapshot', 'explain', 'export-source', 'show', 'diff', 'validate', 'emulator']) {
    it(`${command}: an unknown flag is named with its likely spelling, exit 1, no request, no file, no output`, async () => {
      if (command === 'apply' || command === 'approve' || command === 'show' || command === 'diff') await writeFile(path.join(out, 'plan.json'), '{}');
      const existing = await files();
      const r = await cli([...(lines()[command] as string[]), '--onyl', 'x']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^\S+ rollcall: error \[USAGE\]: unknown option --onyl/);
      expect(r.stderr).toMatch(new RegExp(`\\nusage: rollcall ${command} .*\\(all options: rollcall ${command} --help\\)\\n$`));
      expect(r.stderr.trim().split('\n')).toHaveLength(2);
      expect(r.stdout).toBe('');
      expect(calls()).toBe(0);
      expect(await files()).toEqual(existing);
    });
  }

  it('the same lines without the typo do call the emulators and write their files', async () => {
    expect((await cli(lines().plan as string[])).code).toBe(0);
    expect(google.stats().requests).toBeGreaterThan(0);
    google.resetStats();
    expect((await cli(lines().snapshot as string[])).code).toBe(0);
    expect(google.stats().requests).toBeGreaterThan(0);
    const apply = await cli(lines().apply as string[]);
    expect(apply.code).toBe(0);
    expect(google.stats().mutations).toBeGreaterThan(0);
    const read = powerschool.stats().requests;
    expect((await cli(lines()['export-source'] as string[])).code).toBe(0);
    expect(powerschool.stats().requests).toBeGreaterThan(read);
    // .rollcall: apply's state directory (its lock), beside the plan.
    expect(await files()).toEqual(['.rollcall', 'export', 'google.jsonl', 'plan.json', 'plan.json.journal.jsonl', 'plan.json.passwords.csv']);
  });

  it('a bad date is a usage error, before anything is read', async () => {
    for (const command of ['plan', 'apply', 'snapshot', 'explain']) {
      for (const bad of ['2026-1-1', '2026-02-30', 'tomorrow']) {
        const args = (lines()[command] as string[]).map((a) => (a === '2026-11-23' ? bad : a));
        const r = await cli(args);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`error [USAGE]: --today "${bad}" is not a date of the form YYYY-MM-DD`);
      }
    }
    expect(calls()).toBe(0);
    expect(await files()).toEqual([]);
  });

  it('a missing required option or argument is named, never an internal error', async () => {
    const cases: Array<[string[], string]> = [
      [['plan', '--out', path.join(out, 'p.json')], 'missing --config'],
      [['plan', '--config', CONFIG], 'missing --out'],
      [['apply', '--config', CONFIG], 'missing PLAN'],
      [['apply', 'plan.json'], 'missing --config'],
      [['show'], 'missing PLAN'],
      [['diff', 'a.json'], 'missing AFTER'],
      [['validate'], 'missing --config'],
      [['snapshot', '--config', CONFIG], 'missing --out'],
      [['export-source', '--out', out], 'missing --config'],
      [['explain', '--config', CONFIG], 'say whom to explain: --address, --dcid or --student-number'],
      [['plan', '--config', '--out', 'x'], '--config needs a value'],
    ];
    for (const [args, problem] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`error [USAGE]: ${problem}`);
      expect(r.stderr).not.toMatch(/INTERNAL|bug in rollcall/);
    }
    expect(calls()).toBe(0);
  });

  it('bad choices, numbers, repeated and clashing options are usage errors', async () => {
    const cases: Array<[string[], string]> = [
      [['show', 'p.json', '--format', 'xml'], '--format "xml" is not one of "text", "markdown", "json"'],
      [['apply', 'p.json', '--config', CONFIG, '--read', 'some'], '--read "some" is not one of "auto", "each", "list"'],
      [['plan', '--config', CONFIG, '--out', 'p.json', '--log-format', 'xml'], '--log-format "xml" is not one of "text", "json"'],
      [['emulator', '--port', 'abc'], '--port must be a whole number from 0 to 65535'],
      [['emulator', '--latency', '-5'], '--latency must be a whole number of at least 0'],
      [['plan', '--config', CONFIG, '--config', CONFIG, '--out', 'p.json'], '--config was given more than once'],
      [['plan', '--config', CONFIG, '--out', 'p.json', '--quiet', '--verbose'], '--quiet and --verbose cannot be used together'],
      [['explain', '--config', CONFIG, '--dcid', '1', '--student-number', '2'], '--dcid and --student-number cannot be used together'],
      [['show', 'a.json', 'b.json'], 'unexpected argument b.json'],
      [['aply', 'p.json'], 'unknown command "aply" (did you mean apply?)'],
      [['plan', '--confg', CONFIG, '--out', 'p.json'], 'unknown option --confg (did you mean --config?)'],
    ];
    for (const [args, problem] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`error [USAGE]: ${problem}`);
    }
    expect(calls()).toBe(0);
  });

  it('usage errors follow --log-format json: one JSON object with the usage', async () => {
    const r = await cli(['plan', '--log-format', 'json', '--tody', '2026-11-23']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { time: expect.any(String), level: 'error', code: 'USAGE', message: 'unknown option --tody (did you mean --today?)', data: { usage: expect.stringMatching(/^rollcall plan --config FILE --out PLAN/) } },
    ]);
  });
});

describe('help, version and completion', () => {
  it('every option and argument of every command has a description in --help', () => {
    const undescribed: string[] = Object.entries(GLOBAL_OPTIONS).filter(([, spec]) => !spec.describe).map(([name]) => name);
    const sink = { write: () => true };
    const commands = commandList({ stdout: sink, stderr: sink, env: {}, exitCode: 0, log: new LogSink({ format: 'text', quiet: false, verbose: false }, sink) });
    expect(commands.map((c) => c.command.split(' ')[0])).toEqual(expect.arrayContaining(['plan', 'show', 'apply', 'approve', 'explain', 'diff', 'validate', 'snapshot', 'export-source', 'emulator']));
    for (const command of commands) {
      const declared = declaredOptions(command);
      expect(declared.length, command.command).toBeGreaterThan(0);
      for (const option of declared) if (typeof option.spec.describe !== 'string' || option.spec.describe.length < 10) undescribed.push(`${command.command} ${option.name}`);
      expect(typeof command.describe === 'string' && command.synopsis.startsWith(`rollcall ${command.command.split(' ')[0]}`), command.command).toBe(true);
    }
    expect(undescribed).toEqual([]);
  });

  it('bare rollcall prints the help (every command) and exits 1; -h exits 0', async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(1);
    for (const command of ['plan', 'show', 'apply', 'explain', 'diff', 'validate', 'snapshot', 'export-source', 'emulator', 'completion']) {
      expect(bare.stdout).toContain(`rollcall ${command}`);
    }
    expect(bare.stdout).toContain('3 held by a safety limit');
    const help = await cli(['-h']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(bare.stdout);
    const planHelp = await cli(['plan', '-h']);
    expect(planHelp.code).toBe(0);
    expect(planHelp.stdout.replace(/\s+/g, ' ')).toContain('--detailed-exitcode Exit 0 when there are no changes, 2 when there are, 3 when a safety limit holds');
    expect(calls()).toBe(0);
  });

  it('-v and --version print the version', async () => {
    const { version } = JSON.parse(await readFile(path.join(FIXTURES, '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['-v', '--version']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('prints a completion script that completes commands and options', async () => {
    const script = await cli(['completion']);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('--get-yargs-completions');
    const commands = await cli(['--get-yargs-completions', 'ex']);
    expect(commands.stdout.split('\n')).toEqual(expect.arrayContaining(['explain', 'export-source']));
    const options = await cli(['--get-yargs-completions', 'plan', '--det']);
    expect(options.stdout.split('\n')).toContain('--detailed-exitcode');
  });
});
