/**
 * The group rules (rules/desired-groups.ts and its parts): who belongs in which managed group,
 * in what role and why, for each kind of set, and which terms count on a given day (the term
 * window's lead time and grace, on the day before, of and after each boundary).
 */
import { describe, expect, it } from 'vitest';
import type { GroupSetConfig } from '../../src/config/types.js';
import { desiredAccounts } from '../../src/engine/desired-for-target.js';
import type { DesiredGroup } from '../../src/model/group.js';
import type { ClassRows } from '../../src/sources/class-rows.js';
import type { SchoolStaffRow, StaffUserRow, StudentRow } from '../../src/sources/rows.js';
import { addDays, TermWindow } from '../../src/rules/term-window.js';
import { assignment, makeConfig, rows, staffUser, student } from '../builders.js';
import { googleTarget } from '../google-builders.js';

const TODAY = '2026-11-23';
let row = 1;
const at = (file: string) => ({ file, row: ++row });

type SetInput = Partial<GroupSetConfig> & Pick<GroupSetConfig, 'name' | 'kind' | 'address' | 'displayName'>;

function groupsOf(sets: SetInput[], people: { students?: StudentRow[]; users?: StaffUserRow[]; schoolStaff?: SchoolStaffRow[]; classes?: ClassRows }, today = TODAY, terms = { leadDays: 7, graceDays: 7 }) {
  const config = makeConfig({ powerschool: { classes: true }, groups: { terms, sets } } as never);
  const state = desiredAccounts(rows({ ...people }), config, googleTarget(config), today);
  return { groups: state.groups ?? [], issues: state.issues };
}

/** "Name role reason" for each member, sorted. */
function members(g: DesiredGroup | undefined): string[] {
  if (g === undefined) throw new Error('no such group');
  const out: string[] = [];
  for (let i = 0; i < g.members.size; i++) out.push(`${g.members.person(i).displayName} ${g.members.role(i)} ${g.members.reason(i)}`);
  return out.sort();
}

const byHandle = (groups: DesiredGroup[]) => new Map(groups.map((g) => [g.handle, g]));

// Whitmore High (301): a year term, two semesters, one class in each.
const YEAR = { id: 3600, firstDay: '2026-08-19', lastDay: '2027-06-04', abbreviation: '26-27' };
const S1 = { id: 3601, firstDay: '2026-08-19', lastDay: '2026-12-18', abbreviation: 'S1' };
const S2 = { id: 3602, firstDay: '2027-01-05', lastDay: '2027-06-04', abbreviation: 'S2' };
const ROLE_KEYS = {
  1: 'com.pearson.powerschool.coteach.primary.teacher',
  2: 'com.pearson.powerschool.coteach.co.teacher',
  3: 'com.pearson.powerschool.coteach.teacher.aide',
};

function classes(parts: Partial<ClassRows> = {}): ClassRows {
  return {
    terms: [YEAR, S1, S2].map((t) => ({ origin: at('terms.csv'), schoolId: 301, yearId: 36, ...t })),
    courses: [
      { origin: at('courses.csv'), courseNumber: 'ALG1', name: 'Algebra 1' },
      { origin: at('courses.csv'), courseNumber: 'BIO', name: 'Biology' },
      { origin: at('courses.csv'), courseNumber: 'CHEM', name: 'Chemistry' },
    ],
    sections: [
      { origin: at('sections.csv'), id: 501, schoolId: 301, courseNumber: 'ALG1', sectionNumber: '3', termId: YEAR.id, teacherId: '1002', expression: '1(A)', room: '101' },
      { origin: at('sections.csv'), id: 502, schoolId: 301, courseNumber: 'BIO', sectionNumber: '1', termId: S1.id, teacherId: '1002', expression: '2(A)', room: '102' },
      { origin: at('sections.csv'), id: 503, schoolId: 301, courseNumber: 'CHEM', sectionNumber: '1', termId: S2.id, teacherId: '1002', expression: '3(A)', room: '103' },
    ],
    enrollments: [],
    sectionTeachers: [],
    roles: Object.entries(ROLE_KEYS).map(([id, roleKey]) => ({ origin: at('roledef.csv'), id: Number(id), name: roleKey.split('.').pop() as string, roleKey })),
    ...parts,
  };
}

