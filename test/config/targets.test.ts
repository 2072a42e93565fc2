/**
 * A config for more than one directory: which targets it names, which people each manages, which
 * one a run is for, and what the target factory makes of each.
 */
import { describe, expect, it } from 'vitest';
import { chooseTarget, configuredTargets, targetIdentity, targetPopulations } from '../../src/config/targets.js';
import { validateConfig } from '../../src/config/validate.js';
import type { Config, LoadedConfig } from '../../src/config/types.js';
import { isRollcallError } from '../../src/errors.js';
import { EventLog } from '../../src/model/events.js';
import { createTarget } from '../../src/targets/factory.js';
import { desiredGoogle } from '../google-builders.js';
import { assignment, makeConfig, rows, staffUser, student } from '../builders.js';

function valid(input: unknown): Config {
  const result = validateConfig(input);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

const loaded = (config: Config): LoadedConfig => ({ config, path: '/etc/rollcall/district.json', baseDir: '/etc/rollcall', digest: 'sha256:x', warnings: [] });
const context = { env: {}, baseDir: '.', events: new EventLog(), showProgress: false };

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (err) {
    return isRollcallError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  return undefined;
}

describe('targets in the config', () => {
  it('keeps a Google-only config as it was: Google manages everyone, and a run needs no --target', () => {
    const config = valid({ google: { domain: 'd118.example.org' } });
    expect(configuredTargets(config)).toEqual(['google']);
    expect(config.google?.populations).toEqual(['student', 'staff']);
    expect(targetPopulations(config, 'google')).toEqual(['student', 'staff']);
    expect(chooseTarget(config, undefined, 'c.json')).toBe('google');
    expect(targetIdentity(config, 'google')).toBe('d118.example.org');
  });

  it('describes Google and Entra side by side, each with its people; a run must then say which', () => {
    const config = valid({ google: { domain: 'd118.example.org', populations: ['student'] }, entra: { tenant: 'd118.example.org', populations: ['staff'] } });
    expect(configuredTargets(config)).toEqual(['google', 'entra']);
    expect(targetPopulations(config, 'google')).toEqual(['student']);
    expect(targetPopulations(config, 'entra')).toEqual(['staff']);
    expect(codeOf(() => chooseTarget(config, undefined, 'c.json'))).toBe('USAGE: c.json names 2 targets (google, entra): say which this run is for with --target google|entra');
    expect(chooseTarget(config, 'entra', 'c.json')).toBe('entra');
    expect(codeOf(() => chooseTarget(valid({ google: { domain: 'd.example.org' } }), 'entra', 'c.json'))).toBe('USAGE: --target entra: c.json has no entra section (it names google)');
  });

  it('switches a population off everywhere with students.enabled / staff.enabled', () => {
    const config = valid({ google: { domain: 'd.example.org' }, entra: { tenant: 'd.example.org' }, staff: { enabled: false } });
    expect(targetPopulations(config, 'google')).toEqual(['student']);
    expect(targetPopulations(config, 'entra')).toEqual(['student']);
  });

  it('refuses a config naming no directory, an empty population list, and an Entra section without its tenant', () => {
    const none = validateConfig({ students: { enabled: true } });
    expect(none.ok ? [] : none.errors).toEqual(['(top level): names no directory to manage: add a google section (with its domain), or an entra section']);
    const empty = validateConfig({ google: { domain: 'd.example.org', populations: [] } });
    expect(empty.ok ? [] : empty.errors).toEqual([expect.stringMatching(/^google\.populations: /)]);
    const entra = validateConfig({ entra: {} });
    expect(entra.ok ? [] : entra.errors).toEqual(['entra: missing required key tenant']);
  });

  it('the factory makes each target the config names, each with its people; a section the config lacks is named', () => {
    const config = valid({ google: { domain: 'd.example.org', populations: ['student'] }, entra: { tenant: 'd.example.org', populations: ['staff'] } });
    const google = createTarget(loaded(config), 'google', context);
    expect({ kind: google.kind, identity: google.identity, populations: google.populations }).toEqual({ kind: 'google', identity: 'd.example.org', populations: ['student'] });
    const entra = createTarget(loaded(config), 'entra', context);
    expect({ kind: entra.kind, identity: entra.identity, populations: entra.populations, words: entra.vocabulary.directory }).toEqual({
      kind: 'entra',
      identity: 'd.example.org',
      populations: ['staff'],
      words: 'Entra ID',
    });
    const googleOnly = valid({ google: { domain: 'd.example.org' } });
    expect(codeOf(() => createTarget(loaded(googleOnly), 'entra', context))).toBe('CONFIG_INVALID: /etc/rollcall/district.json: has no entra section');
  });

  it('gives a target only the people of its populations: students-only Google leaves staff unmanaged', () => {
    const u = staffUser();
    const source = rows({ students: [student()], users: [u], schoolStaff: [assignment(u.dcid, 301)] });
    const both = desiredGoogle(source, makeConfig(), '2026-11-23');
    expect(both.accounts.map((a) => a.person.population).sort()).toEqual(['staff', 'student']);
    const studentsOnly = desiredGoogle(source, makeConfig({ google: { populations: ['student'] } }), '2026-11-23');
    expect(studentsOnly.accounts.map((a) => a.person.population)).toEqual(['student']);
  });
});
