/**
 * Entra scenarios end to end: the Graph emulator seeded with the fixture district's Entra
 * snapshot, `rollcall plan` against a snapshot of the emulator's current state (or the emulator
 * itself), and `rollcall apply` against the emulator, through runCli in-process, each scenario
 * in its own temp directory. The CLI plumbing is the Google harness's (../apply/harness.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JournalLine } from '../../src/apply/journal.js';
import type { Plan } from '../../src/plan/types.js';
import { startEntraEmulator, type EntraEmulatorOptions, type RunningEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import type { EntraState, GraphUser } from '../../src/targets/entra/graph-types.js';
import { readEntraSnapshotFile, writeEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import { cli, FIXTURES, readJournal, SOURCE_DIR, TODAY, type CliRun } from '../apply/harness.js';

export const ENTRA_CONFIG = path.join(FIXTURES, 'entra.config.json');
export const ENTRA_SNAPSHOT = path.join(FIXTURES, 'entra-snapshot.jsonl');

export function fixtureEntra(): Promise<EntraState> {
  return readEntraSnapshotFile(ENTRA_SNAPSHOT);
}

/** The Entra fixture config with `entra` overrides (one level deep) and other sections replaced, written into `dir`; paced fast. */
export async function writeEntraConfig(dir: string, entra: Record<string, unknown> = {}, sections: Record<string, unknown> = {}): Promise<string> {
  const config = JSON.parse(await readFile(ENTRA_CONFIG, 'utf8')) as Record<string, unknown> & { entra: Record<string, unknown> };
  delete config.$schema;
  config.entra = { ...config.entra, requestsPerMinute: 60_000, concurrency: 8, ...entra };
  Object.assign(config, sections);
  const file = path.join(dir, 'entra.config.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export class EntraScenario {
  private plans = 0;

  private constructor(
    readonly dir: string,
    readonly emu: RunningEntraEmulator,
    readonly config: string,
  ) {}

  static async start(options: EntraEmulatorOptions = {}, entra: Record<string, unknown> = {}, sections: Record<string, unknown> = {}): Promise<EntraScenario> {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-entra-'));
    const seed = options.seed ?? (await fixtureEntra());
    const config = await writeEntraConfig(dir, entra, sections);
    return new EntraScenario(dir, await startEntraEmulator({ ...options, seed }), config);
  }

  get env(): NodeJS.ProcessEnv {
    return { ROLLCALL_ENTRA_ROOT_URL: this.emu.url };
  }

  /** Plans against a snapshot of the emulator as it is now (or, `live`, against the emulator itself). */
  async plan(live = false): Promise<{ file: string; run: CliRun; plan: Plan }> {
    const n = ++this.plans;
    const file = path.join(this.dir, `plan-${n}.json`);
    const args = ['plan', '--config', this.config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', file];
    if (!live) {
      const snapshot = path.join(this.dir, `entra-${n}.jsonl`);
      await writeEntraSnapshotFile(snapshot, this.emu.state());
      args.push('--snapshot', snapshot);
    }
    const run = await cli(args, live ? this.env : {});
    if (run.code !== 0) throw new Error(`plan failed (${run.code}): ${run.stderr}`);
    return { file, run, plan: JSON.parse(await readFile(file, 'utf8')) as Plan };
  }

  apply(planFile: string, args: string[] = []): Promise<CliRun> {
    return cli(['apply', planFile, '--config', this.config, '--today', TODAY, ...args], this.env);
  }

  /** A user of the emulator's tenant by userPrincipalName. */
  user(upn: string): GraphUser {
    const user = this.emu.state().users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
    if (!user) throw new Error(`no user ${upn}`);
    return user;
  }

  /** The display names of the units and groups a user is a member of, sorted. */
  containersOf(upn: string): string[] {
    const { id } = this.user(upn);
    const state = this.emu.state();
    return [
      ...state.administrativeUnits.filter((u) => u.members.includes(id)).map((u) => `administrativeUnits/${u.displayName}`),
      ...state.groups.filter((g) => g.members.includes(id)).map((g) => `groups/${g.displayName}`),
    ].sort();
  }

  /** Users per userPrincipalName: a duplicate create would show as a count of 2. */
  usersByUpn(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const u of this.emu.state().users) counts.set(u.userPrincipalName.toLowerCase(), (counts.get(u.userPrincipalName.toLowerCase()) ?? 0) + 1);
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
