/**
 * The diff: desired accounts x the directory's accounts -> changes, in the model's terms. Pure
 * (no network, clock or printing) and non-mutating: it reads the desired accounts and the
 * directory's state and returns new values. Only managed fields are compared; accounts no one in
 * PowerSchool claims are counted as unmanaged and never touched.
 */
import type { ActualAccount, AccountFields, DesiredAccount } from '../model/account.js';
import { ADDRESS_KEY } from '../model/account.js';
import type { PlacementPolicy, TargetVocabulary } from '../model/directory-port.js';
import type { Population } from '../model/person.js';
import { compileContainerPatterns, samePlacement } from '../model/placement.js';
import { sameIgnoringCase } from '../rules/name-case.js';
import { actualView, desiredView } from './account-views.js';
import type { ActualIndex } from './actual-index.js';
import { changeId } from './change-id.js';
import { dateTheSuspension, licenceChanges, offboardingOf, plannedDeletion, suspensionDateInSync, suspensionDateKey } from './lifecycle-diff.js';
import { managedPatch } from './patch.js';
import type { Change, PlanIssue, UpdateAction, UpdateChange } from './types.js';

export interface DiffResult {
  changes: Change[];
  issues: PlanIssue[];
  counts: { matched: number; unmanaged: number; absentInactive: number; frozen: number; inSync: number };
  /** Each desired account matched to exactly one account, and that account (what group memberships follow). */
  matches: Map<DesiredAccount, ActualAccount>;
  /** Each account matched cleanly, and the desired account it is. */
  claims: Map<ActualAccount, DesiredAccount>;
}

/** How the target places and words things: its policy per population, its vocabulary. */
export interface DiffTarget {
  policies: ReadonlyMap<Population, PlacementPolicy>;
  vocabulary: TargetVocabulary;
  /** The plan's date (YYYY-MM-DD): suspension dates and deletions count from it. Needed when an account has a lifecycle. */
  today?: string;
}

type Matcher = (placement: readonly string[]) => string | null;

/** `index`: every account of the directory, with the memberships the plan asked for. */
export function diffAccounts(desired: readonly DesiredAccount[], index: ActualIndex, target: DiffTarget): DiffResult {
  const words = target.vocabulary;
  const changes: Change[] = [];
  const issues: PlanIssue[] = [];
  const claimed = new Map<ActualAccount, DesiredAccount>();
  const matches = new Map<DesiredAccount, ActualAccount>();
  const counts = { matched: 0, unmanaged: 0, absentInactive: 0, frozen: 0, inSync: 0 };
  const matchers = new Map<readonly string[], Matcher>();
  const matcher = (patterns: readonly string[]): Matcher => {
    let m = matchers.get(patterns);
    if (!m) matchers.set(patterns, (m = compileContainerPatterns(patterns)));
    return m;
  };
  const keyLabel = (d: DesiredAccount) => (d.match.key === ADDRESS_KEY ? words.address : d.match.key);
  const issue = (d: DesiredAccount, code: string, message: string, address = d.fields.address): void => {
    issues.push({ severity: 'error', code, message, file: d.origin.file, row: d.origin.row, address });
  };

  for (const d of desired) {
    const policy = policyOf(target, d);
    const candidates = index.find(d.match.key, d.match.value);
    if (candidates.length > 1) {
      issue(
        d,
        'AMBIGUOUS_MATCH',
        `${candidates.length} ${words.directory} accounts have ${keyLabel(d)} = ${d.match.value} (${candidates.map((a) => a.address).sort().join(', ')}); none is changed until one remains`,
      );
      for (const a of candidates) claimed.set(a, d);
      continue;
    }
    const account = candidates[0];
    if (!account) {
      if (!d.fields.enabled) {
        counts.absentInactive++;
        continue;
      }
      const owner = index.owner(d.fields.address);
      if (owner) {
        issue(
          d,
          'ADDRESS_IN_USE',
          `${d.fields.address} is taken by the ${words.directory} account ${owner.address}, which does not have ${keyLabel(d)} = ${d.match.value}; set that attribute on it to adopt it, or correct PowerSchool`,
        );
        continue;
      }
      const after = desiredView(d);
      changes.push({
        kind: 'create',
        id: changeId('create', d.fields.address, after),
        address: d.fields.address,
        person: d.person,
        reasons: [`new in PowerSchool: ${d.reasons.placement}`],
        after,
      });
      changes.push(...licenceChanges(d, null, true, index, { unsuspended: false }));
      continue;
    }
    const prior = claimed.get(account);
    if (prior) {
      issue(d, 'ACCOUNT_CLAIMED_TWICE', `${account.address} is matched by both ${prior.origin.file} row ${prior.origin.row} and this row; it is changed for neither`, account.address);
      matches.delete(prior);
      continue;
    }
    claimed.set(account, d);
    matches.set(d, account);
    counts.matched++;
    const update = planUpdate(d, account, policy, index, matcher, words, issues, counts, target.today);
    const deletion = update === null && d.lifecycle !== undefined ? plannedDeletion(d, account, policy, matcher, words, todayOf(target)) : null;
    if (deletion) {
      // Deleting takes the account out of its groups and frees its licences: nothing else to plan.
      changes.push(deletion);
      continue;
    }
    if (update) {
      offboardingOf(d, update);
      changes.push(update);
    } else counts.inSync++;

    const endsEnabled = update ? update.after.enabled : account.enabled;
    changes.push(...licenceChanges(d, account, endsEnabled, index, { unsuspended: update?.actions.includes('unsuspend') === true }));
    if (policy.leaveGroupsWhenDisabled && !endsEnabled) {
      for (const { group, role } of index.membershipsOf(account.address)) {
        changes.push({
          kind: 'remove-from-group',
          id: changeId('remove-from-group', account.address, { group }),
          address: account.address,
          person: d.person,
          reasons: [`suspended accounts leave their groups (${d.reasons.enabled})`],
          group,
          role,
        });
      }
    }
  }
  for (const account of index.accounts) if (!claimed.has(account)) counts.unmanaged++;
  const claims = new Map<ActualAccount, DesiredAccount>();
  for (const [d, account] of matches) claims.set(account, d);
  return { changes, issues, counts, matches, claims };
}

