/**
 * Pure: who belongs in which managed group, in what role, and why (config groups). The rules
 * hand it the people as they make them (only active people are placed), then the class tables;
 * it gives the groups each set asks for, named by handle (a target makes addresses of them), and
 * the issues it found. Two groups asking for one address cannot both be kept: a class of a term
 * that counts wins over one of a term that has ended (a group kept from one semester to the
 * next), and otherwise each is reported and left out.
 */
import type { Config, GroupSetConfig } from '../config/types.js';
import type { DesiredGroup } from '../model/group.js';
import type { DesiredPerson, Person } from '../model/person.js';
import type { ClassRows } from '../sources/class-rows.js';
import type { SchoolRow, SourceIssue, SourceRows } from '../sources/rows.js';
import { casedSchool } from './cased-school.js';
import { PersonGroupSet } from './person-groups.js';
import { schoolInScope } from './school-scope.js';
import { ClassIndex, sectionGroups, type ClassPerson } from './section-groups.js';
import { TermWindow } from './term-window.js';

export interface DesiredGroups {
  groups: DesiredGroup[];
  issues: SourceIssue[];
}

export class GroupRules {
  private readonly issues: SourceIssue[] = [];
  private readonly schools = new Map<number, SchoolRow>();
  private readonly personSets: PersonGroupSet[];
  private readonly sectionSets: GroupSetConfig[];
  /** Students by STUDENTS.ID, and staff by DCID: what the class tables point at. */
  private readonly students = new Map<string, ClassPerson>();
  private readonly staff = new Map<string, ClassPerson>();
  private classPeople = 0;

  constructor(
    private readonly config: Config & { groups: NonNullable<Config['groups']> },
    rows: Pick<SourceRows, 'schools'>,
    private readonly today: string,
  ) {
    for (const school of rows.schools) if (!this.schools.has(school.schoolNumber)) this.schools.set(school.schoolNumber, casedSchool(school, config.names.case));
    const sets = config.groups.sets;
    this.sectionSets = sets.filter((s) => s.kind === 'section');
    this.personSets = sets.filter((s) => s.kind !== 'section').map((s) => new PersonGroupSet(s, this.schools, (i) => this.issues.push(i)));
  }

  /** People as the rules make them (any order, in batches). */
  addPeople(people: readonly DesiredPerson[]): void {
    const classes = this.sectionSets.length > 0;
    for (const p of people) {
      if (p.belonging.enabled) for (const set of this.personSets) set.add(p);
      if (!classes) continue;
      const entry: ClassPerson = { person: p.person, placed: p.belonging.enabled, n: this.classPeople++ };
      if (p.person.population === 'student') this.students.set(p.identity.id, entry);
      else this.staff.set(p.identity.dcid, entry);
    }
  }

  /** The groups of every set, once all people are in; `classes` and SCHOOLSTAFF for the section sets. */
  finish(classes: ClassRows | undefined, schoolStaff: SourceRows['schoolStaff']): DesiredGroups {
    const groups: DesiredGroup[] = this.personSets.flatMap((s) => s.result());
    if (this.sectionSets.length > 0 && classes !== undefined) {
      const staffById = new Map<string, ClassPerson>();
      const knownStaffIds = new Set<string>();
      for (const a of schoolStaff) {
        if (a.id === undefined) continue;
        knownStaffIds.add(a.id);
        const person = this.staff.get(a.usersDcid);
        if (person !== undefined) staffById.set(a.id, person);
      }
      const index = new ClassIndex(classes);
      const ctx = {
        students: this.students,
        staff: staffById,
        people: this.classPeople,
        knownStaffIds,
        schools: this.schools,
        inScope: (school: SchoolRow) => schoolInScope(school, this.config.scope.schools),
        window: new TermWindow(this.today, this.config.groups.terms),
        issue: (i: SourceIssue) => this.issues.push(i),
      };
      for (const set of this.sectionSets) groups.push(...sectionGroups(set, index, ctx));
    }
    return { groups: this.oneGroupPerHandle(groups), issues: this.issues };
  }

  private oneGroupPerHandle(groups: readonly DesiredGroup[]): DesiredGroup[] {
    const byHandle = new Map<string, DesiredGroup[]>();
    for (const g of groups) {
      const list = byHandle.get(g.handle);
      if (list) list.push(g);
      else byHandle.set(g.handle, [g]);
    }
    const kept: DesiredGroup[] = [];
    for (const [handle, claims] of byHandle) {
      const current = claims.filter((g) => g.ended === null);
      const contenders = current.length > 0 ? current : claims;
      const sets = new Set(claims.map((g) => g.set));
      if (contenders.length === 1 && sets.size === 1) {
        kept.push(contenders[0] as DesiredGroup);
        continue;
      }
      if (current.length === 0 && sets.size === 1) {
        // Only ended classes ask for it: the first (by source row) says what becomes of it.
        kept.push([...claims].sort(byOrigin)[0] as DesiredGroup);
        continue;
      }
      for (const g of contenders) {
        const others = claims.filter((o) => o !== g).map((o) => `${o.label} (set "${o.set}")`);
        this.issues.push({
          severity: 'error',
          code: 'GROUP_ADDRESS_CLASH',
          file: g.origin?.file ?? 'config',
          ...(g.origin ? { row: g.origin.row } : {}),
          message: `${g.origin ? `${g.origin.file} row ${g.origin.row}: ` : ''}${g.label} (set "${g.set}") and ${others.join(', ')} would all be the group "${handle}"; none of them is managed until their addresses differ (groups.sets[].address)`,
        });
      }
    }
    return kept;
  }
}

function byOrigin(a: DesiredGroup, b: DesiredGroup): number {
  return (a.origin?.row ?? 0) - (b.origin?.row ?? 0);
}
