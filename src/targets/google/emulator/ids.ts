/**
 * Identifiers and etags, derived from content by hashing so that the same seed and the same
 * requests give the same ids and etags in every run (no randomness, no counters that depend on
 * request order across resources).
 */
import { createHash } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A 21-digit decimal id, the shape Google gives users and members. */
export function numericId(seed: string): string {
  const n = digest(seed).readBigUInt64BE(0) % 10n ** 20n;
  return '1' + n.toString().padStart(20, '0');
}

/** A 15-character base-36 id, the shape Google gives groups. */
export function groupId(email: string): string {
  const n = digest(`group:${email.toLowerCase()}`).readBigUInt64BE(0);
  return ('0' + n.toString(36)).padEnd(15, '0').slice(0, 15);
}

/** `id:` plus a base-36 code, the shape Google gives org units. */
export function orgUnitId(path: string): string {
  const n = digest(`ou:${path.toLowerCase()}`).readBigUInt64BE(0);
  return 'id:03' + n.toString(36).padStart(13, '0').slice(0, 13);
}

export function userId(email: string): string {
  return numericId(`user:${email.toLowerCase()}`);
}

/**
 * Changes whenever the resource's content changes, like Google's. Plain JSON.stringify, not a
 * canonical form: the emulator builds each resource the same way every run, and sorting keys
 * for every seed user made start-up with a large seed noticeably slower.
 */
export function etagOf(value: unknown): string {
  const { etag: _ignored, ...rest } = (value ?? {}) as Record<string, unknown>;
  return `"${digest(JSON.stringify(rest)).toString('base64url').slice(0, 27)}"`;
}

/** An opaque id like the Data Transfer API's, from the transfer's place in the request order. */
export function transferId(seed: string): string {
  return 'AKrE' + createHash('sha512').update(`transfer:${seed}`).digest('base64url').slice(0, 60);
}
