import type { SchoolScope } from '../config/types.js';
import type { SchoolRow } from '../sources/rows.js';

/** Which schools a run covers: all, those in state reporting (as D118's helper scripts), or a list. */
export function schoolInScope(school: SchoolRow, scope: SchoolScope): boolean {
  if (scope === 'all') return true;
  if (scope === 'state-reporting') return !school.excludedFromStateReporting;
  return scope.includes(school.schoolNumber);
}

export function schoolLabel(school: SchoolRow): string {
  return `${school.name} (${school.schoolNumber})`;
}
