import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serialisePlan } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import type { SchoolStaffRow, SourceRows, StaffUserRow, StudentRow } from '../../src/sources/rows.js';
import type { DirectoryUser, GoogleState } from '../../src/targets/google/directory-types.js';
import { DOMAIN, makeConfig, SCHOOLS } from '../builders.js';
import { desiredGoogle, group, planGoogle, userFromDesired } from '../google-builders.js';
import { applyInMemory } from './apply-in-memory.js';
import { sourceDigest } from '../../src/engine/digests.js';

const config = makeConfig({
  students: { graduateGrace: { until: '09-01' }, frozenOrgUnits: ['**/Restricted'] },
  staff: { frozenOrgUnits: ['**/Administrators'] },
});
const names = fc.constantFrom('Ava', 'Liam', 'Noah', 'Mia', 'Zoë', "O'Neil", 'Lee-Ann', 'José');
const schoolIds = fc.constantFrom(101, 201, 301, 900, 950);

const studentArb = fc.record({
  n: fc.integer({ min: 1, max: 60 }),
  first: names,
  last: names,
  grade: fc.integer({ min: -1, max: 12 }),
  school: schoolIds,
  enroll: fc.constantFrom(-1, 0, 0, 0, 1, 2, 3, 4),
  classOf: fc.constantFrom(2025, 2026, 2027, 2030),
});
const staffArb = fc.record({
  n: fc.integer({ min: 1, max: 30 }),
  first: names,
  last: names,
  home: schoolIds,
  statuses: fc.array(fc.record({ school: schoolIds, status: fc.constantFrom(0, 1, 1), type: fc.constantFrom(1, 2, 4) }), { maxLength: 3 }),
  cell: fc.constantFrom('', '555-0101'),
});
const districtArb = fc.record({ students: fc.array(studentArb, { maxLength: 25 }), staff: fc.array(staffArb, { maxLength: 10 }) });
const todayArb = fc.constantFrom('2026-05-31', '2026-06-01', '2026-08-31', '2026-09-01', '2026-11-23');

type District = typeof districtArb extends fc.Arbitrary<infer T> ? T : never;

function toRows(d: District): SourceRows {
  let row = 1;
  const students: StudentRow[] = d.students.map((s) => ({
    origin: { file: 'students.csv', row: ++row },
    dcid: String(40000 + s.n),
    id: String(s.n),
    studentNumber: String(20000 + s.n),
    firstName: s.first,
    middleName: '',
    lastName: s.last,
    gradeLevel: s.grade,
    schoolId: s.school,
    enrollStatus: s.enroll,
    classOf: s.classOf,
  }));
  row = 1;
  const users: StaffUserRow[] = d.staff.map((s) => ({
    origin: { file: 'users.csv', row: ++row },
    dcid: String(5000 + s.n),
    email: `staff${s.n}@${DOMAIN}`,
    firstName: s.first,
    lastName: s.last,
    teacherNumber: `T${s.n}`,
    homeSchoolId: s.home,
    groupValue: 'Teachers',
    cellPhone: s.cell,
  }));
  row = 1;
  const schoolStaff: SchoolStaffRow[] = d.staff.flatMap((s) =>
    s.statuses.map((a) => ({ origin: { file: 'schoolstaff.csv', row: ++row }, usersDcid: String(5000 + s.n), schoolId: a.school, status: a.status, staffStatus: a.type })),
  );
  return { schools: SCHOOLS, students, users, schoolStaff, issues: [] };
}

function plan(rows: SourceRows, google: GoogleState, today: string): Plan {
  return planGoogle(desiredGoogle(rows, config, today), google, config, today, { config: 'sha256:x', source: sourceDigest(rows), directory: 'sha256:y' });
}

/** Google as it would be if it held exactly the desired accounts (plus every suspended account's groups emptied). */
function materialise(rows: SourceRows, today: string): GoogleState {
  const desired = desiredGoogle(rows, config, today).accounts;
  return { users: desired.map((d) => userFromDesired(d)), groups: [], orgUnits: [] };
}

/** Random drift: OU, suspension, names and attributes changed on some accounts; some accounts missing; all in a group. */
const driftArb = fc.array(fc.constantFrom('ou', 'suspend', 'unsuspend', 'name', 'attr', 'drop', 'none', 'none'), { minLength: 100, maxLength: 100 });

function drift(google: GoogleState, plan: string[]): GoogleState {
  const users: DirectoryUser[] = [];
  google.users.forEach((u, i) => {
    const what = plan[i % plan.length];
    const copy = structuredClone(u);
    if (what === 'drop') return;
    if (what === 'ou') copy.orgUnitPath = '/Somewhere Else';
    if (what === 'suspend') copy.suspended = true;
    if (what === 'unsuspend') copy.suspended = false;
    if (what === 'name') copy.name = { givenName: 'Old', familyName: 'Name' };
    if (what === 'attr') copy.customSchemas = { ...copy.customSchemas, StudentInfo: { Graduation_Year: '1999' }, Other: { Keep: 'me' } };
    users.push(copy);
  });
  return { users, groups: [group(`all@${DOMAIN}`, users.map((u) => u.primaryEmail))], orgUnits: [] };
}

describe('plan properties', () => {
  it('planning a state against itself gives no changes', () => {
    fc.assert(
      fc.property(districtArb, todayArb, (district, today) => {
        const rows = toRows(district);
        expect(plan(rows, materialise(rows, today), today).changes).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('PowerSchool names in capitals or lower case plan nothing against the same people in Google', () => {
    fc.assert(
      fc.property(districtArb, todayArb, fc.constantFrom('upper', 'lower'), (district, today, how) => {
        const rows = toRows(district);
        const recase = (s: string) => (how === 'upper' ? s.toUpperCase() : s.toLowerCase());
        const recased: SourceRows = {
          ...rows,
          schools: rows.schools.map((s) => ({ ...s, name: recase(s.name) })),
          students: rows.students.map((s) => ({ ...s, firstName: recase(s.firstName), lastName: recase(s.lastName) })),
          users: rows.users.map((u) => ({ ...u, firstName: recase(u.firstName), lastName: recase(u.lastName) })),
        };
        expect(plan(recased, materialise(rows, today), today).changes).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('applying a plan and planning again gives no changes (convergence in one run)', () => {
    fc.assert(
      fc.property(districtArb, todayArb, driftArb, (district, today, how) => {
        const rows = toRows(district);
        const start = drift(materialise(rows, today), how);
        const first = plan(rows, start, today);
        const second = plan(rows, applyInMemory(first, start), today);
        expect(second.changes).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('the same inputs give byte-identical plans, whatever order rows and accounts come in', () => {
    fc.assert(
      fc.property(districtArb, todayArb, driftArb, fc.integer(), (district, today, how, seed) => {
        const rows = toRows(district);
        const google = drift(materialise(rows, today), how);
        const shuffle = <T>(xs: T[]): T[] => {
          const out = [...xs];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const shuffledRows = { ...rows, students: shuffle(rows.students), users: shuffle(rows.users), schoolStaff: shuffle(rows.schoolStaff) };
        const shuffledGoogle = { ...google, users: shuffle(google.users) };
        const a = serialisePlan(plan(rows, google, today));
        expect(serialisePlan(plan(rows, google, today))).toBe(a);
        expect(serialisePlan(plan(shuffledRows, shuffledGoogle, today))).toBe(a);
      }),
      { numRuns: 100 },
    );
  });
});
