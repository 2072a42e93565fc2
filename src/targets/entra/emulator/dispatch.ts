/**
 * From a request to the operation that serves it: the route table (literal segments in any
 * case, as Graph's), `$batch`, and Graph's answers for what no route serves (400 naming the
 * unknown segment; 405 for a known path with another method).
 */
import { parseJsonBody } from '../../../emulator-kit/http-io.js';
import { unknownOperation, type Operation } from '../../../emulator-kit/request-gate.js';
import { matchRoute, pathServed, type RouteMatch, type RoutePattern, type RouteTable } from '../../../emulator-kit/route-table.js';
import { batchOperation, invalidJson, type GraphRequest } from './batch.js';
import { badRequest, GraphError, odataBadRequest } from './graph-error.js';
import { GraphQuery } from './odata-query.js';
import { GRAPH_PREFIX, type GraphEnv, type Route } from './router.js';
import { containerRoutes } from './routes-containers.js';
import { deletedItemRoutes } from './routes-deleted.js';
import { licenceRoutes } from './routes-licences.js';
import { memberRoutes } from './routes-members.js';
import { userRoutes } from './routes-users.js';

const ROUTES: readonly Route[] = [...userRoutes, ...licenceRoutes, ...containerRoutes, ...memberRoutes, ...deletedItemRoutes];
const BATCH: readonly RoutePattern[] = [{ method: 'POST', pattern: '$batch' }];
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

const TABLE: RouteTable = {
  prefix: GRAPH_PREFIX,
  ignoreCase: true,
  badSegment: (segment) => odataBadRequest(`Bad Request - Invalid URL segment '${segment}'.`),
};

function noRoute(method: string, pathname: string): GraphError {
  if (pathServed([...ROUTES, ...BATCH], pathname, TABLE)) {
    return new GraphError(405, 'Request_BadRequest', `Specified HTTP method '${method}' is not allowed for the request target.`);
  }
  const inside = pathname.toLowerCase().startsWith(GRAPH_PREFIX) ? pathname.slice(GRAPH_PREFIX.length) : pathname.replace(/^\//, '');
  return odataBadRequest(`Resource not found for the segment '${inside.split('/')[0] ?? ''}'.`);
}

/** The operation for a request (or for one request of a batch, which may not hold another batch). */
export function graphOperation(request: GraphRequest, env: GraphEnv, inBatch = false): Operation {
  const { method, url } = request;
  let match: RouteMatch<Route> | undefined;
  try {
    if (matchRoute(BATCH, method, url.pathname, TABLE)) {
      if (inBatch) return unknownOperation(badRequest('A batch request cannot be nested inside another batch request.'));
      return batchOperation(env, (inner) => graphOperation(inner, env, true));
    }
    match = matchRoute(ROUTES, method, url.pathname, TABLE);
  } catch (err) {
    return unknownOperation(err as Error);
  }
  if (!match) return unknownOperation(noRoute(method, url.pathname));
  const { route, params } = match;
  const consistency = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'consistencylevel')?.[1];
  return {
    name: route.name,
    mutates: route.mutates,
    run: (text) =>
      route.handle({
        params,
        url,
        query: new GraphQuery(url.searchParams, consistency?.toLowerCase() === 'eventual'),
        body: BODY_METHODS.has(method) ? parseJsonBody(text, invalidJson) : {},
        env,
        tenant: env.tenant,
      }),
  };
}
