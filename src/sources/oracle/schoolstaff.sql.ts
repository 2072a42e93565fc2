/** SCHOOLSTAFF: every assignment, active or not (the staff rules decide what each status means). */
export const SCHOOLSTAFF_SQL = `
SELECT ss.users_dcid,
       ss.schoolid,
       ss.status,
       ss.staffstatus
  FROM schoolstaff ss
 ORDER BY ss.users_dcid, ss.schoolid, ss.dcid`;
