/** SCHOOLS: every school, whatever the scope, so that every SCHOOLID in the other tables resolves. */
export const SCHOOLS_SQL = `
SELECT sch.school_number,
       sch.name,
       sch.abbreviation,
       sch.state_excludefromreporting
  FROM schools sch
 ORDER BY sch.school_number`;
