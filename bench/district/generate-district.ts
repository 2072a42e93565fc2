/**
 * A synthetic district, seeded and deterministic: PowerSchool as tonight's CSV export, and
 * Google as last night's sync left it (a snapshot file), so that planning one against the other
 * shows a realistic night: new enrolments, transfers, graduates, leavers, returning students,
 * renames, staff hires and departures, and attributes someone edited by hand in the Admin
 * console. About 2% of the accounts change.
 *
 * Google's side is built from *yesterday's* PowerSchool rows through rollcall's own rules
 * (desiredStudent / desiredStaff) and the Google target's mapping, so every account nobody touched is exactly in sync and the
 * night's changes are only the ones made on purpose here, and counted in the manifest.
 *
 * Everything is streamed, one person at a time: a million-account district is written without
 * holding it in memory (only schools and the staff group lists are kept). With `classes`, the
 * class tables come too (generate-classes.ts), and nothing else changes. With `groups`, also the
 * group sets in the config and the Google side of the managed groups (generate-groups.ts: that
 * part reads the export back, in about a plan's memory). Snapshot lines are
 * canonical (keys sorted) as `rollcall snapshot` writes them; accounts come in the order they
 * were made rather than by address, which a reader must not depend on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { validateConfig } from '../../src/config/validate.js';
import type { Config } from '../../src/config/types.js';
import type { DesiredAccount } from '../../src/model/account.js';
import type { RuleOutcome } from '../../src/rules/rule-outcome.js';
import { casedSchool } from '../../src/rules/cased-school.js';
import { schoolInScope } from '../../src/rules/school-scope.js';
import { desiredStaff } from '../../src/rules/staff.js';
import { desiredStudent } from '../../src/rules/students.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { formatCsvRow } from '../../src/sources/csv.js';
import { SCHOOLSTAFF_COLUMNS, SCHOOLSTAFF_ID, SCHOOL_COLUMNS, STUDENT_COLUMNS, USER_COLUMNS } from '../../src/sources/row-mapping.js';
import type { SchoolRow, SchoolStaffRow, StaffUserRow, StudentRow } from '../../src/sources/rows.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { parseAttributeKey } from '../../src/targets/google/attribute-keys.js';
import { GoogleMapping } from '../../src/targets/google/mapping.js';
import { BENCH_DOMAIN, BENCH_TODAY, benchConfig } from './config.js';
import { ClassWriter, type ClassManifest } from './generate-classes.js';
import { writeGoogleGroups, type BuildingMove, type GroupManifest } from './generate-groups.js';
import { LineWriter } from './line-writer.js';
import { FIRST_NAMES, LAST_NAMES, PLACES, addressPart } from './names.js';
import { Random } from './random.js';

/** Bumped whenever the output for the same options changes, so cached data is made again. */
export const GENERATOR_VERSION = 4;

export interface DistrictOptions {
  /** People in PowerSchool with (or due) a Google account, students and staff together. */
  accounts: number;
  seed: number;
  dir: string;
  /** Also the class tables (sections, enrollments...) and SCHOOLSTAFF.ID, and powerschool.classes in the config. */
  classes?: boolean;
  /** Also the config's group sets and last night's managed groups in the snapshot (implies classes). */
  groups?: boolean;
}

/** What was generated, and how many of each kind of change tonight holds. */
export interface DistrictManifest {
  generator: number;
  accounts: number;
  seed: number;
  today: string;
  domain: string;
  schools: number;
  studentRows: number;
  staffRows: number;
  schoolStaffRows: number;
  googleUsers: number;
  unmanagedAccounts: number;
  groups: number;
  /** Only in a district generated with its classes. */
  classes?: ClassManifest;
  /** Only in a district generated with its groups: the managed groups written, and the group changes planted. */
  groupSync?: GroupManifest;
  /** Changes made on purpose: each should show up in the plan. */
  tonight: Record<TonightKind, number>;
  bytes: { powerschool: number; snapshot: number };
  generateMs: number;
}

type TonightKind =
  | 'newStudents'
  | 'transfers'
  | 'leavers'
  | 'earlyGraduates'
  | 'returning'
  | 'studentRenames'
  | 'attributeDrift'
  | 'orgUnitDrift'
  | 'suspendedByHand'
  | 'newStaff'
  | 'staffLeavers'
  | 'staffTransfers'
  | 'staffRenames'
  | 'staffPhoneChanges'
  | 'staffGroupDrift'
  /** Not a change made here but one that follows: each departing staff member leaves their building's group. */
  | 'groupRemovals';

