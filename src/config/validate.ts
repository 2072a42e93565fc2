import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate as generatedValidator } from './config.schema.validator.js';
import { ADDRESS_PLACEHOLDERS } from '../util/address-template.js';
import { fillGroupLimits, groupSetErrors } from './group-set-checks.js';
import { entraConfigErrors } from './entra-mapping.js';
import { lifecycleConfigErrors } from './lifecycle-checks.js';
import { orgUnitConfigErrors } from './org-unit-names.js';
import { configuredTargets } from './targets.js';
import type { Config } from './types.js';

export type ConfigValidation =
  | { ok: true; config: Config; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

// config.schema.json compiled ahead of time by src/build/compile-schemas.mjs (allErrors,
// useDefaults, strict): compiling it at run time was a noticeable part of CLI start-up.
const validateSchema = generatedValidator as unknown as ValidateFunction;

/**
 * Top-level keys for editors and readers, not for rollcall: they are checked, then left out of
 * the effective config, so pointing `$schema` elsewhere (say, after installing) or editing a
 * comment does not change the config digest, and apply still accepts the plans made before.
 */
export const EDITOR_KEYS: readonly string[] = ['$schema', '$comment'];

/**
 * Pure: checks a parsed config against the schema, fills in defaults and checks what a schema
 * cannot say (cross-field rules). Errors name the key path, e.g. `students.gradeOus.13`.
 * The input is not mutated.
 */
export function validateConfig(input: unknown): ConfigValidation {
  const candidate = structuredClone(input);
  const warnings: string[] = [];
  if (!validateSchema(candidate)) {
    return { ok: false, errors: describeSchemaErrors(validateSchema.errors ?? []), warnings };
  }
  for (const key of EDITOR_KEYS) delete (candidate as Record<string, unknown>)[key];
  const config = candidate as unknown as Config;
  const errors = [...crossFieldErrors(config, warnings), ...groupSetErrors(config, input)];
  if (errors.length > 0) return { ok: false, errors, warnings };
  fillGroupLimits(config);
  return { ok: true, config, warnings };
}

function crossFieldErrors(config: Config, warnings: string[]): string[] {
  const errors: string[] = orgUnitConfigErrors(config);
  const students = config.students;
  const staff = config.staff;
  if (configuredTargets(config).length === 0) {
    errors.push('(top level): names no directory to manage: add a google section (with its domain), or an entra section');
  }
  if (config.google !== undefined && !students.emailTemplate.endsWith(`@${config.google.domain}`) && !students.emailTemplate.endsWith('@{domain}')) {
    warnings.push(`students.emailTemplate: addresses end outside google.domain (${config.google.domain})`);
  }
  const placeholders = students.emailTemplate.match(/\{[a-z_]+\}/g) ?? [];
  const known = new Set(ADDRESS_PLACEHOLDERS);
  for (const p of placeholders) {
    if (!known.has(p)) errors.push(`students.emailTemplate: unknown placeholder ${p} (known: ${[...known].join(' ')})`);
  }
  for (const [path, match] of [['students.match', students.match], ['staff.match', staff.match]] as const) {
    const m = /^customSchemas\.([^.]+)\.([^.]+)$/.exec(match.target);
    if (m && match.source === 'dcid') {
      const owner = path.startsWith('students') ? students.attributes.dcid : staff.attributes.dcid;
      if (!owner || owner.schema !== m[1] || owner.field !== m[2]) {
        errors.push(
          `${path}.target: ${match.target} must also be written by ${path.split('.')[0]}.attributes.dcid, ` +
            `or new accounts could never be matched again`,
        );
      }
    }
  }
  errors.push(...entraConfigErrors(config, warnings));
  errors.push(...lifecycleConfigErrors(config, warnings));
  if (students.graduateGrace) {
    const from = students.graduateGrace.from ?? '06-01';
    if (from >= students.graduateGrace.until) {
      errors.push(`students.graduateGrace: from (${from}) must come before until (${students.graduateGrace.until}) in the same year`);
    }
  }
  return errors;
}

function describeSchemaErrors(errors: ErrorObject[]): string[] {
  const byPath = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'propertyNames') continue; // its inner error names the key, below
    const extra = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    const path = toKeyPath(e.instancePath, extra);
    const message = e.propertyName !== undefined ? `key ${JSON.stringify(e.propertyName)} ${describeOne(e)}` : describeOne(e);
    byPath.set(path, [...(byPath.get(path) ?? []), message]);
  }
  const paths = [...byPath.keys()];
  const out: string[] = [];
  for (const [path, all] of byPath) {
    // A failed oneOf reports every branch; the specific complaint (here or deeper) is the useful one.
    const specific = all.filter((m) => !NOISE.has(m));
    if (specific.length === 0 && paths.some((p) => p.startsWith(`${path}.`))) continue;
    const messages = [...new Set(specific.length > 0 ? specific : all)];
    out.push(`${path || '(top level)'}: ${messages.join('; ')}`);
  }
  return out;
}

const NOISE = new Set(['must be null', 'must match exactly one schema in oneOf', 'must match "then" schema']);

function describeOne(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return 'unknown key (check its spelling against the documented keys)';
    case 'required':
      return `missing required key ${String(e.params.missingProperty)}`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${e.message ?? 'does not match'}`;
    case 'propertyNames':
      return 'has a key that is not allowed here';
    default:
      return e.message ?? e.keyword;
  }
}

/** `/students/gradeOus/13` -> `students.gradeOus.13` */
function toKeyPath(instancePath: string, extraKey?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extraKey !== undefined) parts.push(extraKey);
  return parts.join('.');
}
