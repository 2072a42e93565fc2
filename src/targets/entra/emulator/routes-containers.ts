/** Administrative units and groups: list, get, create; groups are deleted too. */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import { collectionAnswer } from './collection.js';
import { ADMINISTRATIVE_UNITS, GROUPS, type ContainerKind, type ContainerResource } from './container-kinds.js';
import type { Container } from './container-store.js';
import { resourceNotFound } from './graph-error.js';
import { freshId } from './ids.js';
import { project } from './odata-query.js';
import { applyBody } from './resource-writes.js';
import { contextUrl, type RequestContext, type Route } from './router.js';
import { graphTime } from './routes-users.js';

export function requireContainer(kind: ContainerKind, ctx: RequestContext): Container<ContainerResource> {
  const id = ctx.params.id ?? '';
  const container = kind.store(ctx.tenant).find(id);
  if (!container) throw resourceNotFound(id);
  return container;
}

function routesFor(kind: ContainerKind): Route[] {
  const list = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly('$select', '$top', '$filter', '$count', '$skiptoken');
    const selected = ctx.query.select(kind.schema);
    const filter = ctx.query.filter(kind.schema);
    const store = kind.store(ctx.tenant);
    return collectionAnswer(ctx, {
      scope: kind.path,
      ids: store.sortedIds,
      find: (id) => store.find(id)?.resource,
      matches: filter?.test,
      view: (resource) => project(resource, selected),
      context: kind.path,
      selected,
    });
  };
  const get = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly('$select');
    const selected = ctx.query.select(kind.schema);
    const names = ctx.query.selected ? `(${selected.map((p) => p.name).join(',')})` : '';
    const { resource } = requireContainer(kind, ctx);
    return { status: 200, body: { '@odata.context': contextUrl(ctx, `${kind.path}${names}/$entity`), ...project(resource, selected) } };
  };
  const create = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly();
    const { result } = applyBody(kind.schema, {}, ctx.body, 'create');
    const id = freshId(kind.idSeed(result), (taken) => ctx.tenant.idTaken(taken));
    const resource = {
      ...result,
      id,
      displayName: result.displayName as string,
      ...(kind === GROUPS ? { groupTypes: result.groupTypes ?? [], createdDateTime: graphTime(ctx.tenant) } : {}),
    };
    kind.store(ctx.tenant).add(resource);
    const defaults = kind.schema.all.filter((p) => p.byDefault === true);
    return { status: 201, body: { '@odata.context': contextUrl(ctx, `${kind.path}/$entity`), ...project(resource, defaults) } };
  };
  const remove = (ctx: RequestContext): Answer => {
    ctx.query.allowOnly();
    const { resource } = requireContainer(kind, ctx);
    ctx.tenant.deleteGroup(resource.id);
    return { status: 204 };
  };
  return [
    { method: 'GET', pattern: kind.path, name: `${kind.statsName}.list`, mutates: false, handle: list },
    { method: 'POST', pattern: kind.path, name: `${kind.statsName}.create`, mutates: true, handle: create },
    { method: 'GET', pattern: `${kind.path}/:id`, name: `${kind.statsName}.get`, mutates: false, handle: get },
    ...(kind === GROUPS ? [{ method: 'DELETE', pattern: `${kind.path}/:id`, name: `${kind.statsName}.delete`, mutates: true, handle: remove }] : []),
  ];
}

export const containerRoutes: Route[] = [...routesFor(ADMINISTRATIVE_UNITS), ...routesFor(GROUPS)];
