/**
 * Route table matching. Routes are written relative to `/admin/directory/v1/` with `:name`
 * for one path segment and `*name` for the rest of the path (org unit paths keep their
 * slashes). Segment values are URL-decoded before handlers see them.
 */
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

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, `Invalid path segment: ${segment}`, 'invalid');
  }
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/');
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    if (part.startsWith('*')) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.every((s) => s === '')) return undefined;
      params[part.slice(1)] = decode(rest.join('/'));
      return params;
    }
    const segment = segments[i];
    if (segment === undefined || segment === '') return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = decode(segment);
    else if (part !== segment) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}

/**
 * The route for a request, or undefined. A path that matches with another method is still
 * undefined: Google answers those with 404 too.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  if (!pathname.startsWith(API_PREFIX)) return undefined;
  const segments = pathname.slice(API_PREFIX.length).split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, segments);
    if (params) return { route, params };
  }
  return undefined;
}
