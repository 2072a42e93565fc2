/**
 * Which custom schemas a user read returns: `basic` none, `full` all, `custom` only those named
 * in `customFieldMask`.
 */
import type { DirectoryUser } from '../directory-types.js';
import { invalidInput } from './api-error.js';

export type Projection = { kind: 'basic' } | { kind: 'full' } | { kind: 'custom'; schemas: ReadonlySet<string> };

export function parseProjection(params: URLSearchParams): Projection {
  const projection = params.get('projection') ?? 'basic';
  if (projection === 'basic') return { kind: 'basic' };
  if (projection === 'full') return { kind: 'full' };
  if (projection === 'custom') {
    const mask = (params.get('customFieldMask') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (mask.length === 0) throw invalidInput('customFieldMask is required with projection=custom');
    return { kind: 'custom', schemas: new Set(mask) };
  }
  throw invalidInput(`projection ${projection}`);
}

export function projectUser(user: DirectoryUser, projection: Projection): DirectoryUser {
  // A shallow copy is enough: every answer is serialised as soon as it is made, so nothing can
  // reach the store through it, and deep-copying each account made listing a large directory slow.
  const { customSchemas, ...out } = user;
  if (!customSchemas || projection.kind === 'basic') return out;
  const kept = Object.entries(customSchemas).filter(([schema]) => projection.kind === 'full' || projection.schemas.has(schema));
  if (kept.length > 0) out.customSchemas = Object.fromEntries(kept);
  return out;
}
