import type { Config, LoadedConfig } from '../config/types.js';
import type { DesiredAccount } from '../model/account.js';
import type { DesiredGroup } from '../model/group.js';
import type { Issue } from '../model/issue.js';
import type { DirectoryReader, DirectoryTarget, PlacementPolicy } from '../model/directory-port.js';
import { groupReader, groupTarget } from '../model/group-sync.js';
import type { EventSink } from '../model/events.js';
import type { Population } from '../model/person.js';
import { ActualIndex } from '../plan/actual-index.js';
import { buildPlan, type DesiredState } from '../plan/build-plan.js';
import type { ManagedGroups } from '../plan/group-diff.js';
import { membershipCandidates } from '../plan/membership-candidates.js';
import type { Plan, PlanIssue } from '../plan/types.js';
import { issuesBySeverity } from '../render/describe-issue.js';
import type { PowerSchoolSource, SourceRows } from '../sources/rows.js';
import { TOOL_VERSION } from '../version.js';
import { desiredAccounts, type DesiredForTarget } from './desired-for-target.js';
import { directoryDigest, sourceDigest } from './digests.js';

/** The plan recipe: read the source, work out who should have which account, read the target, compute the plan. */
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
  /** The directory the plan is for. */
  target: DirectoryTarget;
  /** How it is read: a snapshot file, or the directory itself (target.openReader). */
  reader: DirectoryReader;
  today: string;
  events: EventSink;
}

/** A plan with what it was made from: the rows (when kept), the desired accounts and the directory's accounts. */
export interface PlanMaterials<Rows extends SourceRows | null = SourceRows | null> {
  plan: Plan;
  rows: Rows;
  desired: DesiredForTarget;
  actual: ActualIndex;
}

/**
 * The plan and what it was built from. `keepRows` keeps PowerSchool's rows for a caller that
 * looks at them again (explain); a plan lets them go before reading the directory.
 */
export async function planRecipe(options: PlanOptions, keepRows: true): Promise<PlanMaterials<SourceRows>>;
export async function planRecipe(options: PlanOptions, keepRows: false): Promise<PlanMaterials<null>>;
export async function planRecipe(options: PlanOptions, keepRows: boolean): Promise<PlanMaterials> {
  const { config, target, reader, today, events } = options;
  reader.prefetch?.();
  const { desired, digest, rows } = await readSource(options, keepRows);
  const state = await reader.read();
  events.emit({
    level: 'info',
    code: 'DIRECTORY_READ',
    message: `read ${reader.description}: ${state.accounts.length} accounts, ${state.containers.length} ${target.vocabulary.container}s`,
    data: { target: target.kind, accounts: state.accounts.length, containers: state.containers.length },
  });
  const policies = policiesOf(target);
  const actual = new ActualIndex(state.accounts);
  const memberships = await reader.readMemberships(membershipCandidates(desired.accounts, actual, policies));
  actual.addMemberships(memberships);
  const licences = await reader.readLicences();
  actual.addLicences(licences);
  const groups = desired.groups === undefined ? undefined : await readManagedGroups(reader, target, desired.groups, desired.issues);
  const plan = buildPlan(
    desired,
    actual,
    {
      target: { kind: target.kind, identity: target.identity, vocabulary: target.vocabulary },
      today,
      toolVersion: TOOL_VERSION,
      inputs: {
        config: config.digest,
        source: digest,
        directory: directoryDigest(state, memberships, reader, { licences, ...(groups !== undefined ? { groups: { groups: [...groups.actual.values()], rosters: groups.rosters } } : {}) }),
      },
    },
    config.config,
    { policies, vocabulary: target.vocabulary },
    groups,
  );
  return { plan, rows, desired, actual };
}

/**
 * The managed groups in the target's words, every group the directory holds, and the members of
 * the managed ones it holds (read only when the config manages groups). Groups the target cannot
 * name are issues.
 */
async function readManagedGroups(reader: DirectoryReader, target: DirectoryTarget, desired: readonly DesiredGroup[], issues: Issue[]): Promise<ManagedGroups> {
  const mapped = groupTarget(target).desiredGroups(desired);
  const groups = groupReader(reader, target.kind);
  for (const issue of mapped.issues) issues.push(issue);
  const actual = new Map((await groups.readGroups()).map((g) => [g.address, g]));
  const held = mapped.groups.map((g) => g.fields.address).filter((address) => actual.has(address));
  return { groups: mapped.groups, actual, rosters: await groups.readRosters(held) };
}

/** The target's placement policy for each population it manages. */
export function policiesOf(target: DirectoryTarget): Map<Population, PlacementPolicy> {
  return new Map(target.populations.map((p) => [p, target.policy(p)]));
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
 * PowerSchool's rows, turned into the accounts the target should hold and digested. Unless
 * `keepRows`, only those leave: the rows (and the people made of them) are let go before the
 * directory's state is read (a million of them are a tenth of the memory a plan needs).
 */
async function readSource(options: PlanOptions, keepRows: boolean): Promise<{ desired: DesiredForTarget; digest: string; rows: SourceRows | null }> {
  const { source, config, target, today, events } = options;
  const rows = await source.read();
  events.emit({
    level: 'info',
    code: 'SOURCE_READ',
    message: `read ${source.description}: ${rows.schools.length} schools, ${rows.students.length} students, ${rows.users.length} staff, ${rows.schoolStaff.length} school assignments`,
    data: { schools: rows.schools.length, students: rows.students.length, users: rows.users.length, schoolStaff: rows.schoolStaff.length },
  });
  return { desired: desiredAccounts(rows, config.config, target, today), digest: sourceDigest(rows), rows: keepRows ? rows : null };
}
