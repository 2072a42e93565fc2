/** TERMS of the class window's school years, each school's own rows; dates as text, so no time zone can shift a day. */
export const TERMS_SQL = `
SELECT t.id,
       t.schoolid,
       TO_CHAR(t.firstday, 'YYYY-MM-DD') AS firstday,
       TO_CHAR(t.lastday, 'YYYY-MM-DD') AS lastday,
       t.yearid,
       t.abbreviation
  FROM terms t
 WHERE t.yearid >= :from_year_id
 ORDER BY t.id, t.schoolid`;
