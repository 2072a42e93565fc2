/**
 * Org unit patterns for frozen and temporary-reactivation OUs. A pattern is an OU path where
 * `*` matches within one level and `**` any number of levels; it matches that OU and everything
 * below it (a Restricted OU's sub-OUs are as restricted as it). D118's suffix "/Restricted"
 * is written `**\/Restricted`.
 */
export function compileOrgUnitPatterns(patterns: readonly string[]): (orgUnitPath: string) => string | null {
  const compiled = patterns.map((p) => ({ pattern: p, regex: toRegex(p) }));
  return (orgUnitPath: string) => {
    const path = normaliseOrgUnitPath(orgUnitPath);
    for (const { pattern, regex } of compiled) if (regex.test(path)) return pattern;
    return null;
  };
}

function toRegex(pattern: string): RegExp {
  const body = normaliseOrgUnitPath(pattern)
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : escapeRegex(part)))
    .join('');
  // The OU itself or any descendant.
  return new RegExp(`^${body}(/.*)?$`, 'i');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Google compares OU paths case-insensitively and never with a trailing slash (except the root). */
export function normaliseOrgUnitPath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

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

export function sameOrgUnit(a: string, b: string): boolean {
  return normaliseOrgUnitPath(a).toLowerCase() === normaliseOrgUnitPath(b).toLowerCase();
}