const enrol = (studentId: string, sectionId: number, dateEnrolled: string, dateLeft: string, dropped = false) => ({
  origin: at('cc.csv'),
  studentId,
  sectionId: dropped ? -sectionId : sectionId,
  termId: dropped ? -YEAR.id : YEAR.id,
  dateEnrolled,
  dateLeft,
  dropped,
});

const SECTIONS: SetInput = {
  name: 'classes',
  kind: 'section',
  address: '{school_abbr}-{course_number}-{section_number}-{term_abbr}',
  displayName: '{course_name} {section_number} ({school_abbr} {term_abbr})',
  description: '{course_name} with {teacher}',
};

/** Three teachers (SCHOOLSTAFF.ID 1002 lead, 1003 co-teacher, 1004 aide) and three students of Whitmore High. */
function school() {
  const lead = staffUser({ firstName: 'Lena', lastName: 'Lead' });
  const co = staffUser({ firstName: 'Cory', lastName: 'Co' });
  const aide = staffUser({ firstName: 'Ada', lastName: 'Aide' });
  const users = [lead, co, aide];
  const schoolStaff = users.map((u, i) => ({ ...assignment(u.dcid, 301), id: String(1002 + i) }));
  const kept = student({ firstName: 'Kim', lastName: 'Kept' });
  const dropped = student({ firstName: 'Dee', lastName: 'Dropped' });
  const later = student({ firstName: 'Lou', lastName: 'Later' });
  return { users, schoolStaff, students: [kept, dropped, later], kept, dropped, later };
}

