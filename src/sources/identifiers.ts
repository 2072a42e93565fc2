/**
 * Table and column names a district names in config (its custom cell-phone table). They are the
 * one piece of config that reaches SQL text or a URL path, so they must be plain identifiers:
 * checked here even though the config schema checks the same pattern, because a source can be
 * built from code as well as from a validated config file.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

/** An Oracle unquoted identifier: a letter, then letters, digits, _ $ #; at most 128 characters. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_$#]{0,127}$/;

/** Where PowerSchool keeps a district's staff cell phones (D118: u_humanresources.cellphone on usersdcid). */
export interface CellPhoneColumn {
  table: string;
  column: string;
  /** The column holding USERS.DCID. */
  joinColumn: string;
}

/** Throws POWERSCHOOL naming the config key when any name is not a plain identifier. */
export function checkCellPhoneColumn(cellPhone: CellPhoneColumn, configKey: string): CellPhoneColumn {
  for (const key of ['table', 'column', 'joinColumn'] as const) {
    const value: unknown = cellPhone[key];
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
      throw new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `${configKey}.${key}: ${JSON.stringify(value)} is not a table or column name ` +
          '(a letter, then letters, digits, _ $ or #, at most 128 characters)',
        { details: { key: `${configKey}.${key}` } },
      );
    }
  }
  return cellPhone;
}

/**
 * As a quoted Oracle identifier. Oracle stores unquoted names in upper case, so the name is
 * upper-cased before quoting: "U_HUMANRESOURCES" finds what u_humanresources would, and the
 * quotes guarantee the text can only ever be read as a name.
 */
export function quoteOracleIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new RollcallError(ErrorCodes.INTERNAL, `not an identifier: ${JSON.stringify(name)}`);
  }
  return `"${name.toUpperCase()}"`;
}
