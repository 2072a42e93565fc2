/**
 * A problem with the input that a plan reports instead of acting on: a source row left out, a
 * person a target cannot map, an account two records claim. It names the file, row and field,
 * and the account concerned when there is one.
 */
export interface Issue {
  severity: 'error' | 'warning';
  /** Stable, e.g. UNKNOWN_GRADE, ADDRESS_IN_USE. */
  code: string;
  message: string;
  /** File (or table/endpoint) and row in the source, when the issue is about a row. */
  file?: string;
  row?: number;
  field?: string;
  /** The account address concerned, when known. */
  address?: string;
}
