/**
 * The README's installing-and-scheduling recipes, read from the README itself (the blocks marked
 * `<!-- recipe: NAME -->`) and run as far as this machine allows: the nightly script and the
 * crontab line against the Directory API emulator, the CI workflow's `run:` steps, the systemd
 * units through `systemd-analyze verify`, and every `rollcall` command line in the README
 * through the command-line parser's own checks.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { commandName } from '../../src/cli/command.js';
import { declaredOptions } from '../../src/cli/declared-options.js';
import { LogSink } from '../../src/cli/log-sink.js';
import { GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { commandList } from '../../src/cli/run.js';
import { unknownFlags } from '../../src/cli/usage.js';
import { startEmulator, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { readSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { CLI, FIXTURES, ROOT } from '../cli/run-cli.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The text of the code block right after `<!-- recipe: name -->`. */
function recipe(name: string): string {
  const marker = README.indexOf(`<!-- recipe: ${name} -->`);
  expect(marker, `README has no recipe ${name}`).toBeGreaterThanOrEqual(0);
  const open = README.indexOf('```', marker);
  const start = README.indexOf('\n', open) + 1;
  return README.slice(start, README.indexOf('\n```', start) + 1);
}

interface Machine {
  dir: string;
  etc: string;
  state: string;
  env: NodeJS.ProcessEnv;
  emu: RunningEmulator;
  /** A recipe with the machine's paths in place of /etc/rollcall and /var/lib/rollcall. */
  localise(text: string): string;
}

let machine: Machine | undefined;
afterEach(async () => {
  await machine?.emu.close();
  machine = undefined;
});

/**
 * A machine as the recipes expect it: the config and environment file in "/etc/rollcall", the
 * state directory, `rollcall` on PATH, and Google (the emulator, seeded with the example district).
 */
