/** Paging as Google checks it (`maxResults` in range, a `pageToken` from the same listing) and answers it. */
import { pageOf as cursorPage, type Page, type PageRequest } from '../../../emulator-kit/paging.js';
import { ApiError, invalidInput } from './api-error.js';
import { etagOf } from './ids.js';
import type { RouteResult } from './router.js';

/** `maxResults` as Google checks it: an integer in 1..max, `fallback` when absent. */
export function parseMaxResults(raw: string | null, max: number, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ApiError(400, `Invalid value '${raw}'. Values must be within the range: [1, ${max}]`, 'invalid');
  }
  return n;
}

/** One page after the token's position; a token that is not this listing's is `Invalid Input: pageToken`. */
export function pageOf<T>(sorted: readonly T[], keyOf: (item: T) => string, request: Omit<PageRequest<T>, 'badToken'>): Page<T> {
  return cursorPage(sorted, keyOf, { ...request, badToken: () => invalidInput('pageToken') });
}

/**
 * A list answer as Google sends it: `kind`, an etag of the page, the items under `key` (left
 * out when there are none) and `nextPageToken` only while more remain.
 */
export function listAnswer<T>(kind: string, key: string, items: T[], nextPageToken: string | undefined, itemEtag: (item: T) => unknown = (item) => (item as { etag?: unknown }).etag): RouteResult {
  return {
    status: 200,
    body: {
      kind,
      etag: etagOf({ [key]: items.map(itemEtag), next: nextPageToken }),
      ...(items.length > 0 ? { [key]: items } : {}),
      ...(nextPageToken ? { nextPageToken } : {}),
    },
  };
}
