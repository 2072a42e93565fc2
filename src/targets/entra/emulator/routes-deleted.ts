/** Deleted users: listed under `directory/deletedItems/microsoft.graph.user`, restorable by id. */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import type { GraphUser } from '../graph-types.js';
import { collectionAnswer } from './collection.js';
import { objectConflict, resourceNotFound } from './graph-error.js';
import { project } from './odata-query.js';
import type { RequestContext, Route } from './router.js';
import { userAnswer } from './routes-users.js';

function listDeleted(ctx: RequestContext): Answer {
  ctx.query.allowOnly('$select', '$top', '$skiptoken');
  const selected = ctx.query.select(ctx.tenant.userSchema);
  return collectionAnswer<GraphUser>(ctx, {
    scope: 'deletedItems',
    ids: [...ctx.tenant.deleted.keys()].sort(),
    find: (id) => ctx.tenant.deleted.get(id)?.user,
    view: (user) => project(user, selected),
    context: 'directory/deletedItems/microsoft.graph.user',
    selected,
  });
}

/** A restored user comes back with its memberships; its userPrincipalName must still be free. */
function restore(ctx: RequestContext): Answer {
  ctx.query.allowOnly();
  const id = ctx.params.id ?? '';
  const entry = ctx.tenant.deleted.get(id);
  if (!entry) throw resourceNotFound(id);
  if (ctx.tenant.users.upnTaken(entry.user.userPrincipalName)) throw objectConflict('userPrincipalName');
  return userAnswer(ctx, ctx.tenant.restoreUser(entry), 200);
}

export const deletedItemRoutes: Route[] = [
  { method: 'GET', pattern: 'directory/deletedItems/microsoft.graph.user', name: 'deletedItems.list', mutates: false, handle: listDeleted },
  { method: 'POST', pattern: 'directory/deletedItems/:id/restore', name: 'deletedItems.restore', mutates: true, handle: restore },
];
