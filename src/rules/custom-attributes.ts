import type { AttributeRef } from '../config/types.js';
import type { CustomSchemas } from '../targets/google/directory-types.js';

/**
 * Collects the configured attributes (null = turned off) into customSchemas form. '' stands
 * for "should be absent": Google does not keep empty custom values.
 */
export function buildCustomSchemas(entries: ReadonlyArray<readonly [AttributeRef | null, string]>): {
  customSchemas: CustomSchemas;
  managed: AttributeRef[];
} {
  const customSchemas: CustomSchemas = {};
  const managed: AttributeRef[] = [];
  for (const [ref, value] of entries) {
    if (ref === null) continue;
    managed.push(ref);
    (customSchemas[ref.schema] ??= {})[ref.field] = value;
  }
  return { customSchemas, managed };
}
