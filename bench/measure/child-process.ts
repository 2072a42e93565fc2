import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
let cli = path.join(ROOT, 'dist/cli/main.js');

/** Measures another build of the CLI (to compare before and after a change). */
export function setCli(file: string): void {
  cli = file;
}
const RSS_CHILD = fileURLToPath(new URL('./rss-child.js', import.meta.url));

export interface ChildRun {
  code: number;
  wallMs: number;
  /** Peak resident memory of the process, in MB (10^6 bytes). */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as its own process (as a district would) and measures its wall time and peak memory. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; cli?: string } = {}): Promise<ChildRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-bench-'));
  const rssFile = path.join(dir, 'rss.json');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...(options.nodeArgs ?? []), RSS_CHILD, options.cli ?? cli, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env, BENCH_RSS_FILE: rssFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c ?? -1, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - started;
    const { maxRssKb } = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number };
    return { code, wallMs, peakRssMb: (maxRssKb * 1024) / 1e6, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
