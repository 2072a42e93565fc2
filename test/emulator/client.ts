/** The real Google client pointed at an emulator, with its own retries off. */
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { OAuth2Client } from 'google-auth-library';
import type { DirectoryUser, GoogleState } from '../../src/targets/google/directory-types.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/targets/google/emulator/server.js';

export type Directory = admin_directory_v1.Admin;

export function directoryClient(emu: RunningEmulator): Directory {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3600e3 });
  // retry:false: fault tests must see each injected failure, not the client's own retries.
  return admin({ version: 'directory_v1', rootUrl: emu.url, auth, retry: false });
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

export function seed(partial: Partial<GoogleState>): GoogleState {
  return { users: [], groups: [], orgUnits: [], ...partial };
}
