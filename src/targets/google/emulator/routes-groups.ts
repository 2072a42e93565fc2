/** groups.list (by customer/domain or by member), groups.get, groups.insert, groups.update (PUT and PATCH), groups.delete. */
import { GROUP_KIND, type DirectoryGroup } from '../directory-types.js';
import { ApiError, badRequest, entityExists, invalidInput, notFound } from './api-error.js';
import { customerOrDomain, domainOf } from './customer.js';
import type { StoredGroup } from './group-store.js';
import { listAnswer, pageOf, parseMaxResults } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import type { DirectoryStore } from './store.js';

export function requireGroup(store: DirectoryStore, key: string | undefined): StoredGroup {
  const group = key === undefined ? undefined : store.groups.find(key);
  if (!group) throw notFound('groupKey');
  return group;
}

/** A group as the API shows it: with its (string-typed, as in Google) direct member count. */
function groupView(group: StoredGroup): DirectoryGroup {
  return { ...structuredClone(group.resource), directMembersCount: String(group.members.size), adminCreated: true };
}

function listGroups({ query, store }: RequestContext): RouteResult {
  const userKey = query.get('userKey');
  const maxResults = parseMaxResults(query.get('maxResults'), 200, 200);
  if (query.get('query')) throw invalidInput('query on groups is not served by the emulator');
  let candidates: readonly StoredGroup[];
  let scope: string;
  if (userKey) {
    // Google refuses userKey together with customer: they select different listings.
    if (query.get('customer') || query.get('domain')) throw badRequest();
    const who = store.identify(userKey);
    candidates = store.groups.groupsWithMember(who.addresses, who.known ? [who.id] : []);
    scope = `groups:member:${who.email.toLowerCase()}`;
  } else {
    const domain = customerOrDomain(store, query);
    candidates = store.groups
      .sortedByEmail()
      .filter((g) => domain === undefined || domainOf(g.resource.email) === domain);
    scope = 'groups:all';
  }
  const page = pageOf(candidates, (g) => g.resource.email.toLowerCase(), {
    scope,
    token: query.get('pageToken'),
    maxResults,
  });
  return listAnswer('admin#directory#groups', 'groups', page.items.map(groupView), page.nextPageToken);
}

function getGroup({ params, store }: RequestContext): RouteResult {
  return { status: 200, body: groupView(requireGroup(store, params.groupKey)) };
}

/** The writable fields of a group body: email, name, description (anything else is ignored, as Google ignores output-only fields). */
function groupFields(body: Record<string, unknown>, required: boolean): Partial<Pick<DirectoryGroup, 'email' | 'name' | 'description'>> {
  const fields: Partial<Pick<DirectoryGroup, 'email' | 'name' | 'description'>> = {};
  if (body.email !== undefined || required) {
    if (typeof body.email !== 'string' || body.email === '') throw new ApiError(400, 'Missing required field: email', 'required');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) throw invalidInput('email');
    fields.email = body.email;
  }
  for (const key of ['name', 'description'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalidInput(key);
    if (key === 'description' && value.length > 4096) throw invalidInput('description');
    fields[key] = value;
  }
  return fields;
}

function insertGroup({ body, store }: RequestContext): RouteResult {
  const fields = groupFields(body, true);
  const email = fields.email as string;
  if (store.addressTaken(email)) throw entityExists();
  const group = store.groups.add({ kind: GROUP_KIND, email, name: fields.name ?? email.slice(0, email.indexOf('@')), description: fields.description ?? '' });
  return { status: 200, body: groupView(group) };
}

function updateGroup({ params, body, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const fields = groupFields(body, false);
  if (fields.email !== undefined && fields.email.toLowerCase() !== group.resource.email.toLowerCase() && store.addressTaken(fields.email)) throw entityExists();
  store.groups.update(group, fields);
  return { status: 200, body: groupView(group) };
}

function deleteGroup({ params, store }: RequestContext): RouteResult {
  store.groups.remove(requireGroup(store, params.groupKey));
  return { status: 204 };
}

export const groupRoutes: Route[] = [
  { method: 'GET', pattern: 'groups', name: 'groups.list', mutates: false, handle: listGroups },
  { method: 'POST', pattern: 'groups', name: 'groups.insert', mutates: true, handle: insertGroup },
  { method: 'GET', pattern: 'groups/:groupKey', name: 'groups.get', mutates: false, handle: getGroup },
  { method: 'PUT', pattern: 'groups/:groupKey', name: 'groups.update', mutates: true, handle: updateGroup },
  { method: 'PATCH', pattern: 'groups/:groupKey', name: 'groups.patch', mutates: true, handle: updateGroup },
  { method: 'DELETE', pattern: 'groups/:groupKey', name: 'groups.delete', mutates: true, handle: deleteGroup },
];
