/** D118's BAD_NAMES: a person whose first or last name (any case) is on the list is a test account. */
export function skippedName(skipNames: readonly string[], firstName: string, lastName: string): string | null {
  if (skipNames.length === 0) return null;
  const list = new Set(skipNames.map((n) => n.toLowerCase()));
  for (const n of [firstName, lastName]) if (list.has(n.trim().toLowerCase())) return n;
  return null;
}
