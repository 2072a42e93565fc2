/**
 * People to Entra accounts, all from the entra section: the userPrincipalName and mailNickname
 * from their templates, the display name, the mapped properties, and the administrative units
 * and groups an account belongs to (by status: enabled, pre-registered, graduate in grace,
 * substitute, disabled), each from templates; the match key (SDS's source + suffix against a
 * property). A person Graph would refuse (an address or a value it does not allow, a name or a
 * value too long) or whose containers rollcall does not manage becomes an issue naming the row.
 */
import { managedContainerPatterns, POPULATION_KEY } from '../../config/entra-mapping.js';
import type { EntraContainerTemplates, EntraPopulationConfig } from '../../config/types.js';
import type { Attributes, DesiredAccount, MatchKey } from '../../model/account.js';
import type { DesiredMapping } from '../../model/directory-port.js';
import type { Issue } from '../../model/issue.js';
import { identityValue, type Belonging, type DesiredPerson, type Population, type StudentBelonging } from '../../model/person.js';
import { templatePlaceholders } from '../../util/address-template.js';
import { containerName, ManagedContainers, orderedPlacement } from './containers.js';
import { populationRules, type EntraTargetConfig } from './entra-config.js';
import { caseless, CASELESS_ATTRIBUTES, DISPLAY_NAME, MAIL_NICKNAME, matchKeyOf, maxLengthOf } from './properties.js';
import { BELONGING_PLACEHOLDERS, fillAddress, fillText } from './templates.js';

