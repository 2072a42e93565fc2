/**
 * PowerSchool as a directory of CSV files shaped like query results (schools.csv, students.csv,
 * users.csv, schoolstaff.csv, and with the class tables sections.csv, courses.csv, terms.csv,
 * cc.csv, sectionteacher.csv, roledef.csv; UPPERCASE headers as Oracle names columns). Each file
 * is streamed, so its size is bounded by the rows kept, not by the text read.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError, isRollcallError } from '../../errors.js';
import { fileChunks } from '../../io/file-chunks.js';
import { parseCsvBatches } from '../csv.js';
import { RowIssueCodes } from '../field-reader.js';
import { ACCOUNT_TABLES_ONLY, columnsRead, tableFileName, tablesRead, type PowerSchoolTable, type TableSelection } from '../records.js';
import { RowBuilder } from '../row-builder.js';
import { OPTIONAL_COLUMNS } from '../row-mapping.js';
import type { PowerSchoolSource, RowOrigin, SourceIssue, SourceRows } from '../rows.js';

export class FilesSource implements PowerSchoolSource {
  readonly description: string;

  /** `selection`: the class tables too (their files must then be there), or the account tables only. */
  constructor(
    private readonly dir: string,
    readonly selection: TableSelection = ACCOUNT_TABLES_ONLY,
  ) {
    this.description = `files ${dir}`;
  }

  async read(): Promise<SourceRows> {
    const tables = tablesRead(this.selection);
    // Every file is checked before any is read, so a missing users.csv is reported at once,
    // not after a million students have been parsed.
    await this.checkFilesExist(tables.map(tableFileName));
    const builder = new RowBuilder(this.selection);
    for (const table of tables) await this.readTable(table, builder);
    return builder.rows;
  }

  private async checkFilesExist(names: string[]): Promise<void> {
    const problems: string[] = [];
    for (const name of names) {
      try {
        if (!(await stat(path.join(this.dir, name))).isFile()) problems.push(`${name} is not a file`);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        problems.push(code === 'ENOENT' ? `${name} is missing` : `${name} cannot be read (${code ?? String(err)})`);
      }
    }
    if (problems.length > 0) {
      const classes = this.selection.classes !== null ? '; the class files are read because class groups are synced (powerschool.classes, or a section group set)' : '';
      throw new RollcallError(
        ErrorCodes.SOURCE_INVALID,
        `PowerSchool files in ${this.dir}: ${problems.join('; ')} (expected ${names.join(', ')}${classes})`,
        { details: { dir: this.dir, problems } },
      );
    }
  }

  private async readTable(table: PowerSchoolTable, builder: RowBuilder): Promise<void> {
    const name = tableFileName(table);
    const columns = columnsRead(table, this.selection);
    const file = path.join(this.dir, name);
    let header: Header | undefined;
    try {
      for await (const records of parseCsvBatches(fileChunks(file), file)) {
        for (const { line, fields } of records) {
          if (header === undefined) {
            header = readHeader(fields, name, columns, this.dir);
            continue;
          }
          const origin: RowOrigin = { file: name, row: line };
          if (fields.length !== header.width) {
            builder.issue(fieldCountIssue(origin, fields.length, header.width));
            continue;
          }
          const record: Record<string, string> = {};
          for (let k = 0; k < header.columns.length; k++) record[header.columns[k]!] = fields[header.positions[k]!]!;
          builder.add(table, record, origin);
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
        `${name} in ${this.dir} is empty; expected a header line: ${columns.join(',')}`,
        { details: { file, dir: this.dir } },
      );
    }
  }
}

interface Header {
  width: number;
  /** The known columns present, and the position of each in a record (unknown ones left out). */
  columns: string[];
  positions: number[];
}

function readHeader(fields: string[], file: string, expected: readonly string[], dir: string): Header {
  const known = new Set(expected);
  const indexes = new Map<string, number>();
  const duplicates = new Set<string>();
  fields.forEach((field, index) => {
    const column = field.trim().toUpperCase();
    if (!known.has(column)) return;
    if (indexes.has(column)) duplicates.add(column);
    else indexes.set(column, index);
  });
  const missing = expected.filter((column) => !indexes.has(column) && !OPTIONAL_COLUMNS.has(column));
  if (missing.length > 0) {
    throw new RollcallError(
      ErrorCodes.SOURCE_INVALID,
      `${file} in ${dir}: header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(expected ${expected.join(',')}; found ${fields.join(',')})`,
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
