/**
 * People to Google accounts: a student's primary email from students.emailTemplate, staff's
 * from PowerSchool (in the domain only); the org unit from the OU templates; the custom
 * attributes and the employee id (externalIds) the config names; the match key
 * (students.match, staff.match). A person Google would refuse (a name it does not allow, an
 * address that is not one, a grade with no OU) becomes an issue naming the row instead.
 */
import type { MatchRule } from '../../config/types.js';
import { ADDRESS_KEY, type Attributes, type DesiredAccount, type MatchKey } from '../../model/account.js';
import type { DesiredMapping } from '../../model/directory-port.js';
import type { Issue } from '../../model/issue.js';
import { identityValue, type DesiredPerson, type Population, type StaffBelonging, type StudentBelonging } from '../../model/person.js';
import { isValidAddress, renderAddressTemplate } from '../../util/address-template.js';
import { populationAttributes } from './attribute-keys.js';
import { nameProblem } from './names.js';
import { staffOrgUnit, studentOrgUnit } from './org-units.js';
import type { GoogleTargetConfig } from './google-config.js';
import { googleLicencesFor, googleLifecycle } from './lifecycle.js';
import type { LifecyclePolicy } from '../../model/lifecycle.js';

/** Where a student's belonging leads: shared by everyone with the same belonging. */
interface Placed {
  placement: string[];
  reasons: { placement: string; enabled: string };
}

export class GoogleMapping {
  private readonly attributes: Record<Population, ReadonlyArray<{ fact: string; key: string }>>;
  /** One array per org unit: a million accounts share a few hundred. */
  private readonly placements = new Map<string, string[]>();
  /** Where each student belonging leads, worked out once (the rules share one belonging among everyone alike). */
  private readonly students = new WeakMap<StudentBelonging, Placed | null>();
  private readonly lifecycles: Record<Population, LifecyclePolicy | undefined>;
  /** The licences of a population at a school, worked out once: `population school` -> keys. */
  private readonly licences = new Map<string, string[]>();

  constructor(private readonly config: GoogleTargetConfig) {
    this.attributes = { student: populationAttributes(config, 'student'), staff: populationAttributes(config, 'staff') };
    this.lifecycles = { student: googleLifecycle(config, 'student'), staff: googleLifecycle(config, 'staff') };
  }

  desiredAccounts(people: readonly DesiredPerson[]): DesiredMapping {
    const accounts: DesiredAccount[] = [];
    const issues: Issue[] = [];
    for (const p of people) {
      const mapped = p.belonging.population === 'student' ? this.student(p, p.belonging) : this.staff(p, p.belonging);
      if ('issue' in mapped) issues.push(mapped.issue);
      else accounts.push(mapped);
    }
    return { accounts, issues };
  }

  private student(p: DesiredPerson, belonging: StudentBelonging): DesiredAccount | { issue: Issue } {
    const number = p.identity.studentNumber;
    for (const [field, cased, raw] of [['FIRST_NAME', p.name.given, p.identity.firstName], ['LAST_NAME', p.name.family, p.identity.lastName]] as const) {
      const problem = nameProblem(cased);
      if (problem) return rowIssue(p, 'INVALID_NAME', field, `student ${number} ${field} ${JSON.stringify(raw)} ${problem}`);
    }
    const address = renderAddressTemplate(this.config.students.emailTemplate, {
      student_number: number,
      dcid: p.identity.dcid,
      id: p.identity.id,
      first_name: p.name.given,
      last_name: p.name.family,
      domain: this.config.google.domain,
    });
    if (!isValidAddress(address)) {
      return rowIssue(p, 'INVALID_EMAIL', 'STUDENT_NUMBER', `student ${number} would get the address ${JSON.stringify(address)}, which is not a valid address`);
    }
    let placed = this.students.get(belonging);
    if (placed === undefined) {
      const ou = studentOrgUnit(belonging, this.config.students);
      placed = ou === null ? null : { placement: this.placement(ou.orgUnitPath), reasons: { placement: ou.reason, enabled: belonging.reasons.enabled } };
      this.students.set(belonging, placed);
    }
    if (placed === null) {
      return rowIssue(p, 'UNKNOWN_GRADE', 'GRADE_LEVEL', `student ${number} is in grade ${belonging.grade}, which has no entry in students.gradeOus`);
    }
    return this.account(p, address, placed, this.config.students.match);
  }

