/**
 * The members the rules place in a group, kept small: a district's class groups hold millions of
 * places, so each is a person, a role and (for a class) how and since when, and the reason a plan
 * shows is worded only for the few that change.
 */
import type { DesiredMembers, GroupRole } from '../model/group.js';
import { GROUP_ROLES, roleRank } from '../model/group.js';
import type { Person } from '../model/person.js';

/** How someone is in a class: enrolled, or teaching it in one of PowerSchool's roles. */
export type SectionPart = 'enrolled' | 'lead teacher' | 'co-teacher' | 'aide';

const PARTS: readonly SectionPart[] = ['enrolled', 'lead teacher', 'co-teacher', 'aide'];

/** Someone a class may place, by their number among everyone the classes may place (ClassPerson). */
interface Numbered {
  person: Person;
  n: number;
}

/**
 * Whom the class being read has placed, and where: one pair of arrays over everyone for all
 * the classes read one after the other, each class marking with a stamp of its own, so that a
 * million students' classes need no map per class.
 */
export class MemberMarks {
  readonly in: Int32Array;
  readonly at: Int32Array;
  private stamp = 0;

  constructor(people: number) {
    this.in = new Int32Array(people);
    this.at = new Int32Array(people);
  }

  next(): number {
    return ++this.stamp;
  }
}

/**
 * A class's members. Someone placed twice (a lead teacher also listed as co-teacher) keeps the
 * higher role. Classes are read one at a time: a class's members are all added before the next
 * class's (they share `marks`).
 */
export class SectionMembers implements DesiredMembers {
  private readonly people: Person[] = [];
  /** role rank × 4 + part. */
  private readonly codes: number[] = [];
  private readonly since: string[] = [];
  private readonly stamp: number;
  private departures: Map<Person, string> | undefined;

  /** `label`: the class in reasons, "ALG1-3". */
  constructor(
    private readonly label: string,
    private readonly marks: MemberMarks,
  ) {
    this.stamp = marks.next();
  }

  get size(): number {
    return this.people.length;
  }

  add(member: Numbered, role: GroupRole, part: SectionPart, since: string): void {
    const code = roleRank(role) * 4 + PARTS.indexOf(part);
    const { marks } = this;
    if (marks.in[member.n] !== this.stamp) {
      marks.in[member.n] = this.stamp;
      marks.at[member.n] = this.people.length;
      this.people.push(member.person);
      this.codes.push(code);
      this.since.push(since);
      return;
    }
    const at = marks.at[member.n] as number;
    if (code >> 2 > (this.codes[at] as number) >> 2) {
      this.codes[at] = code;
      this.since[at] = since;
    }
  }

  /** The first member placed as `part` (the lead teacher, for a name holding {teacher}). */
  firstAs(part: SectionPart): Person | undefined {
    const wanted = PARTS.indexOf(part);
    const at = this.codes.findIndex((code) => (code & 3) === wanted);
    return at < 0 ? undefined : this.people[at];
  }

  /** Why someone PowerSchool had in the class is no longer in it; the first reason given stays. */
  left(person: Person, why: string): void {
    this.departures ??= new Map();
    if (!this.departures.has(person)) this.departures.set(person, why);
  }

  person(i: number): Person {
    return this.people[i] as Person;
  }

  role(i: number): GroupRole {
    return GROUP_ROLES[(this.codes[i] as number) >> 2] as GroupRole;
  }

  reason(i: number): string {
    const part = PARTS[(this.codes[i] as number) & 3] as SectionPart;
    const since = this.since[i] as string;
    return part === 'enrolled' ? `enrolled in ${this.label} since ${since}` : `${part} of ${this.label} since ${since}`;
  }

  departure(person: Person): string | undefined {
    return this.departures?.get(person);
  }
}

/** A group whose members all share a role and a reason: a building's students, a graduating class. */
export class UniformMembers implements DesiredMembers {
  private readonly people: Person[] = [];

  constructor(
    private readonly memberRole: GroupRole,
    private readonly why: string,
  ) {}

  get size(): number {
    return this.people.length;
  }

  add(person: Person): void {
    this.people.push(person);
  }

  person(i: number): Person {
    return this.people[i] as Person;
  }

  role(): GroupRole {
    return this.memberRole;
  }

  reason(): string {
    return this.why;
  }

  departure(): undefined {
    return undefined;
  }
}
