/**
 * Every secret rollcall handles, given known values, then the whole flow end to end (plan from
 * the PowerSchool REST API, show, redact, apply with a shared initial password, apply again,
 * diff, snapshot, export-source, a notification, a failed Oracle connection): no secret may
 * appear in any output, error, plan, journal, snapshot, export or notification.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerSchoolEmulator, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { cli, type CliRun, Scenario, SOURCE_DIR, TODAY } from '../apply/harness.js';

const SECRETS = {
  restSecret: 'REST-client-secret-9f8e7d6c',
  dbPassword: 'Oracle-DB-pass-5a4b3c2d',
  initialPassword: 'Initial-PW-1q2w3e4r!',
  webhookToken: 'WEBHOOK-token-0o9i8u7y',
  redactKey: 'redaction-key-6t5r4e3w2q1a',
};

let s: Scenario;
let ps: RunningPowerSchoolEmulator;
let hook: Server;
const webhookBodies: string[] = [];
const outputs: CliRun[] = [];

beforeAll(async () => {
  s = await Scenario.start();
  ps = await startPowerSchoolEmulator({ seedDir: SOURCE_DIR, clientId: 'rollcall-plugin', clientSecret: SECRETS.restSecret });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      webhookBodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await ps.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
  await s.close();
});

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(full)));
    else out.push(full);
  }
  return out;
}

describe('secrets never leak', () => {
  it('appear in no output, file or notification of a full run', async () => {
    const config = JSON.parse(await readFile(s.config, 'utf8'));
    config.powerschool = { source: 'rest', rest: { baseUrl: ps.url } };
    config.google.initialPassword = { env: 'NEW_USER_PASSWORD', changeAtNextLogin: true };
    config.notify = { webhookUrlEnv: 'ROLLCALL_WEBHOOK', markdownFile: 'reports/last.md' };
    const cfg = path.join(s.dir, 'secrets.config.json');
    await writeFile(cfg, JSON.stringify(config));
    const env = {
      ...s.env,
      POWERSCHOOL_CLIENT_ID: 'rollcall-plugin',
      POWERSCHOOL_CLIENT_SECRET: SECRETS.restSecret,
      NEW_USER_PASSWORD: SECRETS.initialPassword,
      ROLLCALL_WEBHOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/${SECRETS.webhookToken}`,
      ROLLCALL_REDACT_KEY: SECRETS.redactKey,
    };
    const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
      const r = await cli(args, { ...env, ...extraEnv });
      outputs.push(r);
      return r;
    };
    const plan = path.join(s.dir, 'tonight.json');
    expect((await run(['plan', '--config', cfg, '--today', TODAY, '--out', plan, '--redact'])).code).toBe(0);
    expect((await run(['show', plan])).code).toBe(0);
    expect((await run(['show', plan, '--redact', '--format', 'markdown'])).code).toBe(0);
    expect((await run(['show', plan, '--view', 'review'])).code).toBe(0);
    expect((await run(['apply', plan, '--config', cfg, '--today', TODAY, '--verbose'])).code).toBe(0);
    expect((await run(['apply', plan, '--config', cfg, '--today', TODAY, '--log-format', 'json'])).code).toBe(0);
    const again = path.join(s.dir, 'again.json');
    expect((await run(['plan', '--config', cfg, '--today', TODAY, '--out', again, '--detailed-exitcode'])).code).toBe(0);
    expect((await run(['diff', plan, again])).code).toBe(0);
    expect((await run(['snapshot', '--config', cfg, '--today', TODAY, '--out', path.join(s.dir, 'google.jsonl')])).code).toBe(0);
    expect((await run(['export-source', '--config', cfg, '--out', path.join(s.dir, 'export')])).code).toBe(0);
    expect((await run(['validate', '--config', cfg, '--log-format', 'json'])).code).toBe(0);
    expect((await run(['explain', '--config', cfg, '--today', TODAY, '--dcid', '5004', '--format', 'json', '--verbose', '--log-format', 'json'])).code).toBe(0);

    // A database that cannot be reached: its error must not carry the password.
    const oracle = { ...config, powerschool: { source: 'oracle', oracle: { connectString: '127.0.0.1:9/PSPRODDB', user: 'psnavigator' } } };
    const oracleCfg = path.join(s.dir, 'oracle.config.json');
    await writeFile(oracleCfg, JSON.stringify(oracle));
    const failed = await run(['plan', '--config', oracleCfg, '--today', TODAY, '--out', path.join(s.dir, 'x.json'), '--debug'], { POWERSCHOOL_DB_PASSWORD: SECRETS.dbPassword });
    const failedJson = await run(['plan', '--config', oracleCfg, '--today', TODAY, '--out', path.join(s.dir, 'x.json'), '--debug', '--log-format', 'json'], { POWERSCHOOL_DB_PASSWORD: SECRETS.dbPassword });
    expect(failedJson.code).toBe(1);
    expect(JSON.parse(failedJson.stderr.split('\n')[0] as string)).toMatchObject({ level: 'error', code: 'POWERSCHOOL' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/NJS-503|could not reach/i);

    // The new accounts really got the shared initial password (so it was handled), yet it is nowhere.
    expect(s.emu.stats().mutations).toBeGreaterThan(0);
    expect(webhookBodies.length).toBeGreaterThanOrEqual(4);

    const haystacks: Array<[string, string]> = [
      ...outputs.flatMap((r, i): Array<[string, string]> => [[`run ${i} stdout`, r.stdout], [`run ${i} stderr`, r.stderr]]),
      ...webhookBodies.map((b, i): [string, string] => [`webhook ${i}`, b]),
    ];
    for (const file of await allFiles(s.dir)) {
      if ((await stat(file)).size > 20_000_000) continue;
      haystacks.push([file, await readFile(file, 'utf8')]);
    }
    expect(haystacks.length).toBeGreaterThan(25);
    for (const [where, text] of haystacks) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
      }
    }
  });
});
