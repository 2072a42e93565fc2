/**
 * A plan with both the account lifecycle's changes (a deletion, a suspension with its offboarding
 * steps, a licence taken back) and managed groups' changes: it is a valid plan file, its summary
 * counts both, every view shows deletions first and the group sections after the accounts', and
 * the notification names the departures and the group totals.
 */
import { describe, expect, it } from 'vitest';
import { planSummary } from '../../src/notify/run-summary.js';
import { contentId } from '../../src/plan/change-id.js';
import { parsePlan, serialisePlan } from '../../src/plan/plan-file.js';
import { summarise } from '../../src/plan/summary.js';
import type { AddMemberChange, Change, CreateGroupChange, DeleteAccountChange, GroupRemovalChange, Plan, RemoveLicenceChange, RemoveMemberChange, UpdateChange } from '../../src/plan/types.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderReviewMarkdown, renderReviewText } from '../../src/render/review.js';
import { renderText } from '../../src/render/text.js';
import { collect, fields, plan as basePlan, staff, student } from './plan-builders.js';

const withId = <T extends Change>(change: Omit<T, 'id'>): T => ({ ...change, id: contentId({ ...change, id: '' } as unknown as Change) }) as T;

const leaver = staff({ displayName: 'Bo Ng' });
const before = fields({ address: 'bo.ng@example.org', placement: ['/Staff/WHS Staff'], attributes: {} });
const suspension = withId<UpdateChange>({
  kind: 'update',
  address: 'bo.ng@example.org',
  person: leaver,
  reasons: ['status 2 (left)'],
  actions: ['suspend'],
  before,
  after: { ...before, enabled: false, attributes: { 'customSchemas.Synchronization_Data.Suspended_On': '2026-09-02' } },
  patch: [
    { op: 'test', path: '/enabled', value: true },
    { op: 'replace', path: '/enabled', value: false },
  ],
  offboarding: ['sign-out', 'revoke-tokens'],
});
const leaves = withId<GroupRemovalChange>({ kind: 'remove-from-group', address: 'bo.ng@example.org', person: leaver, reasons: ['suspended staff leave their groups'], group: 'whs-alg1-1@example.org', role: 'owner' });
const licence = withId<RemoveLicenceChange>({ kind: 'remove-licence', address: 'bo.ng@example.org', person: leaver, reasons: ['suspended'], licence: '101031/1010310009', enabled: false });
const gone = student({ dcid: '1009', displayName: 'Cy Diaz' });
const deletion = withId<DeleteAccountChange>({
  kind: 'delete-account',
  address: 'cy.diaz@example.org',
  person: gone,
  reasons: ['suspended 2026-08-01, deleted after 30 days'],
  before: fields({ address: 'cy.diaz@example.org', enabled: false, placement: ['/Suspended'], attributes: { 'customSchemas.StudentInfo.Suspended_On': '2026-08-01' } }),
  suspendedOn: '2026-08-01',
  suspendedOnAttribute: 'customSchemas.StudentInfo.Suspended_On',
  restorableDays: 20,
});
const newGroup = withId<CreateGroupChange>({ kind: 'create-group', group: 'whs-bio-2@example.org', set: 'classes', reasons: ['section BIO-2 runs this term'], name: 'BIO-2', description: '' });
const joins = withId<AddMemberChange>({ kind: 'add-member', group: 'whs-bio-2@example.org', set: 'classes', reasons: ['enrolled in BIO-2 since 2026-08-20'], member: 'ann.lee@example.org', role: 'member', person: student() });
const dropped = withId<RemoveMemberChange>({ kind: 'remove-member', group: 'whs-alg1-1@example.org', set: 'classes', reasons: ['dropped 2026-08-30'], member: 'di.fox@example.org', role: 'member', person: student({ dcid: '1010', displayName: 'Di Fox' }) });

function bothPlan(): Plan {
  const changes: Change[] = [suspension, licence, leaves, deletion, newGroup, joins, dropped];
  const base = basePlan({ changes });
  const inputs = { config: `sha256:${'a'.repeat(64)}`, source: `sha256:${'b'.repeat(64)}`, directory: `sha256:${'c'.repeat(64)}` };
  return { ...base, inputs, summary: summarise(changes, [], base.summary.accounts, { managed: 12, memberships: 240, leftAlone: 3 }) };
}

