/**
 * An account's life beyond its fields: the licences it holds while active, what suspending it
 * cuts off (offboarding steps), and its deletion some days after. Each target says, per
 * population, what it does (`LifecyclePolicy`, from its config); the core plans and applies it
 * in these terms.
 */

/**
 * What a suspension cuts off besides the account itself, each a step of the suspending change:
 * - invalidate-backup-codes: the account's unused 2-step backup codes (Google);
 * - sign-out: every session on every device (Google users.signOut, Entra revokeSignInSessions);
 * - revoke-tokens: the OAuth grants the account gave applications (Google);
 * - revoke-app-passwords: its application-specific passwords (Google);
 * - reset-password: a random password no one is told.
 */
export type OffboardingStep = 'invalidate-backup-codes' | 'sign-out' | 'revoke-tokens' | 'revoke-app-passwords' | 'reset-password';

/** Every step, in the order apply takes them. */
export const OFFBOARDING_STEPS: readonly OffboardingStep[] = ['invalidate-backup-codes', 'sign-out', 'revoke-tokens', 'revoke-app-passwords', 'reset-password'];

/**
 * Steps taken while the account is still enabled, just before it is suspended: Google refuses to
 * invalidate a suspended account's backup codes. The others follow the suspension.
 */
export const STEPS_BEFORE_SUSPENSION: ReadonlySet<OffboardingStep> = new Set(['invalidate-backup-codes']);

/** What a target does over the life of one population's accounts (from the target's config). */
export interface LifecyclePolicy {
  /** Taken when an account is suspended, in OFFBOARDING_STEPS order. */
  offboarding: readonly OffboardingStep[];
  /** The attribute (the target's key) holding the day rollcall suspended the account, YYYY-MM-DD; null: not recorded. */
  suspendedOn: string | null;
  /** Days after that date a suspended account is deleted; null: never. */
  deleteAfterDays: number | null;
  /** How many days the directory can restore a deleted account (Google 20, Entra 30). */
  restorableDays: number;
  /** The account a deleted account's files go to first (Google Drive), or null. */
  transferTo: string | null;
  /**
   * The licences this population's config names (the target's keys): an account of the
   * population holds those its `DesiredAccount.licences` names while enabled, and loses the
   * others of these. Licences not named here are never touched.
   */
  licences: readonly string[];
  /** The config keys these come from, for reasons: `{ lifecycle: 'students.lifecycle', licences: 'students.licences' }`. */
  settings: { lifecycle: string; licences: string };
}

/** One licence an account holds, by the key the target gives the licence (Google `productId/skuId`, Entra the configured SKU). */
export interface LicenceHolding {
  /** The holder's address, lower-cased. */
  address: string;
  licence: string;
}

/** YYYY-MM-DD, a real day. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD): negative when `to` comes first. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day `days` after `day` (YYYY-MM-DD). */
export function dayAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
