import { describe, expect, it } from 'vitest';
import { subjectAddress } from '../../src/plan/change-subject.js';
import { comparePlans } from '../../src/plan/compare-plans.js';
import { renderComparisonMarkdown, renderComparisonText } from '../../src/render/comparison.js';
import { collect, createChange, groupRemoval, plan, updateChange } from '../render/plan-builders.js';

describe('comparing two nights\' plans', () => {
  const stuck = updateChange({ before: { address: 'stuck@example.org', placement: ['/A'] }, after: { placement: ['/B'] } });
  const done = createChange({ after: { address: 'done@example.org' } });
  const fresh = groupRemoval({ address: 'fresh@example.org' });
  const lastNight = plan({ changes: [stuck, done] });
  const tonight = plan({ changes: [stuck, fresh] });

  it('sorts changes into appeared, disappeared and persisting by id', () => {
    const cmp = comparePlans(lastNight, tonight);
    expect(cmp.appeared.map(subjectAddress)).toEqual(['fresh@example.org']);
    expect(cmp.disappeared.map(subjectAddress)).toEqual(['done@example.org']);
    expect(cmp.persisting.map(subjectAddress)).toEqual(['stuck@example.org']);
  });

  it('renders persisting changes first, as the ones to look into', () => {
    const out = collect();
    renderComparisonText(lastNight, tonight, comparePlans(lastNight, tonight), out, { color: false });
    const text = out.text();
    expect(text).toContain('1 appeared, 1 disappeared, 1 persisting');
    expect(text.indexOf('Persisting')).toBeLessThan(text.indexOf('Appeared'));
    expect(text).toContain('= stuck@example.org');
    const md = collect();
    renderComparisonMarkdown(lastNight, tonight, comparePlans(lastNight, tonight), md);
    expect(md.text()).toContain('| 1 | 1 | 1 |');
  });
});
