import type { Config } from '../config/types.js';
import type { DesiredPerson, Population } from '../model/person.js';
import type { SchoolRow, SchoolStaffRow, SourceIssue, SourceRows } from '../sources/rows.js';
import { casedSchool } from './cased-school.js';
import type { RuleOutcome } from './rule-outcome.js';
import { schoolInScope } from './school-scope.js';
import { desiredStaff } from './staff.js';
import { desiredStudent, StudentBelongings } from './students.js';

export interface DesiredPeople {
  /** Everyone, unless a sink took them as they were made (then empty). */
  people: DesiredPerson[];
  issues: SourceIssue[];
  /** People left out on purpose (skip lists, no email), by reason. */
  skipped: Record<string, number>;
}

/** People handed on this many at a time: they are mapped to accounts and let go while still young (cheap to collect). */
export const PEOPLE_BATCH = 4096;

/**
 * Pure: PowerSchool rows + config + today's date -> the people who should have an account, where
 * they belong and whether they keep access, for the populations asked for (those the target of
 * the plan manages). No clock, no I/O: the same inputs always give the same result. With `sink`,
 * people are handed over in batches, in order, as they are made (a million of them need not all
 * live at once).
 */
export function buildDesiredPeople(
  rows: SourceRows,
  config: Config,
  today: string,
  populations: readonly Population[],
  sink?: (people: DesiredPerson[]) => void,
): DesiredPeople {
  const issues: SourceIssue[] = [...rows.issues];
  const schools = new Map<number, SchoolRow>();
  for (const school of rows.schools.map((s) => casedSchool(s, config.names.case))) {
    const prior = schools.get(school.schoolNumber);
    if (prior) {
      issues.push({
        severity: 'error',
        code: 'DUPLICATE_SCHOOL',
        file: school.origin.file,
        row: school.origin.row,
        field: 'SCHOOL_NUMBER',
        message: `${school.origin.file} row ${school.origin.row}: school number ${school.schoolNumber} already appears at row ${prior.origin.row}; the first is used`,
      });
      continue;
    }
    schools.set(school.schoolNumber, school);
  }
  const inScope = (school: SchoolRow) => schoolInScope(school, config.scope.schools);

  let people: DesiredPerson[] = [];
  const skipped: Record<string, number> = {};
  const collect = (outcome: RuleOutcome) => {
    if (outcome.kind === 'person') {
      people.push(outcome.person);
      if (sink && people.length >= PEOPLE_BATCH) {
        sink(people);
        people = [];
      }
    }
    else if (outcome.kind === 'issue') issues.push(outcome.issue);
    else if (outcome.kind === 'skipped') skipped[outcome.reason] = (skipped[outcome.reason] ?? 0) + 1;
  };

  if (config.students.enabled && populations.includes('student')) {
    const belongings = new StudentBelongings();
    for (const student of rows.students) {
      const school = schools.get(student.schoolId);
      collect(desiredStudent(student, school, school !== undefined && inScope(school), config, today, belongings));
    }
  }
  if (config.staff.enabled && populations.includes('staff')) {
    const assignments = new Map<string, SchoolStaffRow[]>();
    for (const a of rows.schoolStaff) {
      const list = assignments.get(a.usersDcid);
      if (list) list.push(a);
      else assignments.set(a.usersDcid, [a]);
    }
    for (const user of rows.users) {
      collect(desiredStaff(user, assignments.get(user.dcid) ?? [], schools, inScope, config));
    }
  }
  if (sink && people.length > 0) {
    sink(people);
    people = [];
  }
  return { people, issues, skipped };
}
