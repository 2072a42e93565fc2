/**
 * Approvals: `rollcall approve` signs the plan's canonical bytes with a key the district
 * controls; with safety.requireApproval, apply refuses a plan without a valid approval, names
 * who approved what when, and a resealed edit (ids, summary and digest recomputed) fails.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStartedLine } from '../../src/apply/journal.js';
import { changeId } from '../../src/plan/change-id.js';
import { parsePlan, serialisePlan } from '../../src/plan/plan-file.js';
import { summarise } from '../../src/plan/summary.js';
import type { Plan, UpdateChange } from '../../src/plan/types.js';
import { cli, Scenario } from './harness.js';

const HMAC_KEY = 'a-district-secret-of-at-least-32-characters';

let keys: string;
beforeAll(async () => {
  keys = await mkdtemp(path.join(tmpdir(), 'rollcall-keys-'));
  for (const name of ['jane', 'mallory']) {
    const made = await cli(['approve', '--generate-key', keys, '--name', name]);
    expect(made.code, made.stderr).toBe(0);
  }
});
afterAll(async () => rm(keys, { recursive: true, force: true }));

const key = (name: string, kind: 'key' | 'pub') => path.join(keys, `${name}.${kind}.pem`);

/** A scenario whose config asks for approvals, trusting jane's public key and the shared HMAC key. */
function approvingScenario(requireApproval: 'always' | 'held', safety: Record<string, unknown> = {}) {
  return Scenario.start({}, {}, { safety: { requireApproval, approvalKeys: { publicKeyFiles: [key('jane', 'pub')], hmacEnvs: ['ROLLCALL_APPROVAL_KEY'] }, ...safety } });
}

/** Edits one change as a careful forger would: new end state, new id, new summary, new digest. A valid plan file. */
function reseal(plan: Plan): Plan {
  const changes = plan.changes.map((c) => {
    if (c.kind !== 'update' || !c.actions.includes('move')) return c;
    const after = { ...c.after, placement: ['/Staff/District Office Staff'] };
    const patch = c.patch.map((op) => (op.op === 'replace' && op.path === '/placement/0' ? { ...op, value: after.placement[0] } : op));
    return { ...c, after, patch, id: changeId('update', c.before.address, after) } as UpdateChange;
  });
  const edited = { ...plan, changes, summary: summarise(changes, plan.issues, plan.summary.accounts) };
  return parsePlan(JSON.parse(serialisePlan(edited)), 'resealed.json');
}

