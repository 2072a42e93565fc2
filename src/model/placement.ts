/**
 * Placement compared the same way for every directory: containers (Google org unit paths,
 * Entra unit and group names) are normalised (trimmed, no trailing slash) and compared ignoring
 * case, and an account's placement is a set of them. Patterns (frozen and temporary-reactivation
 * containers) are container paths where `*` matches within one level and `**` any number of
 * levels; a pattern matches that container and everything below it (a Restricted OU's sub-OUs
 * are as restricted as it). D118's suffix "/Restricted" is written `**\/Restricted`.
 */

/** A container as compared: trimmed, without trailing slashes; '' is the root, '/'. */
export function normaliseContainer(container: string): string {
  const trimmed = container.trim().replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export function sameContainer(a: string, b: string): boolean {
  return a === b || normaliseContainer(a).toLowerCase() === normaliseContainer(b).toLowerCase();
}

/** The same containers, in any order and any case. */
export function samePlacement(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 1 && b.length === 1) return sameContainer(a[0] as string, b[0] as string);
  const keys = (p: readonly string[]) => [...new Set(p.map((c) => normaliseContainer(c).toLowerCase()))].sort().join('\n');
  return keys(a) === keys(b);
}

/**
 * A matcher for patterns: given a placement, the first pattern one of its containers matches,
 * or null. Made once per list of patterns (a district's million accounts share a few lists).
 */
export function compileContainerPatterns(patterns: readonly string[]): (placement: readonly string[]) => string | null {
  const compiled = patterns.map((p) => ({ pattern: p, regex: toRegex(p) }));
  return (placement) => {
    if (compiled.length === 0) return null;
    for (const container of placement) {
      const path = normaliseContainer(container);
      for (const { pattern, regex } of compiled) if (regex.test(path)) return pattern;
    }
    return null;
  };
}

function toRegex(pattern: string): RegExp {
  const body = normaliseContainer(pattern)
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : escapeRegex(part)))
    .join('');
  // The container itself or anything below it.
  return new RegExp(`^${body}(/.*)?$`, 'i');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
