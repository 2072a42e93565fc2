import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { admin } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import { classifyApiError, GoogleApiError, parseRetryAfter, toRollcallError } from '../../src/targets/google/api-error.js';
import { createDirectoryClient } from '../../src/targets/google/client.js';
import { googleScheduler } from '../../src/targets/google/scheduler.js';
import { googleConfig } from '../google-builders.js';
import { httpError, networkError } from './fake-clock.js';

describe('classifyApiError', () => {
  it('reads status, reason and message from a Google error body', () => {
    const info = classifyApiError(httpError(404, 'notFound', {}, 'Resource Not Found: userKey'));
    expect(info).toEqual({ status: 404, reason: 'notFound', message: 'Resource Not Found: userKey', transient: false });
  });

  it('takes the status from response.status when the error has none', () => {
    const err = { message: 'x', response: { status: 409, headers: {}, data: { error: { message: 'Entity already exists.', errors: [{ reason: 'duplicate' }] } } } };
    expect(classifyApiError(err)).toMatchObject({ status: 409, reason: 'duplicate', message: 'Entity already exists.', transient: false });
  });

  it.each([
    [403, 'userRateLimitExceeded', true],
    [403, 'quotaExceeded', true],
    [403, 'rateLimitExceeded', true],
    [403, 'forbidden', false],
    [429, undefined, true],
    [500, 'backendError', true],
    [503, undefined, true],
    [400, 'invalid', false],
    [401, 'authError', false],
    [404, 'notFound', false],
    [409, 'duplicate', false],
  ])('status %s reason %s -> transient %s', (status, reason, transient) => {
    expect(classifyApiError(httpError(status, reason)).transient).toBe(transient);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT'])('a network failure %s is transient', (code) => {
    expect(classifyApiError(networkError(code))).toMatchObject({ networkCode: code, transient: true });
  });

  it('finds a network code on a nested cause, and "socket hang up" by its message', () => {
    const wrapped = new Error('fetch failed', { cause: networkError('ECONNRESET') });
    expect(classifyApiError(wrapped)).toMatchObject({ networkCode: 'ECONNRESET', transient: true });
    expect(classifyApiError(new Error('socket hang up'))).toMatchObject({ networkCode: 'ECONNRESET', transient: true });
  });

  it('a plain bug is not transient', () => {
    expect(classifyApiError(new TypeError('undefined is not a function'))).toEqual({ message: 'undefined is not a function', transient: false });
  });

  it('reads Retry-After from plain and fetch-style headers', () => {
    expect(classifyApiError(httpError(429, undefined, { 'Retry-After': '12' })).retryAfterMs).toBe(12_000);
    const err = httpError(429) as Error & { response: { headers: unknown } };
    err.response.headers = new Headers({ 'retry-after': '2' });
    expect(classifyApiError(err).retryAfterMs).toBe(2000);
  });

  it('reads OAuth token-endpoint errors ({error, error_description})', () => {
    const err = { status: 400, response: { status: 400, data: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } } };
    expect(classifyApiError(err)).toMatchObject({ status: 400, reason: 'invalid_grant', message: 'Invalid JWT Signature.' });
    expect(toRollcallError(err).code).toBe(ErrorCodes.AUTH);
  });

  it('strips credential-looking text from messages', () => {
    const info = classifyApiError(new Error('failed: Authorization: Bearer ya29.abc-DEF_123 at https://x/?access_token=sekrit&key=AIzaXYZ'));
    expect(info.message).not.toMatch(/ya29|sekrit|AIzaXYZ/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [new Date(now + 10_000).toUTCString(), 10_000],
    [new Date(now - 10_000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
  ])('%j -> %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('toRollcallError', () => {
  it('is GOOGLE_API with status, reason and message, and the attempts of a scheduled call', () => {
    const failure = new GoogleApiError('users.list', 7, classifyApiError(httpError(503, 'backendError', {}, 'Backend Error')));
    const err = toRollcallError(failure);
    expect(err).toBeInstanceOf(RollcallError);
    expect(err.code).toBe(ErrorCodes.GOOGLE_API);
    expect(err.message).toBe('Google users.list failed: HTTP 503 backendError: Backend Error (after 7 attempts)');
    expect(err.fault).toBe('tool');
    expect(err.details).toEqual({ call: 'users.list', attempts: 7, status: 503, reason: 'backendError' });
  });

  it('is AUTH for 401', () => {
    expect(toRollcallError(httpError(401, 'authError', {}, 'Invalid Credentials')).code).toBe(ErrorCodes.AUTH);
  });
});

// A real GaxiosError from the real client, answered by a loopback server.
describe('errors from the real client keep credentials out', () => {
  const TOKEN = 'ya29.A0-very-secret-access-token';
  const PASSWORD = 'Sup3r-Secret-Initial-Passw0rd';
  let server: Server | undefined;
  const seen: IncomingMessage[] = [];

  async function serve(status: number, body: unknown, headers: Record<string, string> = {}): Promise<string> {
    server = createServer((req, res) => {
      seen.push(req);
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  afterEach(async () => {
    seen.length = 0;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
      server = undefined;
    }
  });

  function clientFor(rootUrl: string) {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3600_000 });
    return admin({ version: 'directory_v1', auth, rootUrl, retry: false });
  }

  it('a 403 from users.insert: the RollcallError has status, reason and message, no token, header or body', async () => {
    const rootUrl = await serve(403, {
      error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ message: 'Not Authorized to access this resource/api', domain: 'global', reason: 'forbidden' }] },
    });
    const directory = clientFor(rootUrl);
    const raw = await directory.users
      .insert({ requestBody: { primaryEmail: 'new@d118.org', name: { givenName: 'A', familyName: 'B' }, password: PASSWORD } })
      .catch((e: unknown) => e);

    // The request did carry the token: that is what must not leak.
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(raw).toBeInstanceOf(Error);

    const scheduler = googleScheduler({ requestsPerMinute: 6000, concurrency: 1, maxRetries: 3 });
    const failure = await scheduler.schedule('users.insert new@d118.org', () => Promise.reject(raw)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GoogleApiError);
    const err = toRollcallError(failure);
    expect(err.code).toBe(ErrorCodes.GOOGLE_API);
    expect(err.message).toBe('Google users.insert new@d118.org failed: HTTP 403 forbidden: Not Authorized to access this resource/api');

    for (const value of [failure, err]) {
      const everything = [
        String(value),
        (value as Error).message,
        (value as Error).stack ?? '',
        JSON.stringify(value),
        inspect(value, { depth: 20, showHidden: true }),
      ].join('\n');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(PASSWORD);
      expect(everything.toLowerCase()).not.toContain('authorization');
      expect(everything).not.toContain('Bearer');
    }
  });

  it('createDirectoryClient turns the client retry off: one request for a 503', async () => {
    const rootUrl = await serve(503, { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } });
    const config = googleConfig({ rootUrl, auth: { mode: 'static-token' } });
    const { directory } = await createDirectoryClient(config, {});
    const err = await directory.users.list({ customer: 'my_customer' }).catch((e: unknown) => e);
    expect(classifyApiError(err)).toMatchObject({ status: 503, reason: 'backendError', transient: true });
    expect(seen).toHaveLength(1);
  });

  it('classifies a request timeout and a refused connection from the real client as transient network failures', async () => {
    server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const config = googleConfig({ rootUrl: `http://127.0.0.1:${port}/`, auth: { mode: 'static-token' } });
    const { directory } = await createDirectoryClient(config, {}, { timeoutMs: 200 });
    const timedOut = await directory.users.list({ customer: 'my_customer' }).catch((e: unknown) => e);
    expect(classifyApiError(timedOut)).toMatchObject({ networkCode: 'TIMEOUT', transient: true });

    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const refused = await directory.users.list({ customer: 'my_customer' }).catch((e: unknown) => e);
    expect(classifyApiError(refused)).toMatchObject({ networkCode: 'ECONNREFUSED', transient: true });
  });
});