describe('section groups', () => {
  it('one group per section of a term that counts: students enrolled as members, lead and co-teachers as owners, aides not placed (the defaults), each with a reason', () => {
    const s = school();
    const { groups, issues } = groupsOf([SECTIONS], {
      ...s,
      classes: classes({
        enrollments: [
          enrol(s.kept.id, 501, '2026-08-19', '2027-06-05'),
          enrol(s.dropped.id, 501, '2026-08-19', '2026-10-02', true),
          // Starts after the lead time: not yet.
          enrol(s.later.id, 501, '2026-12-07', '2027-06-05'),
        ],
        sectionTeachers: [
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1002', roleId: 1, startDate: null, endDate: null },
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1003', roleId: 2, startDate: '2026-09-01', endDate: null },
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1004', roleId: 3, startDate: null, endDate: null },
        ],
      }),
    });
    expect(issues).toEqual([]);
    // S2's class has not begun (even with 7 days' lead); S1's still counts.
    expect(groups.map((g) => g.handle).sort()).toEqual(['whs-alg1-3-26-27', 'whs-bio-1-s1']);
    const alg = byHandle(groups).get('whs-alg1-3-26-27')!;
    expect(alg).toMatchObject({ set: 'classes', name: 'Algebra 1 3 (WHS 26-27)', description: 'Algebra 1 with Lena Lead', label: 'ALG1-3 (WHS, 26-27)', ended: null, exclusive: 'none' });
    expect(alg.why).toBe("ALG1-3 at WHS: term 26-27 (2026-08-19 to 2027-06-04) counts (7 days' lead, 7 days' grace)");
    expect(alg.managedRoles).toEqual({ student: ['member'], staff: ['owner'] });
    expect(members(alg)).toEqual(['Cory Co owner co-teacher of ALG1-3 since 2026-09-01', 'Kim Kept member enrolled in ALG1-3 since 2026-08-19', 'Lena Lead owner lead teacher of ALG1-3 since 2026-08-19']);
    // Without SECTIONTEACHER rows, SECTIONS.TEACHER leads the class.
    expect(members(byHandle(groups).get('whs-bio-1-s1'))).toEqual(['Lena Lead owner lead teacher of BIO-1 since 2026-08-19']);
  });

  it('remembers why someone left: a drop with its date, an enrollment that ended, a co-teacher whose assignment ended; not someone never enrolled', () => {
    const s = school();
    // The building sets place everyone, so the test can name the Person the rules made.
    const buildings: SetInput[] = [
      { name: 'students', kind: 'building-students', address: '{school_abbr}-students', displayName: '{school_name} Students' },
      { name: 'staff', kind: 'building-staff', address: '{school_abbr}-staff', displayName: '{school_name} Staff' },
    ];
    const { groups } = groupsOf([SECTIONS, ...buildings], {
      ...s,
      classes: classes({
        enrollments: [enrol(s.dropped.id, 501, '2026-08-19', '2026-10-02', true), enrol(s.kept.id, 501, '2026-08-19', '2026-11-20')],
        sectionTeachers: [
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1002', roleId: 1, startDate: null, endDate: null },
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1003', roleId: 2, startDate: null, endDate: '2026-10-30' },
        ],
      }),
    });
    const g = byHandle(groups);
    const alg = g.get('whs-alg1-3-26-27')!;
    expect(members(alg)).toEqual(['Lena Lead owner lead teacher of ALG1-3 since 2026-08-19']);
    const person = new Map(
      ['whs-students', 'whs-staff'].flatMap((h) => {
        const all = g.get(h)!;
        return [...Array(all.members.size).keys()].map((i) => [all.members.person(i).displayName, all.members.person(i)] as const);
      }),
    );
    expect(alg.members.departure(person.get('Cory Co')!)).toBe('co-teacher until 2026-10-30');
    expect(alg.members.departure(person.get('Dee Dropped')!)).toBe('dropped 2026-10-02');
    expect(alg.members.departure(person.get('Kim Kept')!)).toBe('left 2026-11-20');
    expect(alg.members.departure(person.get('Lou Later')!)).toBeUndefined();
  });

  it('roles come from the set: aides as managers, co-teachers as members, students not placed', () => {
    const s = school();
    const { groups } = groupsOf([{ ...SECTIONS, roles: { students: null, leadTeacher: 'owner', coTeachers: 'member', aides: 'manager' } as GroupSetConfig['roles'] }], {
      ...s,
      classes: classes({
        sections: classes().sections.slice(0, 1),
        enrollments: [enrol(s.kept.id, 501, '2026-08-19', '2027-06-05')],
        sectionTeachers: [
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1002', roleId: 1, startDate: null, endDate: null },
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1003', roleId: 2, startDate: null, endDate: null },
          { origin: at('sectionteacher.csv'), sectionId: 501, teacherId: '1004', roleId: 3, startDate: null, endDate: null },
        ],
      }),
    });
    expect(members(groups[0])).toEqual([
      'Ada Aide manager aide of ALG1-3 since 2026-08-19',
      'Cory Co member co-teacher of ALG1-3 since 2026-08-19',
      'Lena Lead owner lead teacher of ALG1-3 since 2026-08-19',
    ]);
    expect(groups[0]!.managedRoles).toEqual({ student: [], staff: ['owner', 'member', 'manager'] });
  });

  describe('the term window on the fixture semesters (7 days of lead, 7 of grace)', () => {
    const handlesOn = (today: string, endedTerms: GroupSetConfig['endedTerms'] = 'archive') => {
      const s = school();
      const { groups } = groupsOf([{ ...SECTIONS, endedTerms }], { ...s, classes: classes({ enrollments: [enrol(s.kept.id, 502, '2026-08-19', '2026-12-19')] }) }, today);
      return new Map(groups.map((g) => [g.handle, g]));
    };

    it('a term begins counting 7 days before its first day: not on the day before that, from that day on', () => {
      expect(addDays(S2.firstDay, -7)).toBe('2026-12-29');
      expect(handlesOn('2026-12-28').has('whs-chem-1-s2')).toBe(false);
      expect(handlesOn('2026-12-29').has('whs-chem-1-s2')).toBe(true);
      expect(handlesOn('2026-12-30').has('whs-chem-1-s2')).toBe(true);
    });

    it('a term counts through 7 days after its last day, and has ended the day after: archived (members no longer placed) as the set says', () => {
      expect(addDays(S1.lastDay, 7)).toBe('2026-12-25');
      const before = handlesOn('2026-12-24').get('whs-bio-1-s1')!;
      const last = handlesOn('2026-12-25').get('whs-bio-1-s1')!;
      const after = handlesOn('2026-12-26').get('whs-bio-1-s1')!;
      expect([before.ended, last.ended]).toEqual([null, null]);
      expect(members(last)).toEqual(['Kim Kept member enrolled in BIO-1 since 2026-08-19', 'Lena Lead owner lead teacher of BIO-1 since 2026-08-19']);
      expect(after.ended).toEqual({ action: 'archive', why: "term S1 (2026-08-19 to 2026-12-18) ended 2026-12-18 (7 days' lead, 7 days' grace)" });
      expect(members(after)).toEqual([]);
    });

    it('an ended term\'s group is given to be deleted when the set says so, and not given at all when it keeps them (the default: never deleted)', () => {
      expect(handlesOn('2026-12-26', 'delete').get('whs-bio-1-s1')!.ended?.action).toBe('delete');
      expect(handlesOn('2026-12-26', 'keep').has('whs-bio-1-s1')).toBe(false);
      const s = school();
      const defaults = makeConfig({ powerschool: { classes: true }, groups: { sets: [SECTIONS] } } as never);
      expect(defaults.groups!.sets[0]!.endedTerms).toBe('keep');
      expect(desiredAccounts(rows({ ...s, classes: classes() }), defaults, googleTarget(defaults), '2027-03-01').groups!.map((g) => g.handle)).not.toContain('whs-bio-1-s1');
    });
  });
});

