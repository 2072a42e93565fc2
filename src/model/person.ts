/**
 * People as rollcall's rules see them, in PowerSchool's terms and no directory's: who someone
 * is, where they belong (school, grade, status) and whether they should have access. The rules
 * produce these; each target turns them into accounts in its own words (target mapping).
 */

export type Population = 'student' | 'staff';

export const POPULATIONS: readonly Population[] = ['student', 'staff'];

/** Where a source row came from: a file (or table) and its 1-based line, header being line 1. */
export interface Origin {
  file: string;
  row: number;
}

/** A school as the rules name it: its name cased as people's names are (names.case). */
export interface School {
  number: number;
  name: string;
  abbreviation: string;
}

/** Who an account belongs to, for grouping and review; a plan carries it with each change. */
export interface Person {
  population: Population;
  /** PowerSchool DCID. */
  dcid: string;
  /** Student number or teacher number, when known. */
  number?: string;
  displayName: string;
  school: { number: number; name: string } | null;
  /** Students only: the PowerSchool grade level. */
  grade?: number;
  /** Graduates only: their class, and the last day of summer grace when they are in it. */
  graduate?: { classOf: number | null; activeUntil: string | null };
}

/** A name as accounts hold it: given and family name, cased per names.case. */
export interface PersonName {
  given: string;
  family: string;
}

/**
 * What identifies a person in PowerSchool: the values a target builds addresses from and
 * matches existing accounts on (as Microsoft SDS matches: a source property plus a suffix).
 */
export interface PersonIdentity {
  dcid: string;
  /** STUDENTS.ID for students; the DCID for staff. */
  id: string;
  /** '' for staff. */
  studentNumber: string;
  /** '' for students. */
  teacherNumber: string;
  /** Staff: USERS.EMAIL_ADDR as PowerSchool holds it. Students: '' (a target makes their address from a template). */
  email: string;
  /** The names as PowerSchool holds them (before names.case), for messages quoting the row. */
  firstName: string;
  lastName: string;
}

/**
 * Why a person belongs where they do and has (or lacks) access, in words a reviewer checks. A
 * target finishes the placement reason with its own containers ("graduates go to /Graduated
 * Students"); the enabled reason is complete as it is.
 */
export interface BelongingReasons {
  placement: string;
  enabled: string;
}

/**
 * Where a student belongs. One object is shared by everyone with the same school, grade,
 * enrollment status and class: a district has thousands of such combinations, not a million,
 * and a target may work its containers out once per object.
 */
export interface StudentBelonging {
  population: 'student';
  school: School;
  grade: number;
  /**
   * active and pre-registered (enroll_status 0 and -1) are enrolled; graduated (enroll_status 3,
   * or enrolled in the graduated-students building); inactive: any other status.
   */
  status: 'active' | 'pre-registered' | 'graduated' | 'inactive';
  /** Whether the account should be usable: enrolled, or a graduate inside summer grace. */
  enabled: boolean;
  classOf: number | null;
  reasons: BelongingReasons;
}

/** Where a staff member belongs: their home school, and the schools they are active at. */
export interface StaffBelonging {
  population: 'staff';
  /** The home school (USERS.HOMESCHOOLID). */
  school: School;
  /** substitute: by staff type or by a home school that is the substitutes' building. */
  status: 'active' | 'substitute' | 'inactive';
  enabled: boolean;
  /** School numbers with an active SCHOOLSTAFF row, ascending. */
  schools: readonly number[];
  /** STAFFSTATUS that decides the staff type (0 not assigned, 1 teacher, 2 staff, 3 lunch staff, 4 substitute). */
  staffType: number | null;
  reasons: BelongingReasons;
}

export type Belonging = StudentBelonging | StaffBelonging;

/**
 * Named values a target may store on an account as attributes (config
 * `<population>.attributes.<fact>`: a Google custom attribute; an Entra property), '' for none.
 */
export type PersonFacts = Readonly<Record<string, string>>;

/** The facts the rules give every student. */
export const STUDENT_FACTS = ['school', 'gradYear', 'dcid', 'studentNumber'] as const;
/** The facts the rules give every staff member. */
export const STAFF_FACTS = ['dcid', 'homeschool', 'schoolAccessList', 'staffType', 'staffGroup', 'teacherNumber', 'crisisGoCell', 'crisisGoBuilding'] as const;

export type StudentFact = (typeof STUDENT_FACTS)[number];
export type StaffFact = (typeof STAFF_FACTS)[number];

/**
 * What the rules say of one person who should have an account (enabled or not): the input of a
 * target's mapping. Pure data; the same rows, config and date always give the same people.
 */
export interface DesiredPerson {
  person: Person;
  name: PersonName;
  identity: PersonIdentity;
  belonging: Belonging;
  facts: PersonFacts;
  origin: Origin;
}

/** The PowerSchool properties an account can be matched by (Microsoft SDS's sources). */
export type IdentitySource = 'email' | 'dcid' | 'student_number' | 'id' | 'teachernumber';

/**
 * A person's value for a match source. `email` is the staff member's EMAIL_ADDR, lower-cased,
 * and for a student the address the target made for them (`address`).
 */
export function identityValue(identity: PersonIdentity, address: string, source: IdentitySource): string {
  switch (source) {
    case 'email':
      return identity.email === '' ? address : identity.email.toLowerCase();
    case 'dcid':
      return identity.dcid;
    case 'student_number':
      return identity.studentNumber;
    case 'id':
      return identity.id;
    case 'teachernumber':
      return identity.teacherNumber;
  }
}
