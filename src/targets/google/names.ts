/**
 * Google's rule for user names: at most 60 characters of letters, numbers, spaces, dashes,
 * forward slashes and periods (Directory API `name` docs). Apostrophes (O'Brien) are accepted
 * by Google in practice and common in names, so they pass too. A name Google would refuse
 * becomes a validation issue instead of a failed create at 2 a.m.
 */
const ALLOWED = /^[\p{L}\p{M}\p{N} .\-/'’]+$/u;
export const MAX_NAME_LENGTH = 60;

/** Returns why Google would refuse the name, or null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long (Google allows ${MAX_NAME_LENGTH})`;
  if (!ALLOWED.test(name)) {
    const bad = [...new Set([...name].filter((c) => !ALLOWED.test(c)))].map((c) => JSON.stringify(c)).join(' ');
    return `contains characters Google refuses in names: ${bad}`;
  }
  return null;
}
