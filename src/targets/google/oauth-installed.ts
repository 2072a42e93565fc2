/**
 * OAuth for an admin signing in as themselves (installed-app flow). With a token file, load it:
 * `{type: "authorized_user", client_id, client_secret, refresh_token}`, the format Google's
 * libraries reload with `fromJSON`. Without one, run the loopback flow once: listen on
 * 127.0.0.1 (any free port), hand the consent URL to the caller, take the code the browser
 * brings back (state-checked, PKCE), exchange it, and keep the refresh token in a 0600 file.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { CodeChallengeMethod, OAuth2Client, UserRefreshClient } from 'google-auth-library';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { toRollcallError } from './api-error.js';
import { readSecretJson, writeSecretJson } from '../../io/secret-file.js';

export interface InstalledAppOptions {
  credentialsFile: string;
  tokenFile: string;
  scopes: readonly string[];
  onConsentUrl?: (url: string) => void;
  timeoutMs: number;
}

interface ClientSecrets {
  clientId: string;
  clientSecret: string;
  authUri?: string;
  tokenUri?: string;
}

export async function installedAppClient(options: InstalledAppOptions): Promise<{ client: OAuth2Client; warnings: string[] }> {
  if (await exists(options.tokenFile)) {
    const { json, warning } = await readSecretJson(options.tokenFile, 'OAuth token file');
    const { type, client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken } = json;
    if (type !== 'authorized_user' || typeof clientId !== 'string' || typeof clientSecret !== 'string' || typeof refreshToken !== 'string') {
      throw new RollcallError(
        ErrorCodes.AUTH,
        `${options.tokenFile}: not an OAuth token file (expected "type": "authorized_user" with client_id, client_secret and refresh_token); delete it to sign in again`,
        { details: { file: options.tokenFile } },
      );
    }
    const client = new UserRefreshClient({ clientId, clientSecret, refreshToken });
    return { client, warnings: warning === undefined ? [] : [warning] };
  }

  if (!options.onConsentUrl) {
    throw new RollcallError(
      ErrorCodes.AUTH,
      `${options.tokenFile}: no OAuth token yet; sign in once interactively to create it`,
      { details: { file: options.tokenFile } },
    );
  }
  const { secrets, warning } = await readClientSecrets(options.credentialsFile);
  const client = await consentFlow(secrets, options.scopes, options.onConsentUrl, options.timeoutMs);
  const refreshToken = client.credentials.refresh_token;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new RollcallError(
      ErrorCodes.AUTH,
      'Google returned no refresh token; remove rollcall from the account\'s third-party access and sign in again',
    );
  }
  await writeSecretJson(options.tokenFile, {
    type: 'authorized_user',
    client_id: secrets.clientId,
    client_secret: secrets.clientSecret,
    refresh_token: refreshToken,
  });
  return { client, warnings: warning === undefined ? [] : [warning] };
}

/** credentials.json from the Cloud console: `{installed: {...}}` (or `{web: {...}}`). */
async function readClientSecrets(file: string): Promise<{ secrets: ClientSecrets; warning?: string }> {
  const { json, warning } = await readSecretJson(file, 'OAuth client file');
  const section = (json.installed ?? json.web) as Record<string, unknown> | undefined;
  if (!section || typeof section.client_id !== 'string' || typeof section.client_secret !== 'string') {
    throw new RollcallError(
      ErrorCodes.AUTH,
      `${file}: not an OAuth client file (expected "installed" with client_id and client_secret; download a Desktop app client from the Cloud console)`,
      { details: { file } },
    );
  }
  const secrets: ClientSecrets = { clientId: section.client_id, clientSecret: section.client_secret };
  if (typeof section.auth_uri === 'string') secrets.authUri = section.auth_uri;
  if (typeof section.token_uri === 'string') secrets.tokenUri = section.token_uri;
  return warning === undefined ? { secrets } : { secrets, warning };
}

async function consentFlow(
  secrets: ClientSecrets,
  scopes: readonly string[],
  onConsentUrl: (url: string) => void,
  timeoutMs: number,
): Promise<OAuth2Client> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    const port = (server.address() as AddressInfo).port;
    const redirectUri = `http://127.0.0.1:${port}/`;
    const endpoints: { oauth2AuthBaseUrl?: string; oauth2TokenUrl?: string } = {};
    if (secrets.authUri) endpoints.oauth2AuthBaseUrl = secrets.authUri;
    if (secrets.tokenUri) endpoints.oauth2TokenUrl = secrets.tokenUri;
    const client = new OAuth2Client({ clientId: secrets.clientId, clientSecret: secrets.clientSecret, redirectUri, endpoints });
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const state = randomBytes(16).toString('hex');
    const url = client.generateAuthUrl({
      access_type: 'offline',
      // Always ask: Google sends a refresh token only on a fresh consent.
      prompt: 'consent',
      scope: [...scopes],
      state,
      ...(codeChallenge ? { code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 } : {}),
    });
    const waiting = waitForCode(server, state, timeoutMs);
    let authorizationCode: string;
    try {
      onConsentUrl(url);
      authorizationCode = await waiting.code;
    } finally {
      waiting.cancel();
    }
    try {
      const { tokens } = await client.getToken({ code: authorizationCode, codeVerifier, redirect_uri: redirectUri });
      client.setCredentials(tokens);
    } catch (err) {
      throw toRollcallError(err, 'OAuth token exchange');
    }
    return client;
  } finally {
    await closeServer(server);
  }
}

/** Lets the browser's last answer finish, drops idle (pre-connected) sockets, then cuts whatever is left after a second. */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 1000);
  await closed;
  clearTimeout(force);
}

/**
 * The authorization code from the browser's redirect (stray requests such as a favicon are
 * ignored). `cancel` stops waiting, so a failed hand-off leaves no timer behind.
 */
function waitForCode(server: Server, state: string, timeoutMs: number): { code: Promise<string>; cancel: () => void } {
  let cancel = (): void => undefined;
  const code = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.off('request', onRequest);
      reject(new RollcallError(ErrorCodes.AUTH, `no answer from the browser within ${Math.round(timeoutMs / 1000)} s; sign in again`));
    }, timeoutMs);
    cancel = () => {
      clearTimeout(timer);
      server.off('request', onRequest);
    };
    const finish = (res: ServerResponse, status: number, text: string): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(text);
    };
    function onRequest(req: IncomingMessage, res: ServerResponse): void {
      const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      if (params.get('state') !== state) {
        finish(res, 404, 'Not found.');
        return;
      }
      clearTimeout(timer);
      server.off('request', onRequest);
      const error = params.get('error');
      const code = params.get('code');
      if (error !== null || code === null) {
        finish(res, 400, 'rollcall was not given access. You can close this tab.');
        reject(new RollcallError(ErrorCodes.AUTH, `Google sign-in refused (${(error ?? 'no code returned').slice(0, 80)})`));
        return;
      }
      finish(res, 200, 'rollcall is signed in. You can close this tab.');
      resolve(code);
    }
    server.on('request', onRequest);
  });
  return { code, cancel };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    return true; // unreadable for another reason: readSecretJson reports it
  }
}
