/**
 * Apply scenarios end to end: an emulator seeded with the fixture district's Google snapshot,
 * `rollcall plan` against a snapshot of the emulator's current state, and `rollcall apply`
 * against the emulator, both through runCli in-process (the CLI's own parsing, exit codes and
 * stderr), each scenario in its own temp directory (the lock's state directory, .rollcall, is
 * beside the plans there).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run.js';
import type { JournalLine } from '../../src/apply/journal.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import type { Plan } from '../../src/plan/types.js';
import type { GoogleState } from '../../src/targets/google/directory-types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CONFIG = path.join(FIXTURES, 'district.config.json');
export const SOURCE_DIR = path.join(FIXTURES, 'powerschool');
export const TODAY = '2026-11-23';
export const DOMAIN = 'maplewood.example.org';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    exitCode: 0,
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}

export function fixtureGoogle(): Promise<GoogleState> {
  return readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl'));
}

/**
 * The fixture config with `google` overrides, written into `dir`. Tests raise the rate limit so
 * a run is not paced at the district's 1,500/min (the pacing has tests of its own).
 */
export async function writeConfig(dir: string, name: string, google: Record<string, unknown> = {}, sections: Record<string, unknown> = {}): Promise<string> {
  const config = JSON.parse(await readFile(CONFIG, 'utf8')) as { google: Record<string, unknown>; $schema?: string };
  delete config.$schema;
  // Each section given is merged into the fixture's (one level deep), so the fixture's safety limits stay unless replaced.
  const record = config as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(sections)) {
    const old = record[key];
    record[key] = old && typeof old === 'object' && value && typeof value === 'object' ? { ...old, ...value } : value;
  }
  config.google = { ...config.google, requestsPerMinute: 60_000, ...google };
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export class Scenario {
  private plans = 0;

  private constructor(
    readonly dir: string,
    readonly emu: RunningEmulator,
    /** The config every plan and apply of this scenario uses, unless told otherwise. */
    readonly config: string,
  ) {}

  /** `sections`: other top-level config sections to set (safety, apply...). */
  static async start(options: EmulatorOptions = {}, google: Record<string, unknown> = {}, sections: Record<string, unknown> = {}): Promise<Scenario> {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-apply-'));
    const seed = options.seed ?? (await fixtureGoogle());
    const config = await writeConfig(dir, 'district.config.json', google, sections);
    return new Scenario(dir, await startEmulator({ ...options, seed }), config);
  }

  /** What apply needs to reach the emulator. */
  get env(): NodeJS.ProcessEnv {
    return { ROLLCALL_GOOGLE_ROOT_URL: this.emu.url };
  }

  /** The state directory applies of this scenario's plans lock in (by default). */
  get stateDir(): string {
    return path.join(this.dir, '.rollcall');
  }

  /** Plans against the emulator as it is now; returns the plan file. */
  async plan(config = this.config, today = TODAY): Promise<{ file: string; run: CliRun; plan: Plan }> {
    const n = ++this.plans;
    const snapshot = path.join(this.dir, `google-${n}.jsonl`);
    await writeSnapshotFile(snapshot, this.emu.state());
    const file = path.join(this.dir, `plan-${n}.json`);
    const run = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--google-snapshot', snapshot, '--today', today, '--out', file]);
    if (run.code !== 0) throw new Error(`plan failed (${run.code}): ${run.stderr}`);
    return { file, run, plan: JSON.parse(await readFile(file, 'utf8')) as Plan };
  }

  apply(planFile: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, config = this.config, today = TODAY): Promise<CliRun> {
    return cli(['apply', planFile, '--config', config, '--today', today, ...args], { ...this.env, ...env });
  }

  /** Accounts per primary email in the emulator: a duplicate create would show as a count of 2 (or a stray address). */
  accountsByEmail(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const u of this.emu.state().users) counts.set(u.primaryEmail.toLowerCase(), (counts.get(u.primaryEmail.toLowerCase()) ?? 0) + 1);
    return counts;
  }

  journal(planFile: string): Promise<JournalLine[]> {
    return readJournal(planFile);
  }

  async close(): Promise<void> {
    await this.emu.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The journal's lines of a plan. */
export async function readJournal(planFile: string): Promise<JournalLine[]> {
  const text = await readFile(`${planFile}.journal.jsonl`, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JournalLine);
}

/** The outcome of each change in the journal's last run, by change id. */
export function lastRunOutcomes(lines: readonly JournalLine[]): Map<string, string> {
  let start = 0;
  lines.forEach((l, i) => {
    if (l.type === 'run-started') start = i;
  });
  const out = new Map<string, string>();
  for (const l of lines.slice(start)) if (l.type === 'change') out.set(l.id, l.outcome);
  return out;
}
