/** On its own so that every kind of row (rows.ts, class-rows.ts) can name it without importing the other. */

/** Where a row came from: a file name (or table: STUDENTS for Oracle, students for REST) and a row number. */
export interface RowOrigin {
  file: string;
  /**
   * 1-based line of the row in its file, header being line 1 (so the first data row is 2).
   * Oracle and REST rows count the same way, as lines of the `export-source` file.
   */
  row: number;
}
