import { describe, expect, it } from 'vitest';
import { countByActionGroup } from '../../src/render/group-changes.js';
import { renderReviewJson, renderReviewMarkdown, renderReviewText } from '../../src/render/review.js';
import { renderText } from '../../src/render/text.js';
import { collect, samplePlan } from './plan-builders.js';

function review(render: (out: ReturnType<typeof collect>) => void): string {
  const out = collect();
  render(out);
  return out.text();
}

describe('the review view', () => {
  it('spaces every column of the school table, headers included', () => {
    const text = review((out) => renderReviewText(samplePlan(), out, { color: false }));
    const header = text.split('\n').find((line) => line.trimStart().startsWith('school')) as string;
    expect(header.trim().split(/\s+/)).toEqual(['school', 'create', 'suspend', 'unsusp', 'rename', 'move', 'attrs', 'groups', 'total']);
    expect(header).not.toMatch(/createsuspend|suspendunsusp/);
    const row = text.split('\n').find((line) => line.includes('WHS Whitmore High (5)')) as string;
    // Each figure right-aligned under its header.
    for (const label of ['create', 'suspend', 'move', 'groups', 'total']) {
      const end = header.indexOf(label) + label.length;
      expect(row[end - 1], label).toMatch(/\d/);
    }
  });

  it('counts a suspend that also moves as a suspend, in the review and in the totals line alike', () => {
    const plan = samplePlan();
    const suspendAndMove = plan.changes.filter((c) => c.kind === 'update' && c.actions.includes('suspend') && c.actions.includes('move'));
    expect(suspendAndMove.length).toBeGreaterThan(0);
    const counts = countByActionGroup(plan.changes);
    const json = JSON.parse(review((out) => renderReviewJson(plan, out))) as { schools: Array<{ counts: Record<string, number> }> };
    const sum = (action: string) => json.schools.reduce((n, s) => n + (s.counts[action] ?? 0), 0);
    expect(sum('suspend')).toBe(counts.suspend);
    expect(sum('move')).toBe(counts.move);
    const totals = review((out) => renderText(plan, out, { color: false })).split('\n').find((l) => l.startsWith('Plan:')) as string;
    expect(totals).toContain(`${counts.suspend} suspend`);
    expect(totals).toContain(`${counts.move} move`);
    expect(review((out) => renderReviewMarkdown(plan, out))).toContain('a suspend that also moves is a suspend');
  });

  it('renders as JSON with the same figures as the text view', () => {
    const plan = samplePlan();
    const json = JSON.parse(review((out) => renderReviewJson(plan, out))) as Record<string, unknown>;
    expect(json).toMatchObject({ target: { kind: 'google', identity: 'example.org' }, today: '2026-09-02', changes: plan.summary.changes, unmanagedAccounts: 120, holds: [] });
    expect(json.schools).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'WHS Whitmore High (5)', total: 4 })]));
    expect(Array.isArray(json.similar) && Array.isArray(json.issues)).toBe(true);
  });
});
