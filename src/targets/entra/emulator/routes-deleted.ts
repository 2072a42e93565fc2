/**
 * Deleted users: listed under `directory/deletedItems/microsoft.graph.user`, read and restored
 * by id, for 30 days after deletion by the emulator's clock; after that a deleted user is gone
 * (a 404, and no longer listed).
 */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import type { GraphUser } from '../graph-types.js';
import { collectionAnswer } from './collection.js';
import { objectConflict, resourceNotFound } from './graph-error.js';
import { project } from './odata-query.js';
import type { RequestContext, Route } from './router.js';
import { selectedUserAnswer, userAnswer } from './routes-users.js';
import type { DeletedUser } from './tenant.js';

function requireDeleted(ctx: RequestContext): DeletedUser {
  const id = ctx.params.id ?? '';
  const entry = ctx.tenant.restorable().get(id);
  if (!entry) throw resourceNotFound(id);
  return entry;
}

function listDeleted(ctx: RequestContext): Answer {
  ctx.query.allowOnly('$select', '$top', '$skiptoken');
  const selected = ctx.query.select(ctx.tenant.userSchema);
  const deleted = ctx.tenant.restorable();
  return collectionAnswer<GraphUser>(ctx, {
    scope: 'deletedItems',
    ids: [...deleted.keys()].sort(),
    find: (id) => deleted.get(id)?.user,
    view: (user) => project(user, selected),
    context: 'directory/deletedItems/microsoft.graph.user',
    selected,
  });
}

function getDeleted(ctx: RequestContext): Answer {
  return selectedUserAnswer(ctx, requireDeleted(ctx).user, 'directory/deletedItems');
}

/** A restored user comes back with its memberships; its userPrincipalName must still be free. */
function restore(ctx: RequestContext): Answer {
  ctx.query.allowOnly();
  const entry = requireDeleted(ctx);
  if (ctx.tenant.users.upnTaken(entry.user.userPrincipalName)) throw objectConflict('userPrincipalName');
  return userAnswer(ctx, ctx.tenant.restoreUser(entry), 200);
}

export const deletedItemRoutes: Route[] = [
  { method: 'GET', pattern: 'directory/deletedItems/microsoft.graph.user', name: 'deletedItems.list', mutates: false, handle: listDeleted },
  { method: 'GET', pattern: 'directory/deletedItems/:id', name: 'deletedItems.get', mutates: false, handle: getDeleted },
  { method: 'POST', pattern: 'directory/deletedItems/:id/restore', name: 'deletedItems.restore', mutates: true, handle: restore },
];
