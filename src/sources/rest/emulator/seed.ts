/**
 * The emulator's tables, loaded from a directory in the CSV fixture format (fixtures/powerschool):
 * each `<name>.csv` becomes table `<name>`, columns lower-cased as the API names them and values
 * kept as the text the file holds. USERS' CELLPHONE column is moved into the district's own
 * table (D118: u_humanresources), because that is where a real server keeps it.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CellPhoneColumn } from '../../identifiers.js';
import { parseCsv } from '../../csv.js';

export interface SeedTable {
  name: string;
  /** Lower-case column names, in file order. */
  columns: string[];
  /** One object per row: column -> text ('' for an empty field). */
  rows: Array<Record<string, string>>;
}

export const D118_CELL_PHONE: CellPhoneColumn = { table: 'u_humanresources', column: 'cellphone', joinColumn: 'usersdcid' };

export async function loadSeedTables(seedDir: string, cellPhone: CellPhoneColumn = D118_CELL_PHONE): Promise<Map<string, SeedTable>> {
  const tables = new Map<string, SeedTable>();
  const files = (await readdir(seedDir)).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  for (const file of files) {
    const table = await readSeedFile(path.join(seedDir, file), file.slice(0, -4).toLowerCase());
    tables.set(table.name, table);
  }
  const users = tables.get('users');
  if (users !== undefined && users.columns.includes('cellphone')) splitCellPhones(tables, users, cellPhone);
  return tables;
}

async function readSeedFile(file: string, name: string): Promise<SeedTable> {
  let columns: string[] | undefined;
  const rows: Array<Record<string, string>> = [];
  for await (const { line, fields } of parseCsv(createReadStream(file), file)) {
    if (columns === undefined) {
      columns = fields.map((f) => f.trim().toLowerCase());
      continue;
    }
    // A fake cannot serve a row that has no columns to put its fields in: the seed must be sound.
    if (fields.length !== columns.length) {
      throw new Error(`${file} line ${line}: ${fields.length} fields, the header has ${columns.length}`);
    }
    const row: Record<string, string> = {};
    columns.forEach((column, i) => (row[column] = fields[i]!));
    rows.push(row);
  }
  return { name, columns: columns ?? [], rows };
}

function splitCellPhones(tables: Map<string, SeedTable>, users: SeedTable, cellPhone: CellPhoneColumn): void {
  const table = cellPhone.table.toLowerCase();
  const join = cellPhone.joinColumn.toLowerCase();
  const column = cellPhone.column.toLowerCase();
  const extension: SeedTable = { name: table, columns: [join, column], rows: [] };
  for (const row of users.rows) {
    const phone = row.cellphone ?? '';
    delete row.cellphone;
    // A one-to-one extension holds a row only for users whose extra fields were ever saved.
    if (phone !== '') extension.rows.push({ [join]: row.dcid ?? '', [column]: phone });
  }
  users.columns = users.columns.filter((c) => c !== 'cellphone');
  tables.set(table, extension);
}