type Level = 'elementary' | 'middle' | 'high';

interface Building {
  row: SchoolRow;
  level: Level;
  grades: number[];
}

const LEVELS: Array<{ level: Level; name: string; letter: string; grades: number[] }> = [
  { level: 'elementary', name: 'Elementary', letter: 'E', grades: [-1, 0, 1, 2, 3, 4, 5] },
  { level: 'middle', name: 'Middle School', letter: 'M', grades: [6, 7, 8] },
  { level: 'high', name: 'High School', letter: 'H', grades: [9, 10, 11, 12] },
];

const DISTRICT_OFFICE = 0;
const SUBSTITUTES = 9998;
const GRADUATED = 9999;
const STAFF_FRACTION = 0.08;
const STUDENTS_PER_BUILDING = 650;

export async function generateDistrict(options: DistrictOptions): Promise<DistrictManifest> {
  const started = performance.now();
  const rng = new Random(options.seed);
  const config = loadBenchConfig();
  // Last night's accounts are what the rules and Google's mapping ask for (as a plan would).
  const mapping = new GoogleMapping({ ...config, google: config.google as NonNullable<Config['google']> });
  const accountOf = (outcome: RuleOutcome): DesiredAccount | undefined =>
    outcome.kind === 'person' ? mapping.desiredAccounts([outcome.person]).accounts[0] : undefined;
  const staffCount = Math.max(10, Math.round(options.accounts * STAFF_FRACTION));
  const studentCount = Math.max(10, options.accounts - staffCount);
  const psDir = path.join(options.dir, 'powerschool');
  await mkdir(psDir, { recursive: true });
  const configFile = path.join(options.dir, 'district.config.json');
  await writeFile(configFile, JSON.stringify(benchConfig({}, { classes: options.classes, groups: options.groups }), null, 2) + '\n');

  const { buildings, special } = makeSchools(Math.max(3, Math.round(studentCount / STUDENTS_PER_BUILDING)));
  const classes = options.classes || options.groups
    ? new ClassWriter(psDir, options.seed, buildings.map((b) => b.row.schoolNumber), studentCount / buildings.length)
    : undefined;
  await classes?.open();
  // The rules see schools as buildDesiredState hands them over: names cased.
  const schoolsById = new Map<number, SchoolRow>([...buildings.map((b) => b.row), ...special].map((s) => [s.schoolNumber, casedSchool(s, config.names.case)] as const));
  const byLevel = new Map<Level, Building[]>(LEVELS.map((l) => [l.level, buildings.filter((b) => b.level === l.level)]));
  const levelOf = new Map<number, Level>(buildings.map((b) => [b.row.schoolNumber, b.level]));
  const inScope = (s: SchoolRow) => schoolInScope(s, config.scope.schools);

  const files = {
    schools: new LineWriter(path.join(psDir, 'schools.csv')),
    students: new LineWriter(path.join(psDir, 'students.csv')),
    users: new LineWriter(path.join(psDir, 'users.csv')),
    schoolStaff: new LineWriter(path.join(psDir, 'schoolstaff.csv')),
    google: new LineWriter(path.join(options.dir, 'google.jsonl')),
  };
  const tonight = Object.fromEntries(
    (
      [
        'newStudents', 'transfers', 'leavers', 'earlyGraduates', 'returning', 'studentRenames', 'attributeDrift', 'orgUnitDrift',
        'suspendedByHand', 'newStaff', 'staffLeavers', 'staffTransfers', 'staffRenames', 'staffPhoneChanges', 'staffGroupDrift', 'groupRemovals',
      ] as const
    ).map((k) => [k, 0]),
  ) as Record<TonightKind, number>;
  let googleUsers = 0;
  let studentRows = 0;
  let staffRows = 0;
  let schoolStaffRows = 0;

  await files.schools.write(formatCsvRow([...SCHOOL_COLUMNS]));
  for (const s of [...special, ...buildings.map((b) => b.row)].sort((a, b) => a.schoolNumber - b.schoolNumber)) {
    await files.schools.write(formatCsvRow([String(s.schoolNumber), s.name, s.abbreviation, s.excludedFromStateReporting ? '1' : '0']));
  }

  for (const ou of orgUnits(buildings, special, config)) await files.google.write(canonicalJson(ou) + '\n');
  const user = (d: DesiredAccount): DirectoryUser => googleUser(d, rng);
  // What the groups' side needs of last night (only kept when asked): the accounts' addresses, the students leaving a building's group, the unmanaged accounts.
  const lastNight = options.groups ? { accounts: new Set<string>(), moves: [] as BuildingMove[], unmanaged: [] as string[] } : undefined;
  const writeUser = async (u: DirectoryUser) => {
    googleUsers++;
    lastNight?.accounts.add(u.primaryEmail.toLowerCase());
    await files.google.write(canonicalJson(u) + '\n');
  };

  // Students: yesterday's row decides the account Google holds; tonight's row is exported.
  await files.students.write(formatCsvRow([...STUDENT_COLUMNS]));
  const schoolYearEnd = Number(BENCH_TODAY.slice(0, 4)) + (Number(BENCH_TODAY.slice(5, 7)) >= 7 ? 1 : 0);
  const writeStudent = async (row: StudentRow) => {
    studentRows++;
    await files.students.write(
      formatCsvRow([row.dcid, row.id, row.studentNumber, row.firstName, row.middleName, row.lastName, String(row.gradeLevel), String(row.schoolId), String(row.enrollStatus), row.classOf === null ? '' : String(row.classOf)]),
    );
  };
  const newStudentRow = (n: number, status: number): StudentRow => {
    const building = rng.pick(buildings);
    const grade = rng.pick(building.grades);
    return {
      origin: { file: 'students.csv', row: 0 },
      dcid: String(200_000 + n),
      id: String(100_000 + n),
      studentNumber: String(2_000_000 + n),
      firstName: rng.pick(FIRST_NAMES),
      middleName: rng.chance(0.5) ? rng.pick(FIRST_NAMES) : '',
      lastName: rng.pick(LAST_NAMES),
      gradeLevel: grade,
      schoolId: building.row.schoolNumber,
      enrollStatus: status,
      classOf: schoolYearEnd + (12 - grade),
    };
  };

  for (let n = 0; n < studentCount; n++) {
    const r = rng.next();
    const status = r < 0.875 ? 0 : r < 0.885 ? -1 : r < 0.925 ? 2 : r < 0.975 ? 3 : r < 0.985 ? 1 : 4;
    const yesterday = newStudentRow(n, status);
    if (status === 3) {
      // A graduate of an earlier year, kept in PowerSchool at their high school or the graduated building.
      const high = rng.pick(byLevel.get('high') ?? buildings);
      yesterday.schoolId = rng.chance(0.5) ? GRADUATED : high.row.schoolNumber;
      yesterday.gradeLevel = 12;
      yesterday.classOf = schoolYearEnd - 1 - rng.int(6);
    }
    const active = status === 0 || status === -1;
    // Long-gone students' accounts were deleted at some point; most are still there, suspended.
    const hasAccount = active || rng.chance(0.75);
    const tonightRow = { ...yesterday };
    let googleEdit: ((u: DirectoryUser) => void) | undefined;
    const c = rng.next();
    if (active) {
      const level = levelOf.get(yesterday.schoolId) ?? 'elementary';
      const sameLevel = byLevel.get(level) ?? [];
      if (level === 'high' && yesterday.gradeLevel === 12 && c < 0.02) {
        tonightRow.enrollStatus = 3;
        tonight.earlyGraduates++;
      } else if (c < 0.0045 && sameLevel.length > 1) {
        let to = rng.pick(sameLevel);
        while (to.row.schoolNumber === yesterday.schoolId) to = rng.pick(sameLevel);
        tonightRow.schoolId = to.row.schoolNumber;
        tonight.transfers++;
      } else if (c < 0.008) {
        tonightRow.enrollStatus = 2;
        tonight.leavers++;
      } else if (c < 0.0092) {
        let last = rng.pick(LAST_NAMES);
        while (last === yesterday.lastName) last = rng.pick(LAST_NAMES);
        tonightRow.lastName = last;
        tonight.studentRenames++;
      } else if (c < 0.0122) {
        googleEdit = (u) => {
          const info = (u.customSchemas ??= {}).StudentInfo ?? (u.customSchemas.StudentInfo = {});
          if (rng.chance(0.5)) delete info.Graduation_Year;
          else info.Homeschool_ID = String(rng.pick(buildings).row.schoolNumber + 100_000);
        };
        tonight.attributeDrift++;
      } else if (c < 0.013) {
        googleEdit = (u) => {
          u.orgUnitPath = (u.orgUnitPath ?? '/').split('/').slice(0, 3).join('/');
        };
        tonight.orgUnitDrift++;
      } else if (c < 0.0132) {
        googleEdit = (u) => {
          u.suspended = true;
          u.suspensionReason = 'ADMIN';
        };
        tonight.suspendedByHand++;
      }
    } else if (hasAccount && status === 2 && c < 0.01) {
      tonightRow.enrollStatus = 0;
      tonight.returning++;
    }
    await classes?.student(tonightRow, yesterday.enrollStatus === 0 && tonightRow.enrollStatus !== 0);
    if (hasAccount) {
      const account = accountOf(desiredStudent(yesterday, schoolsById.get(yesterday.schoolId), true, config, BENCH_TODAY));
      if (account) {
        const u = user(account);
        if (rng.chance(0.25)) (u.customSchemas ??= {}).Devices = { Chromebook_Asset: `CB${rng.digits(6)}` };
        // A few sit in their building's Restricted OU, which students.frozenOrgUnits keeps in place.
        if (active && googleEdit === undefined && rng.chance(0.003)) u.orgUnitPath = `${(u.orgUnitPath ?? '/').split('/').slice(0, 3).join('/')}/Restricted`;
        googleEdit?.(u);
        await writeUser(u);
        const moved = tonightRow.enrollStatus !== 0 || tonightRow.schoolId !== yesterday.schoolId;
        if (lastNight && yesterday.enrollStatus === 0 && moved) {
          const abbr = (id: number) => schoolsById.get(id)?.abbreviation ?? '';
          lastNight.moves.push({
            address: u.primaryEmail.toLowerCase(),
            from: abbr(yesterday.schoolId),
            classOf: yesterday.gradeLevel >= 9 ? yesterday.classOf : null,
            to: tonightRow.enrollStatus === 0 ? abbr(tonightRow.schoolId) : null,
          });
        }
      }
    }
    await writeStudent(tonightRow);
  }
  const newStudents = Math.round(studentCount * 0.006);
  for (let k = 0; k < newStudents; k++) {
    const row = newStudentRow(studentCount + k, 0);
    await classes?.student(row, false);
    await writeStudent(row);
    tonight.newStudents++;
  }

  // Staff: one USERS row and its SCHOOLSTAFF rows each; active staff are in their building's group.
  await files.users.write(formatCsvRow([...USER_COLUMNS]));
  await files.schoolStaff.write(formatCsvRow(classes ? [SCHOOLSTAFF_ID, ...SCHOOLSTAFF_COLUMNS] : [...SCHOOLSTAFF_COLUMNS]));
  const groups = new Map<number, Array<{ email: string; role: string }>>();
  const writeStaff = async (row: StaffUserRow, assignments: SchoolStaffRow[]) => {
    staffRows++;
    await files.users.write(formatCsvRow([row.dcid, row.email, row.firstName, row.lastName, row.teacherNumber, String(row.homeSchoolId), row.groupValue, row.cellPhone]));
    for (const a of assignments) {
      schoolStaffRows++;
      const fields = [a.usersDcid, String(a.schoolId), String(a.status), String(a.staffStatus)];
      if (classes) {
        // SCHOOLSTAFF.ID, what sections name their teachers by: one per assignment.
        const id = String(100_000 + schoolStaffRows);
        classes.schoolStaff(a.schoolId, id, a.status === 1 && a.staffStatus === 1);
        fields.unshift(id);
      }
      await files.schoolStaff.write(formatCsvRow(fields));
    }
  };
  const newStaff = (n: number, active: boolean): { row: StaffUserRow; assignments: SchoolStaffRow[] } => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const where = rng.next();
    const home = where < 0.06 ? DISTRICT_OFFICE : where < 0.12 ? SUBSTITUTES : rng.pick(buildings).row.schoolNumber;
    const t = rng.next();
    const staffStatus = home === SUBSTITUTES ? 4 : t < 0.6 ? 1 : t < 0.95 ? 2 : 3;
    const dcid = String(10_000 + n);
    const assignments: SchoolStaffRow[] = [{ origin: { file: 'schoolstaff.csv', row: 0 }, usersDcid: dcid, schoolId: home, status: active ? 1 : 0, staffStatus }];
    if (home !== SUBSTITUTES && rng.chance(0.12)) {
      const second = rng.pick(buildings).row.schoolNumber;
      if (second !== home) assignments.push({ ...assignments[0]!, schoolId: second, staffStatus: staffStatus === 1 ? 1 : 2 });
    }
    return {
      row: {
        origin: { file: 'users.csv', row: 0 },
        dcid,
        email: `${addressPart(first).slice(0, 1)}${addressPart(last)}${n}@${BENCH_DOMAIN}`,
        firstName: first,
        lastName: last,
        teacherNumber: rng.chance(0.95) ? `T${100_000 + n}` : '',
        homeSchoolId: home,
        groupValue: staffStatus === 1 ? 'Teachers' : 'Staff',
        cellPhone: rng.chance(0.7) ? `847-555-${rng.digits(4)}` : '',
      },
      assignments,
    };
  };
  const desiredOf = (row: StaffUserRow, assignments: SchoolStaffRow[]) => desiredStaff(row, assignments, schoolsById, inScope, config);

  for (let n = 0; n < staffCount; n++) {
    const active = rng.chance(0.93);
    const { row: yesterday, assignments } = newStaff(n, active);
    let tonightRow = yesterday;
    let tonightAssignments = assignments;
    let googleEdit: ((u: DirectoryUser) => void) | undefined;
    let leaving = false;
    const c = rng.next();
    if (active && c < 0.012) {
      tonightAssignments = assignments.map((a) => ({ ...a, status: 0 }));
      leaving = true;
      tonight.staffLeavers++;
    } else if (active && c < 0.018 && yesterday.homeSchoolId !== SUBSTITUTES) {
      let to = rng.pick(buildings).row.schoolNumber;
      while (to === yesterday.homeSchoolId) to = rng.pick(buildings).row.schoolNumber;
      tonightRow = { ...yesterday, homeSchoolId: to };
      tonightAssignments = assignments.map((a, i) => (i === 0 ? { ...a, schoolId: to } : a)).filter((a, i) => i === 0 || a.schoolId !== to);
      tonight.staffTransfers++;
    } else if (active && c < 0.0205) {
      let last = rng.pick(LAST_NAMES);
      while (addressPart(last) === addressPart(yesterday.lastName)) last = rng.pick(LAST_NAMES);
      tonightRow = { ...yesterday, lastName: last, email: `${addressPart(yesterday.firstName).slice(0, 1)}${addressPart(last)}${n}@${BENCH_DOMAIN}` };
      tonight.staffRenames++;
    } else if (active && c < 0.0305) {
      tonightRow = { ...yesterday, cellPhone: `847-555-${rng.digits(4)}` };
      if (tonightRow.cellPhone !== yesterday.cellPhone) tonight.staffPhoneChanges++;
    } else if (active && c < 0.0335) {
      googleEdit = (u) => {
        const sync = u.customSchemas?.Synchronization_Data;
        if (sync) sync.Staff_Group = sync.Staff_Group === 'Teachers' ? 'Staff' : 'Teachers';
      };
      tonight.staffGroupDrift++;
    }
    const account = accountOf(desiredOf(yesterday, assignments));
    if (account) {
      const u = user(account);
      // A few accounts sit in a building's Administrators OU, which staff.frozenOrgUnits keeps in place.
      if (active && rng.chance(0.01) && u.orgUnitPath?.startsWith('/Staff/')) u.orgUnitPath += '/Administrators';
      googleEdit?.(u);
      await writeUser(u);
      if (active && yesterday.homeSchoolId !== SUBSTITUTES) {
        const list = groups.get(yesterday.homeSchoolId) ?? [];
        list.push({ email: u.primaryEmail, role: rng.chance(0.03) ? 'MANAGER' : 'MEMBER' });
        groups.set(yesterday.homeSchoolId, list);
        if (leaving) tonight.groupRemovals++;
      }
    }
    await writeStaff(tonightRow, tonightAssignments);
  }
  const hires = Math.max(1, Math.round(staffCount * 0.015));
  for (let k = 0; k < hires; k++) {
    const { row, assignments } = newStaff(staffCount + k, true);
    await writeStaff(row, assignments);
    tonight.newStaff++;
  }

  // Accounts PowerSchool knows nothing of: admins and service accounts, left alone by every plan.
  const unmanaged = Math.max(3, Math.round(options.accounts * 0.003));
  for (let k = 0; k < unmanaged; k++) {
    const admin = k < 3;
    const email = admin ? `${['admin', 'it-admin', 'sync-admin'][k]}@${BENCH_DOMAIN}` : `svc-${k}@${BENCH_DOMAIN}`;
    if (!admin) lastNight?.unmanaged.push(email);
    await writeUser(
      googleUserFields(rng, {
        primaryEmail: email,
        name: { givenName: admin ? 'Admin' : 'Service', familyName: admin ? `Account ${k}` : `Account ${k}` },
        orgUnitPath: admin ? '/' : '/Service Accounts',
        suspended: false,
        isAdmin: admin,
      }),
    );
  }

  for (const [school, members] of [...groups].sort((a, b) => a[0] - b[0])) {
    const row = schoolsById.get(school);
    if (!row) continue;
    await files.google.write(
      canonicalJson({
        kind: 'admin#directory#group',
        email: `staff-${row.abbreviation.toLowerCase()}@${BENCH_DOMAIN}`,
        name: `${row.name} Staff`,
        members: members.map((m) => ({ kind: 'admin#directory#member', email: m.email, role: m.role, type: 'USER', status: 'ACTIVE' })),
      }) + '\n',
    );
  }

  const { google, ...powerschool } = files;
  for (const f of Object.values(powerschool)) await f.close();
  const classFiles = await classes?.finish();
  const groupSync = lastNight
    ? await writeGoogleGroups({ dir: options.dir, configFile, seed: options.seed, accounts: lastNight.accounts, moves: lastNight.moves, unmanagedAccounts: lastNight.unmanaged, google })
    : undefined;
  await google.close();
  const manifest: DistrictManifest = {
    generator: GENERATOR_VERSION,
    accounts: options.accounts,
    seed: options.seed,
    today: BENCH_TODAY,
    domain: BENCH_DOMAIN,
    schools: schoolsById.size,
    studentRows,
    staffRows,
    schoolStaffRows,
    googleUsers,
    unmanagedAccounts: unmanaged,
    groups: groups.size,
    ...(classFiles ? { classes: classFiles.counts } : {}),
    ...(groupSync ? { groupSync } : {}),
    tonight,
    bytes: {
      powerschool: files.schools.bytes + files.students.bytes + files.users.bytes + files.schoolStaff.bytes + (classFiles?.bytes ?? 0),
      snapshot: files.google.bytes,
    },
    generateMs: Math.round(performance.now() - started),
  };
  await writeFile(path.join(options.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function loadBenchConfig(): Config {
  const result = validateConfig(benchConfig());
  if (!result.ok) throw new Error(`bench config is invalid: ${result.errors.join('; ')}`);
  return result.config;
}

function makeSchools(count: number): { buildings: Building[]; special: SchoolRow[] } {
  const origin = { file: 'schools.csv', row: 0 };
  const taken = new Set<string>();
  const buildings: Building[] = [];
  for (let i = 0; i < count; i++) {
    // Five elementary schools for every two middle and two high schools; a district too small
    // for nine buildings (a couple of thousand accounts) still gets one of each, then elementary.
    const level = count < 9 ? (i < 3 ? i : 0) : i % 9 < 5 ? 0 : i % 9 < 7 ? 1 : 2;
    const kind = LEVELS[level]!;
    const place = PLACES[i % PLACES.length]!;
    const round = Math.floor(i / PLACES.length);
    const initials = place
      .split(' ')
      .map((w) => w[0])
      .join('');
    let abbreviation = `${initials}${kind.letter}${round > 0 ? round + 1 : ''}`;
    for (let n = 2; taken.has(abbreviation); n++) abbreviation = `${initials}${kind.letter}${round > 0 ? round + 1 : ''}-${n}`;
    taken.add(abbreviation);
    buildings.push({
      row: { origin, schoolNumber: 100 + i, name: `${place}${round > 0 ? ` ${round + 1}` : ''} ${kind.name}`, abbreviation, excludedFromStateReporting: false },
      level: kind.level,
      grades: kind.grades,
    });
  }
  const special: SchoolRow[] = [
    { origin, schoolNumber: DISTRICT_OFFICE, name: 'District Office', abbreviation: 'DO', excludedFromStateReporting: true },
    { origin, schoolNumber: SUBSTITUTES, name: 'Substitute Teachers', abbreviation: 'SUB', excludedFromStateReporting: true },
    { origin, schoolNumber: GRADUATED, name: 'Graduated Students', abbreviation: 'GRAD', excludedFromStateReporting: true },
  ];
  return { buildings, special };
}

/** Every org unit tonight's plan can move an account into, and the ones accounts sit in now. */
function orgUnits(buildings: Building[], special: SchoolRow[], config: Config): Array<Record<string, unknown>> {
  const paths = new Set<string>(['/Students', '/Staff', config.students.suspendedOu, config.students.graduatedOu, config.staff.suspendedOu, config.staff.substitute.ou, '/Service Accounts', '/Temporary Reactivation']);
  const gradeOus = config.students.gradeOus ?? {};
  for (const b of buildings) {
    const studentsOu = `/Students/${b.row.abbreviation} Students`;
    paths.add(studentsOu);
    paths.add(`${studentsOu}/Restricted`);
    for (const g of b.grades) if (gradeOus[String(g)]) paths.add(`${studentsOu}/${gradeOus[String(g)]}`);
  }
  for (const s of [...buildings.map((b) => b.row), ...special]) {
    paths.add(`/Staff/${s.name} Staff`);
    paths.add(`/Staff/${s.name} Staff/Administrators`);
  }
  return [...paths].sort().map((p) => {
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    return { kind: 'admin#directory#orgUnit', orgUnitPath: p, name: p.slice(p.lastIndexOf('/') + 1), parentOrgUnitPath: parent };
  });
}

/** The account last night's sync left for `d`: its managed fields exactly as the rules want them. */
function googleUser(d: DesiredAccount, rng: Random): DirectoryUser {
  const customSchemas: Record<string, Record<string, string>> = {};
  const externalIds: Array<{ value: string; type: string }> = [];
  for (const [key, value] of Object.entries(d.fields.attributes)) {
    const a = parseAttributeKey(key);
    if (value === '' || a === null) continue;
    if (a.kind === 'custom') (customSchemas[a.schema] ??= {})[a.field] = value;
    else externalIds.push({ value, type: a.type });
  }
  const { name } = d.fields;
  const u = googleUserFields(rng, { primaryEmail: d.fields.address, name: { givenName: name.given, familyName: name.family }, orgUnitPath: d.fields.placement[0] ?? '/', suspended: !d.fields.enabled, isAdmin: false });
  if (externalIds.length > 0) u.externalIds = externalIds;
  if (Object.keys(customSchemas).length > 0) u.customSchemas = customSchemas;
  return u;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A user resource with the fields Google returns for projection=full, in Google's key order. */
function googleUserFields(
  rng: Random,
  f: { primaryEmail: string; name: { givenName: string; familyName: string }; orgUnitPath: string; suspended: boolean; isAdmin: boolean },
): DirectoryUser {
  let etag = '';
  for (let i = 0; i < 27; i++) etag += BASE64URL[rng.int(64)];
  const created = Date.UTC(2015, 0, 1) + rng.int(11 * 365) * 86_400_000 + rng.int(86_400_000);
  const login = rng.chance(0.1) ? '1970-01-01T00:00:00.000Z' : new Date(Date.UTC(2026, 10, 23) - rng.int(60 * 86_400_000)).toISOString();
  return {
    kind: 'admin#directory#user',
    id: `1${rng.digits(20)}`,
    etag: `"${etag}"`,
    primaryEmail: f.primaryEmail,
    name: { givenName: f.name.givenName, familyName: f.name.familyName, fullName: `${f.name.givenName} ${f.name.familyName}` },
    isAdmin: f.isAdmin,
    isDelegatedAdmin: false,
    lastLoginTime: login,
    creationTime: new Date(created).toISOString(),
    agreedToTerms: true,
    suspended: f.suspended,
    ...(f.suspended ? { suspensionReason: 'ADMIN' } : {}),
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: f.primaryEmail, primary: true }],
    customerId: 'C0emul8r',
    orgUnitPath: f.orgUnitPath,
    isMailboxSetup: true,
    isEnrolledIn2Sv: false,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
  };
}
