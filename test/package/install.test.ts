/**
 * The package as a district gets it: `npm pack` makes a tarball holding what rollcall needs to
 * run and nothing else; `npm install -g` of it (here into a prefix of our own) gives a `rollcall`
 * command that plans and shows the bundled example from an empty folder; a local install without
 * the optional Oracle driver runs through npx and says what the Oracle source lacks; and the
 * Docker image's entry command works on the global install (no Docker daemon runs here: the
 * image itself cannot be built or started in this test).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.js';

let tmp: string;
let tarball: string;
let installed: string;
let bin: string;
let local: string;

/** The environment without what `npm test` adds (npm_config_* would steer the inner npm). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_'))), ...extra };
}

function run(command: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv({ NO_COLOR: '1' }), timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rollcall-package-'));
  // dist/ was built by the test setup; pack it as it is.
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  tarball = path.join(tmp, pack.stdout.trim().split('\n').at(-1) as string);
  const prefix = path.join(tmp, 'global');
  const install = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], tmp);
  expect(install.code, install.stderr).toBe(0);
  // npm leaves optional dependencies out of a local install when asked (a global one installs them regardless).
  local = path.join(tmp, 'local');
  await mkdir(local);
  const localInstall = run('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline', tarball], local);
  expect(localInstall.code, localInstall.stderr).toBe(0);
  installed = path.join(prefix, 'lib', 'node_modules', 'rollcall');
  bin = path.join(prefix, 'bin', 'rollcall');
}, 300_000);

describe('the npm package', () => {
  it('holds the built code, both schemas, the example and the README, and no tests, benchmark, sources or source maps', () => {
    const list = run('tar', ['-tzf', tarball], tmp).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(list).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cli/main.js', 'src/config/config.schema.json', 'src/plan/plan.schema.json', 'fixtures/district.config.json', 'fixtures/google-snapshot.jsonl', 'fixtures/powerschool/students.csv']));
    const unexpected = list.filter((f) => !/^(package\.json|README\.md|dist\/.*\.js|src\/(config\/config|plan\/plan)\.schema\.json|fixtures\/.*)$/.test(f));
    expect(unexpected).toEqual([]);
    // What it holds is checked above; its size only has to stay that of a small tool (406 kB with
    // two targets and their emulators), so a stray data file cannot slip in unnoticed.
    expect(statSync(tarball).size).toBeLessThan(1_000_000);
  });

  it('installs a rollcall command that plans and shows the bundled example from an empty folder', async () => {
    const work = await mkdtemp(path.join(tmp, 'work-'));
    const example = path.join(installed, 'fixtures');
    const version = run(bin, ['--version'], work);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version);
    const plan = run(bin, ['plan', '--config', path.join(example, 'district.config.json'), '--source-dir', path.join(example, 'powerschool'), '--google-snapshot', path.join(example, 'google-snapshot.jsonl'), '--today', '2026-11-23', '--out', 'plans/example.json', '--detailed-exitcode'], work);
    expect(plan.stderr).not.toMatch(/error \[|internal error/);
    expect(plan.code).toBe(2);
    const show = run(bin, ['show', 'plans/example.json'], work);
    expect(show.code).toBe(0);
    const { summary } = JSON.parse(await readFile(path.join(work, 'plans/example.json'), 'utf8'));
    expect(show.stdout).toMatch(new RegExp(`^Plan: ${summary.create} to create, ${summary.update} to update .*${summary.removeFromGroup} group removals\\.`, 'm'));
    // The plan is the one a clone makes.
    const fromClone = run(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), 'plan', '--config', path.join(ROOT, 'fixtures/district.config.json'), '--source-dir', path.join(ROOT, 'fixtures/powerschool'), '--google-snapshot', path.join(ROOT, 'fixtures/google-snapshot.jsonl'), '--today', '2026-11-23', '--out', 'plans/clone.json'], work);
    expect(fromClone.code).toBe(0);
    expect(await readFile(path.join(work, 'plans/example.json'), 'utf8')).toBe(await readFile(path.join(work, 'plans/clone.json'), 'utf8'));
  });

  it("the example config's $schema points at the schema shipped beside it", async () => {
    const config = JSON.parse(await readFile(path.join(installed, 'fixtures', 'district.config.json'), 'utf8')) as { $schema: string };
    expect(existsSync(path.resolve(installed, 'fixtures', config.$schema))).toBe(true);
  });

  it('installed locally without the optional Oracle driver, it runs through npx, and the Oracle source says what to install', async () => {
    expect(existsSync(path.join(installed, 'node_modules', 'oracledb'))).toBe(true);
    expect(existsSync(path.join(local, 'node_modules', 'oracledb'))).toBe(false);
    const example = path.join(local, 'node_modules', 'rollcall', 'fixtures');
    const plan = run('npx', ['--no-install', 'rollcall', 'plan', '--config', path.join(example, 'district.config.json'), '--source-dir', path.join(example, 'powerschool'), '--google-snapshot', path.join(example, 'google-snapshot.jsonl'), '--today', '2026-11-23', '--out', 'plan.json', '--quiet'], local);
    expect(plan.code, plan.stderr).toBe(0);
    await writeFile(path.join(local, 'oracle.json'), JSON.stringify({ google: { domain: 'maplewood.example.org' }, powerschool: { source: 'oracle' } }));
    const r = run('npx', ['--no-install', 'rollcall', 'export-source', '--config', 'oracle.json', '--out', 'export'], local);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[POWERSCHOOL\]: .*oracle\.json: powerschool\.source is "oracle", which needs the node-oracledb package, and it is not installed/);
    expect(r.stderr).not.toMatch(/internal error|bug in rollcall/);
  });
});

describe('the Docker image (its entry command, run outside Docker)', () => {
  it('is Node 24 slim, runs as a user other than root, and its entry command works on the installed package', async () => {
    const dockerfile = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.every((image) => image === 'node:24-slim')).toBe(true);
    const user = [...dockerfile.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const entrypoint = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    const cmd = JSON.parse(/^CMD (.+)$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    expect(entrypoint).toEqual(['rollcall']);
    // `npm install -g` puts the entry point on PATH; here that is the prefix's bin.
    const work = await mkdtemp(path.join(tmp, 'image-'));
    const help = run(path.join(path.dirname(bin), entrypoint[0] as string), cmd, work);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rollcall plan');
    const example = path.join(installed, 'fixtures');
    const plan = run(path.join(path.dirname(bin), entrypoint[0] as string), ['plan', '--config', path.join(example, 'district.config.json'), '--source-dir', path.join(example, 'powerschool'), '--google-snapshot', path.join(example, 'google-snapshot.jsonl'), '--today', '2026-11-23', '--out', 'plans/tonight.json', '--log-format', 'json'], work);
    expect(plan.code).toBe(0);
    expect(plan.stderr.trim().split('\n').map((line) => (JSON.parse(line) as { code: string }).code)).toContain('PLAN_WRITTEN');
  });
});
