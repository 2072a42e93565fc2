import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors.js';
import type { Config, GoogleConfig } from '../../src/config/types.js';
import { createDirectoryClient } from '../../src/targets/google/client.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { readAttributes, readSchemas } from '../../src/targets/google/attribute-keys.js';
import { resolveRootUrl } from '../../src/targets/google/root-url.js';
import { googleConfig } from '../google-builders.js';

const google = (rootUrl: string | null, auth: GoogleConfig['auth'] = { mode: 'service-account' }): GoogleConfig => googleConfig({ rootUrl, auth });

describe('resolveRootUrl', () => {
  it('is null for Google, the config value otherwise, and ROLLCALL_GOOGLE_ROOT_URL wins', () => {
    expect(resolveRootUrl(google(null), {})).toBeNull();
    expect(resolveRootUrl(google('http://127.0.0.1:8085'), {})).toBe('http://127.0.0.1:8085/');
    expect(resolveRootUrl(google('http://127.0.0.1:8085/'), { ROLLCALL_GOOGLE_ROOT_URL: 'http://127.0.0.1:9999/' })).toBe('http://127.0.0.1:9999/');
  });

  it('keeps only the origin (the client drops a path anyway)', () => {
    expect(resolveRootUrl(google('http://127.0.0.1:8085/some/path'), {})).toBe('http://127.0.0.1:8085/');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => resolveRootUrl(google('not a url'), {})).toThrow(expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }));
    expect(() => resolveRootUrl(google(null), { ROLLCALL_GOOGLE_ROOT_URL: 'ftp://x/' })).toThrow(/ROLLCALL_GOOGLE_ROOT_URL/);
  });
});

describe('createDirectoryClient', () => {
  it('talks to an emulator named by ROLLCALL_GOOGLE_ROOT_URL with the static token, whatever the auth mode', async () => {
    const emulator = await startEmulator({
      seed: { users: [{ primaryEmail: 'a@d118.org', name: { givenName: 'A', familyName: 'B' }, orgUnitPath: '/' }], groups: [], orgUnits: [] },
    });
    try {
      const client = await createDirectoryClient(google(null), { ROLLCALL_GOOGLE_ROOT_URL: emulator.url });
      expect(client.rootUrl).toBe(emulator.url);
      expect(client.authMode).toBe('static-token');
      const { data } = await client.directory.users.get({ userKey: 'a@d118.org' });
      expect(data.primaryEmail).toBe('a@d118.org');
    } finally {
      await emulator.close();
    }
  });
});

describe('the custom schemas a read asks for', () => {
  it('collects the schemas of configured attributes and customSchemas match targets, once each, sorted', () => {
    const config = {
      students: {
        attributes: { school: { schema: 'StudentInfo', field: 'School' }, gradYear: { schema: 'StudentInfo', field: 'GradYear' }, dcid: null, studentNumber: null },
        match: { source: 'student_number', target: 'primaryEmail' },
        lifecycle: { suspendedOn: null },
      },
      staff: {
        attributes: { dcid: null, homeschool: { schema: 'CrisisGO', field: 'Building' } },
        match: { source: 'dcid', target: 'customSchemas.Synchronization_Details.DCID' },
        lifecycle: { suspendedOn: null },
      },
    } as unknown as Config;
    expect(readSchemas(readAttributes(config, ['student', 'staff']))).toEqual(['CrisisGO', 'StudentInfo', 'Synchronization_Details']);
    expect(readSchemas(readAttributes(config, ['student']))).toEqual(['StudentInfo']);
  });

  it('reads the suspension date (lifecycle.suspendedOn) with the managed attributes, in its own schema if need be', () => {
    const config = {
      students: { attributes: {}, match: { source: 'email', target: 'primaryEmail' }, lifecycle: { suspendedOn: { schema: 'Lifecycle', field: 'Suspended_On' } } },
      staff: { attributes: {}, match: { source: 'email', target: 'primaryEmail' }, lifecycle: { suspendedOn: null } },
    } as unknown as Config;
    // primaryEmail, the match target, is the address: no attribute.
    expect(readAttributes(config, ['student', 'staff']).map((a) => a.key)).toEqual(['customSchemas.Lifecycle.Suspended_On']);
    expect(readSchemas(readAttributes(config, ['student']))).toEqual(['Lifecycle']);
    expect(readSchemas(readAttributes(config, ['staff']))).toEqual([]);
  });
});
