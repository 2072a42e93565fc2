/**
 * Route table matching. Routes are written relative to the API's prefix with `:name` for one
 * path segment and `*name` for the rest of the path (Google's org unit paths keep their
 * slashes). Segment values are URL-decoded before handlers see them.
 */

export interface RoutePattern {
  method: string;
  pattern: string;
}

export interface RouteMatch<R extends RoutePattern> {
  route: R;
  params: Record<string, string>;
}

export interface RouteTable {
  /** Where routes start: `/admin/directory/v1/`, `/v1.0/`. */
  prefix: string;
  /** Graph: resource names in paths are not case-sensitive; Google: they are. */
  ignoreCase?: boolean;
  /** The API's own error for a segment that does not URL-decode. */
  badSegment: (segment: string) => Error;
}

function decode(segment: string, table: RouteTable): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw table.badSegment(segment);
  }
}

function matchPattern(pattern: string, segments: readonly string[], table: RouteTable): Record<string, string> | undefined {
  const parts = pattern.split('/');
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    if (part.startsWith('*')) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.every((s) => s === '')) return undefined;
      params[part.slice(1)] = decode(rest.join('/'), table);
      return params;
    }
    const segment = segments[i];
    if (segment === undefined || segment === '') return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = decode(segment, table);
    else if (!(part === segment || (table.ignoreCase === true && part.toLowerCase() === decode(segment, table).toLowerCase()))) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}

/** The path's segments after the prefix, or undefined when it is outside the API. */
export function pathSegments(pathname: string, table: RouteTable): string[] | undefined {
  const prefixed = table.ignoreCase === true ? pathname.toLowerCase().startsWith(table.prefix.toLowerCase()) : pathname.startsWith(table.prefix);
  return prefixed ? pathname.slice(table.prefix.length).split('/') : undefined;
}

/** The route for a request, or undefined (also when only another method serves the path). */
export function matchRoute<R extends RoutePattern>(routes: readonly R[], method: string, pathname: string, table: RouteTable): RouteMatch<R> | undefined {
  const segments = pathSegments(pathname, table);
  if (segments === undefined) return undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, segments, table);
    if (params) return { route, params };
  }
  return undefined;
}

/** Whether some route serves the path with any method (to tell 405 from an unknown path). */
export function pathServed(routes: readonly RoutePattern[], pathname: string, table: RouteTable): boolean {
  const segments = pathSegments(pathname, table);
  return segments !== undefined && routes.some((route) => matchPattern(route.pattern, segments, table) !== undefined);
}
