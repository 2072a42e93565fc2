/**
 * The schema validators compiled ahead of time (src/build/compile-schemas.mjs) are current, and
 * judge inputs exactly as ajv compiling the schema at run time does: same verdict, same errors,
 * same defaults filled in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import configSchema from '../../src/config/config.schema.json' with { type: 'json' };
import { validate as generatedConfig } from '../../src/config/config.schema.validator.js';
import planSchema from '../../src/plan/plan.schema.json' with { type: 'json' };
import { validate as generatedPlan } from '../../src/plan/plan.schema.validator.js';
import { FIXTURE_ARGS, rollcall } from '../cli/run-cli.js';

type Validator = ((data: unknown) => boolean) & { errors?: unknown };

const judge = (validate: Validator, input: unknown) => {
  const data = structuredClone(input);
  const ok = validate(data);
  return { ok, errors: validate.errors ?? null, data };
};

describe('generated schema validators', () => {
  it('are up to date with their schemas', () => {
    expect(() => execFileSync(process.execPath, ['src/build/compile-schemas.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('judge configs as ajv does at run time, defaults included', () => {
    const runtime = new Ajv2020({ allErrors: true, strict: true, useDefaults: true }).compile(configSchema) as Validator;
    const fixture = JSON.parse(readFileSync('fixtures/district.config.json', 'utf8')) as Record<string, unknown>;
    const inputs: unknown[] = [
      fixture,
      { google: { domain: 'd.org' } },
      { google: { domain: 'D.ORG', requestsPerMinute: -1 }, students: { gradeOus: { 13: 'no-slash' } } },
      { ...fixture, unknownKey: true },
      { google: { domain: 'd.org', auth: { mode: 'oauth' } }, powerschool: { source: 'rest' } },
      [],
      null,
    ];
    for (const input of inputs) expect(judge(generatedConfig as Validator, input)).toEqual(judge(runtime, input));
  });

  it('judge plans as ajv does at run time', () => {
    const runtime = new Ajv2020({ allErrors: true, strict: true }).compile(planSchema) as Validator;
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'rollcall-validators-')), 'plan.json');
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', out, '--quiet']).code).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    const inputs: unknown[] = [plan, { ...plan, formatVersion: 2 }, { ...plan, changes: [{ kind: 'create' }] }, { ...plan, integrity: 'x' }, {}];
    for (const input of inputs) expect(judge(generatedPlan as Validator, input)).toEqual(judge(runtime, input));
  });
});
