/**
 * Lists that mix kinds of object (a unit's or group's members, a user's memberOf): each item
 * carries its `@odata.type` and the properties `$select` names that its own kind has (a name
 * no listed kind has is a 400). Without `$select`, each kind's defaults.
 */
import type { GraphQuery } from './odata-query.js';
import { odataBadRequest } from './graph-error.js';
import { project } from './odata-query.js';
import type { PropertySpec, ResourceSchema } from './schema.js';

export type MixedSelection = (schema: ResourceSchema) => PropertySpec[];

export function mixedSelection(query: GraphQuery, schemas: readonly ResourceSchema[]): MixedSelection {
  const raw = query.option('$select');
  if (raw === undefined || raw.trim() === '') return (schema) => schema.all.filter((p) => p.byDefault === true);
  const names = raw.split(',').map((n) => n.trim());
  for (const name of names) {
    if (!schemas.some((s) => s.property(name))) {
      throw odataBadRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.directoryObject'.`);
    }
  }
  return (schema) => names.map((n) => schema.property(n)).filter((p): p is PropertySpec => p !== undefined);
}

/** One object of a mixed list: its type first, then its chosen properties. */
export function typedView(resource: Record<string, unknown>, schema: ResourceSchema, select: MixedSelection): Record<string, unknown> {
  return { '@odata.type': `#${schema.typeName}`, ...project(resource, select(schema)) };
}
