/**
 * How a create or update body changes a resource, checked property by property against the
 * resource's schema, as Graph checks it: unknown and server-owned properties are refused,
 * values must have the property's type (strings non-empty and within their length; `null`
 * clears, where clearing is allowed), and a create must give every required property.
 * Property names in bodies are matched exactly.
 */
import { badRequest, invalidValue } from './graph-error.js';
import type { PropertySpec, ResourceSchema } from './schema.js';

/** Longest text Graph keeps in a directory extension property. */
const EXTENSION_MAX_LENGTH = 256;

function validValue(spec: PropertySpec, value: unknown): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' && value.length <= (spec.maxLength ?? Infinity);
    case 'boolean':
      return typeof value === 'boolean';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'extension':
      return (typeof value === 'string' && value !== '' && value.length <= EXTENSION_MAX_LENGTH) || typeof value === 'number' || typeof value === 'boolean';
    default:
      return false;
  }
}

/** Whether `value` is one `spec` may hold (a seed's values are checked with this too). */
export function checkValue(spec: PropertySpec, value: unknown, schema: ResourceSchema): void {
  if (!validValue(spec, value)) throw invalidValue(spec.name, schema.resource);
}

/**
 * `body` applied to `resource` (a new object; `resource` is not changed). Secret properties
 * (passwordProfile) are handed back for the caller to check, never stored.
 */
export function applyBody(
  schema: ResourceSchema,
  resource: Record<string, unknown>,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
): { result: Record<string, unknown>; secrets: Record<string, unknown> } {
  const result = { ...resource };
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const spec = schema.property(key);
    if (!spec || spec.name !== key) throw badRequest(`Property '${key}' does not exist as a declared property or extension property.`);
    if (spec.access === 'read') throw badRequest(`Property '${key}' is read-only and cannot be set.`);
    if (spec.access === 'secret') {
      secrets[key] = value;
      continue;
    }
    if (value === null) {
      if (spec.notNullable) throw invalidValue(key, schema.resource);
      delete result[key];
      continue;
    }
    checkValue(spec, value, schema);
    result[key] = value;
  }
  if (mode === 'create') {
    for (const spec of schema.all) {
      if (spec.required && (spec.access === 'secret' ? secrets[spec.name] : result[spec.name]) === undefined) {
        throw invalidValue(spec.name, schema.resource);
      }
    }
  }
  return { result, secrets };
}
