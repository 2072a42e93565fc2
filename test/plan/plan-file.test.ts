import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan, readPlanFile, serialisePlan, writePlanFile } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { isRollcallError } from '../../src/errors.js';
import { assignment, DOMAIN, makeConfig, rows, staffUser, student } from '../builders.js';
import { desiredGoogle, group, planGoogle, state, userFromDesired } from '../google-builders.js';

const config = makeConfig();
const DIGEST = `sha256:${'0'.repeat(64)}`;

const inputs = sampleInputs();

function samplePlan(): Plan {
  const { desired, google } = inputs;
  return planGoogle(desired, google, config, '2026-11-23', { config: DIGEST, source: DIGEST, directory: DIGEST });
}

function sampleInputs() {
  const u = staffUser();
  const source = rows({
    students: [student({ studentNumber: '1' }), student({ studentNumber: '2', gradeLevel: 10 }), student({ studentNumber: '3', enrollStatus: 2 })],
    users: [u],
    schoolStaff: [assignment(u.dcid, 301, 0)],
  });
  const desired = desiredGoogle(source, config, '2026-11-23');
  const [, second, third, staff] = desired.accounts;
  const google = state(
    [
      userFromDesired(second!, { orgUnitPath: '/Students/WHS Students/9th' }),
      userFromDesired(third!, { suspended: false }),
      userFromDesired(staff!, { suspended: false, orgUnitPath: '/Staff/Whitmore High Staff' }),
    ],
    [group(`all@${DOMAIN}`, [staff!.fields.address])],
  );
  return { desired, google };
}

async function expectPlanError(p: Promise<unknown> | (() => unknown), pattern: RegExp) {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(isRollcallError(err) && err.code).toBe('PLAN_INVALID');
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a PLAN_INVALID error');
}

describe('plan file', () => {
  it('holds every kind of change and validates against its schema', () => {
    const plan = samplePlan();
    expect(plan.changes.map((c) => c.kind).sort()).toEqual(['create', 'remove-from-group', 'update', 'update', 'update']);
    expect(parsePlan(JSON.parse(serialisePlan(plan)), 'p.json')).toEqual({ ...JSON.parse(JSON.stringify(plan)), integrity: expect.stringMatching(/^sha256:/) });
  });

  it('writes one issue and one change per line, so git diffs line up with changes', () => {
    const text = serialisePlan(samplePlan());
    const changeLines = text.split('\n').filter((l) => l.startsWith('    {"kind":'));
    expect(changeLines).toHaveLength(5);
    for (const l of changeLines) expect(() => JSON.parse(l.trim().replace(/,$/, ''))).not.toThrow();
  });

  it('gives byte-identical files for the same plan', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-plan-'));
    await writePlanFile(path.join(dir, 'a.json'), samplePlan());
    await writePlanFile(path.join(dir, 'b.json'), samplePlan());
    expect(await readFile(path.join(dir, 'a.json'), 'utf8')).toBe(await readFile(path.join(dir, 'b.json'), 'utf8'));
  });

  it('round-trips through disk', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-plan-'));
    const file = path.join(dir, 'p.json');
    await writePlanFile(file, samplePlan());
    expect((await readPlanFile(file)).changes).toHaveLength(5);
  });

  it('refuses another format version with expected/received: a format-1 plan must be made again', async () => {
    const plan = { ...JSON.parse(serialisePlan(samplePlan())), formatVersion: 1 };
    await expectPlanError(() => parsePlan(plan, 'p.json'), /expected 2, received 1: make the plan again/);
    await expectPlanError(() => parsePlan({ ...plan, formatVersion: 3 }, 'p.json'), /expected 2, received 3/);
  });

  it('names its target: kind, identity and the words to show it in', () => {
    expect(samplePlan().target).toMatchObject({ kind: 'google', identity: DOMAIN, vocabulary: { address: 'primaryEmail', placement: 'orgUnitPath' } });
  });

  it('refuses a file that is not a plan, or not JSON', async () => {
    await expectPlanError(() => parsePlan({ hello: 1 }, 'p.json'), /not a rollcall plan/);
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-plan-'));
    const file = path.join(dir, 'cut.json');
    await writeFile(file, serialisePlan(samplePlan()).slice(0, 500));
    await expectPlanError(readPlanFile(file), /cut\.json: not valid JSON/);
    await expectPlanError(readPlanFile(path.join(dir, 'missing.json')), /missing\.json: cannot read plan \(ENOENT\)/);
  });

  it('names the change and field that break the schema', async () => {
    const plan = JSON.parse(serialisePlan(samplePlan()));
    plan.changes[1].after.enabled = 'no';
    await expectPlanError(() => parsePlan(plan, 'p.json'), /changes\[1\]\.after\.enabled: must be boolean/);
  });

  it('detects a hand-edited change (its id no longer matches its content)', async () => {
    const plan = JSON.parse(serialisePlan(samplePlan()));
    const update = plan.changes.find((c: { kind: string }) => c.kind === 'update');
    update.after.placement = ['/Somewhere/Else'];
    await expectPlanError(() => parsePlan(plan, 'p.json'), /edited after it was made/);
  });

  it('detects a removed change (the summary no longer matches)', async () => {
    const plan = JSON.parse(serialisePlan(samplePlan()));
    plan.changes.pop();
    await expectPlanError(() => parsePlan(plan, 'p.json'), /summary does not match/);
  });
});

describe('plan integrity digest', () => {
  it('catches an edit the change ids cannot see (a before value, a patch)', async () => {
    const plan = JSON.parse(serialisePlan(samplePlan()));
    const update = plan.changes.find((c: { kind: string }) => c.kind === 'update');
    update.before.placement = ['/Edited'];
    await expectPlanError(() => parsePlan(plan, 'p.json'), /does not match its integrity digest/);
    const again = JSON.parse(serialisePlan(samplePlan()));
    again.changes.find((c: { kind: string }) => c.kind === 'update').patch[0].value = 'x';
    await expectPlanError(() => parsePlan(again, 'p.json'), /does not match its integrity digest/);
  });

  it('is part of the deterministic file', () => {
    expect(serialisePlan(samplePlan())).toBe(serialisePlan(samplePlan()));
    expect(serialisePlan(samplePlan())).toMatch(/^  "integrity": "sha256:[0-9a-f]{64}",$/m);
  });
});
