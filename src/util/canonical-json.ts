import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth: the same value always gives the same bytes,
 * whatever order its keys were built or read in. Arrays keep their order (it is meaningful).
 *
 * A value whose keys are already in that order (a line of a snapshot file rollcall wrote, read
 * back) goes straight to JSON.stringify: digests of a million accounts would otherwise spend
 * most of their time copying objects that need no sorting.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(isCanonical(value) ? value : sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      // Assigning "__proto__" would set the copy's prototype and lose the key (JSON.parse keeps it as a key).
      if (key === '__proto__') Object.defineProperty(out, key, { value: sortKeys(v), enumerable: true, writable: true, configurable: true });
      else out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Whether JSON.stringify writes `value` exactly as JSON.stringify(sortKeys(value)) would: only
 * plain objects and arrays, each object's keys in the order sortKeys gives them. That order is
 * sorted, except that keys which are array indexes ("0", "12") always enumerate first in
 * numeric order, in any object; so only the other keys need checking.
 */
function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    // toJSON would be called on the copy sortKeys makes, not on this object.
    if (key === 'toJSON') return false;
    if (!isArrayIndex(key)) {
      if (previous !== undefined && !(previous < key)) return false;
      previous = key;
    }
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
