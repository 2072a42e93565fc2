/**
 * "Already exists" on a create is this plan's change done only when the account found is the
 * planned one AND could have been created by this plan (an earlier attempt whose answer was
 * lost, or an earlier run of this plan that sent it). An account someone else created while
 * the run worked is reported, and its generated password does not stay in the handoff file.
 */
import { insertBody } from '../../src/targets/google/request-bodies.js';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLine } from '../../src/apply/journal.js';
import { sha256Hex } from '../../src/util/canonical-json.js';
import { serialisePlan } from '../../src/plan/plan-file.js';
import type { CreateChange, Plan } from '../../src/plan/types.js';
import type { EmulatorRequest } from '../../src/targets/google/emulator/server.js';
import { directoryClient } from '../emulator/client.js';
import { Scenario } from './harness.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** A scenario whose emulator runs `beforeInsert` when one of apply's inserts arrives, before handling it (not for the inserts `beforeInsert` makes). */
async function raceOnInsert(beforeInsert: () => Promise<unknown>) {
  let busy = false;
  return Scenario.start({
    onRequest: async (request: EmulatorRequest) => {
      if (busy || request.route !== 'users.insert') return;
      busy = true;
      try {
        await beforeInsert();
      } finally {
        busy = false;
      }
    },
  });
}

function createOf(plan: Plan, address: string): CreateChange {
  const change = plan.changes.find((c): c is CreateChange => c.kind === 'create' && c.address === address);
  if (!change) throw new Error(`no create for ${address}`);
  return change;
}

async function createAsPlanned(scenario: Scenario, change: CreateChange) {
  const google = directoryClient(scenario.emu);
  await google.users
    .insert({
      // The account as the plan would create it, made by someone else with another password.
      requestBody: { ...insertBody(change.after, 'someone-elses-1', true), changePasswordAtNextLogin: false },
    })
    .catch(() => undefined);
}

describe('a create that meets "already exists"', () => {
  it('is refused when another process created the account during the run, even exactly as planned; its password is withdrawn', async () => {
    let target: CreateChange | undefined;
    s = await raceOnInsert(async () => {
      if (target) await createAsPlanned(s!, target);
      target = undefined;
    });
    const { file, plan } = await s.plan();
    const creates = plan.changes.filter((c): c is CreateChange => c.kind === 'create');
    target = createOf(plan, creates[0]!.address);
    const raced = target;
    const run = await s.apply(file, ['--only', raced.id]);

    expect(run.code).toBe(1);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: raced.id, outcome: 'drifted', attempts: 1 });
    expect(lines[0]?.error).toMatch(
      new RegExp(`${raced.address.replace('.', '\\.')} was created by someone else while this run was working \\(Google: already exists, and no run of this plan sent a create that could have made it\\); it looks as planned, but its password is not one rollcall set \\(its entry was taken out of .*passwords\\.csv\\)`),
    );
    // The handoff file holds no password for an account that was not created with it.
    expect(await readFile(`${file}.passwords.csv`, 'utf8')).toBe('address,password\n');
    expect(s.accountsByEmail().get(raced.address)).toBe(1);
  });

  it('counts as done when an earlier run of this plan sent the create (its journal says so) and the account shows up only now', async () => {
    let target: CreateChange | undefined;
    s = await raceOnInsert(async () => {
      if (target) await createAsPlanned(s!, target);
      target = undefined;
    });
    const { file, plan } = await s.plan();
    target = createOf(plan, plan.changes.find((c) => c.kind === 'create')!.address);
    const raced = target;
    // A run of this plan that sent the create and was killed before hearing back.
    const planDigest = `sha256:${sha256Hex(serialisePlan(plan))}`;
    await writeFile(
      `${file}.journal.jsonl`,
      `${JSON.stringify({ type: 'run-started', ts: '2026-11-23T02:00:00.000Z', planDigest, plan: file, target: plan.target.kind, domain: plan.target.identity, pid: 1, host: 'h', changes: 1, flags: {} })}\n` +
        `${JSON.stringify({ type: 'create-sent', ts: '2026-11-23T02:00:01.000Z', planDigest, id: raced.id, address: raced.address })}\n`,
      { mode: 0o600 },
    );
    const run = await s.apply(file, ['--only', raced.id]);
    expect(run.code).toBe(0);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    expect(lines).toEqual([expect.objectContaining({ id: raced.id, outcome: 'done' })]);
  });

  it('writes a create-sent line before each create goes out, and a rerun finds the account already done', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    expect((await s.apply(file)).code).toBe(0);
    const journal = await s.journal(file);
    const sent = journal.filter((l) => l.type === 'create-sent').map((l) => (l as { address: string }).address);
    expect(sent.sort()).toEqual(plan.changes.filter((c) => c.kind === 'create').map((c) => c.address).sort());
    const sentAt = journal.findIndex((l) => l.type === 'create-sent');
    const doneAt = journal.findIndex((l) => l.type === 'change' && l.kind === 'create');
    expect(sentAt).toBeLessThan(doneAt);
  });
});
