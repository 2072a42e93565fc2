/**
 * Files holding student data or secrets: created 0600, never written through a symbolic link,
 * never left half-written or with a stray temporary file when the disk fills up, and never
 * appended onto a torn last line.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/apply/journal.js';
import { PasswordFile } from '../../src/apply/password-file.js';
import { emptyCounts } from '../../src/apply/outcome.js';
import { EventLog } from '../../src/model/events.js';
import { isRollcallError } from '../../src/errors.js';
import { deliverSummary } from '../../src/notify/deliver.js';
import { readPlanFile, writePlanFile } from '../../src/plan/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { Scenario } from './harness.js';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'rollcall-private-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A writer that gets half of what it is given onto the disk, then fails as a full disk does. */
const fullDisk = async (handle: FileHandle, data: string): Promise<void> => {
  await handle.write(data.slice(0, Math.ceil(data.length / 2)));
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRollcallError(err)) throw new Error(`expected a RollcallError, got ${String(err)}`);
  return err;
}

let plan: Plan;
let planFile: string;
let scenario: Scenario;
beforeAll(async () => {
  scenario = await Scenario.start();
  ({ plan, file: planFile } = await scenario.plan());
});
afterAll(async () => scenario.close());

describe('plan files', () => {
  it('are written 0600 (they name students); a redacted copy 0644', async () => {
    expect((await stat(planFile)).mode & 0o777).toBe(0o600);
    const redacted = path.join(dir, 'shared.redacted.json');
    await writePlanFile(redacted, { ...plan, redacted: true });
    expect((await stat(redacted)).mode & 0o777).toBe(0o644);
  });

  it('a full disk leaves the old plan as it was and no temporary file behind', async () => {
    const sub = await mkdtemp(path.join(dir, 'full-'));
    const file = path.join(sub, 'tonight.json');
    await writePlanFile(file, plan);
    const before = await readFile(file, 'utf8');
    const err = await failure(writePlanFile(file, { ...plan, today: '2026-11-24' }, { write: fullDisk }));
    expect(err.code).toBe('WRITE_FAILED');
    expect(err.message).toBe(`${file}: cannot write the plan (ENOSPC)`);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(sub)).toEqual(['tonight.json']);
  });

  it('a plan that cannot be put in place (a directory there) leaves no temporary file', async () => {
    const sub = await mkdtemp(path.join(dir, 'dir-'));
    await mkdir(path.join(sub, 'plan.json'));
    const err = await failure(writePlanFile(path.join(sub, 'plan.json'), plan));
    expect(err.code).toBe('UNSAFE_FILE');
    expect(await readdir(sub)).toEqual(['plan.json']);
  });

  it('are never written or read through a link', async () => {
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    const link = path.join(dir, 'linked-plan.json');
    await symlink(victim, link);
    expect((await failure(writePlanFile(link, plan))).code).toBe('UNSAFE_FILE');
    expect((await failure(readPlanFile(link))).message).toBe(`plan ${link} is a symbolic link; rollcall does not follow links to files it keeps private: remove it`);
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
  });
});

