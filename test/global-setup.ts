import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** End-to-end tests drive the built CLI (dist/), so build it once before any test runs. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
