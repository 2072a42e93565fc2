/**
 * Builders for Entra: a config whose target is Entra (the rules' keys as the shared builders set
 * them), the people the rules make mapped to Entra accounts, and seed tenants for the emulator.
 */
import type { Config } from '../src/config/types.js';
import { validateConfig } from '../src/config/validate.js';
import type { DesiredMapping } from '../src/model/directory-port.js';
import type { Population } from '../src/model/person.js';
import { buildDesiredPeople } from '../src/rules/desired-people.js';
import type { SourceRows } from '../src/sources/rows.js';
import { EntraMapping } from '../src/targets/entra/mapping.js';
import { DOMAIN, makeConfig } from './builders.js';

/** A 32-hex-digit app id, as directory extension properties carry it. */
export const APP = '0123456789abcdef0123456789abcdef';
export const GRAD_YEAR = `extension_${APP}_graduationYear`;
export const STAFF_DCID = `extension_${APP}_dcid`;
export const STUDENT_DOMAIN = `students.${DOMAIN}`;

/** The entra section the tests start from: both populations, SDS-like units and groups per school. */
export function entraSection(): Record<string, unknown> {
  return {
    tenant: DOMAIN,
    usageLocation: 'US',
    students: {
      userPrincipalName: `{student_number}@${STUDENT_DOMAIN}`,
      attributes: { employeeId: '{student_number}', department: '{school_name}', [GRAD_YEAR]: '{class_of}' },
      match: { source: 'student_number', suffix: `@${STUDENT_DOMAIN}`, target: 'userPrincipalName' },
      administrativeUnits: ['{school_name}'],
      groups: ['{school_name} Students', '{school_abbreviation} Grade {grade}'],
      licence: { sku: 'STANDARDWOFFPACK_STUDENT' },
    },
    staff: {
      attributes: { employeeId: '{teacher_number}', jobTitle: '{staff_group}', [STAFF_DCID]: '{dcid}' },
      match: { source: 'dcid', target: STAFF_DCID },
      administrativeUnits: ['{school_name}'],
      groups: ['{school_name} Staff'],
      byStatus: { substitute: { groups: ['Substitute Teachers'] } },
      removeDisabledFromGroups: true,
      licence: { sku: 'STANDARDWOFFPACK_FACULTY' },
    },
    managedContainers: ['administrativeUnits/*', 'groups/* Students', 'groups/* Grade *', 'groups/* Staff', 'groups/Substitute Teachers'],
  };
}

/** A config with Entra as its only target (the shared rules as makeConfig sets them), `entra` merged over entraSection. */
export function entraConfig(entra: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): Config {
  const base = makeConfig(rest as Parameters<typeof makeConfig>[0]) as unknown as Record<string, unknown>;
  const { google: _google, ...withoutGoogle } = base;
  const input = { ...withoutGoogle, entra: merge(entraSection(), entra) };
  const result = validateConfig(input);
  if (!result.ok) throw new Error(`test config invalid: ${result.errors.join('; ')}`);
  return result.config;
}

/** The rules' people for these rows, mapped by the Entra mapping (no duplicate settling: see engine/make-plan). */
export function mapEntra(source: SourceRows, config: Config, today = '2026-11-23', populations: readonly Population[] = config.entra?.populations ?? ['student', 'staff']): DesiredMapping {
  const mapping = new EntraMapping({ ...config, entra: config.entra! }, populations);
  const people = buildDesiredPeople(source, config, today, populations);
  const mapped = mapping.desiredAccounts(people.people);
  return { accounts: mapped.accounts, issues: [...people.issues, ...mapped.issues] };
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prior = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prior && typeof prior === 'object' && !Array.isArray(prior) ? merge(prior as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
