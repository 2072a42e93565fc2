import type { NameCase } from '../config/types.js';
import type { SchoolRow } from '../sources/rows.js';
import { casedName } from './name-case.js';

/**
 * A school as the rules use it: its name cased like people's (D118 title-cases school names
 * before building the staff OU, the CrisisGO building and the substitute and graduated building
 * comparisons). The abbreviation is left alone: it is an abbreviation (MES), not a name.
 */
export function casedSchool(school: SchoolRow, nameCase: NameCase): SchoolRow {
  const name = casedName(school.name, nameCase);
  return name === school.name ? school : { ...school, name };
}
