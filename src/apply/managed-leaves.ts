/**
 * The managed fields of one account as a list of leaves (one JSON pointer each), the unit apply
 * checks and writes: primary email, the two name parts, org unit, suspension, each managed
 * custom attribute, and externalIds as a whole (Google replaces the array whole, so it is
 * checked whole). Values are compared the way the diff compares them.
 */
import type { Operation } from 'fast-json-patch';
import type { ManagedFieldSpec } from '../plan/managed-fields.js';
import type { CreateChange, ManagedFields, UpdateChange } from '../plan/types.js';
import { sameOrgUnit } from '../rules/org-unit-pattern.js';
import { canonicalJson } from '../util/canonical-json.js';

export interface Leaf {
  path: string;
  /** The leaf's value in a managed-field view; null when absent. */
  read(fields: ManagedFields): unknown;
  same(a: unknown, b: unknown): boolean;
}

/**
 * What a change manages, from the change itself: the custom attributes its `before` or `after`
 * holds, and externalIds when `after` carries them. An attribute absent on both sides is not
 * the plan's business, so it is neither checked nor written.
 */
export function specOfChange(change: CreateChange | UpdateChange): ManagedFieldSpec {
  const attributes = new Map<string, { schema: string; field: string }>();
  const sides = change.kind === 'update' ? [change.before, change.after] : [change.after];
  for (const side of sides) {
    for (const [schema, fields] of Object.entries(side.customSchemas)) {
      for (const field of Object.keys(fields)) attributes.set(`${schema}\u0000${field}`, { schema, field });
    }
  }
  return { managedAttributes: [...attributes.values()], externalIds: change.after.externalIds !== undefined };
}

const strictlySame = (a: unknown, b: unknown): boolean => a === b;

/** Entries compared without regard to order: Google may hand back the same array reordered. */
function sameExternalIds(a: unknown, b: unknown): boolean {
  const key = (v: unknown) => (Array.isArray(v) ? v.map((e) => canonicalJson(e)).sort().join('\n') : canonicalJson(v ?? null));
  return key(a) === key(b);
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function leavesOf(spec: ManagedFieldSpec): Leaf[] {
  const leaves: Leaf[] = [
    { path: '/primaryEmail', read: (f) => f.primaryEmail.toLowerCase(), same: strictlySame },
    { path: '/name/givenName', read: (f) => f.name.givenName, same: strictlySame },
    { path: '/name/familyName', read: (f) => f.name.familyName, same: strictlySame },
    { path: '/orgUnitPath', read: (f) => f.orgUnitPath, same: (a, b) => sameOrgUnit(String(a), String(b)) },
    { path: '/suspended', read: (f) => f.suspended, same: strictlySame },
  ];
  for (const { schema, field } of spec.managedAttributes) {
    leaves.push({
      path: `/customSchemas/${escapePointer(schema)}/${escapePointer(field)}`,
      read: (f) => f.customSchemas[schema]?.[field] ?? null,
      same: strictlySame,
    });
  }
  if (spec.externalIds) leaves.push({ path: '/externalIds', read: (f) => f.externalIds ?? [], same: sameExternalIds });
  return leaves;
}

/** Whether one pointer is the other or lies under it (segment-wise). */
function overlaps(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.startsWith(`${short}/`);
}

/**
 * The leaves a plan's patch changes: every leaf an add, replace or remove operation reaches
 * (an operation on /customSchemas/S reaches each of S's fields; one on /externalIds/0/value
 * reaches /externalIds). The patch's `test` operations hold exactly these leaves' `before` values.
 */
export function touchedLeaves(patch: readonly Operation[], leaves: readonly Leaf[]): Leaf[] {
  const paths = patch.filter((op) => op.op !== 'test').map((op) => op.path);
  return leaves.filter((leaf) => paths.some((p) => overlaps(p, leaf.path)));
}
