/**
 * STUDENTS, optionally narrowed by powerschool.oracle.studentFilter. The text never changes:
 * each filter is switched on by a bind (:school_filter = 1), and the school and status lists
 * are fixed sets of bind slots, the unused ones bound to NULL (which matches nothing in an IN
 * list). Fixed slots rather than a collection type (TABLE(:list) of SYS.ODCINUMBERLIST): they
 * need no object-type lookup or EXECUTE grant on the type, bind plain NUMBERs in thin mode, and
 * one constant statement is parsed once and reused from the statement cache whatever the filter.
 */

/** Most school numbers a filter may list (the config schema says the same). */
export const STUDENT_SCHOOL_SLOTS = 100;
/** Most enroll statuses a filter may list; PowerSchool uses seven. */
export const STUDENT_STATUS_SLOTS = 10;

/** `:name_1, :name_2, ... :name_n`: built from constants only. */
export function bindSlots(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${name}_${i + 1}`);
}

const list = (names: string[]) => names.map((n) => `:${n}`).join(', ');

export const STUDENTS_SQL = `
SELECT s.dcid,
       s.id,
       s.student_number,
       s.first_name,
       s.middle_name,
       s.last_name,
       s.grade_level,
       s.schoolid,
       s.enroll_status,
       s.classof
  FROM students s
 WHERE (:school_filter = 0 OR s.schoolid IN (${list(bindSlots('school', STUDENT_SCHOOL_SLOTS))}))
   AND (:grade_filter = 0 OR s.grade_level BETWEEN :grade_min AND :grade_max)
   AND (:status_filter = 0 OR s.enroll_status IN (${list(bindSlots('status', STUDENT_STATUS_SLOTS))}))
 ORDER BY s.dcid`;
