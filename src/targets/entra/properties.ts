/**
 * The Entra user properties rollcall reads and writes, as model attribute keys (the property's
 * own name, so a plan shows `department`, `extension_<app>_gradYear`): the display name and the
 * mail nickname it always keeps in step, the properties a config maps, and the match targets.
 * Which compare ignoring case (addresses and aliases), and how long Graph lets each be.
 */
import { ADDRESS_KEY } from '../../model/account.js';
import type { Population } from '../../model/person.js';
import type { EntraConfig } from '../../config/types.js';
import { populationRules } from './entra-config.js';

export const DISPLAY_NAME = 'displayName';
export const MAIL_NICKNAME = 'mailNickname';
export const USER_PRINCIPAL_NAME = 'userPrincipalName';

/** Kept as the directory has them when they differ from PowerSchool's in case alone, as names are. */
export const CASELESS_ATTRIBUTES: readonly string[] = Object.freeze(['displayName', 'mailNickname']);

/** Match targets Entra compares ignoring case: the address-like ones. */
const CASELESS = new Set(['mail', MAIL_NICKNAME]);

/** Graph's limits on the text a property holds (characters). */
const MAX_LENGTH: Readonly<Record<string, number>> = {
  displayName: 256,
  mailNickname: 64,
  employeeId: 16,
  department: 64,
  jobTitle: 128,
  companyName: 64,
  givenName: 64,
  surname: 64,
};
const EXTENSION_MAX_LENGTH = 256;

export function isExtensionProperty(name: string): boolean {
  return /^extension_[0-9a-f]{32}_\w+$/i.test(name);
}

export function maxLengthOf(property: string): number | undefined {
  return MAX_LENGTH[property] ?? (isExtensionProperty(property) ? EXTENSION_MAX_LENGTH : undefined);
}

/** Whether a match target compares ignoring case (its values are then read and matched lower-cased). */
export function caseless(target: string): boolean {
  return target === USER_PRINCIPAL_NAME || CASELESS.has(target);
}

/** The model's key for a match target: the address for userPrincipalName, else the property. */
export function matchKeyOf(target: string): string {
  return target === USER_PRINCIPAL_NAME ? ADDRESS_KEY : target;
}

/** The properties one population keeps in step: the display name, the mail nickname, then those the config maps. */
export function managedProperties(entra: EntraConfig, population: Population): string[] {
  return [DISPLAY_NAME, MAIL_NICKNAME, ...Object.keys(populationRules(entra, population).attributes)];
}

/**
 * What a read must see of every account for these populations: the managed properties and the
 * match targets (an account matched by mail must be found, though rollcall never writes mail),
 * each once, sorted. userPrincipalName is the address and not among them.
 */
export function readProperties(entra: EntraConfig, populations: readonly Population[]): string[] {
  const properties = new Set<string>();
  for (const population of populations) {
    for (const property of managedProperties(entra, population)) properties.add(property);
    const target = populationRules(entra, population).match.target;
    if (target !== USER_PRINCIPAL_NAME) properties.add(target);
  }
  return [...properties].sort();
}
