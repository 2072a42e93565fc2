import { describe, expect, it } from 'vitest';
import { renderText, type TextOptions } from '../../src/render/text.js';
import type { Plan } from '../../src/plan/types.js';
import { collect, createChange, issue, plan, samplePlan, student, updateChange, WHS } from './plan-builders.js';

const ANSI = /\u001b\[/;

function text(p: Plan, options: TextOptions = { color: false }): string {
  const out = collect();
  renderText(p, out, options);
  return out.text();
}

function lines(p: Plan, options?: TextOptions): string[] {
  return text(p, options).split('\n');
}

/** Index of the first line containing `needle`, failing loudly when there is none. */
function lineOf(all: string[], needle: string): number {
  const index = all.findIndex((line) => line.includes(needle));
  expect(index, `no line contains ${needle}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('renderText', () => {
  it('opens with the domain, the date, the tool version and shortened input digests', () => {
    const out = text(samplePlan());
    expect(out).toContain('rollcall plan for example.org');
    expect(out).toContain('evaluated for 2026-09-02 by rollcall 0.1.0');
    expect(out).toContain('inputs: config a1b2c3d4e5f6, source b2c3d4e5f607, Google c3d4e5f60718');
    expect(out).not.toContain('a1b2c3d4e5f60718293a');
  });

  it('groups by school in number order, staff without a school last, with counts in each header', () => {
    const all = lines(samplePlan());
    const whs = lineOf(all, 'WHS Whitmore High (5) — 4 changes: 1 create, 1 suspend, 1 move, 1 remove from group');
    const lms = lineOf(all, 'LMS Lincoln Middle (12) — 1 change: 1 rename');
    const none = lineOf(all, 'No school: staff');
    expect(whs).toBeLessThan(lms);
    expect(lms).toBeLessThan(none);
  });

  it('shows action groups in the fixed order with their symbols', () => {
    const all = lines(samplePlan(), { color: false, width: 300 });
    const create = lineOf(all, '+ eve.fox@example.org');
    const suspend = lineOf(all, '- gil.hart@example.org  Gil Hart (grade 12)  suspended: false -> true');
    const move = lineOf(all, '~ cy.diaz@example.org');
    const removal = lineOf(all, 'group whs-seniors@example.org: member -> (none)');
    expect(create).toBeLessThan(suspend);
    expect(suspend).toBeLessThan(move);
    expect(move).toBeLessThan(removal);
    expect(all[removal]).toMatch(/^\s+- gil\.hart@example\.org/);
    expect(all[lineOf(all, 'kim.lo@example.org')]).toMatch(/^\s+\+\/~ kim\.lo@example\.org/);
  });

  it('puts the person, grade and field differences on the change line, the reasons under it', () => {
    const all = lines(samplePlan(), { color: false, width: 300 });
    const move = lineOf(all, 'cy.diaz@example.org');
    expect(all[move]).toContain('Cy Diaz (grade 10)');
    expect(all[move]).toContain('orgUnitPath: /Students/WHS Students/9th -> /Students/WHS Students/10th');
    expect(all[move + 1]).toMatch(/^\s+# grade 9 -> 10$/);

    const rename = lineOf(all, 'ida.smith@example.org');
    expect(all[rename]).toContain('primaryEmail: ida.smith@example.org -> ida.jones@example.org');
    expect(all[rename]).toContain('name: Ida Smith -> Ida Jones');
    expect(all[rename]).toContain('customSchemas.StudentInfo.Graduation_Year: 2030 -> 2031');
    expect(all.slice(rename + 1, rename + 3)).toEqual([
      '        # last name changed in PowerSchool',
      '        # class of 2031 (retained in grade 7)',
    ]);
    expect(all[lineOf(all, 'kim.lo@example.org')]).toContain('Kim Lo (staff)');
  });

  it('sorts changes by address within a group and shows every one of a large group', () => {
    const moves = Array.from({ length: 500 }, (_, n) =>
      updateChange({
        before: { address: `s${String(499 - n).padStart(3, '0')}@example.org` },
        after: { placement: ['/Students/WHS Students/10th'] },
      }),
    );
    const all = lines(plan({ changes: moves }));
    const shown = all.filter((line) => /^\s+~ s\d{3}@example\.org/.test(line));
    expect(shown).toHaveLength(500);
    expect(shown[0]).toContain('s000@example.org');
    expect(shown[499]).toContain('s499@example.org');
    expect(all.join('\n')).toContain('WHS Whitmore High (5) — 500 changes: 500 move');
  });

  it('lists the facts of a change one per line when they do not fit the width, cutting nothing', () => {
    const narrow = lines(samplePlan(), { color: false, width: 60 });
    const rename = lineOf(narrow, 'ida.smith@example.org');
    expect(narrow[rename]?.trim()).toBe('~ ida.smith@example.org  Ida Jones (grade 7)');
    expect(narrow.slice(rename + 1, rename + 4).map((line) => line.trim())).toEqual([
      'primaryEmail: ida.smith@example.org -> ida.jones@example.org',
      'name: Ida Smith -> Ida Jones',
      'customSchemas.StudentInfo.Graduation_Year: 2030 -> 2031',
    ]);
    const wide = lines(samplePlan(), { color: false, width: 300 });
    expect(wide[lineOf(wide, 'ida.smith@example.org')]).toContain('name: Ida Smith -> Ida Jones');
  });

  it('ends with the totals, each change counted once as in the school headings, and the unmanaged accounts left alone', () => {
    const all = lines(samplePlan());
    expect(all.at(-2)).toBe(
      'Plan: 1 to create, 4 to update (1 suspend, 1 unsuspend, 1 rename, 1 move), 1 group removal. ' +
        '120 unmanaged accounts left alone.',
    );
    expect(all.at(-1)).toBe('');
  });

  it('says there is nothing to do for an empty plan', () => {
    const out = text(plan({ unmanaged: 7 }));
    expect(out).toContain('No changes. Google matches PowerSchool. 7 unmanaged accounts left alone.');
    expect(out).not.toContain('Plan:');
    expect(out).not.toContain('Symbols:');
  });

  it('shows issues with file and row, errors before warnings', () => {
    const all = lines(samplePlan());
    const heading = lineOf(all, 'Issues: 1 error, 1 warning');
    const error = lineOf(all, 'SCHOOL_UNKNOWN');
    const warning = lineOf(all, 'NAME_TRUNCATED');
    expect(heading).toBeLessThan(error);
    expect(error).toBeLessThan(warning);
    expect(all[error]).toMatch(/^\s+error\s+students\.csv:88\s+SCHOOL_UNKNOWN\s+school 99 is not in schools\.csv\s+\(zed@example\.org\)$/);
    expect(all[warning]).toContain('warning  students.csv:31 (first_name)  NAME_TRUNCATED');
  });

  it('shows issues even when there are no changes', () => {
    const out = text(plan({ issues: [issue({ severity: 'error', code: 'NO_SCHOOLS', file: 'schools.csv', row: 2 })] }));
    expect(out).toContain('schools.csv:2');
    expect(out).toContain('No changes.');
  });

  it('writes no ANSI escape at all when color is off', () => {
    expect(text(samplePlan(), { color: false })).not.toMatch(ANSI);
  });

  it('colors symbols, reasons and issues when color is on', () => {
    const out = text(samplePlan(), { color: true });
    expect(out).toMatch(ANSI);
    expect(out).toContain('\u001b[32m+\u001b[39m eve.fox@example.org');
    expect(out).toContain('\u001b[31m-\u001b[39m gil.hart@example.org');
    expect(out).toContain('\u001b[2m        # grade 9 -> 10\u001b[22m');
    expect(out).toContain('\u001b[31merror  \u001b[39m');
  });

  it('gives the same output for the same plan', () => {
    const p = plan({ changes: [createChange({ person: student({ school: WHS }) })] });
    expect(text(p)).toBe(text(structuredClone(p)));
  });
});

describe('renderText at a terminal width', () => {
  it('wraps reasons, issues and totals at the width, with a hanging indent, cutting no word', () => {
    const long = updateChange({
      before: { address: 'ann.lee@example.org', placement: ['/Students/WHS/9'] },
      after: { placement: ['/Students/WHS/10'] },
      reasons: ['enroll_status 0 (active), grade 10 at Whitmore High School of the Performing Arts and Sciences (5), placed by the rules of the building'],
    });
    const p = plan({ changes: [long], issues: [issue({ message: 'a message long enough to need two lines at this width, and then some more words' })] });
    const narrow = lines(p, { color: false, width: 60 });
    expect(narrow.every((line) => line.length <= 60 || !line.includes(' '))).toBe(true);
    const reason = lineOf(narrow, '# enroll_status 0 (active)');
    expect(narrow[reason + 1]).toMatch(/^ {10}\S/);
    const joined = narrow.join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain('Whitmore High School of the Performing Arts and Sciences (5), placed by the rules of the building');
    expect(joined).toContain('a message long enough to need two lines at this width, and then some more words');
    // Without a width (a file or a pipe) nothing wraps, so each reason stays on one line for grep.
    expect(lines(p, { color: false }).some((line) => line.includes('Sciences (5), placed by the rules of the building') && line.includes('# enroll_status'))).toBe(true);
  });

  it('wraps coloured text by its visible width', () => {
    const p = plan({ changes: [updateChange({ reasons: ['word '.repeat(30).trim()] })] });
    const coloured = lines(p, { color: true, width: 50 });
    const visible = coloured.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''));
    const reason = visible.filter((line) => line.includes('word'));
    expect(reason.length).toBeGreaterThan(2);
    expect(reason.every((line) => line.length <= 50)).toBe(true);
    expect(reason.join(' ').match(/word/g)).toHaveLength(30);
  });
});
