import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casedName, sameIgnoringCase, titleCaseName } from '../../src/rules/name-case.js';

describe('name casing (D118 title-cases PowerSchool names, rollcall keeps mixed-case words)', () => {
  it.each([
    // all capitals
    ['OWEN', 'Owen'],
    ['MARY ANN', 'Mary Ann'],
    ['ADMINISTRATIVE SERVICE CENTER', 'Administrative Service Center'],
    // hyphens and apostrophes (straight and typographic) separate words and are kept
    ['SMITH-JONES', 'Smith-Jones'],
    ["O'BRIEN", "O'Brien"],
    ['O’BRIEN', 'O’Brien'],
    ["D'ANGELO-SMITH", "D'Angelo-Smith"],
    ['ANNE-MARIE  DU PONT', 'Anne-Marie  Du Pont'],
    ['ST. JOHN', 'St. John'],
    ['J.R.', 'J.R.'],
    // all lower case
    ['mary ann', 'Mary Ann'],
    ["o'brien", "O'Brien"],
    ['smith-jones', 'Smith-Jones'],
    // mixed case: as PowerSchool has it
    ['DeShawn', 'DeShawn'],
    ['McDonald', 'McDonald'],
    ['MacKenzie', 'MacKenzie'],
    ['Owen', 'Owen'],
    ['DeShawn SMITH', 'DeShawn Smith'],
    ["McDONALD-o'neil", "McDONALD-O'Neil"],
    // letters beyond ASCII, precomposed and with combining marks
    ['ÉLODIE', 'Élodie'],
    ['NÚÑEZ', 'Núñez'],
    ['GARCÍA-LÓPEZ', 'García-López'],
    ['MÜLLER', 'Müller'],
    ['E\u0301LODIE', 'E\u0301lodie'],
    ['ZOË', 'Zoë'],
    ['ØRSTED', 'Ørsted'],
    ['ΣΟΦΙΑ', 'Σοφια'],
    ['ИВАНОВ', 'Иванов'],
    ['José', 'José'],
    // letters without case, digits, single letters
    ['李', '李'],
    ['3RD', '3rd'],
    ['O', 'O'],
    ['o', 'O'],
    ['', ''],
  ])('%s -> %s', (name, expected) => {
    expect(titleCaseName(name)).toBe(expected);
  });

  it('leaves names alone with as-is', () => {
    expect(casedName('SMITH-JONES', 'as-is')).toBe('SMITH-JONES');
    expect(casedName('SMITH-JONES', 'title')).toBe('Smith-Jones');
  });

  it('returns the very string when nothing changes (no copy per person)', () => {
    const name = 'Charlotte Anderson-Whitfield';
    expect(titleCaseName(name)).toBe(name);
  });

  it('agrees with the word-by-word rule on every name, and is idempotent', () => {
    // The rule written the plain way: every run of letters and digits is a word.
    const reference = (name: string) =>
      name.replace(/[\p{L}\p{M}\p{N}]+/gu, (w) => {
        const upper = w.toUpperCase();
        const lower = w.toLowerCase();
        if ((w !== upper && w !== lower) || upper === lower) return w;
        const first = String.fromCodePoint(w.codePointAt(0)!);
        return first.toUpperCase() + w.slice(first.length).toLowerCase();
      });
    const chars = fc.constantFrom(...'aAzZmMqQ -\'’.éÉñÑ1'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 16 }).map((cs) => cs.join('')), (name) => {
        expect(titleCaseName(name)).toBe(reference(name));
        expect(titleCaseName(titleCaseName(name))).toBe(titleCaseName(name));
        expect(sameIgnoringCase(titleCaseName(name), name)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('compares names ignoring case only', () => {
    expect(sameIgnoringCase('McDonald', 'MCDONALD')).toBe(true);
    expect(sameIgnoringCase('Núñez', 'NÚÑEZ')).toBe(true);
    expect(sameIgnoringCase('Nunez', 'Núñez')).toBe(false);
    expect(sameIgnoringCase('Smith Jones', 'Smith-Jones')).toBe(false);
  });
});
