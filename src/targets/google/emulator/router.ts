/**
 * The route tables of the Google APIs the emulator serves, each under its own prefix: the
 * Directory API (`/admin/directory/v1/`), the Enterprise License Manager (`/apps/licensing/v1/`)
 * and the Data Transfer API (`/admin/datatransfer/v1/`). Google serves them from different
 * hosts; a client given the emulator as its root URL keeps only the path, so one loopback host
 * serves all three. Routes are written relative to their prefix (pattern syntax in
 * emulator-kit/route-table.ts), and handlers see the directory store.
 */
import { matchRoute as matchInTable, type RouteMatch as TableMatch } from '../../../emulator-kit/route-table.js';
import { ApiError } from './api-error.js';
import type { DirectoryStore } from './store.js';

export const DIRECTORY_PREFIX = '/admin/directory/v1/';
export const LICENSING_PREFIX = '/apps/licensing/v1/';
export const DATA_TRANSFER_PREFIX = '/admin/datatransfer/v1/';

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
  /** The API method name (`users.list`, `licenseAssignments.insert`), used for stats. */
  name: string;
  mutates: boolean;
  handle(ctx: RequestContext): RouteResult;
}

/** One API: its prefix and its routes. */
export interface Api {
  prefix: string;
  routes: readonly Route[];
}

export type RouteMatch = TableMatch<Route>;

const badSegment = (segment: string): ApiError => new ApiError(400, `Invalid path segment: ${segment}`, 'invalid');

/**
 * The route for a request, or undefined. A path that matches with another method is still
 * undefined: Google answers those with 404 too.
 */
export function matchRoute(apis: readonly Api[], method: string, pathname: string): RouteMatch | undefined {
  for (const api of apis) {
    const match = matchInTable(api.routes, method, pathname, { prefix: api.prefix, badSegment });
    if (match) return match;
  }
  return undefined;
}