/** Graph's userPrincipalName: letters, digits and . - _ ! # ^ ~ ' before the @ (no leading, trailing or double dot), a domain after. */
const USER_PRINCIPAL_NAME = /^(?!\.)(?!.*\.\.)[a-z0-9.\-_!#^~']{1,64}(?<!\.)@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** Graph's mailNickname: no spaces, no @, none of ( ) \ [ ] " ; : < > , */
const MAIL_NICKNAME_TEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;

/** Where people with the same belonging go: their containers and why. */
interface Placed {
  placement: string[];
  reason: string;
}

/** A population's container templates for each state a person can be in, and whether they depend on the person or only on where they belong. */
interface PopulationPlacement {
  rules: EntraPopulationConfig;
  /** Every template depends only on school, grade and class: students alike share one placement. */
  byBelonging: boolean;
}

export class EntraMapping {
  private readonly managed: ManagedContainers;
  private readonly populations: Record<Population, PopulationPlacement>;
  /** One array per distinct placement: a million accounts share a few thousand. */
  private readonly placements = new Map<string, string[]>();
  private readonly students = new WeakMap<StudentBelonging, Placed | { unmanaged: string }>();

  constructor(
    private readonly config: EntraTargetConfig,
    populations: readonly Population[],
  ) {
    this.managed = new ManagedContainers(managedContainerPatterns(config.entra, populations));
    const of = (population: Population): PopulationPlacement => {
      const rules = populationRules(config.entra, population);
      const templates = [rules, rules.disabled, ...Object.values(rules.byStatus)].flatMap((t) => [...(t?.administrativeUnits ?? []), ...(t?.groups ?? [])]);
      return { rules, byBelonging: templates.every((t) => templatePlaceholders(t).every((k) => BELONGING_PLACEHOLDERS.has(k))) };
    };
    this.populations = { student: of('student'), staff: of('staff') };
  }

  desiredAccounts(people: readonly DesiredPerson[]): DesiredMapping {
    const accounts: DesiredAccount[] = [];
    const issues: Issue[] = [];
    for (const p of people) {
      const mapped = this.account(p);
      if ('issue' in mapped) issues.push(mapped.issue);
      else accounts.push(mapped);
    }
    return { accounts, issues };
  }

  private account(p: DesiredPerson): DesiredAccount | { issue: Issue } {
    const { rules } = this.populations[p.person.population];
    const student = p.belonging.population === 'student';
    const who = student ? `student ${p.identity.studentNumber}` : (p.identity.email.toLowerCase() || `staff ${p.identity.dcid}`);
    const addressField = student ? 'STUDENT_NUMBER' : 'EMAIL_ADDR';

    const upn = fillAddress(rules.userPrincipalName, p, this.config.entra.tenant);
    if (!USER_PRINCIPAL_NAME.test(upn)) {
      return rowIssue(p, 'INVALID_UPN', addressField, `${who} would get the userPrincipalName ${JSON.stringify(upn)}, which Entra does not allow`);
    }
    const domains = this.config.entra.verifiedDomains;
    if (domains !== null && !domains.includes(upn.slice(upn.indexOf('@') + 1))) {
      return rowIssue(p, 'UPN_OUTSIDE_DOMAINS', addressField, `${upn} is not in the tenant's verified domains (entra.verifiedDomains: ${domains.join(', ')}); rollcall only manages those`, 'warning');
    }
    for (const [field, property, cased, raw] of [
      ['FIRST_NAME', 'givenName', p.name.given, p.identity.firstName],
      ['LAST_NAME', 'surname', p.name.family, p.identity.lastName],
    ] as const) {
      const max = maxLengthOf(property) as number;
      if (cased.length > max) return rowIssue(p, 'INVALID_NAME', field, `${who} ${field} ${JSON.stringify(raw)} is ${cased.length} characters long (Entra allows ${max})`);
    }

    const attributes: Attributes = {};
    const nickname = fillAddress(rules.mailNickname, p, this.config.entra.tenant, upn);
    if (!MAIL_NICKNAME_TEXT.test(nickname)) {
      return rowIssue(p, 'INVALID_VALUE', addressField, `${who} would get the mailNickname ${JSON.stringify(nickname)}, which Entra does not allow (no spaces, @ or brackets)`);
    }
    attributes[DISPLAY_NAME] = fillText(rules.displayName, p);
    if (attributes[DISPLAY_NAME] === '') return rowIssue(p, 'INVALID_VALUE', 'FIRST_NAME', `${who} would get an empty displayName (entra.${student ? 'students' : 'staff'}.displayName)`);
    attributes[MAIL_NICKNAME] = nickname;
    for (const [property, template] of Object.entries(rules.attributes)) attributes[property] = fillText(template, p);
    for (const [property, value] of Object.entries(attributes)) {
      const max = maxLengthOf(property);
      if (max !== undefined && value.length > max) {
        return rowIssue(p, 'INVALID_VALUE', addressField, `${who} would get ${property} ${JSON.stringify(value)}, ${value.length} characters long (Entra allows ${max})`);
      }
    }

    const placed = this.placed(p);
    if ('unmanaged' in placed) {
      return rowIssue(
        p,
        'UNMANAGED_CONTAINER',
        student ? 'SCHOOLID' : 'HOMESCHOOLID',
        `${who} would be placed in ${placed.unmanaged}, which entra.managedContainers does not name: rollcall would add the account and never see it there`,
      );
    }
    return {
      person: p.person,
      match: matchKey(rules, p, upn),
      fields: { address: upn, name: p.name, enabled: p.belonging.enabled, placement: placed.placement, attributes },
      reasons: { placement: placed.reason, enabled: p.belonging.reasons.enabled },
      origin: p.origin,
      caseless: CASELESS_ATTRIBUTES,
    };
  }

  /** Where a person goes; worked out once per student belonging when the templates allow it. */
  private placed(p: DesiredPerson): Placed | { unmanaged: string } {
    const population = this.populations[p.person.population];
    const b = p.belonging;
    if (b.population !== 'student' || !population.byBelonging) return this.place(p, population.rules, b);
    let placed = this.students.get(b);
    if (placed === undefined) this.students.set(b, (placed = this.place(p, population.rules, b)));
    return placed;
  }

  private place(p: DesiredPerson, rules: EntraPopulationConfig, b: Belonging): Placed | { unmanaged: string } {
    const section = `entra.${POPULATION_KEY[b.population]}`;
    let templates: Partial<EntraContainerTemplates> = rules;
    let why = b.reasons.placement;
    if (!b.enabled) {
      templates = rules.disabled;
      why = `${why}: disabled accounts ${rules.disabled.administrativeUnits.length + rules.disabled.groups.length === 0 ? 'leave every managed unit and group' : `go to the containers of ${section}.disabled`}`;
    } else if (b.status !== 'active' && b.status !== 'inactive' && rules.byStatus[b.status] !== undefined) {
      templates = rules.byStatus[b.status] ?? {};
      why = `${why}: ${b.status} accounts go to the containers of ${section}.byStatus.${b.status}`;
    }
    const containers: string[] = [];
    for (const [kind, list] of [['administrativeUnit', templates.administrativeUnits ?? []], ['group', templates.groups ?? []]] as const) {
      for (const template of list) {
        const name = fillText(template, p);
        if (name === '') continue; // a template of an empty value (no staff group) makes no container
        const container = containerName(kind, name);
        if (!this.managed.has(container)) return { unmanaged: container };
        containers.push(container);
      }
    }
    return { placement: this.shared(orderedPlacement(containers)), reason: why };
  }

  private shared(placement: string[]): string[] {
    const key = placement.join('\n');
    let found = this.placements.get(key);
    if (found === undefined) this.placements.set(key, (found = placement));
    return found;
  }
}

/**
 * The key an account is found by, as Microsoft SDS matches identities: a PowerSchool source
 * property, an optional suffix, equal to an Entra property. Address-like properties
 * (userPrincipalName, mail, mailNickname) compare ignoring case.
 */
function matchKey(rules: EntraPopulationConfig, p: DesiredPerson, upn: string): MatchKey {
  const { source, suffix, target } = rules.match;
  const value = `${identityValue(p.identity, upn, source)}${suffix ?? ''}`;
  return { key: matchKeyOf(target), value: caseless(target) ? value.toLowerCase() : value };
}

/** A person left out: the issue names the file, row and field, as the rules' own issues do. */
function rowIssue(p: DesiredPerson, code: string, field: string, what: string, severity: Issue['severity'] = 'error'): { issue: Issue } {
  const { file, row } = p.origin;
  return { issue: { severity, code, file, row, field, message: `${file} row ${row}: ${what}` } };
}
