/**
 * Google's managed attributes as model attribute keys: a custom attribute is
 * `customSchemas.<Category>.<Field>` and the managed externalIds entry `externalIds.<type>`
 * (the words a config's match target uses, so a plan shows what an admin configured).
 */
import type { AttributeRef, Config } from '../../config/types.js';
import { STAFF_FACTS, STUDENT_FACTS, type Population } from '../../model/person.js';

export type GoogleAttribute = { key: string; kind: 'custom'; schema: string; field: string } | { key: string; kind: 'externalId'; type: string };

export function customSchemaKey(ref: AttributeRef): string {
  return `customSchemas.${ref.schema}.${ref.field}`;
}

export function externalIdKey(type: string): string {
  return `externalIds.${type}`;
}

/** The attribute a key names: a custom field, an externalIds type, or null (primaryEmail, or not Google's). */
export function parseAttributeKey(key: string): GoogleAttribute | null {
  const custom = /^customSchemas\.([^.]+)\.([^.]+)$/.exec(key);
  if (custom) return { key, kind: 'custom', schema: custom[1] as string, field: custom[2] as string };
  const external = /^externalIds\.([^.]+)$/.exec(key);
  if (external) return { key, kind: 'externalId', type: external[1] as string };
  return null;
}

/** One population's managed attributes: the fact each holds, by key, in the order facts are listed. */
export function populationAttributes(config: Config, population: Population): Array<{ fact: string; key: string }> {
  const out: Array<{ fact: string; key: string }> = [];
  if (population === 'student') {
    for (const fact of STUDENT_FACTS) {
      const ref = config.students.attributes[fact];
      if (ref) out.push({ fact, key: customSchemaKey(ref) });
    }
  } else {
    for (const fact of STAFF_FACTS) {
      const ref = config.staff.attributes[fact];
      if (ref) out.push({ fact, key: customSchemaKey(ref) });
    }
    if (config.staff.teacherNumberExternalId) out.push({ fact: 'teacherNumber', key: externalIdKey(config.staff.teacherNumberExternalId) });
  }
  return out;
}

/**
 * Every attribute a read must see for these populations: the managed ones, the match targets
 * (an account matched by a custom field the sync does not write still has to be found) and the
 * suspension date, sorted by key.
 */
export function readAttributes(config: Config, populations: readonly Population[]): GoogleAttribute[] {
  const keys = new Set<string>();
  for (const population of populations) {
    const rules = population === 'student' ? config.students : config.staff;
    for (const { key } of populationAttributes(config, population)) keys.add(key);
    keys.add(rules.match.target);
    // The suspension date (lifecycle.suspendedOn) is read with the rest: the clock lives on the account.
    if (rules.lifecycle.suspendedOn !== null) keys.add(customSchemaKey(rules.lifecycle.suspendedOn));
  }
  return [...keys]
    .sort()
    .map(parseAttributeKey)
    .filter((a): a is GoogleAttribute => a !== null);
}

/** The custom schemas a read asks Google for (projection=custom): those the read attributes name. */
export function readSchemas(attributes: readonly GoogleAttribute[]): string[] {
  return [...new Set(attributes.flatMap((a) => (a.kind === 'custom' ? [a.schema] : [])))].sort();
}
