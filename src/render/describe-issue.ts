/** Validation issues as a reviewer reads them: errors before warnings, each with where it came from. */
import type { PlanIssue } from '../plan/types.js';

/** Errors first, then warnings; the plan's own order within each. */
export function issuesBySeverity(issues: readonly PlanIssue[]): PlanIssue[] {
  return [...issues.filter((issue) => issue.severity === 'error'), ...issues.filter((issue) => issue.severity === 'warning')];
}

/** "students.csv:14 (grade_level)", "row 14", "students.csv", or "" when the issue names no place. */
export function issueLocation(issue: PlanIssue): string {
  const place =
    issue.file !== undefined && issue.row !== undefined
      ? `${issue.file}:${issue.row}`
      : issue.file ?? (issue.row !== undefined ? `row ${issue.row}` : '');
  if (issue.field === undefined) return place;
  return place ? `${place} (${issue.field})` : `(${issue.field})`;
}
