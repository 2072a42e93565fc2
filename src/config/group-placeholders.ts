/**
 * The placeholders a group set's templates may hold, by kind: what the set's groups are made
 * from. The rules fill them in (rules/group-template.ts); config validation refuses any other.
 */
import type { GroupKind, GroupRoles } from './types.js';

const SCHOOL = ['school_abbr', 'school_number', 'school_name'] as const;

export const GROUP_PLACEHOLDERS: Readonly<Record<GroupKind, readonly string[]>> = {
  section: [...SCHOOL, 'course_number', 'course_name', 'section_number', 'section_id', 'term_abbr', 'term_id', 'year', 'expression', 'room', 'teacher'],
  'building-students': SCHOOL,
  'building-staff': SCHOOL,
  grade: [...SCHOOL, 'grade'],
  'graduating-class': [...SCHOOL, 'classof'],
  'staff-type': [...SCHOOL, 'staff_type', 'staff_type_name'],
};

/** Placeholders that may appear in a name or description but not in an address (they change while the group lives). */
export const NAME_ONLY_PLACEHOLDERS: readonly string[] = ['teacher'];

/** The role keys that apply to each kind of set. */
export const GROUP_ROLE_KEYS: Readonly<Record<GroupKind, ReadonlyArray<keyof GroupRoles>>> = {
  section: ['students', 'leadTeacher', 'coTeachers', 'aides'],
  'building-students': ['students'],
  'building-staff': ['staff'],
  grade: ['students'],
  'graduating-class': ['students'],
  'staff-type': ['staff'],
};

/** Whether a kind gathers students or staff (section sets gather both). */
export function kindGathers(kind: GroupKind): 'students' | 'staff' | 'both' {
  if (kind === 'section') return 'both';
  return kind === 'building-staff' || kind === 'staff-type' ? 'staff' : 'students';
}
