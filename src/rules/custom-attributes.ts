import type { AttributeRef } from '../config/types.js';
import type { CustomSchemas } from '../targets/google/directory-types.js';

/**
 * Collects the configured attributes (null = turned off) into customSchemas form. '' stands
 * for "should be absent": Google does not keep empty custom values.
 *
 * `owner` (the config section the refs come from) lets every account built from the same refs
 * share one `managed` list, which is only ever read: a district's million accounts would
 * otherwise each carry their own copy of the same few refs.
 */
export function buildCustomSchemas(
  entries: ReadonlyArray<readonly [AttributeRef | null, string]>,
  owner?: object,
): {
  customSchemas: CustomSchemas;
  managed: AttributeRef[];
} {
  const customSchemas: CustomSchemas = {};
  const known = owner === undefined ? undefined : shared.get(owner);
  const managed: AttributeRef[] = [];
  for (const [ref, value] of entries) {
    if (ref === null) continue;
    if (!known) managed.push(ref);
    (customSchemas[ref.schema] ??= {})[ref.field] = value;
  }
  if (known) return { customSchemas, managed: known };
  if (owner !== undefined) shared.set(owner, managed);
  return { customSchemas, managed };
}

const shared = new WeakMap<object, AttributeRef[]>();
