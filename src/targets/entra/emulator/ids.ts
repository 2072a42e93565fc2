/**
 * Object ids, derived from content by hashing so that the same seed and the same requests give
 * the same ids in every run. Graph's ids are GUIDs; these have the same shape.
 */
import { createHash } from 'node:crypto';

/** A GUID (version 4 shape) derived from `seed`. */
export function graphId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An id no object has yet, derived from `seed` (and a counter when that one is taken). */
export function freshId(seed: string, taken: (id: string) => boolean): string {
  let id = graphId(seed);
  for (let n = 1; taken(id); n++) id = graphId(`${seed}#${n}`);
  return id;
}
