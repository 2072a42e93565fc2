/**
 * The desired state of one target, pure: PowerSchool's rows through the rules and the target's
 * mapping. A plan starts from it; the benchmark's generator uses it to write the groups last
 * night's sync left (importing the plan recipe would load the tool's version from package.json).
 */
import type { Config } from '../config/types.js';
import type { DesiredAccount } from '../model/account.js';
import type { DirectoryTarget } from '../model/directory-port.js';
import type { DesiredGroup } from '../model/group.js';
import type { Issue } from '../model/issue.js';
import type { DesiredState } from '../plan/build-plan.js';
import { buildDesiredPeople } from '../rules/desired-people.js';
import { GroupRules } from '../rules/desired-groups.js';
import { resolveDuplicates } from '../rules/duplicates.js';
import type { SourceRows } from '../sources/rows.js';

/** What the rules ask of a target: its accounts and, when the config manages groups, its groups. */
export interface DesiredForTarget extends DesiredState {
  groups?: DesiredGroup[];
}

/**
 * Who should have which account in this target: the rules, the target's mapping, then one
 * account per person; and which groups they belong in, when the config manages groups.
 */
export function desiredAccounts(rows: SourceRows, config: Config, target: DirectoryTarget, today: string): DesiredForTarget {
  const accounts: DesiredAccount[] = [];
  const mappingIssues: Issue[] = [];
  const groupRules = config.groups !== undefined ? new GroupRules({ ...config, groups: config.groups }, rows, today) : undefined;
  const people = buildDesiredPeople(rows, config, today, target.populations, (batch) => {
    const mapped = target.desiredAccounts(batch);
    for (const account of mapped.accounts) accounts.push(account);
    for (const issue of mapped.issues) mappingIssues.push(issue);
    groupRules?.addPeople(batch);
  });
  const resolved = resolveDuplicates(accounts, target.vocabulary.address);
  const issues = [...people.issues, ...mappingIssues, ...resolved.issues];
  if (groupRules === undefined) return { accounts: resolved.accounts, issues, skipped: people.skipped };
  const groups = groupRules.finish(rows.classes, rows.schoolStaff);
  return { accounts: resolved.accounts, issues: [...issues, ...groups.issues], skipped: people.skipped, groups: groups.groups };
}