describe('the term window', () => {
  const term = { firstDay: '2027-01-05', lastDay: '2027-06-04' };

  it('lead time: the day before the lead starts, its first day, the term\'s first day', () => {
    expect(new TermWindow('2026-12-28', { leadDays: 7, graceDays: 0 }).term(term)).toBe('not-begun');
    expect(new TermWindow('2026-12-29', { leadDays: 7, graceDays: 0 }).term(term)).toBe('counts');
    expect(new TermWindow('2027-01-04', { leadDays: 0, graceDays: 0 }).term(term)).toBe('not-begun');
    expect(new TermWindow('2027-01-05', { leadDays: 0, graceDays: 0 }).term(term)).toBe('counts');
  });

  it('grace: the last day of grace, the day after; with no grace, the term\'s last day and the day after', () => {
    expect(new TermWindow('2027-06-11', { leadDays: 0, graceDays: 7 }).term(term)).toBe('counts');
    expect(new TermWindow('2027-06-12', { leadDays: 0, graceDays: 7 }).term(term)).toBe('ended');
    expect(new TermWindow('2027-06-04', { leadDays: 0, graceDays: 0 }).term(term)).toBe('counts');
    expect(new TermWindow('2027-06-05', { leadDays: 0, graceDays: 0 }).term(term)).toBe('ended');
  });

  it('an enrollment counts until its DATELEFT (the first day out); one that ends with the term keeps the grace', () => {
    const w = (today: string) => new TermWindow(today, { leadDays: 7, graceDays: 7 });
    expect(w('2026-10-01').enrollment('2026-08-19', '2026-10-02', term)).toBe(true);
    expect(w('2026-10-02').enrollment('2026-08-19', '2026-10-02', term)).toBe(false);
    expect(w('2027-06-10').enrollment('2027-01-05', '2027-06-05', term)).toBe(true);
    expect(w('2027-06-12').enrollment('2027-01-05', '2027-06-05', term)).toBe(false);
    // Enrolled from a day within the lead time counts already; one a day later does not.
    expect(w('2026-12-29').enrollment('2027-01-05', '2027-06-05', term)).toBe(true);
    expect(w('2026-12-28').enrollment('2027-01-05', '2027-06-05', term)).toBe(false);
    expect(w('2026-12-28').describe()).toBe("7 days' lead, 7 days' grace");
    expect(new TermWindow('2026-12-28', { leadDays: 1, graceDays: 1 }).describe()).toBe("1 day's lead, 1 day's grace");
  });

  it('a teacher\'s assignment counts through its END_DATE, with grace only when it lasts the term', () => {
    const w = (today: string) => new TermWindow(today, { leadDays: 7, graceDays: 7 });
    expect(w('2026-10-30').assignment('2026-08-19', '2026-10-30', term)).toBe(true);
    expect(w('2026-10-31').assignment('2026-08-19', '2026-10-30', term)).toBe(false);
    expect(w('2027-06-11').assignment(null, null, term)).toBe(true);
    expect(w('2027-06-12').assignment(null, null, term)).toBe(false);
  });
});

