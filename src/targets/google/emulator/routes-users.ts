/** users.list (with showDeleted, the deleted accounts), users.get, users.insert, users.update (PUT and PATCH). */
import type { DirectoryUser } from '../directory-types.js';
import { entityExists, invalidInput, invalidOrgUnit, notFound } from './api-error.js';
import { customerOrDomain, domainOf } from './customer.js';
import { listingKey as deletedListingKey } from './deleted-user-store.js';
import { etagOf } from './ids.js';
import { listAnswer, pageOf, parseMaxResults } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import type { DirectoryStore } from './store.js';
import { applyUserChange, checkEmail, checkPassword, newUser } from './user-fields.js';
import { parseProjection, projectUser } from './user-projection.js';
import { parseUserQuery } from './user-query.js';

export function requireUser(store: DirectoryStore, key: string | undefined): DirectoryUser {
  const user = key === undefined ? undefined : store.users.find(key);
  if (!user) throw notFound('userKey');
  return user;
}

/** The org unit a request names, in the casing it was created with; unknown is INVALID_OU_ID. */
export function checkedOrgUnit(store: DirectoryStore, path: unknown): string {
  if (typeof path !== 'string') throw invalidOrgUnit();
  const canonical = store.orgUnits.canonicalPath(path);
  if (canonical === undefined) throw invalidOrgUnit();
  return canonical;
}

type UserOrder = 'email' | 'familyName' | 'givenName';

/** Sort keys for a listing; non-email orders append the email so keys stay unique. */
function listingKeys(store: DirectoryStore, orderBy: UserOrder): readonly string[] {
  const emails = store.users.sortedEmails();
  if (orderBy === 'email') return emails;
  return emails
    .map((email) => `${String(store.users.find(email)?.name?.[orderBy] ?? '').toLowerCase()}\u0000${email}`)
    .sort();
}

const usersAnswer = (users: DirectoryUser[], nextPageToken: string | undefined): RouteResult => listAnswer('admin#directory#users', 'users', users, nextPageToken);

function listUsers({ query, store }: RequestContext): RouteResult {
  const domain = customerOrDomain(store, query);
  const maxResults = parseMaxResults(query.get('maxResults'), 500, 100);
  const projection = parseProjection(query);
  const orderBy = (query.get('orderBy') ?? 'email') as UserOrder;
  if (!['email', 'familyName', 'givenName'].includes(orderBy)) throw invalidInput(`orderBy ${orderBy}`);
  const sortOrder = (query.get('sortOrder') ?? 'ASCENDING').toUpperCase();
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') throw invalidInput(`sortOrder ${sortOrder}`);
  const matchesQuery = parseUserQuery(query.get('query'), store.orgUnits);
  const wanted = (user: DirectoryUser): boolean =>
    (domain === undefined || domainOf(user.primaryEmail) === domain) && (matchesQuery?.(user) ?? true);
  if (query.get('showDeleted') === 'true') {
    // Deleted accounts only, as Google lists them with showDeleted; the emulator pages them by email alone.
    if (orderBy !== 'email' || sortOrder !== 'ASCENDING') throw invalidInput('showDeleted lists by email, ascending, in the emulator');
    const page = pageOf(store.deletedUsers.all(store.clock), deletedListingKey, { scope: 'users:deleted', token: query.get('pageToken'), maxResults, matches: wanted });
    return usersAnswer(page.items.map((user) => projectUser(user, projection)), page.nextPageToken);
  }
  const userOf = (key: string): DirectoryUser => store.users.find(key.slice(key.indexOf('\u0000') + 1)) as DirectoryUser;
  const page = pageOf(listingKeys(store, orderBy), (k) => k, {
    scope: `users:${orderBy}:${sortOrder}`,
    token: query.get('pageToken'),
    maxResults,
    descending: sortOrder === 'DESCENDING',
    matches: (key) => wanted(userOf(key)),
  });
  return usersAnswer(page.items.map((key) => projectUser(userOf(key), projection)), page.nextPageToken);
}

function getUser({ params, query, store }: RequestContext): RouteResult {
  return { status: 200, body: projectUser(requireUser(store, params.userKey), parseProjection(query)) };
}

function insertUser({ body, store }: RequestContext): RouteResult {
  const email = checkEmail(body.primaryEmail);
  const name = (body.name ?? {}) as Record<string, unknown>;
  if (typeof name.givenName !== 'string' || name.givenName.trim() === '') throw invalidInput('name.givenName');
  if (typeof name.familyName !== 'string' || name.familyName.trim() === '') throw invalidInput('name.familyName');
  checkPassword(body, true);
  if (store.addressTaken(email)) throw entityExists();
  const orgUnitPath = body.orgUnitPath === undefined || body.orgUnitPath === null ? '/' : checkedOrgUnit(store, body.orgUnitPath);
  const user = newUser(
    { ...body, orgUnitPath },
    { id: store.users.freshId(email, (id) => store.deletedUsers.has(id)), customerId: store.customerId, creationTime: store.clock().toISOString() },
  );
  user.etag = etagOf(user);
  store.users.put(user);
  return { status: 200, body: projectUser(user, { kind: 'full' }) };
}

function updateUser({ params, body, store }: RequestContext): RouteResult {
  const before = requireUser(store, params.userKey);
  checkPassword(body, false);
  const after = applyUserChange(before, body);
  if (body.orgUnitPath !== undefined && body.orgUnitPath !== null) after.orgUnitPath = checkedOrgUnit(store, body.orgUnitPath);
  if (after.primaryEmail.toLowerCase() !== before.primaryEmail.toLowerCase()) {
    if (store.addressTaken(after.primaryEmail, before.id)) throw entityExists();
    // Google keeps the old address working as an alias of the renamed account.
    const newAddress = after.primaryEmail.toLowerCase();
    const aliases = (before.aliases ?? []).filter((a) => a.toLowerCase() !== newAddress);
    after.aliases = [...aliases, before.primaryEmail];
  }
  after.etag = etagOf(after);
  store.replaceUser(before, after);
  return { status: 200, body: projectUser(after, { kind: 'full' }) };
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: 'users', name: 'users.list', mutates: false, handle: listUsers },
  { method: 'POST', pattern: 'users', name: 'users.insert', mutates: true, handle: insertUser },
  { method: 'GET', pattern: 'users/:userKey', name: 'users.get', mutates: false, handle: getUser },
  { method: 'PUT', pattern: 'users/:userKey', name: 'users.update', mutates: true, handle: updateUser },
  { method: 'PATCH', pattern: 'users/:userKey', name: 'users.patch', mutates: true, handle: updateUser },
];