describe('rollcall approve --generate-key', () => {
  it('writes a private key only its owner can read, and a public key for the config', async () => {
    expect((await stat(key('jane', 'key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(key('jane', 'pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cli(['approve', '--generate-key', keys, '--name', 'jane']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/jane\.key\.pem already exists/);
  });
});

describe('safety.requireApproval "always"', () => {
  let s: Scenario;
  let file: string;
  let plan: Plan;
  beforeAll(async () => {
    s = await approvingScenario('always');
    ({ file, plan } = await s.plan());
  });
  afterAll(async () => s.close());

  it('refuses a plan nobody approved, saying how to approve it; nothing is sent', async () => {
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`rollcall: error [PLAN_REFUSED]: ${file} needs an approval (safety.requireApproval is "always") and has no valid one`);
    expect(run.stderr).toContain(`rollcall approve ${file} --by "Your Name" --key-file YOUR.key.pem`);
    expect(s.emu.stats().requests).toBe(0);
  });

  it('refuses an approval signed with a key the config does not trust', async () => {
    const approved = await cli(['approve', file, '--by', 'Mallory', '--key-file', key('mallory', 'key')]);
    expect(approved.code, approved.stderr).toBe(0);
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the approval by Mallory at \S+ is signed with a key this config does not trust \(ed25519:[0-9a-f]{16}; see safety\.approvalKeys\)/);
    expect(s.emu.stats().requests).toBe(0);
  });

  it('applies a plan Jane approved, naming who approved what when, in the output and the journal', async () => {
    const approved = await cli(['approve', file, '--by', 'Jane Doe', '--key-file', key('jane', 'key')]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`^approved ${file} \\(maplewood\\.example\\.org, 2026-11-23: \\d+ to create, .*\\) as Jane Doe at \\S+ with key ed25519:[0-9a-f]{16}\\n`));
    expect(approved.stdout).toContain(`recorded in ${file}.approvals.json`);
    const run = await s.apply(file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${file} was approved by Jane Doe at \\S+ \\(key ed25519:[0-9a-f]{16} \\(.*jane\\.pub\\.pem\\)\\)`));
    expect(run.stderr).toContain('warning: ' + `${file}: the approval by Mallory`);
    const started = (await s.journal(file)).find((l): l is RunStartedLine => l.type === 'run-started');
    expect(started?.approvals).toEqual([{ by: 'Jane Doe', at: expect.any(String), key: expect.stringMatching(/^ed25519:/) }]);
  });

  it('show lists the approvals, and whether each signature matches the plan', async () => {
    const text = await cli(['show', file, '--color=false']);
    expect(text.stdout).toMatch(/\nApprovals:\n {2}Mallory, \S+, key ed25519:[0-9a-f]{16}: signature matches this plan\n {2}Jane Doe, \S+, key ed25519:[0-9a-f]{16}: signature matches this plan\n$/);
    const markdown = await cli(['show', file, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/### Approvals\n\n- Mallory, .*\n- Jane Doe, /);
    const json = JSON.parse((await cli(['show', file, '--format', 'json'])).stdout) as { approvals: unknown[] };
    expect(json.approvals).toEqual([
      expect.objectContaining({ by: 'Mallory', keyType: 'ed25519', matchesPlan: true }),
      expect.objectContaining({ by: 'Jane Doe', keyType: 'ed25519', matchesPlan: true, overrideHolds: false }),
    ]);
    expect(plan.changes.length).toBeGreaterThan(0);
  });

  it('refuses a resealed edit: the plan reads as valid, but no approval matches it', async () => {
    const forged = reseal(plan);
    expect(forged.integrity).not.toBe(plan.integrity);
    const sub = await mkdtemp(path.join(s.dir, 'forged-'));
    const forgedFile = path.join(sub, 'plan.json');
    await writeFile(forgedFile, serialisePlan(forged), { mode: 0o600 });
    await writeFile(`${forgedFile}.approvals.json`, await readFile(`${file}.approvals.json`));
    const shown = await cli(['show', forgedFile, '--color=false']);
    expect(shown.stdout).toContain('Jane Doe');
    expect(shown.stdout).toContain('SIGNATURE DOES NOT MATCH THIS PLAN (changed after approval)');
    s.emu.resetStats();
    const run = await s.apply(forgedFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the approval by Jane Doe at \S+ does not match this plan: the plan \(or the approval\) was changed after it was signed/);
    expect(s.emu.stats().requests).toBe(0);
  });
});

describe('HMAC approvals', () => {
  it('verify with the shared key from the environment, and not with another', async () => {
    const s = await approvingScenario('always');
    try {
      const { file } = await s.plan();
      const approved = await cli(['approve', file, '--by', 'IT Director', '--hmac-env', 'ROLLCALL_APPROVAL_KEY'], { ROLLCALL_APPROVAL_KEY: HMAC_KEY });
      expect(approved.code, approved.stderr).toBe(0);
      const wrong = await s.apply(file, [], { ROLLCALL_APPROVAL_KEY: `${HMAC_KEY}-but-another` });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/signed with a key this config does not trust \(hmac:/);
      const right = await s.apply(file, [], { ROLLCALL_APPROVAL_KEY: HMAC_KEY });
      expect(right.code, right.stderr).toBe(0);
      expect(right.stderr).toMatch(/was approved by IT Director at \S+ \(key hmac:[0-9a-f]{16} \(\$ROLLCALL_APPROVAL_KEY\)\)/);
      const shown = await cli(['show', file, '--color=false']);
      expect(shown.stdout).toMatch(/IT Director, \S+, key hmac:[0-9a-f]{16}: HMAC key: apply checks it/);
    } finally {
      await s.close();
    }
  });

  it('a short HMAC key is refused when approving', async () => {
    const run = await cli(['approve', 'whatever.json', '--by', 'X', '--hmac-env', 'K'], { K: 'short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--hmac-env: the HMAC key in K must be at least 32 characters long (it is 5)');
  });
});

describe('safety.requireApproval "held"', () => {
  it('a plan within its limits needs no approval', async () => {
    const s = await approvingScenario('held');
    try {
      const { file } = await s.plan();
      expect((await s.apply(file)).code).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('a held plan needs an approval; one that overrides the holds lets apply run it without --override-holds', async () => {
    const s = await approvingScenario('held', { limits: { create: { count: 1 } } });
    try {
      const { file, plan } = await s.plan();
      expect(plan.holds.length).toBeGreaterThan(0);
      const refused = await s.apply(file, ['--override-holds']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('needs an approval (the plan is held and safety.requireApproval is "held")');

      // Approved, but without accepting the holds: still held.
      const plain = await cli(['approve', file, '--by', 'Jane Doe', '--key-file', key('jane', 'key')]);
      expect(plain.stdout).toContain('it is held: this approval does not override the holds (add --override-holds for that)');
      const stillHeld = await s.apply(file);
      expect(stillHeld.code).toBe(1);
      expect(stillHeld.stderr).toMatch(/is held by a safety limit/);

      const overriding = await cli(['approve', file, '--by', 'Jane Doe', '--key-file', key('jane', 'key'), '--override-holds']);
      expect(overriding.stdout).toContain('you approved overriding its hold');
      const run = await s.apply(file);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/warning: applying a held plan as approved by Jane Doe: /);
      const started = (await s.journal(file)).findLast((l): l is RunStartedLine => l.type === 'run-started');
      expect(started?.holdsOverridden).toEqual(plan.holds.map((h) => h.message));
    } finally {
      await s.close();
    }
  });
});
