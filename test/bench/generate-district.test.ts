/**
 * The benchmark's synthetic district at the small end of real districts (2,000 accounts): it is
 * generated, and a plan of it finds exactly the changes made on purpose. (Districts too small for
 * nine buildings once had no high school, and generating them failed.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDistrict } from '../../bench/district/generate-district.js';
import { BENCH_TODAY } from '../../bench/district/config.js';
import { rollcall } from '../cli/run-cli.js';

describe('synthetic district', () => {
  it('generates 2,000 accounts, and the plan finds every planted change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-district-'));
    const manifest = await generateDistrict({ accounts: 2000, seed: 118, dir });
    const planted = Object.values(manifest.tonight).reduce((a, b) => a + b, 0);
    expect(planted).toBeGreaterThan(0);

    const out = path.join(dir, 'plan.json');
    const args = ['--config', path.join(dir, 'district.config.json'), '--source-dir', path.join(dir, 'powerschool'), '--google-snapshot', path.join(dir, 'google.jsonl')];
    const result = rollcall(['plan', ...args, '--today', BENCH_TODAY, '--out', out, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { summary: { changes: number } };
    expect(plan.summary.changes).toBe(planted);
  });
});
