import type { DesiredPerson } from '../model/person.js';
import type { SourceIssue } from '../sources/rows.js';

/** What the rules made of one source row. */
export type RuleOutcome =
  /** Someone who should have an account (enabled or not). */
  | { kind: 'person'; person: DesiredPerson }
  /** Left out on purpose (skip list, no email), counted by reason. */
  | { kind: 'skipped'; reason: string }
  /** In no school the run covers: any account of theirs is unmanaged. */
  | { kind: 'out-of-scope' }
  /** Left out until PowerSchool is fixed. */
  | { kind: 'issue'; issue: SourceIssue };
