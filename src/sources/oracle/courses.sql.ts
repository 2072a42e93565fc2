/** COURSES: every course (a small table; sections name theirs by COURSE_NUMBER). */
export const COURSES_SQL = `
SELECT crs.course_number,
       crs.course_name
  FROM courses crs
 ORDER BY crs.course_number, crs.id`;
