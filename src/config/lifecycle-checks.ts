/**
 * What the schema cannot say about the lifecycle settings (licences, offboarding, suspension
 * date, deletion), for Google (`students`/`staff`) and Entra (`entra.students`/`entra.staff`):
 * a deletion needs the suspension date it counts from, and that date's attribute must be rollcall's
 * alone (an attribute the sync also writes from PowerSchool, or matches on, would be overwritten
 * night after night).
 */
import { POPULATION_KEY } from './entra-mapping.js';
import type { AttributeRef, Config } from './types.js';

/** The lifecycle errors of a config (each `key.path: problem`); warnings are pushed onto `warnings`. */
export function lifecycleConfigErrors(config: Config, warnings: string[]): string[] {
  const errors: string[] = [];
  if (config.google !== undefined) {
    if (config.google.customer === 'my_customer' && (config.students.licences.length > 0 || config.staff.licences.length > 0)) {
      warnings.push("google.customer: the Licensing API asks for the customer's id (Admin console > Account > Account settings: Customer ID, C0...); my_customer is sent as it is");
    }
    for (const section of ['students', 'staff'] as const) {
      const rules = config[section];
      const at = `${section}.lifecycle`;
      const { suspendedOn, deleteAfterDays, transferDriveTo } = rules.lifecycle;
      if (deleteAfterDays !== null && suspendedOn === null) errors.push(`${at}.deleteAfterDays: needs ${at}.suspendedOn, the custom attribute the day of suspension is kept in (deletion counts from it)`);
      if (suspendedOn !== null) {
        const taken = Object.entries(rules.attributes as Record<string, AttributeRef | null>).find(([, ref]) => ref !== null && sameRef(ref, suspendedOn));
        if (taken) errors.push(`${at}.suspendedOn: ${suspendedOn.schema}.${suspendedOn.field} is also ${section}.attributes.${taken[0]}; the suspension date needs a field of its own`);
        if (rules.match.target === `customSchemas.${suspendedOn.schema}.${suspendedOn.field}`) errors.push(`${at}.suspendedOn: ${section}.match.target reads the same field; the suspension date needs a field of its own`);
      }
      if (transferDriveTo !== undefined && transferDriveTo !== null && deleteAfterDays === null) {
        warnings.push(`${at}.transferDriveTo: files are handed over only before a deletion, and ${at}.deleteAfterDays is off`);
      }
      const products = new Map<string, number>();
      rules.licences.forEach((l, i) => {
        if (l.schools === undefined && products.has(l.productId)) {
          warnings.push(`${section}.licences[${i}]: an earlier entry (${products.get(l.productId)}) already gives everyone a licence of product ${l.productId}, so this one never applies`);
        }
        if (l.schools === undefined && !products.has(l.productId)) products.set(l.productId, i);
      });
    }
  }
  if (config.entra !== undefined) {
    for (const population of config.entra.populations) {
      const section = POPULATION_KEY[population];
      const rules = config.entra[section];
      const at = `entra.${section}.lifecycle`;
      const { suspendedOn, deleteAfterDays } = rules.lifecycle;
      if (deleteAfterDays !== null && suspendedOn === null) errors.push(`${at}.deleteAfterDays: needs ${at}.suspendedOn, the extension property the day of suspension is kept in (deletion counts from it)`);
      if (suspendedOn !== null) {
        const lower = suspendedOn.toLowerCase();
        if (Object.keys(rules.attributes).some((p) => p.toLowerCase() === lower)) errors.push(`${at}.suspendedOn: ${suspendedOn} is also written by entra.${section}.attributes; the suspension date needs a property of its own`);
        if (rules.match.target.toLowerCase() === lower) errors.push(`${at}.suspendedOn: entra.${section}.match.target reads the same property; the suspension date needs a property of its own`);
      }
    }
  }
  return errors;
}

function sameRef(a: AttributeRef, b: AttributeRef): boolean {
  return a.schema === b.schema && a.field === b.field;
}
