import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JWT, UserRefreshClient } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import type { GoogleAuthConfig, GoogleConfig } from '../../src/config/types.js';
import { createAuthClient, DIRECTORY_SCOPES, STATIC_ACCESS_TOKEN } from '../../src/targets/google/auth.js';
import { googleConfig as baseGoogleConfig } from '../google-builders.js';

const googleConfig = (auth: GoogleAuthConfig, rootUrl: string | null = null): GoogleConfig => baseGoogleConfig({ auth, rootUrl });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-auth-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

async function writeKey(name: string, mode: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir, name);
  const key = {
    type: 'service_account',
    project_id: 'rollcall-test',
    private_key_id: 'abc123',
    private_key: privateKey,
    client_email: 'rollcall@rollcall-test.iam.gserviceaccount.com',
    client_id: '1234567890',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  };
  await writeFile(file, JSON.stringify(key), { mode });
  await chmod(file, mode);
  return file;
}

/** The error a promise rejects with, or a failure if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<RollcallError> {
  const result = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(RollcallError);
  return result as RollcallError;
}

const assertNoKey = (text: string): void => {
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toContain(privateKey.slice(40, 80));
};

describe('static token (emulator)', () => {
  it('static-token mode with a root URL: a fixed bearer token that never expires, no files read', async () => {
    const auth = await createAuthClient(googleConfig({ mode: 'static-token' }, 'http://127.0.0.1:8085/'), { env: {} });
    expect(auth.mode).toBe('static-token');
    expect(auth.client.credentials.access_token).toBe(STATIC_ACCESS_TOKEN);
    expect(auth.client.credentials.expiry_date).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
    const headers = await auth.client.getRequestHeaders();
    expect(headers.get('authorization')).toBe(`Bearer ${STATIC_ACCESS_TOKEN}`);
  });

  it('any mode against an emulator (ROLLCALL_GOOGLE_ROOT_URL) uses the static token: real credentials never go there', async () => {
    const auth = await createAuthClient(googleConfig({ mode: 'service-account', keyFile: 'missing.json' }), {
      env: { ROLLCALL_GOOGLE_ROOT_URL: 'http://127.0.0.1:9/' },
      baseDir: dir,
    });
    expect(auth.mode).toBe('static-token');
  });

  it('static-token mode without a root URL is an AUTH error', async () => {
    const err = await rejection(createAuthClient(googleConfig({ mode: 'static-token' }), { env: {} }));
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.message).toContain('ROLLCALL_GOOGLE_ROOT_URL');
  });
});

describe('service account', () => {
  it('builds a JWT client for the key, acting as the configured subject, with the directory scopes', async () => {
    await writeKey('sa.json', 0o600);
    const auth = await createAuthClient(googleConfig({ mode: 'service-account', keyFile: 'sa.json', subject: 'admin@d118.org' }), {
      env: {},
      baseDir: dir,
    });
    expect(auth.mode).toBe('service-account');
    expect(auth.warnings).toEqual([]);
    expect(auth.client).toBeInstanceOf(JWT);
    const jwt = auth.client as JWT;
    expect(jwt.email).toBe('rollcall@rollcall-test.iam.gserviceaccount.com');
    expect(jwt.subject).toBe('admin@d118.org');
    expect(jwt.keyId).toBe('abc123');
    expect(jwt.scopes).toEqual([...DIRECTORY_SCOPES]);
  });

  it('takes the key file from GOOGLE_APPLICATION_CREDENTIALS and the subject from ROLLCALL_GOOGLE_SUBJECT', async () => {
    const file = await writeKey('env-key.json', 0o600);
    const auth = await createAuthClient(googleConfig({ mode: 'service-account' }), {
      env: { GOOGLE_APPLICATION_CREDENTIALS: file, ROLLCALL_GOOGLE_SUBJECT: 'it@d118.org' },
    });
    expect((auth.client as JWT).subject).toBe('it@d118.org');
  });

  it('warns (does not fail) when there is no subject', async () => {
    await writeKey('sa.json', 0o600);
    const auth = await createAuthClient(googleConfig({ mode: 'service-account', keyFile: 'sa.json' }), { env: {}, baseDir: dir });
    expect(auth.warnings).toHaveLength(1);
    expect(auth.warnings[0]).toContain('ROLLCALL_GOOGLE_SUBJECT');
  });

  it('a missing key file is an AUTH error naming the file', async () => {
    const err = await rejection(createAuthClient(googleConfig({ mode: 'service-account', keyFile: 'nope.json' }), { env: {}, baseDir: dir }));
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.message).toContain(path.join(dir, 'nope.json'));
    expect(err.message).toContain('no such file');
  });

  it('no key file configured at all is an AUTH error saying where to set one', async () => {
    const err = await rejection(createAuthClient(googleConfig({ mode: 'service-account' }), { env: {} }));
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.message).toContain('GOOGLE_APPLICATION_CREDENTIALS');
  });

  it('a file that is not a service-account key is an AUTH error that names it and shows none of its content', async () => {
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, `{"private_key": "${privateKey.replace(/\n/g, '\\n')}", oops`, { mode: 0o600 });
    const e1 = await rejection(createAuthClient(googleConfig({ mode: 'service-account', keyFile: notJson }), { env: {} }));
    expect(e1.message).toBe(`${notJson}: not a service-account key (not valid JSON)`);

    const wrongType = await writeKey('user.json', 0o600, { type: 'authorized_user' });
    const e2 = await rejection(createAuthClient(googleConfig({ mode: 'service-account', keyFile: wrongType }), { env: {} }));
    expect(e2.message).toContain(`${wrongType}: not a service-account key`);
    expect(e2.message).toContain('oauth');

    const noKey = await writeKey('nokey.json', 0o600, { private_key: undefined });
    const e3 = await rejection(createAuthClient(googleConfig({ mode: 'service-account', keyFile: noKey }), { env: {} }));
    expect(e3.code).toBe(ErrorCodes.AUTH);
    for (const e of [e1, e2, e3]) assertNoKey(`${e.message}\n${JSON.stringify(e.details)}`);
  });

  it.skipIf(process.platform === 'win32')('warns when the key file is readable by group or others (0644)', async () => {
    const file = await writeKey('loose.json', 0o644);
    const auth = await createAuthClient(googleConfig({ mode: 'service-account', keyFile: file, subject: 'admin@d118.org' }), { env: {} });
    expect(auth.warnings).toHaveLength(1);
    expect(auth.warnings[0]).toContain(file);
    expect(auth.warnings[0]).toContain('0644');
    assertNoKey(auth.warnings[0] as string);
  });
});

describe('oauth (installed app)', () => {
  it('loads an existing token.json as a refreshing user client', async () => {
    const tokenFile = path.join(dir, 'token.json');
    await writeFile(
      tokenFile,
      JSON.stringify({ type: 'authorized_user', client_id: 'cid.apps.googleusercontent.com', client_secret: 'csecret', refresh_token: '1//refresh' }),
      { mode: 0o600 },
    );
    const auth = await createAuthClient(googleConfig({ mode: 'oauth' }), { env: {}, baseDir: dir });
    expect(auth.mode).toBe('oauth');
    expect(auth.warnings).toEqual([]);
    expect(auth.client).toBeInstanceOf(UserRefreshClient);
    expect(auth.client.credentials.refresh_token).toBe('1//refresh');
    expect(auth.client._clientId).toBe('cid.apps.googleusercontent.com');
  });

  it('a token file of the wrong shape is an AUTH error naming it', async () => {
    const tokenFile = path.join(dir, 'tok.json');
    await writeFile(tokenFile, JSON.stringify({ access_token: 'x' }), { mode: 0o600 });
    const err = await rejection(createAuthClient(googleConfig({ mode: 'oauth', tokenFile: 'tok.json' }), { env: {}, baseDir: dir }));
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.message).toContain(tokenFile);
  });

  it('without a token file and no way to show a consent URL, is an AUTH error', async () => {
    const err = await rejection(createAuthClient(googleConfig({ mode: 'oauth' }), { env: {}, baseDir: dir }));
    expect(err.code).toBe(ErrorCodes.AUTH);
    expect(err.message).toContain(path.join(dir, 'token.json'));
  });

  describe('loopback consent flow', () => {
    let tokenServer: Server;
    let tokenUrl: string;
    const exchanges: URLSearchParams[] = [];

    beforeEach(async () => {
      exchanges.length = 0;
      tokenServer = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          exchanges.push(form);
          const ok = form.get('code') === 'the-code' && (form.get('code_verifier') ?? '').length >= 43;
          res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(
              ok
                ? { access_token: 'ya29.fresh', refresh_token: '1//new-refresh', expires_in: 3599, token_type: 'Bearer', scope: DIRECTORY_SCOPES.join(' ') }
                : { error: 'invalid_grant', error_description: 'Bad Request' },
            ),
          );
        });
      });
      await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
      tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
      await writeFile(
        path.join(dir, 'credentials.json'),
        JSON.stringify({
          installed: {
            client_id: 'cid.apps.googleusercontent.com',
            client_secret: 'csecret',
            auth_uri: 'https://accounts.google.com/o/oauth2/auth',
            token_uri: tokenUrl,
            redirect_uris: ['http://localhost'],
          },
        }),
        { mode: 0o600 },
      );
    });
    afterEach(async () => {
      tokenServer.closeAllConnections();
      await new Promise((resolve) => tokenServer.close(resolve));
    });

    it('hands out the consent URL, takes the code on 127.0.0.1, and keeps the refresh token in a 0600 token.json', async () => {
      const urls: string[] = [];
      let browser: Promise<Response> | undefined;
      const auth = await createAuthClient(googleConfig({ mode: 'oauth' }), {
        env: {},
        baseDir: dir,
        onConsentUrl: (url) => {
          urls.push(url);
          const consent = new URL(url);
          const redirect = new URL(consent.searchParams.get('redirect_uri') as string);
          expect(redirect.hostname).toBe('127.0.0.1');
          expect(consent.searchParams.get('access_type')).toBe('offline');
          expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
          expect(consent.searchParams.get('scope')?.split(' ')).toEqual([...DIRECTORY_SCOPES]);
          // The browser: a stray request first, then the redirect back with the code.
          browser = fetch(new URL('/favicon.ico', redirect)).then(() => {
            redirect.searchParams.set('code', 'the-code');
            redirect.searchParams.set('state', consent.searchParams.get('state') as string);
            return fetch(redirect);
          });
        },
      });
      expect(urls).toHaveLength(1);
      expect((await browser)?.status).toBe(200);
      expect(auth.mode).toBe('oauth');
      expect(auth.client.credentials.refresh_token).toBe('1//new-refresh');
      expect(exchanges).toHaveLength(1);

      const tokenFile = path.join(dir, 'token.json');
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(tokenFile, 'utf8'))).toEqual({
        type: 'authorized_user',
        client_id: 'cid.apps.googleusercontent.com',
        client_secret: 'csecret',
        refresh_token: '1//new-refresh',
      });

      // Next time the token file is enough.
      const again = await createAuthClient(googleConfig({ mode: 'oauth' }), { env: {}, baseDir: dir });
      expect(again.client.credentials.refresh_token).toBe('1//new-refresh');
    });

    /** A browser that, shown the consent URL, is redirected back at once with `answer` (and the state). */
    const browserAnswers = (answer: Record<string, string>) => (url: string) => {
      const consent = new URL(url);
      const redirect = new URL(consent.searchParams.get('redirect_uri') as string);
      for (const [name, value] of Object.entries(answer)) redirect.searchParams.set(name, value);
      redirect.searchParams.set('state', consent.searchParams.get('state') as string);
      void fetch(redirect);
    };

    it('a refused consent is an AUTH error and writes no token file', async () => {
      const err = await rejection(
        createAuthClient(googleConfig({ mode: 'oauth' }), {
          env: {},
          baseDir: dir,
          onConsentUrl: browserAnswers({ error: 'access_denied' }),
        }),
      );
      expect(err.code).toBe(ErrorCodes.AUTH);
      expect(err.message).toContain('access_denied');
      await expect(stat(path.join(dir, 'token.json'))).rejects.toThrow();
    });

    it('a failed code exchange is an AUTH error with Google\'s reason and no secret', async () => {
      const err = await rejection(
        createAuthClient(googleConfig({ mode: 'oauth' }), {
          env: {},
          baseDir: dir,
          onConsentUrl: browserAnswers({ code: 'wrong-code' }),
        }),
      );
      expect(err.code).toBe(ErrorCodes.AUTH);
      expect(err.message).toContain('invalid_grant');
      expect(`${err.message} ${JSON.stringify(err.details)}`).not.toMatch(/csecret|wrong-code/);
    });
  });
});
