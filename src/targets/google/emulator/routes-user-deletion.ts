/**
 * users.delete and users.undelete. A deleted account leaves its groups and frees its licences
 * and addresses; for 20 days (by the emulator's clock) it is listed with showDeleted=true and
 * can be restored by its id, into the org unit the request names or else the one it was in,
 * unless another account or group has taken one of its addresses meanwhile.
 */
import { entityExists, notFound } from './api-error.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import { checkedOrgUnit, requireUser } from './routes-users.js';

function deleteUser({ params, store }: RequestContext): RouteResult {
  store.deleteUser(requireUser(store, params.userKey));
  return { status: 204 };
}

function undeleteUser({ params, body, store }: RequestContext): RouteResult {
  // The key is the account's id: its address may already belong to someone else.
  const deleted = store.deletedUsers.find(params.userKey ?? '', store.clock);
  if (!deleted) throw notFound('userKey');
  for (const address of [deleted.primaryEmail, ...(deleted.aliases ?? [])]) {
    if (store.addressTaken(address)) throw entityExists();
  }
  const orgUnitPath =
    body.orgUnitPath === undefined || body.orgUnitPath === null
      ? (store.orgUnits.canonicalPath(deleted.orgUnitPath ?? '/') ?? '/')
      : checkedOrgUnit(store, body.orgUnitPath);
  store.restoreUser(deleted, orgUnitPath);
  return { status: 204 };
}

export const userDeletionRoutes: Route[] = [
  { method: 'DELETE', pattern: 'users/:userKey', name: 'users.delete', mutates: true, handle: deleteUser },
  { method: 'POST', pattern: 'users/:userKey/undelete', name: 'users.undelete', mutates: true, handle: undeleteUser },
];
