/**
 * What Google does over an account's life, per population, from the config (`students.licences`,
 * `students.lifecycle`, and staff's): the licences an active account holds (a product's SKU, named
 * `productId/skuId` in plans), the offboarding steps of a suspension, the custom attribute the
 * suspension date is kept in, deletion after N days (Google can restore a deleted account for 20
 * days), and the scopes all of that needs beyond the Directory API's.
 */
import type { GoogleLicence, GoogleLifecycleConfig } from '../../config/types.js';
import type { LifecyclePolicy, OffboardingStep } from '../../model/lifecycle.js';
import type { Population } from '../../model/person.js';
import { customSchemaKey } from './attribute-keys.js';
import type { GoogleTargetConfig } from './google-config.js';

/** Google restores a deleted account for 20 days. */
export const GOOGLE_RESTORE_DAYS = 20;

export const LICENSING_SCOPE = 'https://www.googleapis.com/auth/apps.licensing';
export const USER_SECURITY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.security';
export const DATA_TRANSFER_SCOPE = 'https://www.googleapis.com/auth/admin.datatransfer';

/** A licence's key in plans: `productId/skuId`. */
export function licenceKey(licence: Pick<GoogleLicence, 'productId' | 'skuId'>): string {
  return `${licence.productId}/${licence.skuId}`;
}

/** A key back to its product and SKU. */
export function parseLicenceKey(key: string): { productId: string; skuId: string } {
  const slash = key.indexOf('/');
  if (slash <= 0) throw new Error(`internal: ${key} is no Google licence key`);
  return { productId: key.slice(0, slash), skuId: key.slice(slash + 1) };
}

const section = (population: Population): string => (population === 'student' ? 'students' : 'staff');

function rulesOf(config: GoogleTargetConfig, population: Population): { licences: GoogleLicence[]; lifecycle: GoogleLifecycleConfig } {
  return population === 'student' ? config.students : config.staff;
}

const STEPS: ReadonlyArray<[keyof GoogleLifecycleConfig['offboarding'], OffboardingStep]> = [
  ['invalidateBackupCodes', 'invalidate-backup-codes'],
  ['signOut', 'sign-out'],
  ['revokeTokens', 'revoke-tokens'],
  ['revokeAppPasswords', 'revoke-app-passwords'],
  ['resetPassword', 'reset-password'],
];

/** The population's lifecycle, or undefined when its config manages none of it. */
export function googleLifecycle(config: GoogleTargetConfig, population: Population): LifecyclePolicy | undefined {
  const { licences, lifecycle } = rulesOf(config, population);
  const offboarding = STEPS.filter(([flag]) => lifecycle.offboarding[flag]).map(([, step]) => step);
  if (licences.length === 0 && offboarding.length === 0 && lifecycle.suspendedOn === null) return undefined;
  return {
    offboarding,
    suspendedOn: lifecycle.suspendedOn === null ? null : customSchemaKey(lifecycle.suspendedOn),
    deleteAfterDays: lifecycle.deleteAfterDays,
    restorableDays: GOOGLE_RESTORE_DAYS,
    transferTo: lifecycle.transferDriveTo ?? null,
    licences: [...new Set(licences.map(licenceKey))],
    settings: { lifecycle: `${section(population)}.lifecycle`, licences: `${section(population)}.licences` },
  };
}

/** The licences a person of this school holds while active: for each product, the first entry that applies. */
export function googleLicencesFor(config: GoogleTargetConfig, population: Population, school: number | null): string[] {
  const products = new Set<string>();
  const out: string[] = [];
  for (const licence of rulesOf(config, population).licences) {
    if (products.has(licence.productId)) continue;
    if (licence.schools !== undefined && (school === null || !licence.schools.includes(school))) continue;
    products.add(licence.productId);
    out.push(licenceKey(licence));
  }
  return out;
}

/** Every SKU the populations' configs name, each once, sorted by key. */
export function managedSkus(config: GoogleTargetConfig, populations: readonly Population[]): Array<{ productId: string; skuId: string; key: string }> {
  const byKey = new Map<string, { productId: string; skuId: string; key: string }>();
  for (const population of populations) {
    for (const l of rulesOf(config, population).licences) byKey.set(licenceKey(l), { productId: l.productId, skuId: l.skuId, key: licenceKey(l) });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The scopes beyond the Directory API's that the populations' lifecycle settings need: a plan
 * reads licences (licensing); apply also offboards and hands files over (`writing`).
 */
export function lifecycleScopes(config: GoogleTargetConfig, populations: readonly Population[], writing: boolean): string[] {
  const scopes = new Set<string>();
  for (const population of populations) {
    const { licences, lifecycle } = rulesOf(config, population);
    if (licences.length > 0) scopes.add(LICENSING_SCOPE);
    if (!writing) continue;
    // A password is reset through users.update, which the Directory API's user scope covers.
    if (STEPS.some(([flag]) => flag !== 'resetPassword' && lifecycle.offboarding[flag])) scopes.add(USER_SECURITY_SCOPE);
    if (lifecycle.deleteAfterDays !== null && (lifecycle.transferDriveTo ?? null) !== null) scopes.add(DATA_TRANSFER_SCOPE);
  }
  return [...scopes].sort();
}
