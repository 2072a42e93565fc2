/**
 * Inputs are never destroyed or misread: `--out` refuses to overwrite a file the same run reads,
 * a snapshot field of the wrong type is an error naming line and field, and a credential that
 * cannot work stops a run once, before any change.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, CONFIG, FIXTURES, Scenario, SOURCE_DIR, TODAY } from '../apply/harness.js';

const SNAPSHOT = path.join(FIXTURES, 'google-snapshot.jsonl');
/** Lines as a person reads them, without the timestamp a non-terminal stderr gets. */
const untimed = (text: string) => text.replace(/^\S+ rollcall:/gm, 'rollcall:');

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'rollcall-inputs-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

const plan = (out: string, config = CONFIG, snapshot = SNAPSHOT, source = SOURCE_DIR) =>
  cli(['plan', '--config', config, '--source-dir', source, '--google-snapshot', snapshot, '--today', TODAY, '--out', out]);

describe('plan --out', () => {
  it('refuses to overwrite the config it reads', async () => {
    const config = path.join(dir, 'district.config.json');
    await writeFile(config, await readFile(CONFIG));
    const before = await readFile(config, 'utf8');
    const run = await plan(config, config);
    expect(run.code).toBe(1);
    expect(untimed(run.stderr)).toBe(`rollcall: error [USAGE]: --out ${config} is the config this run reads (${config}): writing there would destroy it; choose another file\n`);
    expect(await readFile(config, 'utf8')).toBe(before);
  });

  it('refuses to overwrite the snapshot, even by another name (a link)', async () => {
    const snapshot = path.join(dir, 'google.jsonl');
    await writeFile(snapshot, await readFile(SNAPSHOT));
    const alias = path.join(dir, 'alias.json');
    await symlink(snapshot, alias);
    const run = await plan(alias, CONFIG, snapshot);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--out ${alias} is the Google snapshot this run reads (${snapshot})`);
    expect(await readFile(snapshot, 'utf8')).toBe(await readFile(SNAPSHOT, 'utf8'));
  });

  it('refuses to overwrite a PowerSchool export it reads', async () => {
    const out = path.join(SOURCE_DIR, 'students.csv');
    const before = await readFile(out, 'utf8');
    const run = await plan(out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is the PowerSchool export students.csv this run reads`);
    expect(await readFile(out, 'utf8')).toBe(before);
  });

  it('writes anywhere else as before', async () => {
    expect((await plan(path.join(dir, 'plan.json'))).code).toBe(0);
  });
});

describe('snapshot field types', () => {
  it.each([
    ['"suspended": "no"', (u: Record<string, unknown>) => (u.suspended = 'no'), 'suspended must be true or false, not "no"'],
    ['orgUnitPath a number', (u: Record<string, unknown>) => (u.orgUnitPath = 7), 'orgUnitPath must be text, not 7'],
    ['a name that is text', (u: Record<string, unknown>) => (u.name = 'Ann Lee'), 'name must be an object, not "Ann Lee"'],
    ['externalIds an object', (u: Record<string, unknown>) => (u.externalIds = { value: '1' }), 'externalIds must be a list'],
    ['a custom field an object', (u: Record<string, unknown>) => (u.customSchemas = { StudentInfo: { DCID: { x: 1 } } }), 'customSchemas.StudentInfo.DCID must be a value or a list of {value} objects, not {"x":1}'],
  ])('refuses %s, naming the file, line and field', async (_what, edit, problem) => {
    const lines = (await readFile(SNAPSHOT, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.includes('"admin#directory#user"'));
    const user = JSON.parse(lines[at] as string) as Record<string, unknown>;
    edit(user);
    lines[at] = JSON.stringify(user);
    const snapshot = path.join(dir, `typed-${at}.jsonl`);
    await writeFile(snapshot, lines.join('\n'));
    const run = await plan(path.join(dir, 'typed-plan.json'), CONFIG, snapshot);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`rollcall: error [SNAPSHOT_INVALID]: ${snapshot} line ${at + 1}: user ${String(user.primaryEmail)}: ${problem}\n`);
  });
});

describe('an unusable credential', () => {
  it('a service-account key whose private key is garbage stops apply once, before any change', async () => {
    const s = await Scenario.start({}, { auth: { mode: 'service-account', keyFile: 'key.json', subject: 'admin@maplewood.example.org' } });
    try {
      await writeFile(
        path.join(s.dir, 'key.json'),
        JSON.stringify({ type: 'service_account', client_email: 'sync@project.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n' }),
        { mode: 0o600 },
      );
      const { file } = await s.plan();
      // Not the emulator: the key would be used for Google itself.
      const run = await cli(['apply', file, '--config', s.config, '--today', TODAY], {});
      expect(run.code).toBe(1);
      const errors = untimed(run.stderr).split('\n').filter((l) => l.includes('error'));
      expect(errors).toEqual([
        `rollcall: error [AUTH]: ${path.join(s.dir, 'key.json')}: the service-account key's private_key is not a readable private key (the file is damaged or was edited): download a new key`,
      ]);
      const journal = (await readFile(`${file}.journal.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
      expect(journal.map((l) => l.type)).toEqual(['run-started', 'run-finished']);
    } finally {
      await s.close();
    }
  });
});
