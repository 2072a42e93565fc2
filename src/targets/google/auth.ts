/**
 * The credentials rollcall signs Directory API calls with, from `google.auth`:
 * - service-account: a JSON key with domain-wide delegation, acting as an admin (`subject`);
 * - oauth: an admin's own consent (installed-app flow, see oauth-installed.ts);
 * - static-token, or any run against an emulator (a root URL is set): a fixed bearer token and
 *   no network for auth, so real credentials are never sent to anything but Google.
 * Problems come back as warnings for the CLI to show; nothing here prints.
 */
import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import { JWT, OAuth2Client } from 'google-auth-library';
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { GoogleConfig } from '../../config/types.js';
import { installedAppClient } from './oauth-installed.js';
import { resolveRootUrl, type Env } from './root-url.js';
import { readSecretJson } from '../../io/secret-file.js';

/** The least the reader and the executor need: users read/write, memberships, groups and OUs read. */
export const DIRECTORY_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.group.member',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/admin.directory.orgunit.readonly',
];

/**
 * With managed groups (config groups), groups are made and deleted too: the full group scope
 * takes the place of the two group ones. Asked for only then, so a district that manages no
 * groups keeps the delegation it granted.
 */
export const GROUP_MANAGING_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.group',
  'https://www.googleapis.com/auth/admin.directory.orgunit.readonly',
];

export function directoryScopes(manageGroups: boolean): readonly string[] {
  return manageGroups ? GROUP_MANAGING_SCOPES : DIRECTORY_SCOPES;
}

/** What a client asks for: the directory's scopes (group-managing ones when the config manages groups) and the lifecycle's. */
function requestedScopes(options: AuthOptions): readonly string[] {
  return [...directoryScopes(options.manageGroups ?? false), ...(options.extraScopes ?? [])];
}

/** The bearer token sent to an emulator. */
export const STATIC_ACCESS_TOKEN = 'emulator';

export type AuthMode = 'service-account' | 'oauth' | 'static-token';

export interface AuthOptions {
  env?: Env;
  /** Relative key, credentials and token paths in the config resolve against this (the config's folder). */
  baseDir?: string;
  /** oauth without a token file: shown the consent URL to open (the CLI prints it). Without it, that case is an AUTH error. */
  onConsentUrl?: (url: string) => void;
  /** How long the oauth flow waits for the browser to come back. Default 5 minutes. */
  consentTimeoutMs?: number;
  /** Scopes beyond directoryScopes: those the config's lifecycle settings need (lifecycle.ts lifecycleScopes). */
  extraScopes?: readonly string[];
  /** The config manages groups: ask for the scope that makes and deletes them. */
  manageGroups?: boolean;
}

export interface DirectoryAuth {
  /** JWT, UserRefreshClient and the static client are all OAuth2Clients. */
  client: OAuth2Client;
  mode: AuthMode;
  /** For the CLI to show: loose file permissions, a missing subject... */
  warnings: string[];
}

export async function createAuthClient(config: GoogleConfig, options: AuthOptions = {}): Promise<DirectoryAuth> {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  const rootUrl = resolveRootUrl(config, env);
  const auth = config.auth;

  if (rootUrl !== null || auth.mode === 'static-token') {
    if (rootUrl === null) {
      throw new RollcallError(
        ErrorCodes.AUTH,
        "google.auth.mode 'static-token' only works against an emulator: set google.rootUrl or ROLLCALL_GOOGLE_ROOT_URL",
        { details: { field: 'google.auth.mode' } },
      );
    }
    return { client: staticTokenClient(), mode: 'static-token', warnings: [] };
  }

  if (auth.mode === 'service-account') {
    return serviceAccountClient(auth.keyFile, auth.subject, env, baseDir, requestedScopes(options));
  }

  const { client, warnings } = await installedAppClient({
    credentialsFile: path.resolve(baseDir, auth.credentialsFile ?? 'credentials.json'),
    tokenFile: path.resolve(baseDir, auth.tokenFile ?? 'token.json'),
    scopes: requestedScopes(options),
    ...(options.onConsentUrl ? { onConsentUrl: options.onConsentUrl } : {}),
    timeoutMs: options.consentTimeoutMs ?? 5 * 60_000,
  });
  return { client, mode: 'oauth', warnings };
}

/** A client that always sends `Bearer emulator` and never refreshes. */
export function staticTokenClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: STATIC_ACCESS_TOKEN, expiry_date: Date.UTC(9999, 0, 1) });
  return client;
}

async function serviceAccountClient(
  configured: string | undefined,
  configuredSubject: string | undefined,
  env: Env,
  baseDir: string,
  scopes: readonly string[],
): Promise<DirectoryAuth> {
  const fromEnv = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  const keyFile = configured ? path.resolve(baseDir, configured) : fromEnv ? path.resolve(fromEnv) : undefined;
  if (keyFile === undefined) {
    throw new RollcallError(
      ErrorCodes.AUTH,
      'no service-account key: set google.auth.keyFile or GOOGLE_APPLICATION_CREDENTIALS to the JSON key file',
      { details: { field: 'google.auth.keyFile' } },
    );
  }
  const { json, warning } = await readSecretJson(keyFile, 'service-account key');
  const warnings = warning === undefined ? [] : [warning];

  if (json.type !== 'service_account' || typeof json.client_email !== 'string' || typeof json.private_key !== 'string') {
    const hint =
      json.type === 'authorized_user'
        ? ' (it is an OAuth user token: use google.auth.mode "oauth")'
        : ' (expected "type": "service_account" with client_email and private_key)';
    throw new RollcallError(ErrorCodes.AUTH, `${keyFile}: not a service-account key${hint}`, { details: { file: keyFile } });
  }

  // A key that cannot be read would fail every request, each with the same OpenSSL error: stop once, here.
  try {
    createPrivateKey(json.private_key);
  } catch {
    throw new RollcallError(ErrorCodes.AUTH, `${keyFile}: the service-account key's private_key is not a readable private key (the file is damaged or was edited): download a new key`, {
      details: { file: keyFile },
    });
  }

  const subject = configuredSubject ?? (env.ROLLCALL_GOOGLE_SUBJECT?.trim() || undefined);
  if (subject === undefined) {
    warnings.push(
      `no admin to act as (google.auth.subject or ROLLCALL_GOOGLE_SUBJECT): ${json.client_email} calls as itself, which works only if it holds an admin role`,
    );
  }
  const client = new JWT({
    email: json.client_email,
    key: json.private_key,
    ...(typeof json.private_key_id === 'string' ? { keyId: json.private_key_id } : {}),
    scopes: [...scopes],
    ...(subject !== undefined ? { subject } : {}),
  });
  return { client, mode: 'service-account', warnings };
}
