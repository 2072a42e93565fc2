/**
 * The token rollcall calls Microsoft Graph with: app-only, by the OAuth 2.0 client-credentials
 * grant against the Microsoft identity platform (`<authorityHost>/<tenant>/oauth2/v2.0/token`,
 * scope `https://graph.microsoft.com/.default`), proving the app with
 * - client-secret: the app registration's secret, from an environment variable;
 * - certificate: a JWT signed with the private key of a certificate uploaded to the app
 *   registration (a PEM file holding the key and the certificate).
 * Against an emulator (a root URL is set) the token is a fixed word and no credential is read or
 * sent anywhere. Tokens are kept until shortly before they expire. The secret, the key and the
 * token never reach a message: token-endpoint errors carry the endpoint's code and description.
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntraAuthConfig } from '../../config/types.js';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { permissionWarning } from '../../io/secret-file.js';
import { redactSecrets } from '../../secret-text.js';

/** What the client asks before each request. */
export interface TokenSource {
  readonly mode: EntraAuthConfig['mode'];
  token(): Promise<string>;
}

/** The bearer token sent to an emulator. */
export const STATIC_ACCESS_TOKEN = 'emulator';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Where the public cloud's tokens come from. */
export const AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const CLIENT_SECRET_ENV = 'ROLLCALL_ENTRA_CLIENT_SECRET';

/** Renew this long before the token's stated expiry, so it never lapses mid-request. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export interface TokenSourceOptions {
  env: NodeJS.ProcessEnv;
  /** The config's directory: a relative certificate file is resolved against it. */
  baseDir: string;
  /** entra.tenant: the tenant signed in to unless auth.tenantId names another. */
  tenant: string;
  /** Set when Graph is an emulator: a fixed token, no credentials. */
  emulator: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export interface OpenedTokenSource {
  source: TokenSource;
  /** For the CLI to show: a certificate file others can read. */
  warnings: string[];
}

export async function openTokenSource(auth: EntraAuthConfig, options: TokenSourceOptions): Promise<OpenedTokenSource> {
  if (options.emulator) return { source: { mode: 'static-token', token: async () => STATIC_ACCESS_TOKEN }, warnings: [] };
  if (auth.mode === 'static-token') {
    throw new RollcallError(ErrorCodes.AUTH, "entra.auth.mode 'static-token' only works against an emulator: set entra.rootUrl or ROLLCALL_ENTRA_ROOT_URL", {
      details: { field: 'entra.auth.mode' },
    });
  }
  const clientId = auth.clientId ?? options.env.ROLLCALL_ENTRA_CLIENT_ID?.trim();
  if (clientId === undefined || clientId === '') {
    throw new RollcallError(ErrorCodes.AUTH, "no application (client) id: set entra.auth.clientId or ROLLCALL_ENTRA_CLIENT_ID to the app registration's id", {
      details: { field: 'entra.auth.clientId' },
    });
  }
  const endpoint = `${(auth.authorityHost ?? AUTHORITY_HOST).replace(/\/+$/, '')}/${encodeURIComponent(auth.tenantId ?? options.tenant)}/oauth2/v2.0/token`;
  const grant = { endpoint, clientId, fetch: options.fetch ?? globalThis.fetch, now: options.now ?? Date.now, timeoutMs: options.timeoutMs ?? 60_000 };
  if (auth.mode === 'client-secret') {
    const env = auth.clientSecretEnv ?? CLIENT_SECRET_ENV;
    const secret = options.env[env];
    if (secret === undefined || secret === '') {
      throw new RollcallError(ErrorCodes.AUTH, `no client secret: ${env} is not set (entra.auth.clientSecretEnv names the variable)`, {
        details: { field: 'entra.auth.clientSecretEnv', env },
      });
    }
    return { source: new ClientCredentials(grant, { kind: 'secret', secret }), warnings: [] };
  }
  const file = path.resolve(options.baseDir, auth.certificateFile);
  const certificate = await readCertificate(file);
  const warning = await permissionWarning(file, 'certificate and private key');
  return { source: new ClientCredentials(grant, { kind: 'certificate', ...certificate }), warnings: warning === undefined ? [] : [warning] };
}

