/**
 * The words of the entra section's mapping, shared by validate and the Entra target: the
 * placeholders each kind of template may hold, how containers are named (administrativeUnits/
 * and groups/ before a display name), which containers rollcall manages when the config does
 * not name them, and the checks a schema cannot make. Pure.
 */
import type { Population } from '../model/person.js';
import { templatePlaceholders } from '../util/address-template.js';
import type { Config, EntraConfig, EntraContainerTemplates, EntraPopulationConfig } from './types.js';

export const ADMINISTRATIVE_UNIT_PREFIX = 'administrativeUnits/';
export const GROUP_PREFIX = 'groups/';

/** Placeholders of display names, attributes and containers: values as PowerSchool has them (names cased). */
export const TEXT_PLACEHOLDERS: Readonly<Record<Population, readonly string[]>> = {
  student: ['first_name', 'last_name', 'dcid', 'id', 'school_number', 'school_name', 'school_abbreviation', 'student_number', 'grade', 'class_of'],
  staff: [
    'first_name',
    'last_name',
    'dcid',
    'id',
    'school_number',
    'school_name',
    'school_abbreviation',
    'teacher_number',
    'email',
    'staff_type',
    'staff_group',
    'school_access_list',
    'cell_phone',
    'building',
  ],
};

/** Placeholders of a userPrincipalName: names folded to what an address allows. */
export const ADDRESS_PLACEHOLDERS: Readonly<Record<Population, readonly string[]>> = {
  student: ['student_number', 'dcid', 'id', 'first_name', 'last_name', 'first_initial', 'domain'],
  staff: ['email', 'email_local', 'teacher_number', 'dcid', 'id', 'first_name', 'last_name', 'first_initial', 'domain'],
};

/** A mailNickname may also use the userPrincipalName's local part. */
export const UPN_LOCAL = 'upn_local';

export const POPULATION_KEY: Readonly<Record<Population, 'students' | 'staff'>> = { student: 'students', staff: 'staff' };

/** Every container template of a population, each with the prefix of its kind and where the config holds it. */
export function containerTemplates(rules: EntraPopulationConfig): Array<{ key: string; prefix: string; template: string }> {
  const out: Array<{ key: string; prefix: string; template: string }> = [];
  const add = (key: string, templates: Partial<EntraContainerTemplates>) => {
    for (const t of templates.administrativeUnits ?? []) out.push({ key: `${key}.administrativeUnits`, prefix: ADMINISTRATIVE_UNIT_PREFIX, template: t });
    for (const t of templates.groups ?? []) out.push({ key: `${key}.groups`, prefix: GROUP_PREFIX, template: t });
  };
  add('', rules);
  for (const [status, templates] of Object.entries(rules.byStatus)) add(`.byStatus.${status}`, templates ?? {});
  add('.disabled', rules.disabled);
  return out;
}

/**
 * The containers rollcall manages: entra.managedContainers, or else every container a template
 * of a managed population can make, each placeholder a wildcard (`{school_name} Students` ->
 * `groups/* Students`), sorted.
 */
export function managedContainerPatterns(entra: EntraConfig, populations: readonly Population[]): string[] {
  if (entra.managedContainers !== null) return [...entra.managedContainers];
  const patterns = new Set<string>();
  for (const population of populations) {
    for (const { prefix, template } of containerTemplates(entra[POPULATION_KEY[population]])) patterns.add(`${prefix}${template.replace(/\{[a-z_]+\}/g, '*')}`);
  }
  return [...patterns].sort();
}

/** The entra section's errors (each `key.path: problem`); warnings are pushed onto `warnings`. */
export function entraConfigErrors(config: Config, warnings: string[]): string[] {
  const entra = config.entra;
  if (entra === undefined) return [];
  const errors: string[] = [];
  const tenantIsDomain = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(entra.tenant);
  const check = (key: string, template: string, allowed: readonly string[]) => {
    for (const name of templatePlaceholders(template)) {
      if (!allowed.includes(name)) errors.push(`${key}: unknown placeholder {${name}} (known: ${allowed.map((a) => `{${a}}`).join(' ')})`);
      if (name === 'domain' && !tenantIsDomain) errors.push(`${key}: {domain} stands for entra.tenant, which is not a domain (${entra.tenant}): write the domain itself`);
    }
  };
  for (const population of entra.populations) {
    const section = POPULATION_KEY[population];
    const rules = entra[section];
    const at = `entra.${section}`;
    check(`${at}.userPrincipalName`, rules.userPrincipalName, ADDRESS_PLACEHOLDERS[population]);
    if (!/^[^@]+@[^@]+$/.test(rules.userPrincipalName) && !/^\{email\}$/.test(rules.userPrincipalName)) {
      errors.push(`${at}.userPrincipalName: ${JSON.stringify(rules.userPrincipalName)} makes no address: write local@domain (with placeholders), or {email} alone`);
    }
    check(`${at}.mailNickname`, rules.mailNickname, [...ADDRESS_PLACEHOLDERS[population], UPN_LOCAL]);
    check(`${at}.displayName`, rules.displayName, TEXT_PLACEHOLDERS[population]);
    for (const [property, template] of Object.entries(rules.attributes)) check(`${at}.attributes.${property}`, template, TEXT_PLACEHOLDERS[population]);
    for (const { key, template } of containerTemplates(rules)) check(`${at}${key}`, template, TEXT_PLACEHOLDERS[population]);

    const target = rules.match.target;
    const written = Object.keys(rules.attributes).some((p) => p.toLowerCase() === target.toLowerCase());
    if ((target === 'employeeId' || target.startsWith('extension_')) && !written) {
      errors.push(`${at}.match.target: ${target} must also be written by ${at}.attributes.${target}, or new accounts could never be matched again`);
    }
    if (rules.licence !== null && entra.usageLocation === null) {
      errors.push(`entra.usageLocation: ${at}.licence needs a usage location for new accounts (the two-letter country code, e.g. US)`);
    }
  }
  if (entra.managedContainers === null) {
    for (const pattern of managedContainerPatterns(entra, entra.populations)) {
      if (/^[a-zA-Z]+\/\*+$/.test(pattern)) {
        warnings.push(
          `entra: a template made only of placeholders makes every ${pattern.startsWith(GROUP_PREFIX) ? 'group' : 'administrative unit'} a managed container (${pattern}); ` +
            'name the managed ones in entra.managedContainers',
        );
      }
    }
  }
  return errors;
}
