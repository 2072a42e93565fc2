import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, Scenario, SOURCE_DIR, TODAY } from '../apply/harness.js';

/** A webhook receiver on loopback that records what it was sent. */
let hook: Server;
let hookUrl: string;
const received: Array<{ path: string; body: { text: string; event: string; data: Record<string, unknown> } }> = [];
beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(req.url?.includes('broken') ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/T0KEN-SECRET-123`;
});
afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
  received.length = 0;
});

async function notifyingConfig(scenario: Scenario, safety: Record<string, unknown> = {}): Promise<string> {
  const config = JSON.parse(await readFile(scenario.config, 'utf8'));
  config.notify = { webhookUrlEnv: 'ROLLCALL_WEBHOOK', markdownFile: 'reports/last-run.md' };
  config.safety = { ...config.safety, ...safety };
  const file = path.join(scenario.dir, 'notify.json');
  await writeFile(file, JSON.stringify(config));
  return file;
}

describe('notifications after plan and apply', () => {
  it('sends a plan summary to the webhook and the markdown file, and an apply summary after applying', async () => {
    s = await Scenario.start();
    const config = await notifyingConfig(s);
    const env = { ...s.env, ROLLCALL_WEBHOOK: hookUrl };
    const planFile = path.join(s.dir, 'plan.json');
    const planned = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', planFile], env);
    expect(planned.code).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.body.event).toBe('plan');
    expect(received[0]!.body.text).toContain('rollcall plan for maplewood.example.org (2026-11-23): 50 changes');
    expect(received[0]!.body.text).toContain('4 to create');
    expect(await readFile(path.join(s.dir, 'reports/last-run.md'), 'utf8')).toContain('Source issues: 6 errors, 2 warnings');
    expect(planned.stderr).toContain('summary sent to the webhook at 127.0.0.1');
    expect(planned.stderr).not.toContain('T0KEN-SECRET-123');

    const applied = await cli(['apply', planFile, '--config', config, '--today', TODAY], env);
    expect(applied.code).toBe(0);
    expect(received[1]!.body.event).toBe('apply');
    expect(received[1]!.body.text).toMatch(/: done\*\*/);
    expect(received[1]!.body.data.counts).toMatchObject({ done: 50, failed: 0 });
  });

  it('tells IT when a held plan is refused', async () => {
    s = await Scenario.start();
    const config = await notifyingConfig(s, { limits: { suspend: { count: 1 } } });
    const env = { ...s.env, ROLLCALL_WEBHOOK: hookUrl };
    const planFile = path.join(s.dir, 'plan.json');
    await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', planFile], env);
    expect(received[0]!.body.text).toContain(': HELD**');
    const refused = await cli(['apply', planFile, '--config', config, '--today', TODAY], env);
    expect(refused.code).toBe(1);
    expect(received[1]!.body.text).toContain('refused, nothing was changed');
    expect(received[1]!.body.text).toContain('is held by a safety limit');
  });

  it('warns, without failing the run or showing the URL, when the webhook cannot be reached', async () => {
    s = await Scenario.start();
    const config = await notifyingConfig(s);
    const planFile = path.join(s.dir, 'plan.json');
    const down = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', planFile], { ...s.env, ROLLCALL_WEBHOOK: 'http://127.0.0.1:9/hooks/T0KEN-SECRET-123' });
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/warning: could not reach the webhook at 127\.0\.0\.1:9/);
    const broken = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', planFile], { ...s.env, ROLLCALL_WEBHOOK: `${hookUrl}/broken` });
    expect(broken.code).toBe(0);
    expect(broken.stderr).toContain('answered 500');
    const unset = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', planFile], s.env);
    expect(unset.stderr).toContain('names ROLLCALL_WEBHOOK, which is not set');
    for (const r of [down, broken, unset]) expect(r.stderr).not.toContain('T0KEN-SECRET-123');
  });
});