describe('apply refuses links where it writes', () => {
  it.each([
    ['passwords.csv', 'passwords file'],
    ['journal.jsonl', 'apply journal'],
  ])('a PLAN.%s that is a symbolic link: nothing is written through it, nothing is sent', async (suffix, what) => {
    const s = await Scenario.start();
    try {
      const { file } = await s.plan();
      const victim = path.join(s.dir, 'victim.txt');
      await writeFile(victim, 'keep me\n');
      await symlink(victim, `${file}.${suffix}`);
      const run = await s.apply(file);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`rollcall: error [UNSAFE_FILE]: ${what} ${file}.${suffix} is a symbolic link`);
      expect(await readFile(victim, 'utf8')).toBe('keep me\n');
      expect(s.emu.stats().requests).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('a plan that is a symbolic link is not applied', async () => {
    const link = path.join(scenario.dir, 'latest.json');
    await symlink(planFile, link);
    const run = await scenario.apply(link);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error [UNSAFE_FILE]: plan ${link} is a symbolic link`);
  });
});

describe('the journal', () => {
  it('is made 0600, and drops a torn last line (with a warning) instead of writing onto it', async () => {
    const file = path.join(dir, 'torn.journal.jsonl');
    const whole = `${JSON.stringify({ type: 'run-started', ts: 't', planDigest: 'sha256:x' })}\n`;
    await writeFile(file, `${whole}{"type":"change","id":"abc","outc`);
    const warnings: string[] = [];
    const journal = await Journal.open(file, 'sha256:x', { onWarning: (w) => warnings.push(w) });
    await journal.finished(emptyCounts());
    await journal.close();
    expect(warnings).toEqual([
      `${file} was mode 0644; set it to 0600 (it holds student data)`,
      `${file}: its last line was cut off (33 bytes, from a crash or a full disk during a write) and has been dropped; the lines before it are kept`,
    ]);
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['run-started', 'run-finished']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('cuts a line a full disk tore back off at once, so the next line starts whole', async () => {
    const file = path.join(dir, 'full.journal.jsonl');
    let fail = false;
    const journal = await Journal.open(file, 'sha256:y', {
      write: async (handle, data) => {
        if (fail) return fullDisk(handle, data);
        await handle.writeFile(data, 'utf8');
      },
    });
    await journal.started({ plan: 'p', target: 'google', domain: 'd', pid: 1, host: 'h', changes: 1, flags: {} });
    fail = true;
    expect((await failure(journal.finished(emptyCounts(), 'disk full'))).message).toBe(`${file}: cannot write the apply journal (ENOSPC)`);
    fail = false;
    await journal.finished(emptyCounts());
    await journal.close();
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['run-started', 'run-finished']);
  });
});

describe('the passwords file', () => {
  it('never reuses a cut-off password: a torn last line is dropped', async () => {
    const file = path.join(dir, 'torn.passwords.csv');
    await writeFile(file, 'address,password\nfirst@example.org,Whole-Password-1!\nsecond@example.org,Cut-Pa', { mode: 0o600 });
    const warnings: string[] = [];
    const passwords = await PasswordFile.open(file, { generate: () => 'Fresh-Password-2!', onWarning: (w) => warnings.push(w) });
    expect(await passwords.passwordFor('second@example.org')).toBe('Fresh-Password-2!');
    expect(await passwords.passwordFor('first@example.org')).toBe('Whole-Password-1!');
    await passwords.close();
    expect(warnings[0]).toMatch(/torn\.passwords\.csv: its last line was cut off/);
    expect(await readFile(file, 'utf8')).toBe('address,password\nfirst@example.org,Whole-Password-1!\nsecond@example.org,Fresh-Password-2!\n');
  });

  it('withdraws a password whose account was not created with it: one line per address, none that do not work', async () => {
    const file = path.join(dir, 'withdraw.passwords.csv');
    let n = 0;
    const passwords = await PasswordFile.open(file, { generate: () => `Generated-${++n}-Aa1!` });
    await passwords.passwordFor('a@example.org');
    await passwords.passwordFor('b@example.org');
    await passwords.withdraw('a@example.org');
    await passwords.passwordFor('c@example.org');
    await passwords.close();
    expect(await readFile(file, 'utf8')).toBe('address,password\nb@example.org,Generated-2-Aa1!\nc@example.org,Generated-3-Aa1!\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('the summary markdown', () => {
  it('is written 0600, and never through a link', async () => {
    const events = new EventLog();
    const summary = { event: 'plan' as const, target: { kind: 'google', identity: 'd' }, title: 't', markdown: '**students named here**', data: {} };
    const notify = { webhookUrlEnv: null, markdownFile: 'summary.md', timeoutMs: 1000 };
    await deliverSummary(summary, notify, { env: {}, baseDir: dir, events });
    expect((await stat(path.join(dir, 'summary.md'))).mode & 0o777).toBe(0o600);
    const victim = path.join(dir, 'victim-md.txt');
    await writeFile(victim, 'keep me\n');
    await symlink(victim, path.join(dir, 'linked.md'));
    await deliverSummary(summary, { ...notify, markdownFile: 'linked.md' }, { env: {}, baseDir: dir, events });
    expect(events.events.at(-1)).toMatchObject({ level: 'warn', code: 'NOTIFY_FAILED', message: expect.stringMatching(/linked\.md is a symbolic link/) });
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
    expect(existsSync(path.join(dir, 'linked.md'))).toBe(true);
  });
});

describe('other files with student data or secrets', () => {
  it('a snapshot file and a PowerSchool export are written 0600, and never through a link', async () => {
    const { writeSnapshotFile } = await import('../../src/targets/google/snapshot-file.js');
    const { CsvExport } = await import('../../src/sources/csv-export.js');
    const snapshot = path.join(dir, 'google.jsonl');
    await writeSnapshotFile(snapshot, { users: [], groups: [], orgUnits: [] });
    expect((await stat(snapshot)).mode & 0o777).toBe(0o600);
    const victim = path.join(dir, 'victim-snapshot.txt');
    await writeFile(victim, 'keep me\n');
    await symlink(victim, path.join(dir, 'linked.jsonl'));
    expect((await failure(writeSnapshotFile(path.join(dir, 'linked.jsonl'), { users: [], groups: [], orgUnits: [] }))).code).toBe('UNSAFE_FILE');
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');

    const exportDir = path.join(dir, 'export');
    const csv = await CsvExport.open(exportDir);
    await csv.commit();
    for (const name of ['schools.csv', 'students.csv', 'users.csv', 'schoolstaff.csv']) expect((await stat(path.join(exportDir, name))).mode & 0o777, name).toBe(0o600);
  });

  it('an OAuth token file is never written through a link', async () => {
    const { writeSecretJson } = await import('../../src/io/secret-file.js');
    const victim = path.join(dir, 'victim-token.txt');
    await writeFile(victim, 'keep me\n');
    await symlink(victim, path.join(dir, 'token.json'));
    expect((await failure(writeSecretJson(path.join(dir, 'token.json'), { refresh_token: 'secret' }))).code).toBe('UNSAFE_FILE');
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
  });
});

// Another user's file can only be made by root (chown); elsewhere these cases are skipped.
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.runIf(asRoot)('files that belong to another user', () => {
  it('apply refuses a plan or a journal that is not the running user\'s, and a state directory that is not', async () => {
    const { chown, mkdir: makeDir } = await import('node:fs/promises');
    const s = await Scenario.start();
    try {
      const { file } = await s.plan();
      await chown(file, 4242, 4242);
      const plan = await s.apply(file);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(`error [UNSAFE_FILE]: plan ${file} belongs to another user (uid 4242, rollcall runs as 0)`);
      await chown(file, 0, 0);

      await writeFile(`${file}.journal.jsonl`, '', { mode: 0o600 });
      await chown(`${file}.journal.jsonl`, 4242, 4242);
      const journal = await s.apply(file);
      expect(journal.stderr).toContain(`error [UNSAFE_FILE]: apply journal ${file}.journal.jsonl belongs to another user`);
      await rm(`${file}.journal.jsonl`);

      await makeDir(s.stateDir, { mode: 0o700, recursive: true });
      await chown(s.stateDir, 4242, 4242);
      const state = await s.apply(file);
      expect(state.stderr).toContain(`error [UNSAFE_FILE]: the state directory ${s.stateDir} belongs to another user (uid 4242; rollcall runs as 0)`);
      expect(s.emu.stats().requests).toBe(0);
    } finally {
      await s.close();
    }
  });
});
