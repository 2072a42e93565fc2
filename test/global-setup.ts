import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * End-to-end tests drive the built CLI (dist/), so build it once before any test runs: the
 * schema validators first (the sources import them), then the TypeScript.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['src/build/compile-schemas.mjs'], { stdio: 'inherit' });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