  private staff(p: DesiredPerson, belonging: StaffBelonging): DesiredAccount | { issue: Issue } {
    const address = p.identity.email.toLowerCase();
    if (!isValidAddress(address)) return rowIssue(p, 'INVALID_EMAIL', 'EMAIL_ADDR', `${JSON.stringify(p.identity.email)} is not a valid address`);
    const domain = this.config.google.domain;
    if (address.split('@')[1] !== domain) {
      return rowIssue(p, 'EMAIL_OUTSIDE_DOMAIN', 'EMAIL_ADDR', `${address} is not in ${domain}; rollcall only manages that domain`, 'warning');
    }
    for (const [field, cased, raw] of [['FIRST_NAME', p.name.given, p.identity.firstName], ['LAST_NAME', p.name.family, p.identity.lastName]] as const) {
      const problem = nameProblem(cased);
      if (problem) return rowIssue(p, 'INVALID_NAME', field, `${address} ${field} ${JSON.stringify(raw)} ${problem}`);
    }
    const ou = staffOrgUnit(belonging, this.config.staff);
    return this.account(p, address, { placement: this.placement(ou.orgUnitPath), reasons: { placement: ou.reason, enabled: belonging.reasons.enabled } }, this.config.staff.match);
  }

  private account(p: DesiredPerson, address: string, placed: Placed, match: MatchRule): DesiredAccount {
    const attributes: Attributes = {};
    // Google keeps custom values trimmed.
    for (const { fact, key } of this.attributes[p.person.population]) attributes[key] = (p.facts[fact] ?? '').trim();
    const lifecycle = this.lifecycles[p.person.population];
    return {
      person: p.person,
      match: matchKey(match, p, address),
      fields: { address, name: p.name, enabled: p.belonging.enabled, placement: placed.placement, attributes },
      reasons: placed.reasons,
      origin: p.origin,
      ...(lifecycle !== undefined ? { lifecycle, licences: this.licencesOf(p.person.population, p.belonging.school.number) } : {}),
    };
  }

  private licencesOf(population: Population, school: number): string[] {
    const key = `${population} ${school}`;
    let found = this.licences.get(key);
    if (found === undefined) this.licences.set(key, (found = googleLicencesFor(this.config, population, school)));
    return found;
  }

  private placement(orgUnitPath: string): string[] {
    let placement = this.placements.get(orgUnitPath);
    if (placement === undefined) this.placements.set(orgUnitPath, (placement = [orgUnitPath]));
    return placement;
  }
}

/**
 * The key an account is found by, as Microsoft SDS describes identity matching: a source
 * property, an optional suffix appended to it, compared with a Google property. Addresses are
 * compared lower-cased (Google treats them so).
 */
function matchKey(rule: MatchRule, p: DesiredPerson, address: string): MatchKey {
  const value = `${identityValue(p.identity, address, rule.source)}${rule.suffix ?? ''}`;
  return rule.target === 'primaryEmail' ? { key: ADDRESS_KEY, value: value.toLowerCase() } : { key: rule.target, value };
}

/** A person left out: the issue names the file, row and field, as the rules' own issues do. */
function rowIssue(p: DesiredPerson, code: string, field: string, what: string, severity: Issue['severity'] = 'error'): { issue: Issue } {
  const { file, row } = p.origin;
  return { issue: { severity, code, file, row, field, message: `${file} row ${row}: ${what}` } };
}
