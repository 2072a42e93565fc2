/**
 * PowerSchool as a directory of CSV files shaped like query results (schools.csv, students.csv,
 * users.csv, schoolstaff.csv; UPPERCASE headers as Oracle names columns). Each file is streamed,
 * so its size is bounded by the rows kept, not by the text read.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError, isRollcallError } from '../../errors.js';
import { fileChunks } from '../../io/file-chunks.js';
import { parseCsvBatches } from '../csv.js';
import { TABLE_COLUMNS } from '../records.js';
import { OPTIONAL_COLUMNS, RowIssueCodes, mapSchoolRow, mapSchoolStaffRow, mapStudentRow, mapUserRow, type RowMapping } from '../row-mapping.js';
import type { PowerSchoolSource, RowOrigin, SourceIssue, SourceRows } from '../rows.js';

interface TableFile<T> {
  name: string;
  columns: readonly string[];
  map: (record: Record<string, unknown>, origin: RowOrigin) => RowMapping<T>;
}

// Each table's file and the columns `export-source` writes to it (records.ts), mapped as every source maps them.
const SCHOOLS = { name: 'schools.csv', columns: TABLE_COLUMNS.schools, map: mapSchoolRow };
const STUDENTS = { name: 'students.csv', columns: TABLE_COLUMNS.students, map: mapStudentRow };
const USERS = { name: 'users.csv', columns: TABLE_COLUMNS.users, map: mapUserRow };
const SCHOOLSTAFF = { name: 'schoolstaff.csv', columns: TABLE_COLUMNS.schoolstaff, map: mapSchoolStaffRow };

/** The file names this source reads, in the order it reads them. */
export const POWERSCHOOL_FILES = [SCHOOLS.name, STUDENTS.name, USERS.name, SCHOOLSTAFF.name] as const;

export class FilesSource implements PowerSchoolSource {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = `files ${dir}`;
  }

  async read(): Promise<SourceRows> {
    // Every file is checked before any is read, so a missing users.csv is reported at once,
    // not after a million students have been parsed.
    await this.checkFilesExist();
    const issues: SourceIssue[] = [];
    const schools = await this.readTable(SCHOOLS, issues);
    const students = await this.readTable(STUDENTS, issues);
    const users = await this.readTable(USERS, issues);
    const schoolStaff = await this.readTable(SCHOOLSTAFF, issues);
    return { schools, students, users, schoolStaff, issues };
  }

  private async checkFilesExist(): Promise<void> {
    const problems: string[] = [];
    for (const name of POWERSCHOOL_FILES) {
      try {
        if (!(await stat(path.join(this.dir, name))).isFile()) problems.push(`${name} is not a file`);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        problems.push(code === 'ENOENT' ? `${name} is missing` : `${name} cannot be read (${code ?? String(err)})`);
      }
    }
    if (problems.length > 0) {
      throw new RollcallError(
        ErrorCodes.SOURCE_INVALID,
        `PowerSchool files in ${this.dir}: ${problems.join('; ')} (expected ${POWERSCHOOL_FILES.join(', ')})`,
        { details: { dir: this.dir, problems } },
      );
    }
  }

  private async readTable<T>(table: TableFile<T>, issues: SourceIssue[]): Promise<T[]> {
    const file = path.join(this.dir, table.name);
    const rows: T[] = [];
    let header: Header | undefined;
    try {
      for await (const records of parseCsvBatches(fileChunks(file), file)) {
        for (const { line, fields } of records) {
          if (header === undefined) {
            header = readHeader(fields, table, this.dir);
            continue;
          }
          const origin: RowOrigin = { file: table.name, row: line };
          if (fields.length !== header.width) {
            issues.push(fieldCountIssue(origin, fields.length, header.width));
            continue;
          }
          const record: Record<string, string> = {};
          for (let k = 0; k < header.columns.length; k++) record[header.columns[k]!] = fields[header.positions[k]!]!;
          const mapped = table.map(record, origin);
          if (mapped.row !== undefined) rows.push(mapped.row);
          for (const issue of mapped.issues) issues.push(issue);
        }
      }
    } catch (err) {
      // Only the file system's errors are the input's fault; anything else is a bug, let through.
      if (isRollcallError(err) || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
      throw new RollcallError(
        ErrorCodes.SOURCE_INVALID,
        `${file}: cannot read (${(err as NodeJS.ErrnoException).code})`,
        { details: { file, dir: this.dir }, cause: err },
      );
    }
    if (header === undefined) {
      throw new RollcallError(
        ErrorCodes.SOURCE_INVALID,
        `${table.name} in ${this.dir} is empty; expected a header line: ${table.columns.join(',')}`,
        { details: { file, dir: this.dir } },
      );
    }
    return rows;
  }
}

interface Header {
  width: number;
  /** The known columns present, and the position of each in a record (unknown ones left out). */
  columns: string[];
  positions: number[];
}

function readHeader(fields: string[], table: TableFile<unknown>, dir: string): Header {
  const file = table.name;
  const known = new Set(table.columns);
  const indexes = new Map<string, number>();
  const duplicates = new Set<string>();
  fields.forEach((field, index) => {
    const column = field.trim().toUpperCase();
    if (!known.has(column)) return;
    if (indexes.has(column)) duplicates.add(column);
    else indexes.set(column, index);
  });
  const missing = table.columns.filter((column) => !indexes.has(column) && !OPTIONAL_COLUMNS.has(column));
  if (missing.length > 0) {
    throw new RollcallError(
      ErrorCodes.SOURCE_INVALID,
      `${file} in ${dir}: header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(expected ${table.columns.join(',')}; found ${fields.join(',')})`,
      { details: { file, dir, missing } },
    );
  }
  if (duplicates.size > 0) {
    const names = [...duplicates];
    throw new RollcallError(
      ErrorCodes.SOURCE_INVALID,
      `${file} in ${dir}: header has column${names.length > 1 ? 's' : ''} ${names.join(', ')} more than once`,
      { details: { file, dir, duplicates: names } },
    );
  }
  return { width: fields.length, columns: [...indexes.keys()], positions: [...indexes.values()] };
}

function fieldCountIssue(origin: RowOrigin, found: number, expected: number): SourceIssue {
  return {
    severity: 'error',
    code: RowIssueCodes.FIELD_COUNT,
    file: origin.file,
    row: origin.row,
    message: `${origin.file} row ${origin.row}: has ${found} field${found === 1 ? '' : 's'}, the header has ${expected}`,
  };
}
