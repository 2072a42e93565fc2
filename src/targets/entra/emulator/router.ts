/**
 * What Graph route handlers see and return. Routes are written relative to `/v1.0/` (pattern
 * syntax in emulator-kit/route-table.ts); literal segments match in any case, as Graph's do.
 */
import type { Answer, RequestGate } from '../../../emulator-kit/request-gate.js';
import type { GraphQuery } from './odata-query.js';
import type { Tenant } from './tenant.js';

export const GRAPH_PREFIX = '/v1.0/';

/** What every request of one emulator shares. */
export interface GraphEnv {
  tenant: Tenant;
  gate: RequestGate;
  /** `http://127.0.0.1:PORT/v1.0/`, known once the server listens. */
  base(): string;
  /** The answer for an error, with a request id. */
  answer(error: unknown): Answer;
}

export interface RequestContext {
  params: Record<string, string>;
  /** The request's URL, absolute on the emulator's address (for `@odata.nextLink`). */
  url: URL;
  query: GraphQuery;
  /** The parsed JSON body of POST/PATCH requests, `{}` otherwise. */
  body: Record<string, unknown>;
  env: GraphEnv;
  tenant: Tenant;
}

export interface Route {
  method: string;
  pattern: string;
  /** For stats: `users.list`, `groups.members.add`... */
  name: string;
  mutates: boolean;
  handle(ctx: RequestContext): Answer;
}

/** A `@odata.context` value. */
export function contextUrl(ctx: RequestContext, fragment: string): string {
  return `${ctx.env.base()}$metadata#${fragment}`;
}
