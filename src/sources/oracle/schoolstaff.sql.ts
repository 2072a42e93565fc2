/**
 * SCHOOLSTAFF: every assignment, active or not (the staff rules decide what each status means).
 * ID is what classes name their teachers by; the mapping reads it only with the class tables.
 */
export const SCHOOLSTAFF_SQL = `
SELECT ss.id,
       ss.users_dcid,
       ss.schoolid,
       ss.status,
       ss.staffstatus
  FROM schoolstaff ss
 ORDER BY ss.users_dcid, ss.schoolid, ss.dcid`;
