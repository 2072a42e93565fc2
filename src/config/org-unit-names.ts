/**
 * What may build an org unit path. Config pieces (prefixes, suspended and graduated OUs, the
 * substitute OU, grade sub-OU names, building suffixes) and PowerSchool's school names and
 * abbreviations all end up in paths like `/Students/MHS Students/9th`: a `/` inside a name
 * makes a deeper org unit than meant, `..` or an empty level points somewhere else, and a
 * control character makes a path nobody can read. Each is refused where it enters.
 */
import type { Config } from './types.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` cannot be (part of) the name of one org unit, or undefined when it can. */
export function orgUnitNameProblem(name: string): string | undefined {
  if (name.includes('/')) return 'contains "/", which would make a deeper org unit';
  if (name === '.' || name === '..') return `is "${name}", which is not an org unit name`;
  if (CONTROL.test(name)) return 'contains a control character';
  return undefined;
}

/** Why `path` cannot be an org unit path (from the root, one name per level), every reason, or undefined when it can. */
export function orgUnitPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must start with /';
  if (path === '/') return undefined;
  const problems = new Set<string>();
  if (CONTROL.test(path)) problems.add('contains a control character');
  const levels = path.slice(1).split('/');
  if (path.endsWith('/')) {
    problems.add('must not end with /');
    levels.pop();
  }
  for (const level of levels) {
    if (level === '') problems.add('has an empty level (//)');
    else if (level === '.' || level === '..') problems.add(`has a "${level}" level`);
    else if (level !== level.trim()) problems.add(`has a level with spaces before or after its name ("${level}")`);
  }
  return problems.size === 0 ? undefined : [...problems].join(', and ');
}

/** Every config value that builds an org unit path and cannot, as `key.path: "value" problem`. */
export function orgUnitConfigErrors(config: Config): string[] {
  const errors: string[] = [];
  const path = (key: string, value: string) => {
    const problem = orgUnitPathProblem(value);
    if (problem !== undefined) errors.push(`${key}: ${JSON.stringify(value)} ${problem}`);
  };
  const name = (key: string, value: string) => {
    const problem = orgUnitNameProblem(value);
    if (problem !== undefined) errors.push(`${key}: ${JSON.stringify(value)} ${problem}`);
  };
  const { students, staff } = config;
  path('students.ouPrefix', students.ouPrefix);
  path('students.suspendedOu', students.suspendedOu);
  path('students.graduatedOu', students.graduatedOu);
  name('students.buildingOu.suffix', students.buildingOu.suffix);
  // null: students of that grade sit in the building OU itself.
  for (const [grade, ou] of Object.entries(students.gradeOus ?? {})) if (ou !== null) name(`students.gradeOus.${grade}`, ou);
  path('staff.ouPrefix', staff.ouPrefix);
  path('staff.suspendedOu', staff.suspendedOu);
  path('staff.substitute.ou', staff.substitute.ou);
  name('staff.buildingOu.suffix', staff.buildingOu.suffix);
  return errors;
}
