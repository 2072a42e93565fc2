/** Users: list (and $count), get, create, update, delete, memberOf, revokeSignInSessions. */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import type { GraphUser } from '../graph-types.js';
import { collectionAnswer } from './collection.js';
import { mixedSelection, typedView } from './directory-objects.js';
import { badRequest, objectConflict, resourceNotFound, unsupportedQuery } from './graph-error.js';
import { freshId } from './ids.js';
import { project } from './odata-query.js';
import { applyBody } from './resource-writes.js';
import { contextUrl, type RequestContext, type Route } from './router.js';
import { ADMINISTRATIVE_UNIT_SCHEMA, GROUP_SCHEMA } from './schema.js';
import type { Tenant } from './tenant.js';
import { checkPasswordProfile, checkUserShape } from './user-rules.js';

export function requireUser(tenant: Tenant, key: string | undefined): GraphUser {
  const user = key === undefined ? undefined : tenant.users.find(key);
  if (!user) throw resourceNotFound(key ?? '');
  return user;
}

/** Graph's timestamps: ISO 8601 in UTC, whole seconds. */
export function graphTime(tenant: Tenant): string {
  return tenant.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The ids a filter's equality allows, from the indexes, in order; every id when it has none. */
function candidateIds(tenant: Tenant, equality: { property: string; values: unknown[] } | undefined): readonly string[] {
  if (!equality) return tenant.users.sortedIds;
  const ids = new Set<string>();
  for (const value of equality.values) for (const id of tenant.users.lookup(equality.property, value)) ids.add(id);
  return [...ids].sort();
}

/**
 * `$orderby`: userPrincipalName only (ascending, or `desc`), without `$filter` (Graph sorts
 * filtered users only in an advanced query). Undefined when the request has none.
 */
function upnOrder(query: RequestContext['query']): 'asc' | 'desc' | undefined {
  const raw = query.option('$orderby');
  if (raw === undefined) return undefined;
  const m = /^\s*userPrincipalName(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) throw unsupportedQuery(`Order by '${raw}' is not supported: the emulator sorts users by userPrincipalName only.`);
  if (query.option('$filter') !== undefined) throw unsupportedQuery('Sorting not supported for current query.');
  return m[1]?.toLowerCase() === 'desc' ? 'desc' : 'asc';
}

function listUsers(ctx: RequestContext): Answer {
  const { query, tenant } = ctx;
  query.allowOnly('$select', '$top', '$filter', '$count', '$skiptoken', '$orderby');
  const selected = query.select(tenant.userSchema);
  const order = upnOrder(query);
  const filter = query.filter(tenant.userSchema);
  return collectionAnswer(ctx, {
    // Ordered by userPrincipalName, the listing walks the lower-cased names (which find takes too).
    scope: order === undefined ? 'users' : `users:upn:${order}`,
    ids: order === undefined ? candidateIds(tenant, filter?.equality) : tenant.users.sortedUpns,
    descending: order === 'desc',
    find: (id) => tenant.users.find(id),
    matches: filter?.test,
    view: (user) => project(user, selected),
    context: 'users',
    selected,
  });
}

function countUsers({ query, tenant }: RequestContext): Answer {
  query.allowOnly('$filter');
  if (!query.consistencyEventual) throw badRequest('$count is not currently supported.');
  const filter = query.filter(tenant.userSchema);
  const ids = candidateIds(tenant, filter?.equality);
  const n = filter ? ids.filter((id) => filter.test(tenant.users.find(id) as GraphUser)).length : ids.length;
  return { status: 200, text: String(n) };
}

function entityContext(ctx: RequestContext, set: string, names: readonly string[] | undefined): string {
  return contextUrl(ctx, `${set}${names ? `(${names.join(',')})` : ''}/$entity`);
}

/** One user as a read answers it: the properties `$select` names, or the defaults; `set` names it in `@odata.context`. */
export function selectedUserAnswer(ctx: RequestContext, user: GraphUser, set: string): Answer {
  const { query, tenant } = ctx;
  query.allowOnly('$select');
  const selected = query.select(tenant.userSchema);
  const names = query.selected ? selected.map((p) => p.name) : undefined;
  return { status: 200, body: { '@odata.context': entityContext(ctx, set, names), ...project(user, selected) } };
}

function getUser(ctx: RequestContext): Answer {
  return selectedUserAnswer(ctx, requireUser(ctx.tenant, ctx.params.id), 'users');
}

/** A user as create and assignLicense answer: the default properties. */
export function userAnswer(ctx: RequestContext, user: GraphUser, status: number): Answer {
  const defaults = ctx.tenant.userSchema.all.filter((p) => p.byDefault === true);
  return { status, body: { '@odata.context': entityContext(ctx, 'users', undefined), ...project(user, defaults) } };
}

function createUser(ctx: RequestContext): Answer {
  const { tenant, body } = ctx;
  ctx.query.allowOnly();
  const { result, secrets } = applyBody(tenant.userSchema, {}, body, 'create');
  checkPasswordProfile(secrets.passwordProfile, 'create');
  checkUserShape(result, tenant.rules);
  const upn = result.userPrincipalName as string;
  if (tenant.users.upnTaken(upn)) throw objectConflict('userPrincipalName');
  const user: GraphUser = {
    ...result,
    id: freshId(`user:${upn.toLowerCase()}`, (id) => tenant.idTaken(id)),
    userPrincipalName: upn,
    userType: (result.userType as string | undefined) ?? 'Member',
    createdDateTime: graphTime(tenant),
  };
  tenant.putUser(user);
  return userAnswer(ctx, user, 201);
}

function updateUser({ tenant, body, params, query }: RequestContext): Answer {
  query.allowOnly();
  const before = requireUser(tenant, params.id);
  const { result, secrets } = applyBody(tenant.userSchema, before, body, 'update');
  if ('passwordProfile' in secrets) checkPasswordProfile(secrets.passwordProfile, 'update');
  checkUserShape(result, tenant.rules);
  const after = result as GraphUser;
  if (tenant.users.upnTaken(after.userPrincipalName, before.id)) throw objectConflict('userPrincipalName');
  tenant.putUser(after);
  return { status: 204 };
}

function deleteUser({ tenant, params, query }: RequestContext): Answer {
  query.allowOnly();
  tenant.deleteUser(requireUser(tenant, params.id), graphTime(tenant));
  return { status: 204 };
}

/** The units and groups a user is a direct member of. */
function memberOf(ctx: RequestContext): Answer {
  const { tenant, params, query } = ctx;
  query.allowOnly('$select', '$top', '$skiptoken');
  const select = mixedSelection(query, [GROUP_SCHEMA, ADMINISTRATIVE_UNIT_SCHEMA]);
  const user = requireUser(tenant, params.id);
  const ids = [...tenant.units.holding(user.id, 'members'), ...tenant.groups.holding(user.id, 'members')].sort();
  return collectionAnswer(ctx, {
    scope: `memberOf:${user.id}`,
    ids,
    find: (id) => tenant.units.find(id) ?? tenant.groups.find(id),
    view: (c) =>
      tenant.units.find(c.resource.id) ? typedView(c.resource, ADMINISTRATIVE_UNIT_SCHEMA, select) : typedView(c.resource, GROUP_SCHEMA, select),
    context: 'directoryObjects',
  });
}

/** Ends the user's sessions: tokens issued before now stop working. */
function revokeSignInSessions(ctx: RequestContext): Answer {
  const { tenant, params, query } = ctx;
  query.allowOnly();
  const user = requireUser(tenant, params.id);
  tenant.putUser({ ...user, signInSessionsValidFromDateTime: graphTime(tenant) });
  return { status: 200, body: { '@odata.context': contextUrl(ctx, 'Edm.Boolean'), value: true } };
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: 'users', name: 'users.list', mutates: false, handle: listUsers },
  { method: 'GET', pattern: 'users/$count', name: 'users.count', mutates: false, handle: countUsers },
  { method: 'POST', pattern: 'users', name: 'users.create', mutates: true, handle: createUser },
  { method: 'GET', pattern: 'users/:id', name: 'users.get', mutates: false, handle: getUser },
  { method: 'PATCH', pattern: 'users/:id', name: 'users.update', mutates: true, handle: updateUser },
  { method: 'DELETE', pattern: 'users/:id', name: 'users.delete', mutates: true, handle: deleteUser },
  { method: 'GET', pattern: 'users/:id/memberOf', name: 'users.memberOf', mutates: false, handle: memberOf },
  { method: 'POST', pattern: 'users/:id/revokeSignInSessions', name: 'users.revokeSignInSessions', mutates: true, handle: revokeSignInSessions },
];