async function setUp(source = path.join(FIXTURES, 'powerschool')): Promise<Machine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-recipes-'));
  const etc = path.join(dir, 'etc');
  const state = path.join(dir, 'state');
  const bin = path.join(dir, 'bin');
  await Promise.all([mkdir(etc), mkdir(state), mkdir(bin)]);
  const emu = await startEmulator({ seed: await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl')) });
  const config = JSON.parse(await readFile(path.join(FIXTURES, 'district.config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  config.powerschool = { source: 'files', files: { dir: source } };
  config.google = { ...config.google, requestsPerMinute: 60_000, concurrency: 8 };
  await writeFile(path.join(etc, 'district.json'), JSON.stringify(config, null, 2));
  // The recipe's own environment file names real secrets; this machine's points at the emulator.
  await writeFile(path.join(etc, 'rollcall.env'), `ROLLCALL_GOOGLE_ROOT_URL=${emu.url}\n`);
  await writeFile(path.join(bin, 'rollcall'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(path.join(bin, 'rollcall'), 0o755);
  const localise = (text: string) => text.replaceAll('/etc/rollcall', etc).replaceAll('/var/lib/rollcall', state);
  await writeFile(path.join(etc, 'nightly.sh'), localise(recipe('nightly.sh')));
  machine = { dir, etc, state, emu, localise, env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, ROLLCALL_GOOGLE_ROOT_URL: emu.url } };
  return machine;
}

/** A child process that does not block this one (the emulator answers in-process). */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const tonight = () => new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, local time, as `date +%F`

describe('nightly.sh', () => {
  it('applies a night with changes, does nothing on a night without, and stops at a held plan with exit 3', async () => {
    const m = await setUp();
    const nightly = path.join(m.etc, 'nightly.sh');
    const first = await run('/bin/sh', [nightly], { cwd: m.dir, env: m.env });
    expect(first.stderr).not.toMatch(/error \[|internal error/);
    expect(first.code).toBe(0);
    const plans = await readdir(path.join(m.state, 'plans'));
    expect(plans).toEqual(expect.arrayContaining([`${tonight()}.json`, `${tonight()}.md`, `${tonight()}.json.journal.jsonl`]));
    expect(await readFile(path.join(m.state, 'plans', `${tonight()}.md`), 'utf8')).toMatch(/^## rollcall plan for maplewood\.example\.org/);
    const applied = m.emu.stats().mutations;
    expect(applied).toBeGreaterThan(0);

    const second = await run('/bin/sh', [nightly], { cwd: m.dir, env: m.env });
    expect(second.code).toBe(0);
    expect(m.emu.stats().mutations).toBe(applied);

    // A school vanishes from the export: the plan is held, and nothing is applied.
    const partial = path.join(m.dir, 'ps-partial');
    await cp(path.join(FIXTURES, 'powerschool'), partial, { recursive: true });
    const students = path.join(partial, 'students.csv');
    await writeFile(students, (await readFile(students, 'utf8')).split('\n').filter((l) => !/,301,[-0-9]+,[0-9]*$/.test(l)).join('\n'));
    const config = JSON.parse(await readFile(path.join(m.etc, 'district.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(m.etc, 'district.json'), JSON.stringify({ ...config, powerschool: { source: 'files', files: { dir: partial } } }));
    const held = await run('/bin/sh', [nightly], { cwd: m.dir, env: m.env });
    expect(held.code).toBe(3);
    expect(held.stderr).toContain(`rollcall: plans/${tonight()}.json is held by a safety limit; review it: rollcall show plans/${tonight()}.json --view review`);
    expect(m.emu.stats().mutations).toBe(applied);
  });
});

describe('the crontab line', () => {
  it('reads the environment file and runs the night, logging timestamped lines', async () => {
    const m = await setUp();
    const line = recipe('crontab').split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) as string;
    const fields = line.trim().split(/\s+/);
    expect(fields.slice(0, 5)).toEqual(['30', '2', '*', '*', '*']);
    expect(fields[5]).toBe('rollcall');
    const command = m.localise(line.trim().replace(/^(\S+\s+){6}/, ''));
    // cron runs the command with /bin/sh and a bare environment: PATH, HOME, nothing from a login.
    const r = await run('/bin/sh', ['-c', command], { cwd: m.dir, env: { PATH: m.env.PATH, HOME: m.dir } });
    expect(r.code).toBe(0);
    expect(m.emu.stats().mutations).toBeGreaterThan(0);
    const log = (await readFile(path.join(m.state, 'nightly.log'), 'utf8')).trim().split('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) expect(entry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d rollcall: (error|warning): /);
  });
});

describe('the GitHub Actions workflow', () => {
  it('plans, posts the summary of the redacted plan, keeps only the redacted plan, and flags a held plan', async () => {
    const workflow = parseYaml(recipe('github-workflow')) as {
      on: { schedule: Array<{ cron: string }> };
      jobs: { plan: { steps: Array<{ name?: string; id?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string>; run?: string; if?: string }> } };
    };
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const steps = workflow.jobs.plan.steps;
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 24 });
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('plans/plan.redacted.json');

    const m = await setUp();
    const repo = path.join(m.dir, 'repo');
    await mkdir(path.join(repo, 'rollcall'), { recursive: true });
    await cp(path.join(m.etc, 'district.json'), path.join(repo, 'rollcall', 'district.json'));
    const runnerTemp = path.join(m.dir, 'runner-temp');
    await mkdir(runnerTemp);
    const output = path.join(m.dir, 'github-output');
    const summary = path.join(m.dir, 'step-summary');
    await Promise.all([writeFile(output, ''), writeFile(summary, '')]);
    const secrets: Record<string, string> = {
      'secrets.GOOGLE_SERVICE_ACCOUNT_KEY': '{"type":"service_account","client_email":"x@example.iam.gserviceaccount.com"}',
      'vars.ROLLCALL_GOOGLE_SUBJECT': 'admin@maplewood.example.org',
      'secrets.POWERSCHOOL_CLIENT_ID': 'id',
      'secrets.POWERSCHOOL_CLIENT_SECRET': 'secret',
      'secrets.ROLLCALL_REDACT_KEY': 'a-redaction-key-kept-the-same-every-night',
    };
    const outputs = () => Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
    for (const step of steps) {
      if (step.run === undefined || step.name === 'Install rollcall') continue;
      if (step.if !== undefined) {
        const m2 = /^steps\.plan\.outputs\.exitcode == '(\d+)'$/.exec(step.if);
        expect(m2, `an if: this test can evaluate: ${step.if}`).not.toBeNull();
        if (outputs().exitcode !== m2![1]) continue;
      }
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/^\$\{\{ (.+) \}\}$/, (_, ref: string) => secrets[ref] ?? '')]));
      const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: repo,
        env: { ...m.env, ...env, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
      });
      expect(r.code, `${step.name ?? step.run}: ${r.stderr}`).toBe(0);
    }
    expect(outputs()).toEqual({ exitcode: '2' });
    const posted = await readFile(summary, 'utf8');
    expect(posted).toMatch(/^## rollcall plan for /);
    // Pseudonyms, not the district's people.
    expect(posted).toMatch(/\*\*Plan:\*\* \d+ to create/);
    expect(posted).not.toMatch(/Emma|Garcia|dkim@|20304@/);
    expect(JSON.parse(await readFile(path.join(repo, 'plans', 'plan.redacted.json'), 'utf8')).redacted).toBe(true);
    expect(existsSync(path.join(repo, 'plans', 'plan.json'))).toBe(false);
    expect(await readdir(runnerTemp)).toEqual([]);
  });
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('the systemd units', () => {
  it.skipIf(!systemdAnalyze)('pass systemd-analyze verify', async () => {
    const m = await setUp();
    const units = path.join(m.dir, 'units');
    await mkdir(units);
    for (const unit of ['rollcall.service', 'rollcall.timer']) await writeFile(path.join(units, unit), m.localise(recipe(unit)));
    const r = spawnSync('systemd-analyze', ['verify', path.join(units, 'rollcall.service'), path.join(units, 'rollcall.timer')], { encoding: 'utf8' });
    expect(r.stderr.split('\n').filter((l) => l.trim() !== '' && !/Special user|user .* does not exist|Failed to resolve user/i.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    const service = recipe('rollcall.service');
    expect(service).toMatch(/^EnvironmentFile=\/etc\/rollcall\/rollcall\.env$/m);
    expect(service).toMatch(/^User=rollcall$/m);
    expect(service).toMatch(/^ExecStart=\/bin\/sh \/etc\/rollcall\/nightly\.sh$/m);
  });
});

describe('every rollcall command line in the README', () => {
  it('names a real command and only flags that command takes', () => {
    const sink = { write: () => true };
    const commands = commandList({ stdout: sink, stderr: sink, env: {}, exitCode: 0, log: new LogSink({ format: 'text', quiet: false, verbose: false }, sink) });
    const globals = [...Object.keys(GLOBAL_OPTIONS), 'help', 'version', 'h', 'v'];
    const checked: string[] = [];
    const problems: string[] = [];
    const blocks = [...README.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((b) => b[1] as string);
    const workflow = parseYaml(recipe('github-workflow')) as { jobs: { plan: { steps: Array<{ run?: string }> } } };
    blocks.push(...workflow.jobs.plan.steps.flatMap((s) => (s.run ? [s.run] : [])));
    for (const block of blocks) {
      for (const line of block.replace(/\\\n\s*/g, ' ').split('\n')) {
        for (const segment of line.split(/\|\||&&|[|;>]|\$\(|\(/)) {
          const words = segment.trim().replace(/^(run: |npx (--no-install )?)/, '').split(/\s+/);
          if (words[0] !== 'rollcall' || words.length < 2) continue;
          const command = commands.find((c) => commandName(c) === words[1]);
          const args = words.slice(command ? 2 : 1);
          if (!command && !(words[1] as string).startsWith('-')) {
            if (words[1] !== 'completion') problems.push(`unknown command: ${segment.trim()}`);
            continue;
          }
          const known = [...globals, ...(command ? declaredOptions(command).map((o) => o.name) : [])];
          const unknown = unknownFlags(args.filter((a) => a.startsWith('-')), known);
          if (unknown.length > 0) problems.push(`${unknown.join(', ')} in: ${segment.trim()}`);
          checked.push(segment.trim());
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(30);
    for (const name of ['nightly.sh', 'nightly.ps1', 'github-workflow']) {
      expect(checked.some((c) => recipe(name).replace(/\\\n\s*/g, ' ').includes(c)), name).toBe(true);
    }
  });
});
