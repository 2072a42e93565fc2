/**
 * The Enterprise License Manager (Licensing API v1), which has no npm client: its four REST calls
 * through google-auth-library's authorised client (the same credentials as the Directory API),
 * shaped like the googleapis clients (`{ data }` answers, GaxiosError failures), so the scheduler
 * and the error classification treat them as every other Google call. Retries are the
 * scheduler's: the client's own are off.
 */
import type { OAuth2Client } from 'google-auth-library';
import type { LicenseAssignment } from './directory-types.js';

/** Where Google serves the Licensing API; an emulator serves it at its own root. */
export const LICENSING_ROOT = 'https://licensing.googleapis.com/';

export interface LicenceAssignmentList {
  items?: LicenseAssignment[];
  nextPageToken?: string;
}

export interface LicenceSkuParams {
  productId: string;
  skuId: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface LicensingApi {
  listForProductAndSku(params: LicenceSkuParams & { customerId: string; maxResults: number; pageToken?: string }, options?: RequestOptions): Promise<{ data: LicenceAssignmentList }>;
  get(params: LicenceSkuParams & { userId: string }, options?: RequestOptions): Promise<{ data: LicenseAssignment }>;
  insert(params: LicenceSkuParams & { requestBody: { userId: string } }, options?: RequestOptions): Promise<{ data: LicenseAssignment }>;
  delete(params: LicenceSkuParams & { userId: string }, options?: RequestOptions): Promise<unknown>;
}

/** `rootUrl`: an emulator's, or null for Google. */
export function licensingApi(auth: OAuth2Client, rootUrl: string | null, timeoutMs: number): LicensingApi {
  const base = `${rootUrl ?? LICENSING_ROOT}apps/licensing/v1/`;
  const sku = (p: LicenceSkuParams) => `${base}product/${encodeURIComponent(p.productId)}/sku/${encodeURIComponent(p.skuId)}`;
  const send = async <T>(method: 'GET' | 'POST' | 'DELETE', url: string, options: RequestOptions = {}, extra: { params?: Record<string, unknown>; data?: unknown } = {}): Promise<{ data: T }> => {
    const res = await auth.request<T>({ url, method, ...extra, retry: false, timeout: timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    return { data: res.data };
  };
  return {
    listForProductAndSku: ({ customerId, maxResults, pageToken, ...p }, options) =>
      send('GET', `${sku(p)}/users`, options, { params: { customerId, maxResults, ...(pageToken !== undefined ? { pageToken } : {}) } }),
    get: ({ userId, ...p }, options) => send('GET', `${sku(p)}/user/${encodeURIComponent(userId)}`, options),
    insert: ({ requestBody, ...p }, options) => send('POST', `${sku(p)}/user`, options, { data: requestBody }),
    delete: ({ userId, ...p }, options) => send('DELETE', `${sku(p)}/user/${encodeURIComponent(userId)}`, options),
  };
}
