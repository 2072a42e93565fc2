import type { LoadedConfig } from '../config/types.js';
import { buildPlan } from '../plan/build-plan.js';
import type { Plan } from '../plan/types.js';
import { buildDesiredState, type DesiredState } from '../rules/desired-state.js';
import type { PowerSchoolSource } from '../sources/rows.js';
import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { membershipCandidates } from '../plan/membership-candidates.js';
import { TOOL_VERSION } from '../version.js';
import { snapshotDigest, sourceDigest } from './digests.js';
import type { EventSink } from './events.js';

/** Where Google's state comes from: a snapshot file or a live read. */
export interface GoogleReader {
  readonly description: string;
  /**
   * Reads users, org units and the group memberships of the accounts `membershipsFor` picks
   * from the users (a snapshot file already holds its groups and may ignore it).
   */
  read(membershipsFor: (users: readonly DirectoryUser[]) => string[]): Promise<GoogleState>;
  /**
   * Starts reading before the plan needs it, when reading is local and has no effects (a
   * snapshot file): it then overlaps reading PowerSchool.
   */
  prefetch?(): void;
  /**
   * The snapshot digest of what `read` returned, when the reader worked it out while reading (a
   * snapshot file hashes its lines as they stream past); without it the plan hashes the state.
   */
  digest?(): string | undefined;
}

/** The plan recipe: read the source, build the desired state, read Google, compute the plan. */
export async function makePlan(options: {
  config: LoadedConfig;
  source: PowerSchoolSource;
  google: GoogleReader;
  today: string;
  events: EventSink;
}): Promise<Plan> {
  const { config, source, google, today, events } = options;
  google.prefetch?.();
  const { desired, digest } = await readSource(source, config, today, events);
  const actual = await google.read((users) => membershipCandidates(desired.accounts, users));
  events.emit({
    level: 'info',
    code: 'GOOGLE_READ',
    message: `read ${google.description}: ${actual.users.length} accounts, ${actual.groups.length} groups, ${actual.orgUnits.length} org units`,
    data: { users: actual.users.length, groups: actual.groups.length, orgUnits: actual.orgUnits.length },
  });
  const plan = buildPlan(desired, actual, {
    domain: config.config.google.domain,
    today,
    toolVersion: TOOL_VERSION,
    inputs: { config: config.digest, source: digest, snapshot: google.digest?.() ?? snapshotDigest(actual) },
  }, config.config);
  for (const hold of plan.holds) events.emit({ level: 'warn', code: 'PLAN_HELD', message: `plan held: ${hold.message}`, data: { ...hold } });
  events.emit({
    level: 'info',
    code: 'PLAN_BUILT',
    message: `${plan.summary.changes} changes, ${plan.summary.issues.error} errors and ${plan.summary.issues.warning} warnings in the source`,
    data: { changes: plan.summary.changes },
  });
  return plan;
}

/**
 * PowerSchool's rows, turned into the desired state and digested. Only those leave: the rows
 * themselves are let go before Google's state is read (a million of them are a tenth of the
 * memory a plan needs).
 */
async function readSource(source: PowerSchoolSource, config: LoadedConfig, today: string, events: EventSink): Promise<{ desired: DesiredState; digest: string }> {
  const rows = await source.read();
  events.emit({
    level: 'info',
    code: 'SOURCE_READ',
    message: `read ${source.description}: ${rows.schools.length} schools, ${rows.students.length} students, ${rows.users.length} staff, ${rows.schoolStaff.length} school assignments`,
    data: { schools: rows.schools.length, students: rows.students.length, users: rows.users.length, schoolStaff: rows.schoolStaff.length },
  });
  return { desired: buildDesiredState(rows, config.config, today), digest: sourceDigest(rows) };
}
