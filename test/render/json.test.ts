import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import type { Plan } from '../../src/plan/types.js';
import { collect, samplePlan } from './plan-builders.js';

function json(p: Plan): string {
  const out = collect();
  renderJson(p, out);
  return out.text();
}

describe('renderJson', () => {
  it('writes the plan as 2-space JSON that reads back to the same plan', () => {
    const p = samplePlan();
    const out = json(p);
    expect(out.startsWith('{\n  "format": "rollcall-plan",\n  "formatVersion": 2,\n')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out)).toEqual({ ...p, integrity: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it('keeps keys in the order of the plan', () => {
    const p = samplePlan();
    const keys = Object.keys(p);
    keys.splice(keys.indexOf('tool') + 1, 0, 'integrity');
    expect(Object.keys(JSON.parse(json(p)) as object)).toEqual(keys);
  });

  it('gives the same bytes for the same plan', () => {
    const p = samplePlan();
    expect(json(p)).toBe(json(structuredClone(p)));
  });
});
