/**
 * The app-only token and the client that carries it: the client-credentials grant with a secret
 * from the environment or a certificate's signed assertion, against an identity endpoint served
 * in-process on loopback; the token kept until shortly before it expires; refusals and missing
 * settings named without the secret; a fixed token (and no credentials read) for an emulator;
 * a next-page link to another host refused before the token goes there.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntraAuthConfig } from '../../src/config/types.js';
import { isRollcallError } from '../../src/errors.js';
import { openTokenSource, STATIC_ACCESS_TOKEN, type TokenSourceOptions } from '../../src/targets/entra/auth.js';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import { GraphClient } from '../../src/targets/entra/graph-client.js';

const SECRET = 'c1ient~Secret.value-for-tests_0123456789';

/** A token endpoint on loopback: answers each form it is sent with `answer`, and keeps what it was sent. */
interface TokenEndpoint {
  url: string;
  forms: URLSearchParams[];
  paths: string[];
  answer: (form: URLSearchParams) => { status: number; body: unknown };
  close(): Promise<void>;
}

async function tokenEndpoint(): Promise<TokenEndpoint> {
  const endpoint: TokenEndpoint = {
    url: '',
    forms: [],
    paths: [],
    answer: () => ({ status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: `token-${endpoint.forms.length}` } }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      endpoint.forms.push(form);
      endpoint.paths.push(req.url ?? '');
      const { status, body: answer } = endpoint.answer(form);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return endpoint;
}

async function failureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (err) {
    return isRollcallError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  throw new Error('expected a failure');
}

let idp: TokenEndpoint;
let dir: string;
beforeAll(async () => {
  idp = await tokenEndpoint();
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-entra-auth-'));
});
afterAll(async () => idp.close());

const options = (extra: Partial<TokenSourceOptions> = {}): TokenSourceOptions => ({
  env: { ROLLCALL_ENTRA_CLIENT_SECRET: SECRET },
  baseDir: dir,
  tenant: 'maplewood.example.org',
  emulator: false,
  ...extra,
});

describe('the Entra token', () => {
  it('asks the tenant for an app-only Graph token with the client secret, and keeps it until shortly before it expires', async () => {
    let now = 1_000_000;
    const auth: EntraAuthConfig = { mode: 'client-secret', clientId: 'app-1', authorityHost: idp.url };
    const { source } = await openTokenSource(auth, options({ now: () => now }));
    idp.forms.length = 0;
    expect(await source.token()).toBe('token-1');
    expect(await source.token()).toBe('token-1');
    expect(idp.forms).toHaveLength(1);
    expect(idp.paths[idp.paths.length - 1]).toBe('/maplewood.example.org/oauth2/v2.0/token');
    expect(Object.fromEntries(idp.forms[0]!)).toEqual({ client_id: 'app-1', scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials', client_secret: SECRET });
    now += 3599_000 - 5 * 60_000 + 1;
    expect(await source.token()).toBe('token-2');
  });

  it('proves a certificate with a signed assertion (RS256, the certificate thumbprint, the token endpoint as audience); the key never leaves', async () => {
    const pem = path.join(dir, 'app.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem, '-out', `${pem}.crt`, '-days', '1', '-subj', '/CN=rollcall-test'], { stdio: 'ignore' });
    await writeFile(pem, `${await readFile(pem, 'utf8')}${await readFile(`${pem}.crt`, 'utf8')}`);
    await chmod(pem, 0o644);
    const auth: EntraAuthConfig = { mode: 'certificate', clientId: 'app-2', tenantId: 'tenant-id-1', certificateFile: 'app.pem', authorityHost: idp.url };
    idp.forms.length = 0;
    const { source, warnings } = await openTokenSource(auth, options());
    expect(warnings).toEqual([expect.stringContaining('accessible to group/others (mode 0644); run chmod 600 on it')]);
    await source.token();
    const form = idp.forms[0]!;
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('client_secret')).toBeNull();
    const [header, claims, signature] = (form.get('client_assertion') as string).split('.') as [string, string, string];
    const cert = new X509Certificate(await readFile(`${pem}.crt`));
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      x5t: createHash('sha1').update(cert.raw).digest('base64url'),
      'x5t#S256': createHash('sha256').update(cert.raw).digest('base64url'),
    });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({ aud: `${idp.url}/tenant-id-1/oauth2/v2.0/token`, iss: 'app-2', sub: 'app-2' });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' })), Buffer.from(signature, 'base64url'))).toBe(true);
    expect(form.toString()).not.toContain('PRIVATE');
  });

  it('names what is missing or refused, never the secret', async () => {
    const auth: EntraAuthConfig = { mode: 'client-secret', clientId: 'app-1', authorityHost: idp.url };
    expect(await failureOf(() => openTokenSource(auth, options({ env: {} })))).toBe('AUTH: no client secret: ROLLCALL_ENTRA_CLIENT_SECRET is not set (entra.auth.clientSecretEnv names the variable)');
    expect(await failureOf(() => openTokenSource({ mode: 'client-secret' }, options()))).toMatch(/^AUTH: no application \(client\) id: set entra\.auth\.clientId or ROLLCALL_ENTRA_CLIENT_ID/);
    expect(await failureOf(() => openTokenSource({ mode: 'static-token' }, options()))).toBe(
      "AUTH: entra.auth.mode 'static-token' only works against an emulator: set entra.rootUrl or ROLLCALL_ENTRA_ROOT_URL",
    );
    expect(await failureOf(() => openTokenSource({ mode: 'certificate', certificateFile: 'nope.pem', clientId: 'x' }, options()))).toMatch(/^AUTH: .*nope\.pem: cannot read the certificate file \(no such file\)$/);
    idp.answer = () => ({ status: 401, body: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. client_secret=${SECRET}\r\nTrace ID: 1` } });
    const { source } = await openTokenSource(auth, options());
    const refused = await failureOf(() => source.token());
    expect(refused).toBe("AUTH: Microsoft identity platform refused the app's credentials (invalid_client: AADSTS7000215: Invalid client secret provided. client_secret=[redacted]); check entra.auth and the app registration");
    expect(refused).not.toContain(SECRET);
  });

  it('sends a fixed token to an emulator and reads no credential', async () => {
    const { source } = await openTokenSource({ mode: 'certificate', certificateFile: 'absent.pem' }, options({ emulator: true, env: {} }));
    expect(source.mode).toBe('static-token');
    expect(await source.token()).toBe(STATIC_ACCESS_TOKEN);
  });
});

describe('the Graph client', () => {
  it('sends the token only to its own root: a next-page link to another host is refused', async () => {
    const emu = await startEntraEmulator();
    try {
      const seen: string[] = [];
      const client = new GraphClient(emu.url, { mode: 'static-token', token: async () => 'the-token' }, {
        fetch: async (input, init) => {
          seen.push(String(input));
          return fetch(input, init);
        },
      });
      expect(await client.send({ method: 'GET', path: 'users?$top=1' })).toMatchObject({ value: [] });
      const refused = await failureOf(() => client.send({ method: 'GET', path: 'https://graph.evil.example/v1.0/users?$skiptoken=x' }));
      expect(refused).toBe('GRAPH_API: Microsoft Graph sent a next-page link to another host (graph.evil.example); rollcall sends its token to 127.0.0.1:' + new URL(emu.url).port + ' only');
      expect(seen).toEqual([`${emu.url}v1.0/users?$top=1`]);
      const missing = await failureOf(() => client.send({ method: 'GET', path: 'users/nobody@x.org' }));
      expect(missing).toMatch(/^GraphHttpError: HTTP 404 Request_ResourceNotFound: Resource 'nobody@x.org' does not exist/);
    } finally {
      await emu.close();
    }
  });
});
