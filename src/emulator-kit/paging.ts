/**
 * Cursor paging over a list sorted by a string key. A page token names the last key served, not
 * an offset, so a listing never repeats or skips an item that existed when it began, even when
 * items are added while a client pages (items added ahead of the cursor show up, items added
 * behind it do not). The token is opaque to clients and the same position always gives the
 * same token: Google's pageToken, Graph's $skiptoken.
 */
import { firstAfter, firstNotBelow } from './sorted-search.js';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface PageRequest<T> {
  /** Which listing this is (e.g. `users:email`); a token from another listing is refused. */
  scope: string;
  token: string | null;
  maxResults: number;
  matches?: (item: T) => boolean;
  /** Serve from the highest key down (sortOrder=DESCENDING). */
  descending?: boolean;
  /** The API's own error for a token that does not decode or belongs to another listing. */
  badToken: () => Error;
}

function encodeToken(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ s: scope, a: after }), 'utf8').toString('base64url');
}

function decodeToken(scope: string, token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; a?: unknown };
    if (parsed.s === scope && typeof parsed.a === 'string') return parsed.a;
  } catch {
    // fall through: a token that does not decode is refused like one from another listing
  }
  return undefined;
}

/**
 * One page of `sorted` (ascending by `keyOf`, keys unique) after the token's position, walking
 * from the top when `descending`.
 */
export function pageOf<T>(sorted: readonly T[], keyOf: (item: T) => string, request: PageRequest<T>): Page<T> {
  const descending = request.descending === true;
  let after: string | undefined;
  if (request.token) {
    after = decodeToken(request.scope, request.token);
    if (after === undefined) throw request.badToken();
  }
  let i: number;
  if (after === undefined) i = descending ? sorted.length - 1 : 0;
  else i = descending ? firstNotBelow(sorted, keyOf, after) - 1 : firstAfter(sorted, keyOf, after);
  const step = descending ? -1 : 1;
  const items: T[] = [];
  for (; i >= 0 && i < sorted.length; i += step) {
    const item = sorted[i] as T;
    if (request.matches && !request.matches(item)) continue;
    if (items.length === request.maxResults) {
      // Only promise a next page when one more matching item really exists.
      const last = items[items.length - 1] as T;
      return { items, nextPageToken: encodeToken(request.scope, keyOf(last)) };
    }
    items.push(item);
  }
  return { items };
}
