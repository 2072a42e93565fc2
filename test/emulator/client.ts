/**
 * The real Google clients pointed at an emulator, with their own retries off: @googleapis/admin
 * for the Directory and Data Transfer APIs, and google-auth-library's authorised request for
 * the Licensing API, which has no npm client.
 */
import { admin, type admin_datatransfer_v1, type admin_directory_v1 } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { startEmulator, type EmulatorOptions, type GoogleEmulatorSeed, type RunningEmulator } from '../../src/targets/google/emulator/server.js';

export type Directory = admin_directory_v1.Admin;
export type DataTransfers = admin_datatransfer_v1.Admin;

function authClient(): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3600e3 });
  return auth;
}

export function directoryClient(emu: RunningEmulator): Directory {
  // retry:false: fault tests must see each injected failure, not the client's own retries.
  return admin({ version: 'directory_v1', rootUrl: emu.url, auth: authClient(), retry: false });
}

export function dataTransferClient(emu: RunningEmulator): DataTransfers {
  return admin({ version: 'datatransfer_v1', rootUrl: emu.url, auth: authClient(), retry: false });
}

/** The Licensing API over google-auth-library's authorised client: `path` is under `apps/licensing/v1/`. */
export function licensingClient(emu: RunningEmulator): <T = Record<string, unknown>>(method: string, path: string, data?: unknown) => Promise<{ status: number; data: T }> {
  const auth = authClient();
  return async <T>(method: string, path: string, data?: unknown) => {
    const res = await auth.request<T>({ url: `${emu.url}apps/licensing/v1/${path}`, method: method as 'GET', ...(data !== undefined ? { data } : {}), retry: false });
    return { status: res.status, data: res.data };
  };
}

export async function withEmulator<T>(
  options: EmulatorOptions,
  body: (emu: RunningEmulator, directory: Directory) => Promise<T>,
): Promise<T> {
  const emu = await startEmulator(options);
  try {
    return await body(emu, directoryClient(emu));
  } finally {
    await emu.close();
  }
}

/** What the client throws for a non-2xx answer (a GaxiosError), reduced to what tests check. */
export interface ApiFailure {
  status: number;
  reason: string | undefined;
  message: string | undefined;
  headers: Record<string, string>;
  body: unknown;
}

export async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (err) {
    const e = err as {
      status?: number;
      response?: { status: number; data: { error?: { message?: string; errors?: Array<{ reason?: string }> } }; headers: unknown };
    };
    if (!e.response) throw err;
    const raw = e.response.headers as Headers | Record<string, string>;
    const headers: Record<string, string> = {};
    if (typeof (raw as Headers).forEach === 'function') (raw as Headers).forEach((v, k) => (headers[k] = v));
    else Object.assign(headers, raw);
    return {
      status: e.response.status,
      reason: e.response.data.error?.errors?.[0]?.reason,
      message: e.response.data.error?.message,
      headers,
      body: e.response.data,
    };
  }
  throw new Error('expected the request to fail');
}

export function user(email: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  const local = email.slice(0, email.indexOf('@'));
  return { primaryEmail: email, name: { givenName: local, familyName: 'Test', fullName: `${local} Test` }, orgUnitPath: '/', ...extra };
}

export function seed(partial: Partial<GoogleEmulatorSeed>): GoogleEmulatorSeed {
  return { users: [], groups: [], orgUnits: [], ...partial };
}
