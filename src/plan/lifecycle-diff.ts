/**
 * The lifecycle part of the diff (pure, like the diff): the day an account was suspended, kept
 * in a managed attribute so the clock survives across runs and machines; the licences an account
 * holds while active and loses once suspended; the offboarding steps a suspension takes; and the
 * deletion of an account suspended long enough. Only accounts PowerSchool claims reach here, so
 * an unmanaged account is never dated, relicensed or deleted.
 */
import type { AccountFields, ActualAccount, DesiredAccount } from '../model/account.js';
import type { PlacementPolicy, TargetVocabulary } from '../model/directory-port.js';
import { daysFrom, isDay, type LifecyclePolicy } from '../model/lifecycle.js';
import { actualView } from './account-views.js';
import type { ActualIndex } from './actual-index.js';
import { changeId } from './change-id.js';
import type { DeleteAccountChange, LicenceChange, UpdateChange } from './types.js';

type Matcher = (placement: readonly string[]) => string | null;

/** The suspension-date attribute of an account's population, when its config keeps one. */
export function suspensionDateKey(d: DesiredAccount): string | null {
  return d.lifecycle?.suspendedOn ?? null;
}

/**
 * Whether the suspension date is as it should be for an account that is otherwise in sync: an
 * enabled account has none, a disabled one a real day.
 */
export function suspensionDateInSync(d: DesiredAccount, account: ActualAccount): boolean {
  const key = suspensionDateKey(d);
  if (key === null) return true;
  const have = account.attributes[key] ?? '';
  return account.enabled ? have === '' : isDay(have);
}

/**
 * Puts the suspension date into an update's before and after views (the attribute is managed
 * only through them): today for an account suspended now, the date it has for one suspended
 * already (today when it has none: the clock starts at first sight), none for an enabled one
 * (re-activation stops the clock). Returns the reasons a reviewer reads about it.
 */
export function dateTheSuspension(d: DesiredAccount, account: ActualAccount, before: AccountFields, after: AccountFields, today: string): { reasons: string[] } {
  const key = suspensionDateKey(d);
  const policy = d.lifecycle;
  if (key === null || policy === undefined) return { reasons: [] };
  const have = account.attributes[key] ?? '';
  if (have !== '') before.attributes[key] = have;
  else delete before.attributes[key];
  if (after.enabled) {
    delete after.attributes[key];
    return { reasons: have === '' ? [] : [`enabled accounts have no suspension date: ${key} ${JSON.stringify(have)} is cleared, and no deletion is counted from it`] };
  }
  const deletion = policy.deleteAfterDays === null ? '' : `; it is deleted ${policy.deleteAfterDays} days after (${policy.settings.lifecycle}.deleteAfterDays)`;
  if (before.enabled) {
    after.attributes[key] = today;
    return { reasons: [`suspended on ${today}, recorded in ${key}${deletion}`] };
  }
  if (isDay(have)) {
    after.attributes[key] = have;
    return { reasons: [] };
  }
  after.attributes[key] = today;
  const found = have === '' ? 'found suspended without a suspension date' : `its suspension date ${JSON.stringify(have)} is not a date`;
  return { reasons: [`${found}: dated today (${today}) in ${key}${deletion ? `, so it is deleted ${policy.deleteAfterDays} days from today at the earliest` : ''}`] };
}

/** Offboarding steps for an update that suspends, from the population's lifecycle. */
export function offboardingOf(d: DesiredAccount, update: UpdateChange): void {
  const steps = d.lifecycle?.offboarding ?? [];
  if (steps.length > 0 && update.actions.includes('suspend')) update.offboarding = [...steps];
}

/**
 * The licences to give and take for one account: while it ends enabled, it holds what its
 * person's licences name (of those its population manages); once disabled, none of them.
 * `account` is null for a new account; `accountId` and `address` say which account.
 */
export function licenceChanges(d: DesiredAccount, account: ActualAccount | null, endsEnabled: boolean, index: ActualIndex, context: { unsuspended: boolean }): LicenceChange[] {
  const policy = d.lifecycle;
  if (policy === undefined || policy.licences.length === 0) return [];
  const managed = new Set(policy.licences);
  const address = account?.address ?? d.fields.address;
  const held = account === null ? [] : index.licencesOf(account.address).filter((l) => managed.has(l));
  const wanted = endsEnabled ? (d.licences ?? []).filter((l) => managed.has(l)) : [];
  const changes: LicenceChange[] = [];
  const base = <K extends LicenceChange['kind']>(kind: K, licence: string, reason: string) => ({
    kind,
    id: changeId(kind, address, { licence }),
    address,
    person: d.person,
    reasons: [reason],
    licence,
    enabled: endsEnabled,
    ...(account?.id !== undefined ? { accountId: account.id } : {}),
  });
  const setting = policy.settings.licences;
  for (const licence of held) {
    if (wanted.includes(licence)) continue;
    changes.push(base('remove-licence', licence, endsEnabled ? `not a licence of their school (${setting})` : `suspended accounts hold none of the licences of ${setting}: ${d.reasons.enabled}`));
  }
  for (const licence of wanted) {
    if (held.includes(licence)) continue;
    const why = account === null ? 'new accounts' : context.unsuspended ? 're-enabled accounts' : 'active accounts';
    changes.push(base('assign-licence', licence, `${why} of ${d.person.population === 'student' ? 'students' : 'staff'}${d.person.school ? ` at ${d.person.school.name}` : ''} hold ${licence} (${setting})`));
  }
  return changes;
}

/**
 * The deletion of a suspended account whose suspension is `deleteAfterDays` old or more, when
 * nothing else is planned for it tonight. Never an account in a frozen or temporary-reactivation
 * container, one without a suspension date (it is dated first), or one that is enabled.
 */
export function plannedDeletion(d: DesiredAccount, account: ActualAccount, placement: PlacementPolicy, matcher: (patterns: readonly string[]) => Matcher, words: TargetVocabulary, today: string): DeleteAccountChange | null {
  const policy: LifecyclePolicy | undefined = d.lifecycle;
  const key = suspensionDateKey(d);
  if (policy === undefined || key === null || policy.deleteAfterDays === null) return null;
  if (account.enabled || d.fields.enabled) return null;
  const since = account.attributes[key] ?? '';
  if (!isDay(since)) return null;
  const days = daysFrom(since, today);
  if (days < policy.deleteAfterDays) return null;
  if (matcher(placement.frozen)(account.placement) !== null || matcher(placement.temporaryReactivation)(account.placement) !== null) return null;
  const before = actualView(account, d);
  before.attributes[key] = since;
  const transfer = policy.transferTo !== null ? ` Its files go to ${policy.transferTo} first.` : '';
  return {
    kind: 'delete-account',
    id: changeId('delete-account', account.address, { suspendedOn: since }),
    address: account.address,
    person: d.person,
    reasons: [
      `suspended since ${since}, ${days} days ago (${policy.settings.lifecycle}.deleteAfterDays is ${policy.deleteAfterDays}): ${d.reasons.enabled}`,
      `${words.directory} can restore it for ${policy.restorableDays} days after it is deleted, then it is gone for good.${transfer}`,
    ],
    ...(account.id !== undefined ? { accountId: account.id } : {}),
    before,
    suspendedOn: since,
    suspendedOnAttribute: key,
    restorableDays: policy.restorableDays,
    ...(policy.transferTo !== null ? { transferTo: policy.transferTo } : {}),
  };
}