describe('groups of people: buildings, grades, graduating classes, staff types', () => {
  function district() {
    const ninth = student({ firstName: 'Nia', lastName: 'Ninth', gradeLevel: 9, classOf: 2030 });
    const senior = student({ firstName: 'Sam', lastName: 'Senior', gradeLevel: 12, classOf: 2027 });
    const middle = student({ firstName: 'Mo', lastName: 'Middle', gradeLevel: 7, schoolId: 201, classOf: 2032 });
    const gone = student({ firstName: 'Gil', lastName: 'Gone', gradeLevel: 9, enrollStatus: 2, classOf: 2030 });
    const teacher = staffUser({ firstName: 'Tia', lastName: 'Teacher', homeSchoolId: 301 });
    const clerk = staffUser({ firstName: 'Cal', lastName: 'Clerk', homeSchoolId: 301 });
    const both = staffUser({ firstName: 'Bo', lastName: 'Both', homeSchoolId: 201 });
    return {
      students: [ninth, senior, middle, gone],
      users: [teacher, clerk, both],
      schoolStaff: [assignment(teacher.dcid, 301, 1, 1), assignment(clerk.dcid, 301, 1, 2), assignment(both.dcid, 201, 1, 1), assignment(both.dcid, 301, 1, 1)],
    };
  }

  it('building students: every active student of the school, as member; inactive students are not placed', () => {
    const { groups } = groupsOf([{ name: 'students', kind: 'building-students', address: '{school_abbr}-students', displayName: '{school_name} Students' }], district());
    const g = byHandle(groups);
    expect([...g.keys()].sort()).toEqual(['cms-students', 'whs-students']);
    expect(members(g.get('whs-students'))).toEqual(['Nia Ninth member a student at Whitmore High (301)', 'Sam Senior member a student at Whitmore High (301)']);
    expect(g.get('whs-students')!.managedRoles).toEqual({ student: ['member'], staff: [] });
    expect(g.get('whs-students')!.why).toBe('for the active students of Whitmore High (301)');
  });

  it('grade: one group per school and grade, limited to the grades named', () => {
    const { groups } = groupsOf([{ name: 'grades', kind: 'grade', address: '{school_abbr}-grade-{grade}', displayName: '{school_name} Grade {grade}', grades: [7, 9] }], district());
    const g = byHandle(groups);
    expect([...g.keys()].sort()).toEqual(['cms-grade-7', 'whs-grade-9']);
    expect(members(g.get('whs-grade-9'))).toEqual(['Nia Ninth member in grade 9 at Whitmore High (301)']);
  });

  it('graduating class: one group per class across schools', () => {
    const { groups } = groupsOf([{ name: 'classes-of', kind: 'graduating-class', address: 'class-of-{classof}', displayName: 'Class of {classof}' }], district());
    const g = byHandle(groups);
    expect([...g.keys()].sort()).toEqual(['class-of-2027', 'class-of-2030', 'class-of-2032']);
    expect(members(g.get('class-of-2030'))).toEqual(['Nia Ninth member class of 2030']);
  });

  it('building staff: by home school, or by every school a person is active at', () => {
    const set: SetInput = { name: 'staff', kind: 'building-staff', address: '{school_abbr}-staff', displayName: '{school_name} Staff' };
    const home = byHandle(groupsOf([set], district()).groups);
    expect(members(home.get('whs-staff'))).toEqual(['Cal Clerk member staff at Whitmore High (301)', 'Tia Teacher member staff at Whitmore High (301)']);
    expect(members(home.get('cms-staff'))).toEqual(['Bo Both member staff at Cedar Middle (201)']);
    const active = byHandle(groupsOf([{ ...set, staffSchools: 'active', roles: { staff: 'manager' } as GroupSetConfig['roles'] }], district()).groups);
    expect(members(active.get('whs-staff'))).toEqual(['Bo Both manager staff at Whitmore High (301)', 'Cal Clerk manager staff at Whitmore High (301)', 'Tia Teacher manager staff at Whitmore High (301)']);
  });

  it('staff type: one group per school and STAFFSTATUS, limited to the types named', () => {
    const { groups } = groupsOf([{ name: 'types', kind: 'staff-type', address: '{school_abbr}-{staff_type_name}s', displayName: '{school_name} {staff_type_name}s', staffTypes: [1] }], district());
    const g = byHandle(groups);
    expect([...g.keys()].sort()).toEqual(['cms-teachers', 'whs-teachers']);
    expect(members(g.get('whs-teachers'))).toEqual(['Tia Teacher member teacher (staff type 1) at Whitmore High (301)']);
  });

  it('two sets asking for one address: neither is managed, each reported', () => {
    const { groups, issues } = groupsOf(
      [
        { name: 'a', kind: 'building-students', address: 'everyone', displayName: 'Everyone' },
        { name: 'b', kind: 'building-staff', address: 'everyone', displayName: 'Everyone' },
      ],
      district(),
    );
    expect(groups).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(['GROUP_ADDRESS_CLASH']));
  });
});