function rendered(render: (out: ReturnType<typeof collect>) => void): string {
  const out = collect();
  render(out);
  return out.text();
}

describe('a plan with lifecycle and managed group changes', () => {
  it('is a valid plan file whose summary counts both', () => {
    const plan = bothPlan();
    const read = parsePlan(JSON.parse(serialisePlan(plan)), 'both.json');
    expect(read.changes.map((c) => c.kind)).toEqual(['update', 'remove-licence', 'remove-from-group', 'delete-account', 'create-group', 'add-member', 'remove-member']);
    expect(read.summary).toMatchObject({
      changes: 7,
      update: 1,
      removeFromGroup: 1,
      lifecycle: { assignLicence: 0, removeLicence: 1, deleteAccount: 1 },
      groups: { managed: 12, memberships: 240, leftAlone: 3, create: 1, addMember: 1, removeMember: 1, changeRole: 0, delete: 0 },
    });
  });

  it('shows deletions first, the accounts by school next, then the managed groups; the totals name both', () => {
    const text = rendered((out) => renderText(bothPlan(), out, { color: false }));
    const at = (needle: string) => {
      expect(text).toContain(needle);
      return text.indexOf(needle);
    };
    expect(at('DELETIONS: 1 account is deleted')).toBeLessThan(at('Symbols:'));
    expect(at('Symbols:')).toBeLessThan(at('WHS Whitmore High (5)'));
    expect(at('WHS Whitmore High (5)')).toBeLessThan(at('whs-alg1-1@example.org (set "classes")'));
    expect(text).toMatch(/Symbols: x delete {2}\+ create or assign licence {2}- suspend or remove from group or licence .*; groups: \+ create or add {2}- remove or delete {2}~ change role/);
    expect(text).toMatch(/^Plan: 0 to create, 1 to update \(1 suspend\), 1 group removal, 1 account to delete, 1 licence to remove\. Managed groups: 1 to create, 1 member to add, 1 to remove, 0 role changes\./m);

    const review = rendered((out) => renderReviewText(bothPlan(), out, { color: false }));
    expect(review.indexOf('Deletions: 1 accounts deleted for good')).toBeGreaterThan(-1);
    expect(review.indexOf('Deletions:')).toBeLessThan(review.indexOf('By school'));
    expect(review.indexOf('By school')).toBeLessThan(review.indexOf('Managed groups by set'));
    const header = review.split('\n').find((line) => line.trimStart().startsWith('school')) as string;
    // The lifecycle's columns only as the plan has them: deletions first, licences taken back, no licences given.
    expect(header.trim().split(/\s+/).join(' ')).toBe('school delete create suspend unsusp rename move attrs groups lic - total');
    const reviewMarkdown = rendered((out) => renderReviewMarkdown(bothPlan(), out));
    expect(reviewMarkdown.indexOf('### Deletions')).toBeLessThan(reviewMarkdown.indexOf('### By school'));
    expect(reviewMarkdown.indexOf('### By school')).toBeLessThan(reviewMarkdown.indexOf('### Managed groups by set'));

    const markdown = rendered((out) => renderMarkdown(bothPlan(), out));
    expect(markdown.indexOf('> [!CAUTION]')).toBeLessThan(markdown.indexOf('| Action | Count |'));
    expect(markdown).toContain('| delete account | 1 |');
    expect(markdown).toContain('| remove licence | 1 |');
    expect(markdown).toMatch(/\| Group set \| groups changed \|/);
  });

  it('notifies the departures and the managed groups totals', () => {
    const notice = planSummary(bothPlan(), 'plans/both.json').markdown;
    expect(notice).toContain('Accounts to delete (1):\n- cy.diaz@example.org (Cy Diaz (grade 9)): suspended since 2026-08-01, restorable for 20 days after the delete');
    expect(notice).toContain('Licences to remove (1):\n- bo.ng@example.org (Bo Ng (staff)): 101031/1010310009');
    expect(notice).toContain('Managed groups: 1 to create, 1 member to add, 1 to remove, 0 role changes.');
  });
});
