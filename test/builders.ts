/** Small builders for tests: a valid config with overrides, and PowerSchool rows with defaults. */
import { validateConfig } from '../src/config/validate.js';
import type { Config } from '../src/config/types.js';
import type { SchoolRow, SchoolStaffRow, SourceRows, StaffUserRow, StudentRow } from '../src/sources/rows.js';

export const DOMAIN = 'district.example.org';

/** Nested parts may be left out (an optional section, such as google, included); null stays where the config allows it. */
type DeepPartial<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends object ? (NonNullable<T[K]> extends unknown[] ? T[K] : DeepPartial<NonNullable<T[K]>> | Extract<T[K], null>) : T[K];
};

export function makeConfig(overrides: DeepPartial<Config> & Record<string, unknown> = {}): Config {
  const raw = {
    google: { domain: DOMAIN },
    students: {
      graduatedSchoolName: 'Graduated Students',
      attributes: {
        school: { schema: 'StudentInfo', field: 'Homeschool_ID' },
        gradYear: { schema: 'StudentInfo', field: 'Graduation_Year' },
      },
    },
    staff: {
      substitute: { schoolName: 'Substitute Teachers' },
      attributes: {
        homeschool: { schema: 'Synchronization_Data', field: 'Homeschool_ID' },
        schoolAccessList: { schema: 'Synchronization_Data', field: 'School_Access_List' },
        staffType: { schema: 'Synchronization_Data', field: 'Staff_Type' },
        staffGroup: { schema: 'Synchronization_Data', field: 'Staff_Group' },
        crisisGoCell: { schema: 'CrisisGO', field: 'CellPhone' },
        crisisGoBuilding: { schema: 'CrisisGO', field: 'Building' },
      },
    },
  };
  const merged = deepMerge(raw, overrides as Record<string, unknown>);
  const result = validateConfig(merged);
  if (!result.ok) throw new Error(`test config invalid: ${result.errors.join('; ')}`);
  return result.config;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prior = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prior && typeof prior === 'object' && !Array.isArray(prior)
        ? deepMerge(prior as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

let rowCounter = 1;
const origin = (file: string) => ({ file, row: ++rowCounter });

export const SCHOOLS: SchoolRow[] = [
  school(101, 'Maple Elementary', 'MES'),
  school(201, 'Cedar Middle', 'CMS'),
  school(301, 'Whitmore High', 'WHS'),
  school(900, 'Graduated Students', 'GRAD', true),
  school(950, 'Substitute Teachers', 'SUBS', true),
];

export function school(schoolNumber: number, name: string, abbreviation: string, excluded = false): SchoolRow {
  return { origin: origin('schools.csv'), schoolNumber, name, abbreviation, excludedFromStateReporting: excluded };
}

export function student(overrides: Partial<StudentRow> = {}): StudentRow {
  const n = rowCounter + 1;
  return {
    origin: origin('students.csv'),
    dcid: String(40000 + n),
    id: String(9000 + n),
    studentNumber: String(20000 + n),
    firstName: 'Ava',
    middleName: '',
    lastName: 'Martinez',
    gradeLevel: 9,
    schoolId: 301,
    enrollStatus: 0,
    classOf: 2030,
    ...overrides,
  };
}

export function staffUser(overrides: Partial<StaffUserRow> = {}): StaffUserRow {
  const n = rowCounter + 1;
  return {
    origin: origin('users.csv'),
    dcid: String(5000 + n),
    email: `teacher${n}@${DOMAIN}`,
    firstName: 'Jennifer',
    lastName: 'Smith',
    teacherNumber: `T${n}`,
    homeSchoolId: 301,
    groupValue: 'Teachers',
    cellPhone: '555-0100',
    ...overrides,
  };
}

export function assignment(usersDcid: string, schoolId: number, status = 1, staffStatus = 1): SchoolStaffRow {
  return { origin: origin('schoolstaff.csv'), usersDcid, schoolId, status, staffStatus };
}

export function rows(parts: Partial<SourceRows> = {}): SourceRows {
  return { schools: SCHOOLS, students: [], users: [], schoolStaff: [], issues: [], ...parts };
}
