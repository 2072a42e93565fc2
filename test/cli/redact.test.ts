import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ARGS, rollcall } from './run-cli.js';

const KEY = { ROLLCALL_REDACT_KEY: 'a-stable-secret-key-for-ci' };

describe('redaction for CI artifacts', () => {
  it('gives byte-identical redacted plans on two runs, and the same pseudonym for a person on another night', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-redact-'));
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    const next = path.join(dir, 'next.json');
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', a, '--redact'], KEY).code).toBe(0);
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', b, '--redact'], KEY).code).toBe(0);
    const redacted = await readFile(path.join(dir, 'a.redacted.json'), 'utf8');
    expect(await readFile(path.join(dir, 'b.redacted.json'), 'utf8')).toBe(redacted);

    // Tomorrow (another date, so other reasons and ids), the same people keep their pseudonyms.
    expect(rollcall(['plan', ...FIXTURE_ARGS.slice(0, 6), '--today', '2026-11-24', '--out', next, '--redact'], KEY).code).toBe(0);
    const byDcid = (text: string) =>
      new Map((JSON.parse(text).changes as Array<{ person: { dcid: string }; address?: string }>).filter((c) => c.address !== undefined).map((c) => [c.person.dcid, c.address]));
    const tonight = byDcid(redacted);
    const tomorrow = byDcid(await readFile(path.join(dir, 'next.redacted.json'), 'utf8'));
    expect(tonight.size).toBeGreaterThan(10);
    for (const [dcid, address] of tonight) expect(tomorrow.get(dcid)).toBe(address);

    // Nobody can be recognised: no real address, name, student number or phone; schools, OUs and counts stay.
    for (const real of ['20312@', 'jsmith', 'Isabella', 'Benjamin', 'Moore', 'David Kim', '555-0109', '"20309"', 'Zoe<', 'library@', 'Charlotte']) expect(redacted).not.toContain(real);
    // A member of a managed group has the pseudonym of their account; the group keeps its address.
    const changes = JSON.parse(redacted).changes as Array<{ kind: string; address?: string; member?: string; group?: string; person?: { dcid: string } }>;
    const lucas = changes.find((c) => c.kind === 'create' && c.person?.dcid === changes.find((a) => a.kind === 'add-member' && a.group === 'mhs-alg1-3-26-27@maplewood.example.org' && a.person?.dcid === c.person?.dcid)?.person?.dcid);
    expect(changes.filter((c) => c.kind === 'add-member' && c.person?.dcid === lucas?.person?.dcid).map((c) => c.member)).toContain(lucas?.address);
    expect(redacted).toContain('/Students/MHS Students/9th');
    expect(redacted).toContain('Maplewood High School');
    expect(JSON.parse(redacted).summary).toEqual(JSON.parse(await readFile(a, 'utf8')).summary);
    // It is a valid plan that show can render, and a different key gives other pseudonyms.
    const shown = rollcall(['show', path.join(dir, 'a.redacted.json')]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/u-[0-9a-f]{10}@maplewood\.example\.org/);
    expect(rollcall(['show', a, '--redact', '--format', 'json'], { ROLLCALL_REDACT_KEY: 'another-key-entirely-000' }).stdout).not.toBe(redacted);
  });

  it('refuses to redact without a key', () => {
    const r = rollcall(['show', 'fixtures/none.json', '--redact']);
    expect(r.code).toBe(1);
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', '/tmp/x.json', '--redact']).stderr).toContain('--redact needs ROLLCALL_REDACT_KEY');
  });
});
