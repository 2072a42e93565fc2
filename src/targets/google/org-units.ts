/**
 * Where people belong, as Google org units: the OU path templates of the D118 scripts
 * (students.ouPrefix, buildingOu, gradeOus, suspendedOu, graduatedOu, staff.substitute.ou ...),
 * applied to the belonging the rules worked out. Each placement reason the rules began is
 * finished here with the org unit it leads to ("graduates go to /Graduated Students").
 */
import type { BuildingOuRule, Config } from '../../config/types.js';
import { normaliseContainer } from '../../model/placement.js';
import type { School, StaffBelonging, StudentBelonging } from '../../model/person.js';

/** An org unit and why the account goes there. */
export interface OrgUnitPlacement {
  orgUnitPath: string;
  reason: string;
}

/** A student's org unit; null when their grade has no entry in students.gradeOus (UNKNOWN_GRADE). */
export function studentOrgUnit(b: StudentBelonging, rules: Config['students']): OrgUnitPlacement | null {
  switch (b.status) {
    case 'graduated':
      return { orgUnitPath: rules.graduatedOu, reason: `${b.reasons.placement}: graduates go to ${rules.graduatedOu}` };
    case 'inactive':
      return { orgUnitPath: rules.suspendedOu, reason: `${b.reasons.placement}: inactive students go to ${rules.suspendedOu}` };
    case 'active':
    case 'pre-registered': {
      const grade = gradeOrgUnit(b, rules);
      if (grade.ou === null) return null;
      return {
        orgUnitPath: joinOrgUnit(rules.ouPrefix, buildingName(b.school, rules.buildingOu), grade.ou),
        reason: grade.why === undefined ? b.reasons.placement : `${b.reasons.placement}: ${grade.why}`,
      };
    }
  }
}

export function staffOrgUnit(b: StaffBelonging, rules: Config['staff']): OrgUnitPlacement {
  switch (b.status) {
    case 'inactive':
      return { orgUnitPath: rules.suspendedOu, reason: `${b.reasons.placement}: inactive staff go to ${rules.suspendedOu}` };
    case 'substitute':
      return { orgUnitPath: rules.substitute.ou, reason: b.reasons.placement };
    case 'active':
      return { orgUnitPath: joinOrgUnit(rules.ouPrefix, buildingName(b.school, rules.buildingOu)), reason: b.reasons.placement };
  }
}

function buildingName(school: School, rule: BuildingOuRule): string {
  return `${rule.from === 'abbreviation' ? school.abbreviation : school.name}${rule.suffix}`;
}

/**
 * The grade sub-OU of an enrolled student: '' for none (the building OU itself, with why), null
 * when the grade has no entry in students.gradeOus. D118 places pre-registered students, the
 * students of two buildings, and grades 13, 15 and 99 in the building OU itself.
 */
function gradeOrgUnit(b: StudentBelonging, rules: Config['students']): { ou: string | null; why?: string } {
  if (rules.gradeOus === null) return { ou: '' };
  if (rules.schoolsWithoutGradeOus.includes(b.school.number)) return { ou: '', why: 'this school has no grade OUs (students.schoolsWithoutGradeOus)' };
  if (b.status === 'pre-registered' && rules.preRegisteredInBuildingOu) return { ou: '', why: 'pre-registered students go to the building OU' };
  const mapped = rules.gradeOus[String(b.grade)];
  if (mapped === undefined) return { ou: null };
  if (mapped === null) return { ou: '', why: `grade ${b.grade} has no grade OU (students.gradeOus)` };
  return { ou: mapped };
}

/** Joins OU path segments: joinOrgUnit('/Students', 'WHS Students', '9th') -> '/Students/WHS Students/9th'. */
export function joinOrgUnit(prefix: string, ...segments: string[]): string {
  // A district has a few hundred distinct OUs and a million people placed in them.
  const key = [prefix, ...segments].join('\u0000');
  let joined = joinedOrgUnits.get(key);
  if (joined === undefined) {
    const parts = [normaliseContainer(prefix), ...segments.map((s) => s.replace(/^\/+|\/+$/g, ''))].filter((s) => s !== '');
    joined = normaliseContainer(parts.join('/').replace(/\/{2,}/g, '/'));
    joinedOrgUnits.set(key, joined);
  }
  return joined;
}

const joinedOrgUnits = new Map<string, string>();

/**
 * The building OU an org unit lies in: the level below the population's prefix
 * (/Students/WHS Students/9th -> /Students/WHS Students), or null outside the prefix.
 */
export function buildingOrgUnit(prefix: string, orgUnitPath: string): string | null {
  const base = normaliseContainer(prefix);
  const path = normaliseContainer(orgUnitPath);
  const rest = base === '/' ? path.slice(1) : path.toLowerCase().startsWith(`${base.toLowerCase()}/`) ? path.slice(base.length + 1) : null;
  if (rest === null || rest === '') return null;
  return `${base === '/' ? '' : base}/${rest.split('/')[0]}`;
}
