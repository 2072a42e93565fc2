/**
 * The Directory API client: `@googleapis/admin` directory_v1 with our credentials, pointed at
 * Google or an emulator. Its own retry is off: gaxios would retry 429/5xx for some methods only
 * and invisibly, beside our scheduler's backoff; the scheduler owns every retry (scheduler.ts).
 */
import type { admin_datatransfer_v1, admin_directory_v1 } from '@googleapis/admin';
import type { GoogleConfig } from '../../config/types.js';
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { OAuth2Client } from 'google-auth-library';
import { toRollcallError } from './api-error.js';
import type { AuthMode, AuthOptions } from './auth.js';
import { licensingApi, type LicensingApi } from './licensing-api.js';
import { resolveRootUrl, type Env } from './root-url.js';

export interface DirectoryClientOptions extends Omit<AuthOptions, 'env'> {
  /** Per-request timeout; a timed-out request counts as a network failure and is retried. Default 120 s (a full page of 500 users can be slow). */
  timeoutMs?: number;
  /**
   * Get an access token now, so credentials Google refuses stop the run once, before anything is
   * changed, rather than failing every change (apply).
   */
  verify?: boolean;
}

export interface DirectoryClient {
  directory: admin_directory_v1.Admin;
  /** The Enterprise License Manager, with the same credentials. */
  licensing: LicensingApi;
  /** The Data Transfer API (Drive files of an account before it is deleted). */
  dataTransfer: admin_datatransfer_v1.Admin;
  /** The emulator's root URL, or null for Google. */
  rootUrl: string | null;
  authMode: AuthMode;
  /** Credential warnings for the CLI to show. */
  warnings: string[];
}

export async function createDirectoryClient(
  config: GoogleConfig,
  env: Env = process.env,
  options: DirectoryClientOptions = {},
): Promise<DirectoryClient> {
  // Loaded when a client is made, not with the CLI: a plan from a snapshot file never needs
  // the Google libraries, which take a noticeable part of a second to load.
  const [{ admin }, { createAuthClient }] = await Promise.all([import('@googleapis/admin'), import('./auth.js')]);
  const rootUrl = resolveRootUrl(config, env);
  const { timeoutMs, verify, ...authOptions } = options;
  const auth = await createAuthClient(config, { ...authOptions, env });
  if (verify === true && auth.mode !== 'static-token') await verifyCredentials(auth.client);
  const timeout = timeoutMs ?? 120_000;
  const common = { auth: auth.client, ...(rootUrl !== null ? { rootUrl } : {}), retry: false, timeout };
  const directory = admin({ version: 'directory_v1', ...common });
  const dataTransfer = admin({ version: 'datatransfer_v1', ...common });
  return { directory, licensing: licensingApi(auth.client, rootUrl, timeout), dataTransfer, rootUrl, authMode: auth.mode, warnings: auth.warnings };
}

async function verifyCredentials(client: OAuth2Client): Promise<void> {
  try {
    await client.getAccessToken();
  } catch (err) {
    const failure = toRollcallError(err, 'sign-in (access token)');
    throw new RollcallError(ErrorCodes.AUTH, `${failure.message}: nothing was changed; check the credentials (google.auth) and run again`, { details: failure.details });
  }
}
