/** SECTIONS of the class window's terms: a term ID is YEARID × 100 + n, so :from_term_id starts a school year. */
export const SECTIONS_SQL = `
SELECT sec.id,
       sec.schoolid,
       sec.course_number,
       sec.section_number,
       sec.termid,
       sec.teacher,
       sec.expression,
       sec.room
  FROM sections sec
 WHERE sec.termid >= :from_term_id
 ORDER BY sec.id`;
