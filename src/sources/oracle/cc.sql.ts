/**
 * CC of the class window's terms. A dropped enrollment has a negative TERMID (and SECTIONID),
 * so a year's drops are the terms at or below -:from_term_id; two ranges rather than ABS() so
 * that an index on TERMID can serve them.
 */
export const CC_SQL = `
SELECT enr.studentid,
       enr.sectionid,
       enr.termid,
       TO_CHAR(enr.dateenrolled, 'YYYY-MM-DD') AS dateenrolled,
       TO_CHAR(enr.dateleft, 'YYYY-MM-DD') AS dateleft
  FROM cc enr
 WHERE (enr.termid >= :from_term_id OR enr.termid <= -:from_term_id)
 ORDER BY enr.id`;
