/**
 * What Entra does over an account's life, per population, from `entra.<population>.licence` and
 * `.lifecycle`: the licence an active account holds (a SKU, named in plans as the config writes
 * it: its part number or skuId), the offboarding steps of a disabling (revoking the sign-in
 * sessions, as SDS leaves undone; a random password), the extension property the suspension date
 * is kept in, and deletion after N days (Entra can restore a deleted user for 30 days).
 */
import type { EntraConfig, EntraLicence, EntraPopulationConfig } from '../../config/types.js';
import { POPULATION_KEY } from '../../config/entra-mapping.js';
import type { LicenceHolding, LifecyclePolicy, OffboardingStep } from '../../model/lifecycle.js';
import type { Population } from '../../model/person.js';
import type { GraphSubscribedSku, GraphUser } from './graph-types.js';

/** Entra keeps a deleted user restorable for 30 days. */
export const ENTRA_RESTORE_DAYS = 30;

/** A population's licence entries, in order (the config gives one, or a list). */
export function licenceEntries(rules: Pick<EntraPopulationConfig, 'licence'>): EntraLicence[] {
  const { licence } = rules;
  return licence === null ? [] : Array.isArray(licence) ? licence : [licence];
}

/** The population's lifecycle, or undefined when its config manages none of it. */
export function entraLifecycle(rules: EntraPopulationConfig, population: Population): LifecyclePolicy | undefined {
  const { offboarding, suspendedOn, deleteAfterDays } = rules.lifecycle;
  const steps: OffboardingStep[] = [...(offboarding.signOut ? (['sign-out'] as const) : []), ...(offboarding.resetPassword ? (['reset-password'] as const) : [])];
  const licences = [...new Set(licenceEntries(rules).map((l) => l.sku))];
  if (licences.length === 0 && steps.length === 0 && suspendedOn === null) return undefined;
  return {
    offboarding: steps,
    suspendedOn,
    deleteAfterDays,
    restorableDays: ENTRA_RESTORE_DAYS,
    transferTo: null,
    licences,
    settings: { lifecycle: `entra.${POPULATION_KEY[population]}.lifecycle`, licences: `entra.${POPULATION_KEY[population]}.licence` },
  };
}

/** The licence a person of this school holds while active: the first entry that applies. */
export function entraLicenceFor(rules: EntraPopulationConfig, school: number): string[] {
  const entry = licenceEntries(rules).find((l) => l.schools === undefined || l.schools.includes(school));
  return entry === undefined ? [] : [entry.sku];
}

/** Every licence entry the populations' configs name, by its key (the first of a key wins). */
export function managedLicences(entra: EntraConfig, populations: readonly Population[]): Map<string, EntraLicence> {
  const out = new Map<string, EntraLicence>();
  for (const population of populations) for (const l of licenceEntries(entra[POPULATION_KEY[population]])) if (!out.has(l.sku)) out.set(l.sku, l);
  return out;
}

/** The subscription a configured SKU names: its skuId, or its part number (any case). */
export function findSku(skus: readonly GraphSubscribedSku[], sku: string): GraphSubscribedSku | undefined {
  const wanted = sku.toLowerCase();
  return skus.find((s) => s.skuId.toLowerCase() === wanted || s.skuPartNumber.toLowerCase() === wanted);
}

/**
 * Who holds each managed licence, from the users' assignedLicenses: a configured SKU the tenant
 * has no subscription of is an error (`unknown`), not "nobody holds it".
 */
export function licenceHoldings(users: Iterable<GraphUser>, skus: readonly GraphSubscribedSku[], managed: ReadonlyMap<string, EntraLicence>, unknown: (sku: string) => Error): LicenceHolding[] {
  const keyOf = new Map<string, string>();
  for (const key of managed.keys()) {
    const sku = findSku(skus, key);
    if (sku === undefined) throw unknown(key);
    keyOf.set(sku.skuId.toLowerCase(), key);
  }
  const out: LicenceHolding[] = [];
  if (keyOf.size === 0) return out;
  for (const user of users) {
    for (const held of user.assignedLicenses ?? []) {
      const key = keyOf.get(held.skuId.toLowerCase());
      if (key !== undefined) out.push({ address: user.userPrincipalName.toLowerCase(), licence: key });
    }
  }
  return out;
}
