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

/** A class's members. Someone placed twice (a lead teacher also listed as co-teacher) keeps the higher role. */
export class SectionMembers implements DesiredMembers {
  private readonly people: Person[] = [];
  /** role rank × 4 + part. */
  private readonly codes: number[] = [];
  private readonly since: string[] = [];
  private readonly index = new Map<Person, number>();
  private departures: Map<Person, string> | undefined;

  /** `label`: the class in reasons, "ALG1-3". */
  constructor(private readonly label: string) {}

  get size(): number {
    return this.people.length;
  }

  add(person: Person, role: GroupRole, part: SectionPart, since: string): void {
    const code = roleRank(role) * 4 + PARTS.indexOf(part);
    const at = this.index.get(person);
    if (at === undefined) {
      this.index.set(person, this.people.length);
      this.people.push(person);
      this.codes.push(code);
      this.since.push(since);
      return;
    }
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

  /** Done adding: the index is only needed while the class is read. */
  seal(): this {
    this.index.clear();
    return this;
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
