/**
 * Start-up stays lean: a plan from files and a snapshot loads neither node-oracledb nor the
 * Google client, and validates its config with the validator compiled at build time, not with
 * ajv's compiler. (Loading those took longer than planning a small district.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ARGS, ROOT } from './run-cli.js';

/** Runs one command line in-process and lists the CommonJS modules it loaded (every such package rollcall uses is CommonJS). */
function modulesLoadedBy(args: string[], env: Record<string, string> = {}): { code: number; modules: string[] } {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const { runCli } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/cli/run.js')).href)});
    const sink = { write: () => true };
    const code = await runCli(${JSON.stringify(args)}, { stdout: sink, stderr: sink, env: ${JSON.stringify(env)}, exitCode: 0 });
    process.stdout.write(JSON.stringify({ code, modules: Object.keys(require.cache) }));
  `;
  // A file, not --eval: worker threads inherit node's options, and --input-type is refused there.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rollcall-startup-')), 'run.mjs');
  writeFileSync(file, script);
  const result = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { code: number; modules: string[] };
}

const fromPackage = (modules: string[], name: string) => modules.filter((m) => m.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

describe('start-up', () => {
  it('plans from files and a snapshot without loading node-oracledb, the Google client or the schema compiler', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'rollcall-startup-')), 'plan.json');
    const { code, modules } = modulesLoadedBy(['plan', ...FIXTURE_ARGS, '--out', out, '--quiet']);
    expect(code).toBe(0);
    for (const name of ['oracledb', '@googleapis/admin', 'google-auth-library', 'gaxios', 'googleapis-common']) expect(fromPackage(modules, name)).toEqual([]);
    // The compiled validators need only ajv's small runtime helpers.
    expect(fromPackage(modules, 'ajv').every((m) => m.includes(`${path.sep}runtime${path.sep}`))).toBe(true);
    // fast-json-patch (CommonJS, used by every plan) shows the check sees what is loaded.
    expect(fromPackage(modules, 'fast-json-patch').length).toBeGreaterThan(0);
  });

  it('loads node-oracledb when the config names the Oracle source', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-startup-'));
    const config = path.join(dir, 'oracle.config.json');
    writeFileSync(config, JSON.stringify({ google: { domain: 'district.org' }, powerschool: { source: 'oracle' } }));
    // Nothing listens on port 9 of loopback: the connection is refused, after the module loaded.
    const env = { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: 'not-a-secret', POWERSCHOOL_PROD_DB: '127.0.0.1:9/PSPRODDB' };
    const { code, modules } = modulesLoadedBy(['export-source', '--config', config, '--out', path.join(dir, 'out')], env);
    expect(code).toBe(1);
    expect(fromPackage(modules, 'oracledb').length).toBeGreaterThan(0);
  });
});
