/** Who a change is about, as one short label: "Ann Lee (grade 9)", "Bo Ng (staff)". */
import type { Person } from '../plan/types.js';

/** PowerSchool grade levels: 0 is kindergarten, -1 pre-kindergarten; others are shown as numbers. */
export function gradeLabel(grade: number): string {
  if (grade === 0) return 'K';
  if (grade === -1) return 'PK';
  return String(grade);
}

export function personLabel(person: Person): string {
  if (person.population === 'staff') return `${person.displayName} (staff)`;
  return person.grade === undefined ? person.displayName : `${person.displayName} (grade ${gradeLabel(person.grade)})`;
}
