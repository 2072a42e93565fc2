/** members.list, members.get, members.hasMember, members.insert, members.update (PUT and PATCH), members.delete. */
import type { DirectoryMember } from '../directory-types.js';
import { ApiError, invalidInput, notFound } from './api-error.js';
import { listAnswer, pageOf, parseMaxResults } from './paging.js';
import { requireGroup } from './routes-groups.js';
import type { RequestContext, Route, RouteResult } from './router.js';

const ROLES = new Set(['OWNER', 'MANAGER', 'MEMBER']);

function listMembers({ params, query, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const maxResults = parseMaxResults(query.get('maxResults'), 200, 200);
  if (query.get('includeDerivedMembership') === 'true') {
    throw invalidInput('includeDerivedMembership is not served by the emulator');
  }
  const rolesParam = query.get('roles');
  const roles = rolesParam ? new Set(rolesParam.split(',').map((r) => r.trim().toUpperCase())) : undefined;
  for (const role of roles ?? []) if (!ROLES.has(role)) throw invalidInput(`roles ${role}`);
  const sorted = [...group.members.values()].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
  const page = pageOf(sorted, (m) => m.email.toLowerCase(), {
    scope: `members:${group.resource.id}`,
    token: query.get('pageToken'),
    maxResults,
    matches: (m) => roles === undefined || roles.has(m.role ?? 'MEMBER'),
  });
  return listAnswer('admin#directory#members', 'members', page.items.map((m) => structuredClone(m)), page.nextPageToken);
}

function getMember({ params, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const member = store.findMember(group, params.memberKey ?? '');
  if (!member) throw notFound('memberKey');
  return { status: 200, body: structuredClone(member) };
}

function hasMember({ params, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  return { status: 200, body: { isMember: store.findMember(group, params.memberKey ?? '') !== undefined } };
}

function insertMember({ params, body, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const key = typeof body.email === 'string' && body.email !== '' ? body.email : typeof body.id === 'string' ? body.id : undefined;
  if (key === undefined) throw new ApiError(400, 'Missing required field: member', 'required');
  const role = body.role === undefined || body.role === null ? 'MEMBER' : String(body.role).toUpperCase();
  if (!ROLES.has(role)) throw invalidInput(`role ${String(body.role)}`);
  const who = store.identify(key);
  // An address no user or group has is an outside member, unless it is in the customer's own domains (unverified).
  if (!who.known && (typeof body.email !== 'string' || store.inCustomerDomain(key))) throw notFound('memberKey');
  if (who.known && who.type === 'GROUP' && who.id === group.resource.id) throw invalidInput('a group cannot be its own member');
  if (store.findMember(group, key)) throw new ApiError(409, 'Member already exists.', 'duplicate');
  const member: DirectoryMember = {
    email: who.email,
    id: who.id,
    role: role as DirectoryMember['role'],
    type: who.type,
    status: 'ACTIVE',
  };
  if (typeof body.delivery_settings === 'string') member.delivery_settings = body.delivery_settings;
  return { status: 200, body: structuredClone(store.groups.putMember(group, member)) };
}

function updateMember({ params, body, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const member = store.findMember(group, params.memberKey ?? '');
  if (!member) throw notFound('memberKey');
  const role = body.role === undefined || body.role === null ? (member.role ?? 'MEMBER') : String(body.role).toUpperCase();
  if (!ROLES.has(role)) throw invalidInput(`role ${String(body.role)}`);
  const changed: DirectoryMember = { ...member, role: role as DirectoryMember['role'] };
  if (typeof body.delivery_settings === 'string') changed.delivery_settings = body.delivery_settings;
  return { status: 200, body: structuredClone(store.groups.putMember(group, changed)) };
}

function deleteMember({ params, store }: RequestContext): RouteResult {
  const group = requireGroup(store, params.groupKey);
  const member = store.findMember(group, params.memberKey ?? '');
  if (!member) throw notFound('memberKey');
  store.groups.removeMember(group, member);
  return { status: 204 };
}

export const memberRoutes: Route[] = [
  { method: 'GET', pattern: 'groups/:groupKey/members', name: 'members.list', mutates: false, handle: listMembers },
  { method: 'POST', pattern: 'groups/:groupKey/members', name: 'members.insert', mutates: true, handle: insertMember },
  { method: 'GET', pattern: 'groups/:groupKey/members/:memberKey', name: 'members.get', mutates: false, handle: getMember },
  { method: 'PUT', pattern: 'groups/:groupKey/members/:memberKey', name: 'members.update', mutates: true, handle: updateMember },
  { method: 'PATCH', pattern: 'groups/:groupKey/members/:memberKey', name: 'members.patch', mutates: true, handle: updateMember },
  { method: 'DELETE', pattern: 'groups/:groupKey/members/:memberKey', name: 'members.delete', mutates: true, handle: deleteMember },
  { method: 'GET', pattern: 'groups/:groupKey/hasMember/:memberKey', name: 'members.hasMember', mutates: false, handle: hasMember },
];
