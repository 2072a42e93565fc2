import { compileContainerPatterns, normaliseContainer, sameContainer } from '../model/placement.js';

/** Org unit patterns for frozen and temporary-reactivation OUs: container patterns (model/placement.ts) over one org unit. */
export function compileOrgUnitPatterns(patterns: readonly string[]): (orgUnitPath: string) => string | null {
  const matcher = compileContainerPatterns(patterns);
  return (orgUnitPath: string) => matcher([orgUnitPath]);
}

/** Google compares OU paths case-insensitively and never with a trailing slash (except the root). */
export const normaliseOrgUnitPath = normaliseContainer;

/** Joins OU path segments: joinOrgUnit('/Students', 'WHS Students', '9th') -> '/Students/WHS Students/9th'. */
export function joinOrgUnit(prefix: string, ...segments: string[]): string {
  // A district has a few hundred distinct OUs and a million people placed in them.
  const key = [prefix, ...segments].join('\u0000');
  let joined = joinedOrgUnits.get(key);
  if (joined === undefined) {
    const parts = [normaliseOrgUnitPath(prefix), ...segments.map((s) => s.replace(/^\/+|\/+$/g, ''))].filter((s) => s !== '');
    joined = normaliseOrgUnitPath(parts.join('/').replace(/\/{2,}/g, '/'));
    joinedOrgUnits.set(key, joined);
  }
  return joined;
}

const joinedOrgUnits = new Map<string, string>();

export const sameOrgUnit = sameContainer;
