/** Runs the built CLI as a user would: a real process, real files, exit code and both streams. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli/main.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function rollcall(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export const FIXTURE_ARGS = [
  '--config',
  path.join(FIXTURES, 'district.config.json'),
  '--source-dir',
  path.join(FIXTURES, 'powerschool'),
  '--google-snapshot',
  path.join(FIXTURES, 'google-snapshot.jsonl'),
  '--today',
  '2026-11-23',
];
