import type { MatchRule } from '../config/types.js';

/**
 * The value an account is found by, as Microsoft SDS describes identity matching: a source
 * property, an optional suffix appended to it, compared with a target property in Google.
 * Email-like values are compared case-insensitively (Google treats addresses so).
 */
export function matchValue(rule: MatchRule, sources: Record<MatchRule['source'], string>): string {
  const value = `${sources[rule.source]}${rule.suffix ?? ''}`;
  return rule.target === 'primaryEmail' ? value.toLowerCase() : value;
}
