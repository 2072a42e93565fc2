import type { NameCase } from '../config/types.js';

/**
 * How PowerSchool's names are cased before rollcall uses them. PowerSchool often stores names in
 * capitals; the D118 scripts pass every first, last and school name through Python's
 * `str.title()`. rollcall does the same to each word that is all capitals or all lower case
 * (`SMITH-JONES` -> `Smith-Jones`, `O'BRIEN` -> `O'Brien`), but keeps a mixed-case word as
 * PowerSchool has it, where `str.title()` breaks `McDonald` into `Mcdonald`.
 *
 * A word is a run of letters (with their combining marks) and digits; anything else (spaces,
 * hyphens, apostrophes ' and ’, periods) separates words and is kept as it is. Case mapping is
 * JavaScript's locale-independent toUpperCase/toLowerCase, so the result does not depend on the
 * machine's locale.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function casedName(name: string, nameCase: NameCase): string {
  return nameCase === 'title' ? titleCaseName(name) : name;
}

export function titleCaseName(name: string): string {
  return titleCasePlain(name) ?? name.replace(WORD, titleCaseWord);
}

function titleCaseWord(word: string): string {
  const upper = word.toUpperCase();
  const lower = word.toLowerCase();
  // Mixed case (DeShawn), or no letters with case at all (digits, most scripts): as PowerSchool has it.
  if (word !== upper && word !== lower) return word;
  if (upper === lower) return word;
  const first = String.fromCodePoint(word.codePointAt(0) as number);
  return first.toUpperCase() + word.slice(first.length).toLowerCase();
}

/**
 * The same rule for a name of ASCII letters, spaces, hyphens, apostrophes and periods (nearly
 * every name of a district, every night), without a regular expression and without allocating
 * when the name is already cased; null for any other name.
 */
function titleCasePlain(name: string): string | null {
  let out: string | null = null;
  let copied = 0;
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : SPACE;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) continue;
    if (c !== SPACE && c !== HYPHEN && c !== APOSTROPHE && c !== PERIOD) return null;
    if (i > start && singleCase(name, start, i)) {
      out = (out ?? '') + name.slice(copied, start) + name.charAt(start).toUpperCase() + name.slice(start + 1, i).toLowerCase();
      copied = i;
    }
    start = i + 1;
  }
  return out === null ? name : out + name.slice(copied);
}

const SPACE = 32;
const HYPHEN = 45;
const APOSTROPHE = 39;
const PERIOD = 46;

/** Whether name[from, to) is all capitals or all lower case, and so changes when title-cased. */
function singleCase(name: string, from: number, to: number): boolean {
  let upper = false;
  let lower = false;
  for (let i = from; i < to; i++) {
    const c = name.charCodeAt(i);
    if (c <= 90) upper = true;
    else lower = true;
  }
  if (upper && lower) return false;
  return lower || to - from > 1;
}

/**
 * Whether two names differ at most in case (as the D118 student script compares names with
 * Google): such a difference is never a rename.
 */
export function sameIgnoringCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
