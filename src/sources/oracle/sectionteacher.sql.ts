/** SECTIONTEACHER rows of the sections read (SECTIONS_SQL's window), lead teachers and co-teachers alike. */
export const SECTIONTEACHER_SQL = `
SELECT st.sectionid,
       st.teacherid,
       st.roleid,
       TO_CHAR(st.start_date, 'YYYY-MM-DD') AS start_date,
       TO_CHAR(st.end_date, 'YYYY-MM-DD') AS end_date
  FROM sectionteacher st
 WHERE st.sectionid IN (SELECT sec.id FROM sections sec WHERE sec.termid >= :from_term_id)
 ORDER BY st.sectionid, st.id`;
