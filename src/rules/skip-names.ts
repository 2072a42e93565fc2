/** D118's BAD_NAMES: a person whose first or last name (any case) is on the list is a test account. */
export function skippedName(skipNames: readonly string[], firstName: string, lastName: string): string | null {
  if (skipNames.length === 0) return null;
  const list = lowerCased(skipNames);
  for (const n of [firstName, lastName]) if (list.has(n.trim().toLowerCase())) return n;
  return null;
}

/** The list as a set, made once per list (it is asked about every person of a district). */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function lowerCased(skipNames: readonly string[]): ReadonlySet<string> {
  let set = sets.get(skipNames);
  if (!set) sets.set(skipNames, (set = new Set(skipNames.map((n) => n.toLowerCase()))));
  return set;
}
