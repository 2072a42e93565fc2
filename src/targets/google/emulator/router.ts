/**
 * The Directory API's route table: routes are written relative to `/admin/directory/v1/` (see
 * emulator-kit/route-table.ts for the pattern syntax), and handlers see the directory store.
 */
import { matchRoute as matchInTable, type RouteMatch as TableMatch } from '../../../emulator-kit/route-table.js';
import { ApiError } from './api-error.js';
import type { DirectoryStore } from './store.js';

export const API_PREFIX = '/admin/directory/v1/';

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body of POST/PUT/PATCH requests, `{}` otherwise. */
  body: Record<string, unknown>;
  store: DirectoryStore;
}

export interface RouteResult {
  status: number;
  /** Absent for 204 answers. */
  body?: unknown;
}

export interface Route {
  method: string;
  pattern: string;
  /** The Directory API method name (`users.list`), used for stats. */
  name: string;
  mutates: boolean;
  handle(ctx: RequestContext): RouteResult;
}

export type RouteMatch = TableMatch<Route>;

const TABLE = {
  prefix: API_PREFIX,
  badSegment: (segment: string) => new ApiError(400, `Invalid path segment: ${segment}`, 'invalid'),
};

/**
 * The route for a request, or undefined. A path that matches with another method is still
 * undefined: Google answers those with 404 too.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  return matchInTable(routes, method, pathname, TABLE);
}
