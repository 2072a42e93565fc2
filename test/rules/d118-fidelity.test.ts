/**
 * What the D118 scripts' code does that their READMEs never say (issue 12): names and school names
 * title-cased and compared with Google ignoring case, students placed without a grade sub-OU,
 * suspension that keeps what the account had, and the staff type without an active home row.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateChange } from '../../src/plan/types.js';
import type { DesiredAccount } from '../../src/model/account.js';
import type { SchoolRow, SchoolStaffRow, StaffUserRow, StudentRow } from '../../src/sources/rows.js';
import { assignment, DOMAIN, makeConfig, rows, school, SCHOOLS, staffUser, student } from '../builders.js';
import { desiredGoogle, diffGoogle, group, state, userFromDesired } from '../google-builders.js';
import { onlyUpdate } from '../plan/only-update.js';

const TODAY = '2026-11-23';
const config = makeConfig();

function one(parts: Parameters<typeof rows>[0], cfg = config): DesiredAccount {
  const s = desiredGoogle(rows(parts), cfg, TODAY);
  expect(s.issues).toEqual([]);
  expect(s.accounts).toHaveLength(1);
  return s.accounts[0]!;
}
const studentAccount = (s: StudentRow, cfg = config, schools: SchoolRow[] = SCHOOLS) => one({ schools, students: [s] }, cfg);
const staffAccount = (u: StaffUserRow, a: SchoolStaffRow[] = [assignment(u.dcid, u.homeSchoolId)], cfg = config, schools: SchoolRow[] = SCHOOLS) =>
  one({ schools, users: [u], schoolStaff: a }, cfg);

describe('1. name casing', () => {
  it('title-cases student and staff names from capitals, as new accounts get them', () => {
    const s = studentAccount(student({ firstName: 'ÉLODIE', lastName: "O'BRIEN-NÚÑEZ" }));
    expect(s.fields.name).toEqual({ given: 'Élodie', family: "O'Brien-Núñez" });
    expect(s.person.displayName).toBe("Élodie O'Brien-Núñez");
    const created = diffGoogle([s], state([]), config).changes[0]!;
    expect(created).toMatchObject({ kind: 'create', after: { name: { given: 'Élodie', family: "O'Brien-Núñez" } } });
    expect(staffAccount(staffUser({ firstName: 'mary ann', lastName: 'SMITH-JONES' })).fields.name).toEqual({ given: 'Mary Ann', family: 'Smith-Jones' });
  });

  it('keeps a mixed-case word as PowerSchool has it', () => {
    expect(studentAccount(student({ firstName: 'DeShawn', lastName: 'McDonald' })).fields.name).toEqual({ given: 'DeShawn', family: 'McDonald' });
  });

  it('leaves names as PowerSchool has them with names.case as-is', () => {
    const asIs = makeConfig({ names: { case: 'as-is' } });
    expect(studentAccount(student({ firstName: 'OWEN', lastName: 'SMITH' }), asIs).fields.name).toEqual({ given: 'OWEN', family: 'SMITH' });
  });

  it('never renames for a difference in case alone: Google keeps McDonald when PowerSchool says MCDONALD', () => {
    const d = studentAccount(student({ firstName: 'DESHAWN', lastName: 'MCDONALD' }));
    expect(d.fields.name).toEqual({ given: 'Deshawn', family: 'Mcdonald' });
    const google = userFromDesired(d, { name: { givenName: 'DeShawn', familyName: 'McDonald' } });
    const result = diffGoogle([d], state([google]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts.inSync).toBe(1);
    // Nor when the account changes otherwise: a promotion moves McDonald and leaves the name be.
    const promoted = onlyUpdate(diffGoogle([d], state([{ ...google, orgUnitPath: '/Students/WHS Students/8th' }]), config));
    expect(promoted.actions).toEqual(['move']);
    expect(promoted.after.name).toEqual({ given: 'DeShawn', family: 'McDonald' });
    // The same with names as-is: Google holds them in capitals, PowerSchool in title case.
    const asIs = studentAccount(student({ firstName: 'Owen', lastName: 'Smith' }), makeConfig({ names: { case: 'as-is' } }));
    expect(diffGoogle([asIs], state([userFromDesired(asIs, { name: { givenName: 'OWEN', familyName: 'SMITH' } })]), config).changes).toEqual([]);
  });

  it('still renames for a real change, keeping the case Google has for the part that did not change', () => {
    const d = studentAccount(student({ firstName: 'DESHAWN', lastName: 'WASHINGTON' }));
    const google = userFromDesired(d, { name: { givenName: 'DeShawn', familyName: 'McDonald' } });
    const c = onlyUpdate(diffGoogle([d], state([google]), config));
    expect(c.actions).toEqual(['rename']);
    expect(c.after.name).toEqual({ given: 'DeShawn', family: 'Washington' });
    expect(c.patch).toEqual([
      { op: 'test', path: '/name/family', value: 'McDonald' },
      { op: 'replace', path: '/name/family', value: 'Washington' },
    ]);
    // Deterministic: the same inputs give the same change, id included.
    expect(onlyUpdate(diffGoogle([d], state([structuredClone(google)]), config))).toEqual(c);
  });

  it('renames staff in step with PowerSchool ignoring case too', () => {
    const d = staffAccount(staffUser({ firstName: 'ROBERT', lastName: 'JONES' }));
    expect(diffGoogle([d], state([userFromDesired(d, { name: { givenName: 'Robert', familyName: 'Jones' } })]), config).changes).toEqual([]);
  });
});

describe('2. school names', () => {
  const capitals = [...SCHOOLS, school(401, 'ADMINISTRATIVE SERVICE CENTER', 'ASC', true)];

  it('title-cases the staff building OU and the CrisisGO building', () => {
    const u = staffUser({ homeSchoolId: 401 });
    const a = staffAccount(u, [assignment(u.dcid, 401)], config, capitals);
    expect(a.fields.placement).toEqual(['/Staff/Administrative Service Center Staff']);
    expect(a.fields.attributes['customSchemas.CrisisGO.Building']).toBe('Administrative Service Center');
    expect(a.person.school).toEqual({ number: 401, name: 'Administrative Service Center' });
    expect(a.reasons.placement).toContain('Administrative Service Center (401)');
  });

  it('keeps the abbreviation as it is (student building OUs), and the school name as-is when asked', () => {
    const s = studentAccount(student({ schoolId: 401, gradeLevel: 9 }), config, capitals);
    expect(s.fields.placement).toEqual(['/Students/ASC Students/9th']);
    const u = staffUser({ homeSchoolId: 401 });
    expect(staffAccount(u, [assignment(u.dcid, 401)], makeConfig({ names: { case: 'as-is' } }), capitals).fields.placement).toEqual(['/Staff/ADMINISTRATIVE SERVICE CENTER Staff']);
  });

  it('finds the graduated building by name in another case', () => {
    const schools = [...SCHOOLS.filter((s) => s.schoolNumber !== 900), school(900, 'GRADUATED STUDENTS', 'GRAD', true)];
    const a = studentAccount(student({ schoolId: 900, enrollStatus: 0, classOf: 2026 }), makeConfig({ names: { case: 'as-is' } }), schools);
    expect(a.fields).toMatchObject({ placement: ['/Graduated Students'], enabled: false });
    expect(a.reasons.placement).toBe('enrolled in the graduated building GRADUATED STUDENTS (900): graduates go to /Graduated Students');
  });

  it('finds the substitute building by name in another case', () => {
    const schools = [...SCHOOLS.filter((s) => s.schoolNumber !== 950), school(950, 'SUBSTITUTE TEACHERS', 'SUBS', true)];
    const u = staffUser({ homeSchoolId: 950 });
    const a = staffAccount(u, [assignment(u.dcid, 950, 1, 1)], makeConfig({ names: { case: 'as-is' }, staff: { substitute: { schoolName: 'substitute teachers' } } }), schools);
    expect(a.fields.placement).toEqual(['/Substitute Teachers']);
    expect(a.reasons.placement).toBe('substitute (home school SUBSTITUTE TEACHERS (950))');
  });
});

describe('3. students placed without a grade sub-OU', () => {
  it('places pre-registered students (enroll_status -1) in their building OU itself', () => {
    const a = studentAccount(student({ enrollStatus: -1, gradeLevel: 3, schoolId: 101 }));
    expect(a.fields).toMatchObject({ placement: ['/Students/MES Students'], enabled: true });
    expect(a.reasons.placement).toBe('enroll_status -1 (pre-registered), grade 3 at Maple Elementary (101): pre-registered students go to the building OU');
  });

  it('gives pre-registered students their grade OU when preRegisteredInBuildingOu is off', () => {
    const off = makeConfig({ students: { preRegisteredInBuildingOu: false } });
    expect(studentAccount(student({ enrollStatus: -1, gradeLevel: 3, schoolId: 101 }), off).fields.placement).toEqual(['/Students/MES Students/3rd']);
  });

  it('places a grade mapped to null in the building OU (D118: 13, 15 and 99 by default)', () => {
    for (const gradeLevel of [13, 15, 99]) {
      const a = studentAccount(student({ gradeLevel, schoolId: 301 }));
      expect(a.fields.placement).toEqual(['/Students/WHS Students']);
      expect(a.reasons.placement).toContain(`grade ${gradeLevel} has no grade OU (students.gradeOus)`);
    }
    const custom = makeConfig({ students: { gradeOus: { '9': '9th', '14': null } } });
    expect(studentAccount(student({ gradeLevel: 14, schoolId: 301 }), custom).fields.placement).toEqual(['/Students/WHS Students']);
    const unknown = desiredGoogle(rows({ students: [student({ gradeLevel: 10, schoolId: 301 })] }), custom, TODAY);
    expect(unknown.issues[0]).toMatchObject({ code: 'UNKNOWN_GRADE', field: 'GRADE_LEVEL' });
  });

  it('places the students of schools listed in schoolsWithoutGradeOus in their building OU (D118: 999999 and 901)', () => {
    const schools = [...SCHOOLS, school(999999, 'Graduated Students Archive', 'ARCH', true), school(901, 'Transition Program', 'TP', true)];
    expect(studentAccount(student({ schoolId: 999999, gradeLevel: 12 }), config, schools).fields.placement).toEqual(['/Students/ARCH Students']);
    expect(studentAccount(student({ schoolId: 901, gradeLevel: 12 }), config, schools).fields.placement).toEqual(['/Students/TP Students/12th']);
    const d118 = makeConfig({ students: { schoolsWithoutGradeOus: [999999, 901] } });
    const a = studentAccount(student({ schoolId: 901, gradeLevel: 12 }), d118, schools);
    expect(a.fields.placement).toEqual(['/Students/TP Students']);
    expect(a.reasons.placement).toContain('this school has no grade OUs (students.schoolsWithoutGradeOus)');
  });

  it('accepts null grade entries in the config, and still refuses a slash in a sub-OU name', () => {
    expect(makeConfig().students.gradeOus).toMatchObject({ '12': '12th', '13': null, '15': null, '99': null });
    expect(() => makeConfig({ students: { gradeOus: { '9': '9th/a' } } })).toThrow(/students\.gradeOus\.9: must match pattern/);
  });
});

describe('4. suspension keeps what the account had', () => {
  const withTeacherNumber = makeConfig({ staff: { attributes: { teacherNumber: { schema: 'Synchronization_Data', field: 'Teacher_Number' } } } });

  it('suspends a leaving student and moves them, and leaves names and attributes as they were', () => {
    const active = studentAccount(student({ schoolId: 201, gradeLevel: 7, classOf: 2032, firstName: 'Ava', lastName: 'Martinez' }));
    const google = userFromDesired(active);
    // Tonight PowerSchool has them transferred out, with another name and school.
    const leaving = studentAccount(student({ studentNumber: active.person.number!, dcid: active.person.dcid, schoolId: 301, enrollStatus: 2, firstName: 'AVA', lastName: 'SMITH' }));
    const c = onlyUpdate(diffGoogle([leaving], state([google]), config));
    expect(c.actions).toEqual(['suspend', 'move']);
    expect(c.after).toEqual({ ...c.before, enabled: false, placement: ['/Suspended Students'] });
    expect(c.after.attributes).toEqual({ 'customSchemas.StudentInfo.Homeschool_ID': '201', 'customSchemas.StudentInfo.Graduation_Year': '2032' });
  });

  it("keeps a leaving staff member's access list, staff type, building and employee id, and removes their groups", () => {
    const u = staffUser({ homeSchoolId: 201, teacherNumber: 'T42' });
    const active = staffAccount(u, [assignment(u.dcid, 201, 1, 1), assignment(u.dcid, 101, 1, 1)], withTeacherNumber);
    const google = userFromDesired(active);
    const leaving = staffAccount({ ...u, teacherNumber: '' }, [assignment(u.dcid, 201, 0, 1), assignment(u.dcid, 101, 0, 1)], withTeacherNumber);
    const result = diffGoogle([leaving], state([google], [group(`cms@${DOMAIN}`, [u.email])]), withTeacherNumber);
    expect(result.changes.map((c) => c.kind)).toEqual(['update', 'remove-from-group']);
    const c = result.changes[0] as UpdateChange;
    expect(c.actions).toEqual(['suspend', 'move']);
    expect(c.after.attributes).toMatchObject({
      'customSchemas.Synchronization_Data.School_Access_List': '101;201',
      'customSchemas.Synchronization_Data.Staff_Type': '1',
      'customSchemas.Synchronization_Data.Teacher_Number': 'T42',
      'customSchemas.CrisisGO.CellPhone': '555-0100',
      'customSchemas.CrisisGO.Building': 'Cedar Middle',
      'externalIds.organization': 'T42',
    });
    expect(c.patch.filter((op) => op.op !== 'test').map((op) => op.path).sort()).toEqual(['/enabled', '/placement/0']);
  });

  it('plans nothing for an account that stays suspended, night after night, whatever PowerSchool says of its other fields', () => {
    const u = staffUser({ homeSchoolId: 201, email: `old.name@${DOMAIN}` });
    const google = userFromDesired(staffAccount(u, [assignment(u.dcid, 201, 0, 1)]), { customSchemas: { Synchronization_Data: { DCID: u.dcid, School_Access_List: '201', Staff_Type: '1' } } });
    // Renamed, re-addressed and moved to another home school in PowerSchool while inactive.
    const tonight = staffAccount({ ...u, firstName: 'Janet', email: `new.name@${DOMAIN}`, homeSchoolId: 101 }, [assignment(u.dcid, 101, 0, 2)]);
    const result = diffGoogle([tonight], state([google]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts.inSync).toBe(1);
  });

  it('still moves a suspended account back to the suspended OU (as D118 does)', () => {
    const d = studentAccount(student({ enrollStatus: 1 }));
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { orgUnitPath: '/Somewhere', name: { givenName: 'Old', familyName: 'Name' } })]), config));
    expect(c.actions).toEqual(['move']);
    expect(c.after.name).toEqual({ given: 'Old', family: 'Name' });
  });

  it('brings a returning person up to date in the change that re-enables them', () => {
    const u = staffUser({ homeSchoolId: 101, email: `returning@${DOMAIN}`, firstName: 'JANET', lastName: 'DOE' });
    const d = staffAccount(u, [assignment(u.dcid, 101, 1, 2)]);
    const google = userFromDesired(d, {
      primaryEmail: `old.address@${DOMAIN}`,
      name: { givenName: 'Jan', familyName: 'Doe' },
      suspended: true,
      orgUnitPath: '/Suspended Staff',
      customSchemas: { Synchronization_Data: { DCID: u.dcid, Homeschool_ID: '201', School_Access_List: '201', Staff_Type: '1' } },
    });
    const c = onlyUpdate(diffGoogle([d], state([google]), config));
    expect(c.actions).toEqual(['unsuspend', 'rename', 'move', 'update-attributes']);
    expect(c.after).toMatchObject({
      address: `returning@${DOMAIN}`,
      name: { given: 'Janet', family: 'Doe' },
      attributes: {
        'customSchemas.Synchronization_Data.Homeschool_ID': '101',
        'customSchemas.Synchronization_Data.School_Access_List': '101',
        'customSchemas.Synchronization_Data.Staff_Type': '2',
      },
    });
  });

  it('leaves an inactive staff member in a temporary-reactivation OU active, in place and as they were', () => {
    const cfg = makeConfig({ staff: { temporaryReactivationOrgUnits: ['/Temporary Reactivation'] } });
    const u = staffUser();
    const google = userFromDesired(staffAccount(u, undefined, cfg), { orgUnitPath: '/Temporary Reactivation' });
    const inactive = staffAccount(u, [assignment(u.dcid, u.homeSchoolId, 0)], cfg);
    expect(diffGoogle([inactive], state([google]), cfg).changes).toEqual([]);
  });
});

describe('5. staff type when the home school row is not active', () => {
  it('is 2 (staff) when the home school row is inactive, whatever its STAFFSTATUS', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 301, 0, 1), assignment(u.dcid, 201, 1, 1)]);
    expect(a.fields.attributes['customSchemas.Synchronization_Data.Staff_Type']).toBe('2');
    expect(a.reasons.placement).toBe('home school Whitmore High (301), staffstatus 2 (staff): no active SCHOOLSTAFF row at the home school (staff.inactiveHomeSchoolStaffType)');
  });

  it('is 2 when there is no home school row at all', () => {
    const u = staffUser({ homeSchoolId: 301 });
    expect(staffAccount(u, [assignment(u.dcid, 201, 1, 1)]).fields.attributes['customSchemas.Synchronization_Data.Staff_Type']).toBe('2');
  });

  it('follows staff.inactiveHomeSchoolStaffType, and null keeps the inactive row\'s STAFFSTATUS', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const rows2 = [assignment(u.dcid, 301, 0, 3), assignment(u.dcid, 201, 1, 1)];
    expect(staffAccount(u, rows2, makeConfig({ staff: { inactiveHomeSchoolStaffType: 0 } })).fields.attributes['customSchemas.Synchronization_Data.Staff_Type']).toBe('0');
    expect(staffAccount(u, rows2, makeConfig({ staff: { inactiveHomeSchoolStaffType: null } })).fields.attributes['customSchemas.Synchronization_Data.Staff_Type']).toBe('3');
  });

  it('does not make a substitute of someone whose inactive home row says 4', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 301, 0, 4), assignment(u.dcid, 201, 1, 1)]);
    expect(a.fields.placement).toEqual(['/Staff/Whitmore High Staff']);
  });
});
