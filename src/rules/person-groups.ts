/**
 * Groups gathered from the people themselves, as the D118 groups script gathers them from the
 * custom attributes: a building's students or staff, a grade, a graduating class, a staff type.
 * Everyone whose account is active and who fits the set is placed in the group the set's address
 * template gives them (one group per distinct address: `class-of-{classof}` makes one per class,
 * `{school_abbr}-students` one per building, a template without placeholders one for the district).
 * Students who share a belonging (school, grade, status, class) share its groups, worked out once.
 */
import type { GroupSetConfig } from '../config/types.js';
import type { DesiredGroup, GroupRole } from '../model/group.js';
import type { DesiredPerson, School, StaffBelonging, StudentBelonging } from '../model/person.js';
import type { SchoolRow, SourceIssue } from '../sources/rows.js';
import { UniformMembers } from './desired-members.js';
import { fillHandle, fillText, handleProblem, type TemplateValues } from './group-template.js';

const STAFF_TYPE_NAMES: Readonly<Record<number, string>> = { 0: 'not assigned', 1: 'teacher', 2: 'staff', 3: 'lunch staff', 4: 'substitute' };

interface Building {
  group: DesiredGroup;
  members: UniformMembers;
}

/** One person-gathered set's groups, filled as the rules make people. */
export class PersonGroupSet {
  /** By handle; null for a handle that cannot be an address (reported once). */
  private readonly groups = new Map<string, Building | null>();
  private readonly byStudentBelonging = new WeakMap<StudentBelonging, Building | null>();
  private readonly byStaffKey = new Map<string, Building | null>();
  private readonly role: GroupRole | null;
  private readonly gathers: 'student' | 'staff';

  constructor(
    private readonly set: GroupSetConfig,
    private readonly schools: ReadonlyMap<number, SchoolRow>,
    private readonly issue: (issue: SourceIssue) => void,
  ) {
    this.gathers = set.kind === 'building-staff' || set.kind === 'staff-type' ? 'staff' : 'student';
    this.role = this.gathers === 'staff' ? set.roles.staff : set.roles.students;
  }

  add(person: DesiredPerson): void {
    const b = person.belonging;
    if (this.role === null || !b.enabled || b.population !== this.gathers) return;
    if (b.population === 'student') {
      let building = this.byStudentBelonging.get(b);
      if (building === undefined) this.byStudentBelonging.set(b, (building = this.studentGroup(person, b)));
      building?.members.add(person.person);
      return;
    }
    for (const school of this.staffSchools(b)) {
      const key = `${school.number}|${b.staffType ?? ''}`;
      let building = this.byStaffKey.get(key);
      if (building === undefined) this.byStaffKey.set(key, (building = this.staffGroup(person, b, school)));
      building?.members.add(person.person);
    }
  }

  result(): DesiredGroup[] {
    return [...this.groups.values()].flatMap((g) => (g === null ? [] : [g.group]));
  }

  private studentGroup(person: DesiredPerson, b: StudentBelonging): Building | null {
    const { set } = this;
    if (!this.wanted(b.school) || (set.grades !== null && !set.grades.includes(b.grade))) return null;
    if (set.kind === 'graduating-class' && b.classOf === null) return null;
    const values = { ...schoolValues(b.school), grade: String(b.grade), classof: b.classOf === null ? '' : String(b.classOf) };
    const at = `${b.school.name} (${b.school.number})`;
    if (set.kind === 'grade') return this.groupFor(values, `grade ${b.grade} at ${b.school.abbreviation}`, `in grade ${b.grade} at ${at}`, `the active students in grade ${b.grade} at ${at}`, person);
    if (set.kind === 'graduating-class') return this.groupFor(values, `class of ${b.classOf}`, `class of ${b.classOf}`, `the active students of the class of ${b.classOf}`, person);
    return this.groupFor(values, `students of ${b.school.abbreviation}`, `a student at ${at}`, `the active students of ${at}`, person);
  }

  private staffGroup(person: DesiredPerson, b: StaffBelonging, school: School): Building | null {
    const { set } = this;
    if (!this.wanted(school) || (set.staffTypes !== null && (b.staffType === null || !set.staffTypes.includes(b.staffType)))) return null;
    const typeName = b.staffType === null ? '' : (STAFF_TYPE_NAMES[b.staffType] ?? `type ${b.staffType}`);
    const values = { ...schoolValues(school), staff_type: b.staffType === null ? '' : String(b.staffType), staff_type_name: typeName };
    const at = `${school.name} (${school.number})`;
    const by = this.set.staffSchools === 'home' ? 'home school' : 'a school they are active at';
    if (set.kind === 'staff-type') {
      if (b.staffType === null) return null;
      return this.groupFor(values, `${typeName} staff (type ${b.staffType})`, `${typeName} (staff type ${b.staffType}) at ${at}`, `the active ${typeName} staff (type ${b.staffType}) whose ${by} is ${at}`, person);
    }
    return this.groupFor(values, `staff of ${school.abbreviation}`, `staff at ${at}`, `the active staff whose ${by} is ${at}`, person);
  }

  /** The schools a staff member counts at: the home school, or each school they are active at. */
  private staffSchools(b: StaffBelonging): School[] {
    if (this.set.staffSchools === 'home') return [b.school];
    const out: School[] = [];
    for (const n of b.schools) {
      const row = this.schools.get(n);
      if (row !== undefined) out.push({ number: row.schoolNumber, name: row.name, abbreviation: row.abbreviation });
    }
    return out;
  }

  private wanted(school: School): boolean {
    return this.set.schools === null || this.set.schools.includes(school.number);
  }

  /** The group these values name (made the first time), or null when its address cannot be one (reported once). */
  /** `why`: each member's reason; `holds`: whom the group holds, for the change that makes it. */
  private groupFor(values: TemplateValues, label: string, why: string, holds: string, person: DesiredPerson): Building | null {
    const { set } = this;
    const handle = fillHandle(set.address, values);
    const found = this.groups.get(handle);
    if (found !== undefined) return found;
    const problem = handleProblem(handle);
    if (problem !== null) {
      const { file, row } = person.origin;
      this.issue({
        severity: 'error',
        code: 'INVALID_GROUP_ADDRESS',
        file,
        row,
        message: `${file} row ${row}: the group address "${handle}" (groups set "${set.name}") ${problem}; nobody is placed in it`,
      });
      this.groups.set(handle, null);
      return null;
    }
    const role = this.role as GroupRole;
    const members = new UniformMembers(role, why);
    const group: DesiredGroup = {
      set: set.name,
      handle,
      name: fillText(set.displayName, values),
      description: fillText(set.description, values),
      label,
      why: `for ${holds}`,
      exclusive: set.exclusive,
      managedRoles: this.gathers === 'student' ? { student: [role], staff: [] } : { student: [], staff: [role] },
      ended: null,
      members,
    };
    const building = { group, members };
    this.groups.set(handle, building);
    return building;
  }
}

function schoolValues(school: School): Record<string, string> {
  return { school_abbr: school.abbreviation, school_number: String(school.number), school_name: school.name };
}
