/**
 * Members of administrative units and groups, and owners of groups: list, add by reference
 * (`POST .../members/$ref` with `{"@odata.id": ".../directoryObjects/{id}"}`), remove
 * (`DELETE .../members/{id}/$ref`).
 */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import { collectionAnswer } from './collection.js';
import { ADMINISTRATIVE_UNITS, GROUPS, type ContainerKind } from './container-kinds.js';
import type { Relation } from './container-store.js';
import { mixedSelection, typedView } from './directory-objects.js';
import { badRequest, resourceNotFound } from './graph-error.js';
import type { RequestContext, Route } from './router.js';
import { requireContainer } from './routes-containers.js';
import { GROUP_SCHEMA } from './schema.js';

/** The object id an `@odata.id` reference names: the last segment of `.../directoryObjects/{id}` (or `/users/`, `/groups/`). */
function referencedId(body: Record<string, unknown>): string {
  const ref = body['@odata.id'];
  const match = typeof ref === 'string' ? /\/(?:directoryObjects|users|groups)\/([^/?#]+)\/?$/i.exec(ref) : null;
  if (!match) throw badRequest(`Invalid object identifier '${typeof ref === 'string' ? ref : JSON.stringify(ref ?? null)}'.`);
  return decodeURIComponent(match[1] as string);
}

function routesFor(kind: ContainerKind, relation: Relation): Route[] {
  const list = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly('$select', '$top', '$count', '$skiptoken');
    const select = mixedSelection(ctx.query, [ctx.tenant.userSchema, GROUP_SCHEMA]);
    const container = requireContainer(kind, ctx);
    return collectionAnswer(ctx, {
      scope: `${kind.statsName}:${container.resource.id}:${relation}`,
      ids: kind.store(ctx.tenant).sorted(container, relation),
      find: (id) => ctx.tenant.directoryObject(id),
      view: (object) =>
        object.type === 'user' ? typedView(object.user, ctx.tenant.userSchema, select) : typedView(object.group.resource, GROUP_SCHEMA, select),
      context: 'directoryObjects',
    });
  };
  const add = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly();
    const container = requireContainer(kind, ctx);
    const id = referencedId(ctx.body);
    const object = ctx.tenant.directoryObject(id);
    if (!object) throw resourceNotFound(id);
    if (relation === 'owners' && object.type !== 'user') throw badRequest(`Object '${id}' cannot be an owner: only users are served as owners.`);
    if (object.type === 'group' && object.group.resource.id === container.resource.id) throw badRequest('A group cannot be a member of itself.');
    if (container[relation].has(id)) {
      throw badRequest(`One or more added object references already exist for the following modified properties: '${relation}'.`);
    }
    kind.store(ctx.tenant).link(container, relation, id);
    return { status: 204 };
  };
  const remove = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly();
    const container = requireContainer(kind, ctx);
    const id = ctx.params.memberId ?? '';
    if (!container[relation].has(id)) throw resourceNotFound(id);
    kind.store(ctx.tenant).unlink(container, relation, id);
    return { status: 204 };
  };
  const name = `${kind.statsName}.${relation}`;
  return [
    { method: 'GET', pattern: `${kind.path}/:id/${relation}`, name: `${name}.list`, mutates: false, handle: list },
    { method: 'POST', pattern: `${kind.path}/:id/${relation}/$ref`, name: `${name}.add`, mutates: true, handle: add },
    { method: 'DELETE', pattern: `${kind.path}/:id/${relation}/:memberId/$ref`, name: `${name}.remove`, mutates: true, handle: remove },
  ];
}

export const memberRoutes: Route[] = [ADMINISTRATIVE_UNITS, GROUPS].flatMap((kind) => kind.relations.flatMap((relation) => routesFor(kind, relation)));