export function policyOf(target: Pick<DiffTarget, 'policies'>, d: DesiredAccount): PlacementPolicy {
  const policy = target.policies.get(d.person.population);
  if (policy === undefined) throw new Error(`internal: no placement policy for ${d.person.population}`);
  return policy;
}

/** The plan's date, which an account with a lifecycle needs. */
function todayOf(target: Pick<DiffTarget, 'today'>): string {
  if (target.today === undefined) throw new Error('internal: a lifecycle is diffed without the plan\'s date');
  return target.today;
}

function planUpdate(
  d: DesiredAccount,
  account: ActualAccount,
  policy: PlacementPolicy,
  index: ActualIndex,
  matcher: (patterns: readonly string[]) => Matcher,
  words: TargetVocabulary,
  issues: PlanIssue[],
  counts: DiffResult['counts'],
  today: string | undefined,
): UpdateChange | null {
  if (inSync(d, account)) return null;
  const before = actualView(account, d);
  const after = desiredView(d);
  const reasons: string[] = [];

  if (!d.fields.enabled) {
    // Someone PowerSchool no longer has active keeps the names, address and attributes the sync
    // last wrote (D118): that history is what IT looks at when they return. Only access,
    // placement and groups follow; a returning person is brought up to date in the change
    // that re-enables them.
    keepIdentity(after, before);
  } else {
    keepCaseOfNames(after, before, d.caseless);
  }

  const where = before.placement.join(', ');
  if (samePlacement(before.placement, after.placement)) {
    after.placement = [...before.placement];
  } else {
    const frozenBy = matcher(policy.frozen)(before.placement);
    if (frozenBy !== null) {
      after.placement = [...before.placement];
      counts.frozen++;
      reasons.push(`kept in ${where}: frozen ${words.containerShort} (${frozenBy})`);
    }
  }
  if (!after.enabled && before.enabled) {
    const reactivatedBy = matcher(policy.temporaryReactivation)(before.placement);
    if (reactivatedBy !== null) {
      after.enabled = true;
      after.placement = [...before.placement];
      reasons.push(`left active in ${where}: temporary-reactivation ${words.containerShort} (${reactivatedBy})`);
    }
  }
  if (after.address !== before.address) {
    const owner = index.owner(after.address);
    if (owner && owner !== account) {
      issues.push({
        severity: 'error',
        code: 'ADDRESS_IN_USE',
        message: `${before.address} should become ${after.address}, which belongs to ${owner.address}; the rename is left out`,
        file: d.origin.file,
        row: d.origin.row,
        address: before.address,
      });
      after.address = before.address;
    }
  }

  const dated = suspensionDateKey(d) === null ? { reasons: [] } : dateTheSuspension(d, account, before, after, todayOf({ today }));
  const dateKey = suspensionDateKey(d);
  const actions = updateActions(before, after, dateKey);
  const redated = dateKey !== null && before.attributes[dateKey] !== after.attributes[dateKey];
  if (actions.length === 0 && !redated) return null;
  for (const action of actions) reasons.push(reasonFor(action, d, after, words));
  // A suspension date set or cleared alone is an attribute change, with its own reason.
  if (actions.length === 0) actions.push('update-attributes');
  reasons.push(...dated.reasons);
  return {
    kind: 'update',
    id: changeId('update', before.address, after),
    address: before.address,
    person: d.person,
    actions,
    ...(account.id !== undefined ? { accountId: account.id } : {}),
    reasons,
    before,
    after,
    patch: managedPatch(before, after),
  };
}

