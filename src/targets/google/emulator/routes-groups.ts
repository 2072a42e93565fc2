/** groups.list (by customer/domain or by member), groups.get. */
import type { DirectoryGroup } from '../directory-types.js';
import { badRequest, invalidInput, notFound } from './api-error.js';
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

export const groupRoutes: Route[] = [
  { method: 'GET', pattern: 'groups', name: 'groups.list', mutates: false, handle: listGroups },
  { method: 'GET', pattern: 'groups/:groupKey', name: 'groups.get', mutates: false, handle: getGroup },
];
