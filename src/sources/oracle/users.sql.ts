import { quoteOracleIdentifier, type CellPhoneColumn } from '../identifiers.js';

/**
 * USERS, with CELLPHONE from the district's custom table when one is configured. The table and
 * column names are the only config that reaches SQL text: checked against IDENTIFIER and quoted
 * by quoteOracleIdentifier. A scalar subquery rather than a join, so that an extension table
 * holding two rows for one user cannot turn that user into two users; MAX picks one value
 * deterministically.
 */
export function usersSql(cellPhone: CellPhoneColumn | null): string {
  const cell =
    cellPhone === null
      ? 'NULL'
      : `(SELECT MAX(c.${quoteOracleIdentifier(cellPhone.column)})
          FROM ${quoteOracleIdentifier(cellPhone.table)} c
         WHERE c.${quoteOracleIdentifier(cellPhone.joinColumn)} = u.dcid)`;
  return `
SELECT u.dcid,
       u.email_addr,
       u.first_name,
       u.last_name,
       u.teachernumber,
       u.homeschoolid,
       u.groupvalue,
       ${cell} AS cellphone
  FROM users u
 ORDER BY u.dcid`;
}
