import type { LoadedConfig } from '../config/types.js';
import { buildPlan } from '../plan/build-plan.js';
import type { Plan, PlanIssue } from '../plan/types.js';
import { buildDesiredState, type DesiredState } from '../rules/desired-state.js';
import type { PowerSchoolSource, SourceRows } from '../sources/rows.js';
import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { membershipCandidates } from '../plan/membership-candidates.js';
import { issuesBySeverity } from '../render/describe-issue.js';
import { TOOL_VERSION } from '../version.js';
import { snapshotDigest, sourceDigest } from './digests.js';
import type { EventSink } from '../model/events.js';

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
export async function makePlan(options: PlanOptions): Promise<Plan> {
  const { plan } = await planRecipe(options, false);
  const { events } = options;
  reportIssues(plan.issues, events);
  for (const hold of plan.holds) events.emit({ level: 'warn', code: 'PLAN_HELD', message: `plan held: ${hold.message}`, data: { ...hold } });
  events.emit({
    level: 'info',
    code: 'PLAN_BUILT',
    message: `${plan.summary.changes} changes, ${plan.summary.issues.error} errors and ${plan.summary.issues.warning} warnings in the source`,
    data: { changes: plan.summary.changes },
  });
  return plan;
}

export interface PlanOptions {
  config: LoadedConfig;
  source: PowerSchoolSource;
  google: GoogleReader;
  today: string;
  events: EventSink;
}

/** A plan with what it was made from: the rows (when kept), the desired state and Google's state. */
export interface PlanMaterials<Rows extends SourceRows | null = SourceRows | null> {
  plan: Plan;
  rows: Rows;
  desired: DesiredState;
  actual: GoogleState;
}

/**
 * The plan and what it was built from. `keepRows` keeps PowerSchool's rows for a caller that
 * looks at them again (explain); a plan lets them go before reading Google.
 */
export async function planRecipe(options: PlanOptions, keepRows: true): Promise<PlanMaterials<SourceRows>>;
export async function planRecipe(options: PlanOptions, keepRows: false): Promise<PlanMaterials<null>>;
export async function planRecipe(options: PlanOptions, keepRows: boolean): Promise<PlanMaterials> {
  const { config, source, google, today, events } = options;
  google.prefetch?.();
  const { desired, digest, rows } = await readSource(source, config, today, events, keepRows);
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
  return { plan, rows, desired, actual };
}

/** Source issues named in the log; the plan holds them all. */
export const LOGGED_ISSUES = 20;

/**
 * Each source issue as a warning or an error event, so a quiet nightly run still says that
 * people were left out. Events name the place and the code only: the messages name students,
 * and logs (cron mail, journald) are kept and read more widely than plans.
 */
function reportIssues(issues: readonly PlanIssue[], events: EventSink): void {
  const ordered = issuesBySeverity(issues);
  for (const issue of ordered.slice(0, LOGGED_ISSUES)) {
    const where = [issue.file, issue.row !== undefined ? `row ${issue.row}` : undefined].filter((p) => p !== undefined).join(' ');
    events.emit({
      level: issue.severity === 'error' ? 'error' : 'warn',
      code: 'SOURCE_ISSUE',
      message: `${where ? `${where}: ` : ''}${issue.code}${issue.field !== undefined ? ` (${issue.field})` : ''}`,
      data: { severity: issue.severity, code: issue.code, ...(issue.file !== undefined ? { file: issue.file } : {}), ...(issue.row !== undefined ? { row: issue.row } : {}), ...(issue.field !== undefined ? { field: issue.field } : {}) },
    });
  }
  if (ordered.length > LOGGED_ISSUES) {
    const rest = ordered.slice(LOGGED_ISSUES);
    const errors = rest.filter((i) => i.severity === 'error').length;
    events.emit({
      level: errors > 0 ? 'error' : 'warn',
      code: 'SOURCE_ISSUES_MORE',
      message: `and ${rest.length} more source issues (${errors} errors, ${rest.length - errors} warnings): rollcall show PLAN lists them all`,
      data: { errors, warnings: rest.length - errors },
    });
  }
}

/**
 * PowerSchool's rows, turned into the desired state and digested. Unless `keepRows`, only those
 * leave: the rows themselves are let go before Google's state is read (a million of them are a
 * tenth of the memory a plan needs).
 */
async function readSource(
  source: PowerSchoolSource,
  config: LoadedConfig,
  today: string,
  events: EventSink,
  keepRows: boolean,
): Promise<{ desired: DesiredState; digest: string; rows: SourceRows | null }> {
  const rows = await source.read();
  events.emit({
    level: 'info',
    code: 'SOURCE_READ',
    message: `read ${source.description}: ${rows.schools.length} schools, ${rows.students.length} students, ${rows.users.length} staff, ${rows.schoolStaff.length} school assignments`,
    data: { schools: rows.schools.length, students: rows.students.length, users: rows.users.length, schoolStaff: rows.schoolStaff.length },
  });
  return { desired: buildDesiredState(rows, config.config, today), digest: sourceDigest(rows), rows: keepRows ? rows : null };
}
