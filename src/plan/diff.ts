/**
 * The diff: desired accounts x Google's accounts -> changes. Pure (no network, clock or
 * printing) and non-mutating: it reads the desired state and the snapshot and returns new
 * values. Only managed fields are compared; accounts no one in PowerSchool claims are counted
 * as unmanaged and never touched.
 */
import type { DesiredAccount } from '../rules/desired-account.js';
import { sameIgnoringCase } from '../rules/name-case.js';
import { compileOrgUnitPatterns, sameOrgUnit } from '../rules/org-unit-pattern.js';
import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { ActualIndex } from './actual-index.js';
import { changeId } from './change-id.js';
import { actualManagedFields, desiredManagedFields, normaliseCustomValue } from './managed-fields.js';
import { managedPatch } from './patch.js';
import type { Change, ManagedFields, PlanIssue, UpdateAction, UpdateChange } from './types.js';

export interface DiffResult {
  changes: Change[];
  issues: PlanIssue[];
  counts: { matched: number; unmanaged: number; absentInactive: number; frozen: number; inSync: number };
}

export function diffAccounts(desired: readonly DesiredAccount[], actual: GoogleState): DiffResult {
  const index = new ActualIndex(actual);
  const changes: Change[] = [];
  const issues: PlanIssue[] = [];
  const claimed = new Map<DirectoryUser, DesiredAccount>();
  const counts = { matched: 0, unmanaged: 0, absentInactive: 0, frozen: 0, inSync: 0 };
  const patternCache = new Map<readonly string[], (path: string) => string | null>();
  const matcher = (patterns: readonly string[]) => {
    let m = patternCache.get(patterns);
    if (!m) patternCache.set(patterns, (m = compileOrgUnitPatterns(patterns)));
    return m;
  };
  const issue = (d: DesiredAccount, code: string, message: string, address = d.primaryEmail): void => {
    issues.push({ severity: 'error', code, message, file: d.origin.file, row: d.origin.row, address });
  };

  for (const d of desired) {
    const candidates = index.find(d.match.target, d.match.value);
    if (candidates.length > 1) {
      issue(d, 'AMBIGUOUS_MATCH', `${candidates.length} Google accounts have ${d.match.target} = ${d.match.value} (${candidates.map((u) => u.primaryEmail).sort().join(', ')}); none is changed until one remains`);
      for (const u of candidates) claimed.set(u, d);
      continue;
    }
    const user = candidates[0];
    if (!user) {
      if (d.suspended) {
        counts.absentInactive++;
        continue;
      }
      const owner = index.owner(d.primaryEmail);
      if (owner) {
        issue(d, 'ADDRESS_IN_USE', `${d.primaryEmail} is taken by the Google account ${owner.primaryEmail}, which does not have ${d.match.target} = ${d.match.value}; set that attribute on it to adopt it, or correct PowerSchool`);
        continue;
      }
      const after = desiredManagedFields(d, []);
      changes.push({
        kind: 'create',
        id: changeId('create', d.primaryEmail, after),
        address: d.primaryEmail,
        person: d.person,
        reasons: [`new in PowerSchool: ${d.reasons.orgUnit}`],
        after,
      });
      continue;
    }
    const prior = claimed.get(user);
    if (prior) {
      issue(d, 'ACCOUNT_CLAIMED_TWICE', `${user.primaryEmail} is matched by both ${prior.origin.file} row ${prior.origin.row} and this row; it is changed for neither`, user.primaryEmail);
      continue;
    }
    claimed.set(user, d);
    counts.matched++;
    const update = planUpdate(d, user, index, matcher, issues, counts);
    if (update) changes.push(update);
    else counts.inSync++;

    const endsSuspended = update ? update.after.suspended : user.suspended === true;
    if (d.removeFromGroupsWhenSuspended && endsSuspended) {
      for (const { group, role } of index.groupsOf(user.primaryEmail)) {
        changes.push({
          kind: 'remove-from-group',
          id: changeId('remove-from-group', user.primaryEmail, { group }),
          address: user.primaryEmail.toLowerCase(),
          person: d.person,
          reasons: [`suspended accounts leave their groups (${d.reasons.suspended})`],
          group,
          role,
        });
      }
    }
  }
  for (const user of actual.users) if (!claimed.has(user)) counts.unmanaged++;
  return { changes, issues, counts };
}