/**
 * Whether the account already holds everything `d` wants, checked field by field without
 * building the two views planUpdate compares: nearly every account of a district is in sync on
 * a given night, and for those the full comparison allocated a dozen objects each to find
 * nothing. It answers true only where planUpdate would find no action and touch no count. A
 * disabled account of someone inactive is in sync once disabled in place (planUpdate keeps the
 * rest).
 */
function inSync(d: DesiredAccount, account: ActualAccount): boolean {
  const want = d.fields;
  if (account.enabled !== want.enabled) return false;
  if (account.placement !== want.placement && !samePlacement(account.placement, want.placement)) return false;
  if (d.lifecycle !== undefined && !suspensionDateInSync(d, account)) return false;
  if (!want.enabled) return true; // the rest is kept as it is (keepIdentity)
  if (account.address !== want.address) return false;
  if (!sameIgnoringCase(account.name.given, want.name.given) || !sameIgnoringCase(account.name.family, want.name.family)) return false;
  for (const key in want.attributes) {
    const have = account.attributes[key] ?? '';
    if (have !== want.attributes[key] && !(d.caseless?.includes(key) === true && sameIgnoringCase(have, want.attributes[key] as string))) return false;
  }
  return true;
}

/** An inactive person's account: everything but access and placement stays as the directory has it. */
function keepIdentity(after: AccountFields, before: AccountFields): void {
  after.address = before.address;
  after.name = { ...before.name };
  after.attributes = { ...before.attributes };
}

/**
 * A name part that differs from the directory's in case alone stays as the directory has it:
 * that is never a rename (the D118 scripts compare names upper-cased), so `McDonald` is not
 * rewritten to `Mcdonald` night after night. The other part still follows PowerSchool. So do
 * the attributes the target compares as names (`caseless`).
 */
function keepCaseOfNames(after: AccountFields, before: AccountFields, caseless: readonly string[] = []): void {
  if (sameIgnoringCase(after.name.given, before.name.given)) after.name.given = before.name.given;
  if (sameIgnoringCase(after.name.family, before.name.family)) after.name.family = before.name.family;
  for (const key of caseless) {
    const had = before.attributes[key];
    if (had !== undefined && after.attributes[key] !== undefined && sameIgnoringCase(after.attributes[key] as string, had)) after.attributes[key] = had;
  }
}

/** `dateKey`: the suspension-date attribute, which goes with a suspension and is no attribute update of its own. */
function updateActions(before: AccountFields, after: AccountFields, dateKey: string | null): UpdateAction[] {
  const actions: UpdateAction[] = [];
  if (!after.enabled && before.enabled) actions.push('suspend');
  if (after.enabled && !before.enabled) actions.push('unsuspend');
  if (after.address !== before.address || after.name.given !== before.name.given || after.name.family !== before.name.family) actions.push('rename');
  if (!samePlacementExactly(after.placement, before.placement)) actions.push('move');
  if (!sameAttributes(after.attributes, before.attributes, dateKey)) actions.push('update-attributes');
  return actions;
}

/** Placement as written: the same containers spelled the same way (after keeps the directory's spelling when they differ in case only). */
function samePlacementExactly(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function sameAttributes(a: AccountFields['attributes'], b: AccountFields['attributes'], ignored: string | null): boolean {
  const keys = Object.keys(a).filter((k) => k !== ignored);
  if (keys.length !== Object.keys(b).filter((k) => k !== ignored).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}

function reasonFor(action: UpdateAction, d: DesiredAccount, after: AccountFields, words: TargetVocabulary): string {
  switch (action) {
    case 'suspend':
    case 'unsuspend':
      return d.reasons.enabled;
    case 'move':
      return d.reasons.placement;
    case 'rename':
      return `PowerSchool has ${after.name.given} ${after.name.family} <${after.address}>`;
    case 'update-attributes':
      return `${words.attributes} follow PowerSchool`;
  }
}
