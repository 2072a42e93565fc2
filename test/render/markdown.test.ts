import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MarkdownOptions } from '../../src/render/markdown.js';
import { escapeCell } from '../../src/render/markdown-escape.js';
import type { Plan } from '../../src/plan/types.js';
import { collect, createChange, groupRemoval, issue, plan, samplePlan, student, updateChange } from './plan-builders.js';

function markdown(p: Plan, options?: MarkdownOptions): string {
  const out = collect();
  renderMarkdown(p, out, options);
  return out.text();
}

describe('renderMarkdown', () => {
  it('opens with a title and the plan totals', () => {
    const out = markdown(samplePlan());
    expect(out.startsWith('## rollcall plan for example.org\n')).toBe(true);
    expect(out).toContain('**Plan:** 1 to create, 4 to update');
    expect(out).toContain('config `a1b2c3d4e5f6`');
  });

  it('has a table of counts per action, each change once under its most serious action, as the school table counts', () => {
    const out = markdown(samplePlan());
    expect(out).toContain('| create | 1 |');
    expect(out).toContain('| update | 4 |');
    // Three updates move an account; only one of them does nothing more serious than moving.
    expect(out).toContain('| &nbsp;&nbsp;move | 1 |');
    expect(out).toContain('| &nbsp;&nbsp;suspend | 1 |');
    expect(out).not.toContain('update attributes |');
    expect(out).toContain('| remove from group | 1 |');
    expect(out).toContain('| **total changes** | **6** |');
  });

  it('has a table of counts per school and action whose rows add up', () => {
    const out = markdown(samplePlan());
    expect(out).toContain('| School | create | suspend | unsuspend | rename | move | remove from group | Total |');
    expect(out).toContain('| WHS Whitmore High (5) | 1 | 1 |  |  | 1 | 1 | 4 |');
    expect(out).toContain('| **all schools** | 1 | 1 | 1 | 1 | 1 | 1 | 6 |');
  });

  it('puts each school in a details block with a row per change', () => {
    const out = markdown(samplePlan());
    expect(out.match(/<details>/g)).toHaveLength(3);
    expect(out).toContain('<summary><strong>LMS Lincoln Middle (12)</strong>: 1 change (1 rename)</summary>');
    expect(out).toContain(
      '| move | cy.diaz@example.org | Cy Diaz (grade 10) | orgUnitPath: /Students/WHS Students/9th → /Students/WHS Students/10th | grade 9 -&gt; 10 |',
    );
    expect(out).toContain('name: Ida Smith → Ida Jones<br>');
    expect(out).toContain('last name changed in PowerSchool<br>class of 2031 (retained in grade 7)');
  });

  it('escapes pipes, angle brackets and backticks in cell text', () => {
    expect(escapeCell('a|b <script> `x` & \\')).toBe('a\\|b &lt;script&gt; \\`x\\` &amp; \\\\');
    expect(escapeCell('two\nlines')).toBe('two lines');
    const out = markdown(
      plan({
        changes: [
          createChange({
            person: student({ displayName: 'Jo <b>|</b> `Ray`' }),
            after: { address: 'jo@example.org' },
            reasons: ['name has a | pipe'],
          }),
        ],
        issues: [issue({ message: 'bad value `<x>`' })],
      }),
    );
    expect(out).toContain('Jo &lt;b&gt;\\|&lt;/b&gt; \\`Ray\\` (grade 9)');
    expect(out).toContain('name has a \\| pipe');
    expect(out).toContain('bad value \\`&lt;x&gt;\\`');
    expect(out).not.toContain('<b>');
  });

  it('cuts long tables at maxRowsPerGroup and says what was left out', () => {
    const changes = [
      ...Array.from({ length: 5 }, (_, n) => updateChange({ before: { address: `m${n}@example.org` }, after: { placement: ['/x'] } })),
      groupRemoval({ address: 'r@example.org' }),
    ];
    const out = markdown(plan({ changes }), { maxRowsPerGroup: 2 });
    expect(out).toContain('| move | m0@example.org |');
    expect(out).toContain('| move | m1@example.org |');
    expect(out).not.toContain('m2@example.org');
    expect(out).toContain('_4 more changes (3 move, 1 remove from group) not shown here; `rollcall show` lists them all._');
  });

  it('shows every row below the limit, 200 by default', () => {
    const changes = Array.from({ length: 201 }, (_, n) =>
      updateChange({ before: { address: `m${String(n).padStart(3, '0')}@example.org` }, after: { placement: ['/x'] } }),
    );
    const out = markdown(plan({ changes }));
    expect(out).toContain('m199@example.org');
    expect(out).not.toContain('m200@example.org');
    expect(out).toContain('_1 more change (1 move) not shown here');
  });

  it('lists issues in a table with file and row', () => {
    const out = markdown(samplePlan());
    expect(out).toContain('### Issues');
    expect(out).toContain('| error | SCHOOL_UNKNOWN | students.csv:88 | school 99 is not in schools.csv | zed@example.org |');
    expect(out).toContain('| warning | NAME_TRUNCATED | students.csv:31 (first_name) | first name longer than 60 characters |  |');
    expect(out.indexOf('SCHOOL_UNKNOWN')).toBeLessThan(out.indexOf('NAME_TRUNCATED'));
  });

  it('truncates the issues table too', () => {
    const issues = Array.from({ length: 3 }, (_, n) => issue({ code: `W${n}` }));
    const out = markdown(plan({ issues }), { maxRowsPerGroup: 1 });
    expect(out).toContain('| W0 |');
    expect(out).not.toContain('| W1 |');
    expect(out).toContain('_2 more issues not shown here');
  });

  it('says there is nothing to do for an empty plan, with no tables', () => {
    const out = markdown(plan());
    expect(out).toContain('**No changes. Google matches PowerSchool.**');
    expect(out).not.toContain('<details>');
    expect(out).not.toContain('| Action |');
  });

  it('writes no ANSI escape', () => {
    expect(markdown(samplePlan())).not.toMatch(/\u001b\[/);
  });
});