function planUpdate(
  d: DesiredAccount,
  user: DirectoryUser,
  index: ActualIndex,
  matcher: (patterns: readonly string[]) => (path: string) => string | null,
  issues: PlanIssue[],
  counts: DiffResult['counts'],
): UpdateChange | null {
  if (inSync(d, user)) return null;
  const before = actualManagedFields(user, d);
  const after = desiredManagedFields(d, before.externalIds);
  const reasons: string[] = [];

  if (d.suspended) {
    // Someone PowerSchool no longer has active keeps the names, address, attributes and
    // externalIds the sync last wrote (D118): that history is what IT looks at when they return.
    // Only suspension, org unit and groups follow; a returning person is brought up to date in
    // the change that re-enables them.
    keepIdentity(after, before);
  } else {
    keepCaseOfNames(after, before);
  }

  if (sameOrgUnit(before.orgUnitPath, after.orgUnitPath)) {
    after.orgUnitPath = before.orgUnitPath;
  } else {
    const frozenBy = matcher(d.frozenOrgUnits)(before.orgUnitPath);
    if (frozenBy !== null) {
      after.orgUnitPath = before.orgUnitPath;
      counts.frozen++;
      reasons.push(`kept in ${before.orgUnitPath}: frozen OU (${frozenBy})`);
    }
  }
  if (after.suspended && !before.suspended) {
    const reactivatedBy = matcher(d.temporaryReactivationOrgUnits)(before.orgUnitPath);
    if (reactivatedBy !== null) {
      after.suspended = false;
      after.orgUnitPath = before.orgUnitPath;
      reasons.push(`left active in ${before.orgUnitPath}: temporary-reactivation OU (${reactivatedBy})`);
    }
  }
  if (after.primaryEmail !== before.primaryEmail) {
    const owner = index.owner(after.primaryEmail);
    if (owner && owner !== user) {
      issues.push({
        severity: 'error',
        code: 'ADDRESS_IN_USE',
        message: `${before.primaryEmail} should become ${after.primaryEmail}, which belongs to ${owner.primaryEmail}; the rename is left out`,
        file: d.origin.file,
        row: d.origin.row,
        address: before.primaryEmail,
      });
      after.primaryEmail = before.primaryEmail;
    }
  }

  const actions = updateActions(before, after);
  if (actions.length === 0) return null;
  for (const action of actions) reasons.push(reasonFor(action, d, after));
  return {
    kind: 'update',
    id: changeId('update', before.primaryEmail, after),
    address: before.primaryEmail,
    person: d.person,
    actions,
    ...(user.id !== undefined ? { googleId: user.id } : {}),
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
 * suspended account of someone inactive is in sync once suspended in place (planUpdate keeps the
 * rest); other accounts with a managed externalIds entry always take the full path.
 */
function inSync(d: DesiredAccount, user: DirectoryUser): boolean {
  if ((user.suspended === true) !== d.suspended) return false;
  const orgUnitPath = user.orgUnitPath ?? '/';
  if (orgUnitPath !== d.orgUnitPath && !sameOrgUnit(orgUnitPath, d.orgUnitPath)) return false;
  if (d.suspended) return true; // the rest is kept as it is (keepIdentity)
  if (d.externalId !== null) return false;
  if (user.primaryEmail.toLowerCase() !== d.primaryEmail) return false;
  if (!sameIgnoringCase(user.name?.givenName ?? '', d.name.givenName) || !sameIgnoringCase(user.name?.familyName ?? '', d.name.familyName)) return false;
  for (const { schema, field } of d.managedAttributes) {
    if (normaliseCustomValue(user.customSchemas?.[schema]?.[field]) !== normaliseCustomValue(d.customSchemas[schema]?.[field])) return false;
  }
  return true;
}

/** An inactive person's account: everything but suspension and org unit stays as Google has it. */
function keepIdentity(after: ManagedFields, before: ManagedFields): void {
  after.primaryEmail = before.primaryEmail;
  after.name = { ...before.name };
  after.customSchemas = structuredClone(before.customSchemas);
  if (before.externalIds !== undefined) after.externalIds = structuredClone(before.externalIds);
  else delete after.externalIds;
}

/**
 * A name part that differs from Google's in case alone stays as Google has it: that is never a
 * rename (the D118 scripts compare names upper-cased), so `McDonald` is not rewritten to
 * `Mcdonald` night after night. The other part still follows PowerSchool.
 */
function keepCaseOfNames(after: ManagedFields, before: ManagedFields): void {
  if (sameIgnoringCase(after.name.givenName, before.name.givenName)) after.name.givenName = before.name.givenName;
  if (sameIgnoringCase(after.name.familyName, before.name.familyName)) after.name.familyName = before.name.familyName;
}

function updateActions(before: ManagedFields, after: ManagedFields): UpdateAction[] {
  const actions: UpdateAction[] = [];
  if (after.suspended && !before.suspended) actions.push('suspend');
  if (!after.suspended && before.suspended) actions.push('unsuspend');
  if (
    after.primaryEmail !== before.primaryEmail ||
    after.name.givenName !== before.name.givenName ||
    after.name.familyName !== before.name.familyName
  ) {
    actions.push('rename');
  }
  if (after.orgUnitPath !== before.orgUnitPath) actions.push('move');
  if (!sameCustomSchemas(after.customSchemas, before.customSchemas) || !sameExternalIds(after.externalIds, before.externalIds)) {
    actions.push('update-attributes');
  }
  return actions;
}

/** Same schemas holding the same fields and values, in any key order (what comparing them sorted as JSON says, without building the JSON). */
function sameCustomSchemas(a: ManagedFields['customSchemas'], b: ManagedFields['customSchemas']): boolean {
  const schemas = Object.keys(a);
  if (schemas.length !== Object.keys(b).length) return false;
  for (const schema of schemas) {
    if (!Object.hasOwn(b, schema)) return false;
    const x = a[schema] ?? {};
    const y = b[schema] ?? {};
    const fields = Object.keys(x);
    if (fields.length !== Object.keys(y).length) return false;
    for (const field of fields) {
      if (!Object.hasOwn(y, field) || !sameJson(x[field], y[field])) return false;
    }
  }
  return true;
}

/** Same entries in the same order (the order is what Google keeps). */
function sameExternalIds(a: ManagedFields['externalIds'], b: ManagedFields['externalIds']): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  return a.every((e, i) => sameJson(e, b[i]));
}

/** Equal as JSON array elements; managed values are strings, compared directly. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a !== 'string' && typeof b !== 'string' && JSON.stringify([a]) === JSON.stringify([b]));
}

function reasonFor(action: UpdateAction, d: DesiredAccount, after: ManagedFields): string {
  switch (action) {
    case 'suspend':
    case 'unsuspend':
      return d.reasons.suspended;
    case 'move':
      return d.reasons.orgUnit;
    case 'rename':
      return `PowerSchool has ${after.name.givenName} ${after.name.familyName} <${after.primaryEmail}>`;
    case 'update-attributes':
      return 'custom attributes follow PowerSchool';
  }
}
