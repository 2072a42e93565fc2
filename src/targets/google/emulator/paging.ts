/** Paging as Google checks it: `maxResults` in range, and a `pageToken` from the same listing. */
import { pageOf as cursorPage, type Page, type PageRequest } from '../../../emulator-kit/paging.js';
import { ApiError, invalidInput } from './api-error.js';

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
