/**
 * A collection answer as Graph sends it: `@odata.context`, `@odata.count` when asked,
 * `@odata.nextLink` while more items match (the request's own options and an opaque
 * `$skiptoken`), and `value`. Paging walks ids in order with the kit's cursor, so a listing
 * never repeats or skips an object that existed when it began.
 */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import { pageOf } from '../../../emulator-kit/paging.js';
import { GraphError } from './graph-error.js';
import type { PropertySpec } from './schema.js';
import { contextUrl, type RequestContext } from './router.js';

export interface CollectionSpec<T> {
  /** Which listing this is; a `$skiptoken` from another is refused. */
  scope: string;
  /** Candidate ids, in order. */
  ids: readonly string[];
  find(id: string): T | undefined;
  matches?: ((item: T) => boolean) | undefined;
  view(item: T): Record<string, unknown>;
  /** The entity set in `@odata.context`: `users`, `directoryObjects`... */
  context: string;
  /** The properties `$select` named, for `@odata.context`. */
  selected?: readonly PropertySpec[] | undefined;
  /** Serve `ids` from the last ($orderby ... desc). */
  descending?: boolean;
}

const expiredPageToken = (): GraphError =>
  new GraphError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');

function nextLink(ctx: RequestContext, token: string): string {
  const parts: string[] = [];
  for (const [key, value] of ctx.url.searchParams) {
    // Commas and dollars stay readable, as in Graph's own links.
    if (key.toLowerCase() !== '$skiptoken') parts.push(`${key}=${encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%24/g, '$')}`);
  }
  parts.push(`$skiptoken=${token}`);
  return `${ctx.url.origin}${ctx.url.pathname}?${parts.join('&')}`;
}

export function collectionAnswer<T>(ctx: RequestContext, spec: CollectionSpec<T>): Answer {
  const count = ctx.query.count();
  const wanted = (id: string): boolean => {
    const item = spec.find(id);
    return item !== undefined && (spec.matches?.(item) ?? true);
  };
  const page = pageOf(spec.ids, (id) => id, {
    scope: spec.scope,
    token: ctx.query.option('$skiptoken') ?? null,
    maxResults: ctx.query.top(),
    matches: wanted,
    descending: spec.descending === true,
    badToken: expiredPageToken,
  });
  const names = ctx.query.selected && spec.selected ? `(${spec.selected.map((p) => p.name).join(',')})` : '';
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx, `${spec.context}${names}`),
      ...(count ? { '@odata.count': spec.ids.filter(wanted).length } : {}),
      ...(page.nextPageToken ? { '@odata.nextLink': nextLink(ctx, page.nextPageToken) } : {}),
      value: page.items.map((id) => spec.view(spec.find(id) as T)),
    },
  };
}
