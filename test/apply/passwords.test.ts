/** Initial passwords: generated strong and recorded only in the 0600 handoff file, or one from the environment. */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordFile } from '../../src/apply/password-file.js';
import { environmentPassword, GENERATED_LENGTH, generatePassword } from '../../src/apply/passwords.js';
import { Scenario } from './harness.js';

describe('generatePassword', () => {
  it('gives 20 characters with upper, lower, digit and symbol, nothing a CSV would need to quote', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(GENERATED_LENGTH);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
      expect(p).not.toMatch(/[,"'\s]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('environmentPassword', () => {
  it('names the variable when it is not set, and never echoes a value', () => {
    const google = { initialPasswordSetting: 'google.initialPassword.env', passwordLength: { min: 8, max: 100 } };
    expect(() => environmentPassword('NEW_USER_PASSWORD', google, {})).toThrow(/^google\.initialPassword\.env names the environment variable NEW_USER_PASSWORD, which is not set/);
    expect(() => environmentPassword('NEW_USER_PASSWORD', google, { NEW_USER_PASSWORD: 'short' })).toThrow(/8 to 100 characters long .* it is 5$/);
  });
});

describe('PasswordFile', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'rollcall-pw-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes address,password lines to a 0600 file and reuses an address\'s password on a rerun', async () => {
    const file = path.join(dir, 'plan.json.passwords.csv');
    let n = 0;
    const generate = () => `Generated-${++n}-Aa1!`;
    const first = await PasswordFile.open(file, { generate });
    expect(await first.passwordFor('New@Example.org')).toBe('Generated-1-Aa1!');
    await first.close();
    const second = await PasswordFile.open(file, { generate });
    expect(await second.passwordFor('new@example.org')).toBe('Generated-1-Aa1!');
    expect(await second.passwordFor('other@example.org')).toBe('Generated-2-Aa1!');
    await second.close();
    expect(await readFile(file, 'utf8')).toBe('address,password\nnew@example.org,Generated-1-Aa1!\nother@example.org,Generated-2-Aa1!\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('tightens a file someone loosened, and says so', async () => {
    const file = path.join(dir, 'loose.csv');
    await writeFile(file, 'address,password\n');
    await chmod(file, 0o644);
    const warnings: string[] = [];
    const passwords = await PasswordFile.open(file, { onWarning: (w) => warnings.push(w) });
    await passwords.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([`${file} was mode 0644; set it to 0600 (it holds passwords)`]);
  });
});

describe('rollcall apply with google.initialPassword.env', () => {
  let s: Scenario;
  beforeAll(async () => (s = await Scenario.start({}, { initialPassword: { env: 'NEW_USER_PASSWORD', changeAtNextLogin: false } })));
  afterAll(async () => s.close());

  it('refuses to start when the variable is not set, before sending anything', async () => {
    const { file } = await s.plan();
    s.emu.resetStats();
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error \[CONFIG_INVALID\]: google\.initialPassword\.env names the environment variable NEW_USER_PASSWORD, which is not set/);
    expect(s.emu.stats().requests).toBe(0);
  });

  it('creates accounts with it and writes no passwords file; the password appears nowhere', async () => {
    const { file, plan } = await s.plan();
    const secret = 'Shared-Initial-Pa55word!';
    const run = await s.apply(file, ['--verbose'], { NEW_USER_PASSWORD: secret });
    expect(run.code).toBe(0);
    expect(existsSync(`${file}.passwords.csv`)).toBe(false);
    expect(run.stderr).not.toContain(secret);
    expect(await readFile(`${file}.journal.jsonl`, 'utf8')).not.toContain(secret);
    expect(await readFile(file, 'utf8')).not.toContain(secret);
    for (const c of plan.changes.filter((c) => c.kind === 'create')) {
      expect(s.emu.state().users.find((u) => u.primaryEmail === c.address)?.changePasswordAtNextLogin).toBe(false);
    }
  });
});
