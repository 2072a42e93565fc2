/**
 * Builders for Google: a whole `google` config section, the Google target, accounts as the
 * Directory API returns them, and the plan's view of them (the target's own account view, so a
 * test of the diff also goes through Google's mapping both ways).
 */
import type { Config, GoogleConfig } from '../src/config/types.js';
import { desiredAccounts } from '../src/engine/desired-for-target.js';
import { ADDRESS_KEY, type DesiredAccount } from '../src/model/account.js';
import type { PlacementPolicy } from '../src/model/directory-port.js';
import { EventLog } from '../src/model/events.js';
import type { Population } from '../src/model/person.js';
import { ActualIndex } from '../src/plan/actual-index.js';
import { buildPlan, type DesiredState } from '../src/plan/build-plan.js';
import type { Plan, PlanInputs } from '../src/plan/types.js';
import { diffAccounts, type DiffResult } from '../src/plan/diff.js';
import type { SourceRows } from '../src/sources/rows.js';
import { GoogleAccountView } from '../src/targets/google/account-view.js';
import { parseAttributeKey, readAttributes } from '../src/targets/google/attribute-keys.js';
import type { DirectoryUser, GoogleState, SnapshotGroup } from '../src/targets/google/directory-types.js';
import { membershipsOf } from '../src/targets/google/snapshot-plan-reader.js';
import { GoogleTarget } from '../src/targets/google/target.js';

/** A `google` config section with every field set (service account, Google itself), changed by `overrides`. */
export function googleConfig(overrides: Partial<GoogleConfig> = {}): GoogleConfig {
  return {
    domain: 'd118.org',
    populations: ['student', 'staff'],
    customer: 'my_customer',
    rootUrl: null,
    auth: { mode: 'service-account' },
    requestsPerMinute: 1500,
    concurrency: 8,
    maxRetries: 6,
    rateLimitWaitSeconds: 600,
    initialPassword: { env: null, changeAtNextLogin: true },
    ...overrides,
  };
}

/** The Google target of a config (both populations unless the config says otherwise). */
export function googleTarget(config: Config): GoogleTarget {
  if (config.google === undefined) throw new Error('test config has no google section');
  return new GoogleTarget({ ...config, google: config.google }, config.google.populations, { env: {}, baseDir: '.', events: new EventLog(), showProgress: false });
}

/** What the rules and the Google mapping ask for: the plan's desired state. */
export function desiredGoogle(rows: SourceRows, config: Config, today: string): DesiredState {
  return desiredAccounts(rows, config, googleTarget(config), today);
}

let nextId = 1000;

/** The account Google would hold if it matched `d` exactly. */
export function userFromDesired(d: DesiredAccount, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  const customSchemas: NonNullable<DirectoryUser['customSchemas']> = {};
  const externalIds: NonNullable<DirectoryUser['externalIds']> = [];
  const attributes = { ...d.fields.attributes };
  if (d.match.key !== ADDRESS_KEY) attributes[d.match.key] = d.match.value;
  for (const [key, value] of Object.entries(attributes)) {
    const a = parseAttributeKey(key);
    if (a === null || value === '') continue;
    if (a.kind === 'custom') (customSchemas[a.schema] ??= {})[a.field] = value;
    else externalIds.push({ type: a.type, value });
  }
  const { given, family } = d.fields.name;
  return {
    kind: 'admin#directory#user',
    id: String(++nextId),
    primaryEmail: d.fields.address,
    name: { givenName: given, familyName: family, fullName: `${given} ${family}` },
    suspended: !d.fields.enabled,
    orgUnitPath: d.fields.placement[0] as string,
    customSchemas,
    ...(externalIds.length > 0 ? { externalIds } : {}),
    ...overrides,
  };
}

export function state(users: DirectoryUser[], groups: SnapshotGroup[] = []): GoogleState {
  return { users, groups, orgUnits: [] };
}

export function group(email: string, members: string[]): SnapshotGroup {
  return { kind: 'admin#directory#group', email, members: members.map((m) => ({ email: m, role: 'MEMBER', type: 'USER' })) };
}

/** The plan's view of a Google state: every account as the Google target reads it, and every membership. */
export function googleIndex(google: GoogleState, config: Config): ActualIndex {
  const view = new GoogleAccountView(readAttributes(config, config.google?.populations ?? ['student', 'staff']));
  return new ActualIndex(google.users.map((u) => view.account(u))).addMemberships(membershipsOf(google.groups));
}

/** The Google target's policies and words, as a plan hands them to the diff. */
export function googleDiffTarget(config: Config): { policies: Map<Population, PlacementPolicy>; vocabulary: GoogleTarget['vocabulary'] } {
  const target = googleTarget(config);
  return { policies: new Map(target.populations.map((p) => [p, target.policy(p)])), vocabulary: target.vocabulary };
}

/** The diff of desired accounts against a Google state, as a plan for the Google target makes it. */
export function diffGoogle(desired: readonly DesiredAccount[], google: GoogleState, config: Config): DiffResult {
  return diffAccounts(desired, googleIndex(google, config), googleDiffTarget(config));
}

/** The plan of desired accounts against a Google state, as `rollcall plan` for the Google target makes it (digests given). */
export function planGoogle(desired: DesiredState, google: GoogleState, config: Config, today: string, inputs: PlanInputs): Plan {
  const target = googleTarget(config);
  return buildPlan(
    desired,
    googleIndex(google, config),
    { target: { kind: target.kind, identity: target.identity, vocabulary: target.vocabulary }, today, toolVersion: '0.0.0', inputs },
    config,
    googleDiffTarget(config),
  );
}