interface Grant {
  endpoint: string;
  clientId: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
}

type Proof = { kind: 'secret'; secret: string } | { kind: 'certificate'; key: KeyObject; thumbprint: { sha1: string; sha256: string } };

/** The client-credentials grant, its token kept until shortly before it expires. */
export class ClientCredentials implements TokenSource {
  readonly mode: 'client-secret' | 'certificate';
  private cached: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly grant: Grant,
    private readonly proof: Proof,
  ) {
    this.mode = proof.kind === 'secret' ? 'client-secret' : 'certificate';
  }

  async token(): Promise<string> {
    if (this.cached && this.grant.now() < this.cached.renewAt) return this.cached.value;
    // Requests starting together share one token request.
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async request(): Promise<string> {
    const { endpoint, clientId } = this.grant;
    const form = new URLSearchParams({ client_id: clientId, scope: GRAPH_SCOPE, grant_type: 'client_credentials' });
    if (this.proof.kind === 'secret') form.set('client_secret', this.proof.secret);
    else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', this.assertion(this.proof));
    }
    const host = new URL(endpoint).host;
    let response: Response;
    try {
      response = await this.grant.fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.grant.timeoutMs),
      });
    } catch (err) {
      const code = networkCode(err);
      throw new RollcallError(ErrorCodes.AUTH, `cannot reach ${host} for a Microsoft Graph token (${code})`, { fault: 'tool', details: { host, networkCode: code, transient: true } });
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 429 || response.status >= 500) {
      throw new RollcallError(ErrorCodes.AUTH, `${host} answered HTTP ${response.status} to a Microsoft Graph token request`, {
        fault: 'tool',
        details: { host, status: response.status, transient: true },
      });
    }
    const token = body.access_token;
    if (!response.ok || typeof token !== 'string') {
      const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      const said = typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] ?? '' : '';
      const description = redactSecrets(said, this.proof.kind === 'secret' ? [this.proof.secret] : []).trim();
      throw new RollcallError(ErrorCodes.AUTH, `Microsoft identity platform refused the app's credentials (${code}${description ? `: ${description}` : ''}); check entra.auth and the app registration`, {
        details: { host, status: response.status, error: code },
      });
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
    this.cached = { value: token, renewAt: this.grant.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS) };
    return token;
  }

  /** The signed JWT that proves the app holds the certificate's key (RFC 7523, as the identity platform wants it). */
  private assertion(proof: Extract<Proof, { kind: 'certificate' }>): string {
    const now = Math.floor(this.grant.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5t: proof.thumbprint.sha1, 'x5t#S256': proof.thumbprint.sha256 };
    const claims = { aud: this.grant.endpoint, iss: this.grant.clientId, sub: this.grant.clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), proof.key).toString('base64url')}`;
  }
}

/** The private key and the certificate's thumbprints from one PEM file; AUTH errors name the file, never its content. */
async function readCertificate(file: string): Promise<{ key: KeyObject; thumbprint: { sha1: string; sha256: string } }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new RollcallError(ErrorCodes.AUTH, `${file}: cannot read the certificate file (${code === 'ENOENT' ? 'no such file' : code})`, { details: { file } });
  }
  const keyPem = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(text)?.[0];
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  if (keyPem === undefined || certPem === undefined) {
    throw new RollcallError(
      ErrorCodes.AUTH,
      `${file}: expected the certificate and its unencrypted private key in PEM form (-----BEGIN CERTIFICATE----- and -----BEGIN PRIVATE KEY-----)`,
      { details: { file } },
    );
  }
  try {
    const der = new X509Certificate(certPem).raw;
    return {
      key: createPrivateKey(keyPem),
      thumbprint: { sha1: createHash('sha1').update(der).digest('base64url'), sha256: createHash('sha256').update(der).digest('base64url') },
    };
  } catch {
    throw new RollcallError(ErrorCodes.AUTH, `${file}: the certificate or its private key cannot be read (the file is damaged or was edited)`, { details: { file } });
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function networkCode(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError') return 'TIMEOUT';
  return e?.cause?.code ?? e?.code ?? 'network error';
}
