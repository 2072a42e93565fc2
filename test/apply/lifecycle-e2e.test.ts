/**
 * The account lifecycle end to end against the Google emulator, through the CLI and the real
 * clients (Directory API, the Licensing API through google-auth-library, Data Transfer): licences
 * read in bulk, given and taken; a suspension's offboarding steps; the suspension date stamped;
 * and, 30 days on, deletions (held above their limit, staff files handed over first: waiting, not
 * failing, while the transfer runs; deleted on a later run once it completed; failed if it failed).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalLine, RunFinishedLine, StepLine } from '../../src/apply/journal.js';
import { planSummary } from '../../src/notify/run-summary.js';
import { isAccountChange, type DeleteAccountChange, type Plan } from '../../src/plan/types.js';
import { cli, DOMAIN, lastRunOutcomes, Scenario, SOURCE_DIR, TODAY, type CliRun } from './harness.js';
import { ARCHIVE, FUNDAMENTALS, LATER, LEAVER, LIFECYCLE_SECTIONS, lifecycleSeed, OPEN_LIMITS, PLUS, PLUS_STAFF, STUDENT_LEAVER } from './lifecycle-fixtures.js';

let s: Scenario;
beforeAll(async () => {
  // A transfer's first read says inProgress, the second its end (polls, not the clock: the same every run); bmoore's fails.
  s = await Scenario.start(
    { seed: await lifecycleSeed(), dataTransfers: { completeAfterPolls: 1, failFor: [`bmoore@${DOMAIN}`] } },
    {},
    { ...LIFECYCLE_SECTIONS, safety: OPEN_LIMITS, notify: { markdownFile: 'summary.md' } },
  );
});
afterAll(async () => s.close());

let plans = 0;
/** The deletions plan of 30 days on, shared by the tests that apply it night after night. */
let file: string;
let staff: DeleteAccountChange[];
let students: string[];
/** A plan read live from the emulator (licences come only from a live read). */
async function planLive(today: string, config = s.config): Promise<{ file: string; plan: Plan; run: CliRun }> {
  const file = path.join(s.dir, `live-${++plans}.json`);
  const run = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', today, '--out', file], s.env);
  if (run.code !== 0) throw new Error(`plan failed (${run.code}): ${run.stderr}`);
  return { file, plan: JSON.parse(await readFile(file, 'utf8')) as Plan, run };
}

function apply(file: string, today: string, args: string[] = []): Promise<CliRun> {
  return cli(['apply', file, '--config', s.config, '--today', today, ...args], s.env);
}

const holders = (sku: { productId: string; skuId: string }) =>
  s.emu
    .state()
    .licenseAssignments.filter((a) => a.productId === sku.productId && a.skuId === sku.skuId)
    .map((a) => a.userId)
    .sort();
const user = (email: string) => s.emu.state().users.find((u) => u.primaryEmail === email);

