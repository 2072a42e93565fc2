/**
 * Which PowerSchool rows a question about one person concerns: the rows holding the DCID,
 * student number or address asked about, and, for an address, the rows whose match key finds
 * the account holding that address (a staff member matched by DCID whose address PowerSchool
 * now spells differently). A student's address is the one the target makes for them
 * (`studentAddress`); a student the rules or the target leave out before an address is made
 * (an unknown school, the skip list, a grade with no container) is found by DCID or student
 * number. Pure.
 */
import type { DesiredAccount } from '../model/account.js';
import type { ActualIndex } from '../plan/actual-index.js';
import type { SchoolStaffRow, SourceRows, StaffUserRow, StudentRow } from '../sources/rows.js';

export type PersonQuery = { by: 'address' | 'dcid' | 'student-number'; value: string };

export type FoundRecord = { population: 'student'; row: StudentRow } | { population: 'staff'; row: StaffUserRow; assignments: SchoolStaffRow[] };

export function findRecords(
  query: PersonQuery,
  rows: SourceRows,
  studentAddress: (student: StudentRow) => string | null,
  desired: readonly DesiredAccount[],
  index: ActualIndex,
): FoundRecord[] {
  const value = query.by === 'address' ? query.value.trim().toLowerCase() : query.value.trim();
  const students = new Set<StudentRow>();
  const staff = new Set<StaffUserRow>();
  for (const s of rows.students) {
    if (query.by === 'dcid' ? s.dcid === value : query.by === 'student-number' ? s.studentNumber === value : studentAddress(s) === value) students.add(s);
  }
  if (query.by !== 'student-number') {
    for (const u of rows.users) if (query.by === 'dcid' ? u.dcid === value : u.email.toLowerCase() === value) staff.add(u);
  }
  if (query.by === 'address') {
    const owner = index.owner(value);
    if (owner) {
      const byOrigin = originIndex(rows);
      for (const d of desired) {
        if (!index.find(d.match.key, d.match.value).includes(owner)) continue;
        const row = byOrigin.get(originKey(d.origin));
        if (row === undefined) continue;
        if (d.person.population === 'student') students.add(row as StudentRow);
        else staff.add(row as StaffUserRow);
      }
    }
  }
  const found: FoundRecord[] = [...students].map((row) => ({ population: 'student' as const, row }));
  for (const row of staff) found.push({ population: 'staff', row, assignments: rows.schoolStaff.filter((a) => a.usersDcid === row.dcid) });
  return found.sort((a, b) => compareText(a.row.origin.file, b.row.origin.file) || a.row.origin.row - b.row.origin.row);
}

export function originKey(origin: { file: string; row: number }): string {
  return `${origin.file}\u0000${origin.row}`;
}

function originIndex(rows: SourceRows): Map<string, StudentRow | StaffUserRow> {
  const index = new Map<string, StudentRow | StaffUserRow>();
  for (const row of [...rows.students, ...rows.users]) index.set(originKey(row.origin), row);
  return index;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