describe('the lifecycle against the Google emulator', () => {
  it('keeps the licence holders in a snapshot file: a plan from it is the plan read live', async () => {
    const snapshot = path.join(s.dir, 'with-licences.jsonl');
    const taken = await cli(['snapshot', '--config', s.config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', snapshot], s.env);
    expect(taken.code).toBe(0);
    const lines = (await readFile(snapshot, 'utf8')).split('\n').filter((l) => l.includes('"kind":"licensing#licenseAssignment'));
    expect(lines).toHaveLength(2 + 3); // a line per SKU read whole, then its holders
    const fromFile = path.join(s.dir, 'from-snapshot.json');
    const planned = await cli(['plan', '--config', s.config, '--source-dir', SOURCE_DIR, '--google-snapshot', snapshot, '--today', TODAY, '--out', fromFile]);
    expect(planned.code).toBe(0);
    const live = await planLive(TODAY);
    expect((JSON.parse(await readFile(fromFile, 'utf8')) as Plan).changes).toEqual(live.plan.changes);
  });

  it('reads licences in bulk, gives and takes them, offboards the leavers step by step and dates their suspension; a second plan finds nothing to do', async () => {
    s.emu.resetStats();
    const { file, plan, run } = await planLive(TODAY);
    // One listing call per managed SKU (each has under 1,000 holders); the unmanaged SKU is never read.
    expect(s.emu.stats().byRoute['licenseAssignments.listForProductAndSku']).toBe(2);
    expect(run.stderr).toMatch(/read the holders of 2 licences \(3 in all\) with 2 Licensing API calls/);
    const kinds = (kind: string) => plan.changes.filter(isAccountChange).filter((c) => c.kind === kind).map((c) => c.address);
    expect(kinds('remove-licence').sort()).toEqual([STUDENT_LEAVER, LEAVER].sort());
    expect(kinds('assign-licence')).not.toContain(`20301@${DOMAIN}`);
    expect(kinds('delete-account')).toEqual([]);
    const leaving = plan.changes.find((c) => c.kind === 'update' && c.address === LEAVER);
    expect(leaving).toMatchObject({ actions: ['suspend', 'move'], offboarding: ['invalidate-backup-codes', 'sign-out', 'revoke-tokens', 'revoke-app-passwords', 'reset-password'] });
    expect(plan.summary.lifecycle).toEqual({ assignLicence: kinds('assign-licence').length, removeLicence: 2, deleteAccount: 0 });
    // Four group removals: the fixture's snapshot has David Kim (suspended) in a managed class group he teaches besides his two groups.
    expect(run.stderr).toMatch(/wrote .*: 4 to create, \d+ to update \(.*\), 4 group removals, 2 licences to remove, \d+ licences? to assign\. Managed groups: .*\. \d+ source errors/);
    // Where managed groups meet the lifecycle: the leaver's suspension carries its offboarding steps, his own
    // removals take him out of every group (the managed class group too), and the group diff removes him no second time.
    const leaverGroups = plan.changes.flatMap((c) => (c.kind === 'remove-from-group' && c.address === LEAVER ? [c.group] : []));
    expect(leaverGroups).toHaveLength(3);
    expect(plan.changes.filter((c) => c.kind === 'remove-member' && c.member === LEAVER)).toEqual([]);
    expect(plan.summary.groups?.addMember).toBeGreaterThan(0);
    expect(planSummary(plan, file).markdown).toContain(`Licences to remove (2):\n- ${STUDENT_LEAVER} (Matthew Wright (grade 7)): 101031/1010310008\n- ${LEAVER} (David Kim (staff)): 101031/1010310009`);

    const applied = await apply(file, TODAY);
    expect(applied.stderr).not.toMatch(/error/);
    expect(applied.code).toBe(0);
    const journal = await readJournal(file);
    expect(new Set(lastRunOutcomes(journal).values())).toEqual(new Set(['done']));

    // Licences: every active student holds Plus; the leavers lost theirs, the unmanaged Fundamentals stays.
    expect(holders(PLUS)).not.toContain(STUDENT_LEAVER);
    expect(holders(PLUS)).toEqual(expect.arrayContaining(kinds('assign-licence').filter((a) => /^\d/.test(a))));
    expect(holders(PLUS_STAFF)).not.toContain(LEAVER);
    expect(holders(FUNDAMENTALS)).toEqual([STUDENT_LEAVER]);

    // Offboarding: each step once, journaled one by one, in order.
    const steps = journal.filter((l): l is StepLine => l.type === 'step' && l.address === LEAVER);
    expect(steps.map((l) => [l.step, l.outcome])).toEqual([
      ['invalidate-backup-codes', 'done'],
      ['sign-out', 'done'],
      ['revoke-tokens', 'done'],
      ['revoke-app-passwords', 'done'],
      ['reset-password', 'done'],
    ]);
    expect(JSON.stringify(journal)).not.toMatch(/password"\s*:\s*"[^"]/);
    const security = s.emu.state().security;
    expect(security[LEAVER]).toMatchObject({ tokens: [], asps: [], verificationCodes: [], signOuts: 1 });
    expect(security[STUDENT_LEAVER]).toMatchObject({ tokens: [], signOuts: 1 });

    // The suspension date, in the managed attribute; accounts found suspended without one are stamped too.
    expect(user(LEAVER)?.customSchemas?.Synchronization_Data?.Suspended_On).toBe(TODAY);
    expect(user(STUDENT_LEAVER)?.customSchemas?.StudentInfo?.Suspended_On).toBe(TODAY);
    expect(user(`bmoore@${DOMAIN}`)).toMatchObject({ suspended: true, customSchemas: { Synchronization_Data: { Suspended_On: TODAY } } });

    expect((await planLive(TODAY)).plan.changes).toEqual([]);
  });

  it('30 days on, holds deletions above their count limit, then deletes the students at once; staff wait for their files to be handed over (outcome waiting, exit 0), night after night', async () => {
    const { plan } = await planLive(LATER, await configWith({ limits: { ...OPEN_LIMITS.limits, 'delete-account': { count: 3 } } }));
    const deletions = plan.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account');
    expect(deletions.length).toBeGreaterThan(3);
    expect(plan.holds.map((h) => h.action)).toEqual(['delete-account']);
    expect(plan.changes.filter((c) => c.kind !== 'delete-account')).toEqual([]);

    const planned = await planLive(LATER);
    const open = planned.plan;
    file = planned.file;
    expect(open.holds).toEqual([]);
    staff = open.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account' && c.transferTo !== undefined);
    expect(staff.map((c) => c.address).sort()).toEqual([`bmoore@${DOMAIN}`, LEAVER]);
    expect(staff.every((c) => c.transferTo === ARCHIVE && c.suspendedOn === TODAY && c.restorableDays === 20)).toBe(true);
    students = open.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account' && c.transferTo === undefined).map((c) => c.address);
    expect(students).toContain(STUDENT_LEAVER);

    // Deletions come first in every view, with their suspension date and restore window.
    const text = await cli(['show', file, '--width', '200']);
    expect(text.stdout).toMatch(/^DELETIONS: \d+ accounts are deleted \(Google can restore each for 20 days after, then it is gone for good\):$/m);
    expect(text.stdout.indexOf('DELETIONS')).toBeLessThan(text.stdout.indexOf('Symbols:'));
    expect(text.stdout).toContain(`x ${LEAVER}`);
    expect(text.stdout).toMatch(new RegExp(`${LEAVER}  .*suspended since ${TODAY}, files to ${ARCHIVE} first`));
    const review = await cli(['show', file, '--view', 'review', '--width', '200']);
    expect(review.stdout).toMatch(/Deletions: \d+ accounts deleted for good \(20 days to restore each, then gone\)/);
    expect(review.stdout).toMatch(new RegExp(`${LEAVER} .* suspended since ${TODAY}, files to ${ARCHIVE}`));
    expect(review.stdout.indexOf('Deletions:')).toBeLessThan(review.stdout.indexOf('school'));
    const markdown = await cli(['show', file, '--format', 'markdown']);
    expect(markdown.stdout).toContain('> [!CAUTION]');
    expect(markdown.stdout).toContain(`| ${LEAVER} |`);
    expect(markdown.stdout).toMatch(/\| delete account \| \d+ \|/);
    // A redacted copy keeps the deletions and licences without a name or address of the district's.
    const shared = path.join(s.dir, 'shared.json');
    const redacting = await cli(['plan', '--config', s.config, '--source-dir', SOURCE_DIR, '--today', LATER, '--out', shared, '--redact'], { ...s.env, ROLLCALL_REDACT_KEY: 'a key kept the same every night' });
    expect(redacting.code).toBe(0);
    const redactedFile = shared.replace(/\.json$/, '.redacted.json');
    const redacted = await readFile(redactedFile, 'utf8');
    expect(redacted).not.toContain('dkim');
    expect(redacted).not.toContain('jsmith');
    expect(redacted).not.toContain('David Kim');
    const shown = await cli(['show', redactedFile]);
    expect(shown.code).toBe(0);
    const redactedPlan = JSON.parse(redacted) as Plan;
    expect(redactedPlan.summary.lifecycle).toEqual(open.summary.lifecycle);
    const handedOver = redactedPlan.changes.find((c): c is DeleteAccountChange => c.kind === 'delete-account' && c.transferTo !== undefined)!;
    expect(handedOver.reasons[1]).toContain(`Its files go to ${handedOver.transferTo} first.`);

    // The notification lists the departures (the run summary IT receives).
    const notice = planSummary(open, file);
    expect(notice.markdown).toContain(`Accounts to delete (${open.summary.lifecycle?.deleteAccount}):`);
    expect(notice.markdown).toMatch(new RegExp(`- ${LEAVER} \\(.*\\): suspended since ${TODAY}, restorable for 20 days after the delete`));

    // The students are deleted; the staff wait for the transfers this run starts: planned, not a failure (exit 0).
    const first = await apply(file, LATER);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`waiting delete ${LEAVER}: files going to ${ARCHIVE} since `);
    expect(first.stderr).toContain('(this run started the transfer); deleted by a later run once the transfer has completed');
    expect(first.stderr).toMatch(/applied: \d+ done, 0 already done, 0 drifted, 0 failed, 0 skipped, 2 waiting;/);
    expect(first.stderr).toContain('2 deletions wait for their file transfer (see above): planned, not a failure');
    expect(first.stderr).not.toMatch(/error|failed [a-z]/);
    expect(deleted()).toEqual([...students].sort());
    const journal = await readJournal(file);
    expect(staff.map((c) => lastRunOutcomes(journal).get(c.id))).toEqual(['waiting', 'waiting']);
    expect(finished(journal)?.counts).toMatchObject({ failed: 0, skipped: 0, waiting: 2 });
    expect(s.emu.state().dataTransfers.map((t) => t.overallTransferStatusCode)).toEqual(['inProgress', 'inProgress']);
    expect(user(LEAVER)).toBeDefined();
    const summary = await readFile(path.join(s.dir, 'summary.md'), 'utf8');
    expect(summary).toContain(': done; 2 deletions wait for their file transfer**');
    expect(summary).toMatch(/\d+ done, 0 already done, 0 drifted, 0 failed, 0 skipped, 2 waiting\./);
    expect(summary).toMatch(new RegExp(`Waiting for their file transfer \\(2\\):\n(- .*\n)?- ${LEAVER} \\(David Kim \\(staff\\)\\): files going to ${ARCHIVE} since `));

    // The next night Google is still at it (the transfer's first read says inProgress): still waiting, still exit 0, nothing started again.
    const second = await apply(file, LATER);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`waiting delete ${LEAVER}: files going to ${ARCHIVE} since \\S+; deleted by a later run`));
    expect(second.stderr).toMatch(/applied: 0 done, \d+ already done, 0 drifted, 0 failed, 0 skipped, 2 waiting;/);
    const again = lastRunOutcomes(await readJournal(file));
    expect(staff.map((c) => again.get(c.id))).toEqual(['waiting', 'waiting']);
    expect(s.emu.state().dataTransfers).toHaveLength(2);
    expect(deleted()).toEqual([...students].sort());
  });

  it('deletes a waiting account on a rerun once its transfer has completed; a transfer that failed fails the run (exit 1) and is not started again', async () => {
    const [bmoore, leaver] = [...staff].sort((a, b) => a.address.localeCompare(b.address));
    expect([bmoore?.address, leaver?.address]).toEqual([`bmoore@${DOMAIN}`, LEAVER]);
    const third = await apply(file, LATER);
    expect(third.code).toBe(1);
    expect(deleted()).toEqual([...students, LEAVER].sort());
    expect(third.stderr).toContain(`failed delete bmoore@${DOMAIN}: handing its files to ${ARCHIVE} failed (Google's transfer `);
    expect(third.stderr).toMatch(/applied: 1 done, \d+ already done, 0 drifted, 1 failed, 0 skipped;/);
    const outcomes = lastRunOutcomes(await readJournal(file));
    expect([outcomes.get(bmoore!.id), outcomes.get(leaver!.id)]).toEqual(['failed', 'done']);
    expect(await readFile(path.join(s.dir, 'summary.md'), 'utf8')).toMatch(new RegExp(`Needs attention:\n- failed: bmoore@${DOMAIN}: handing its files`));

    // Failed stays failed: a person sees to the transfer; the account is kept, and no second transfer is started.
    const fourth = await apply(file, LATER);
    expect(fourth.code).toBe(1);
    expect(s.emu.state().dataTransfers.map((t) => t.overallTransferStatusCode).sort()).toEqual(['completed', 'failed']);
    expect(user(`bmoore@${DOMAIN}`)).toMatchObject({ suspended: true });

    // Nothing deleted is planned again, the account whose files could not be handed over is; the holders of the
    // unmanaged SKU were freed by Google, not by rollcall.
    expect((await planLive(LATER)).plan.changes.map((c) => [c.kind, 'address' in c ? c.address : ''])).toEqual([['delete-account', `bmoore@${DOMAIN}`]]);
  });
});

const deleted = () => s.emu.state().deletedUsers.map((u) => u.primaryEmail).sort();
const finished = (journal: JournalLine[]) => journal.filter((l): l is RunFinishedLine => l.type === 'run-finished').at(-1);

async function configWith(safety: Record<string, unknown>): Promise<string> {
  const config = JSON.parse(await readFile(s.config, 'utf8')) as { safety: Record<string, unknown> };
  config.safety = { ...config.safety, ...safety };
  const file = path.join(s.dir, `config-${++plans}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}

function readJournal(planFile: string): Promise<JournalLine[]> {
  return s.journal(planFile);
}
