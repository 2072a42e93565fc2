/**
 * The managed fields of one account as a list of leaves (one JSON pointer each, field-path.ts),
 * the unit apply checks and writes: the address, the two name parts, whether it is enabled, its
 * placement as a whole (a set of containers), and each managed attribute. Values are compared
 * the way the diff compares them.
 */
import type { Operation } from 'fast-json-patch';
import type { AccountFields } from '../model/account.js';
import { ADDRESS_PATH, attributePath, ENABLED_PATH, FAMILY_NAME_PATH, GIVEN_NAME_PATH, PLACEMENT_PATH } from '../model/field-path.js';
import { samePlacement } from '../model/placement.js';
import type { CreateChange, UpdateChange } from '../plan/types.js';

export interface Leaf {
  path: string;
  /** The leaf's value in an account's fields; null when absent. */
  read(fields: AccountFields): unknown;
  same(a: unknown, b: unknown): boolean;
}

/**
 * The attributes a change manages, from the change itself: those its `before` or `after`
 * holds. An attribute absent on both sides is not the plan's business, so it is neither checked
 * nor written.
 */
export function attributesOfChange(change: CreateChange | UpdateChange): string[] {
  const keys = new Set(Object.keys(change.after.attributes));
  if (change.kind === 'update') for (const key of Object.keys(change.before.attributes)) keys.add(key);
  return [...keys];
}

const strictlySame = (a: unknown, b: unknown): boolean => a === b;

export function leavesOf(attributes: readonly string[]): Leaf[] {
  const leaves: Leaf[] = [
    { path: ADDRESS_PATH, read: (f) => f.address.toLowerCase(), same: strictlySame },
    { path: GIVEN_NAME_PATH, read: (f) => f.name.given, same: strictlySame },
    { path: FAMILY_NAME_PATH, read: (f) => f.name.family, same: strictlySame },
    { path: PLACEMENT_PATH, read: (f) => f.placement, same: (a, b) => samePlacement(a as string[], b as string[]) },
    { path: ENABLED_PATH, read: (f) => f.enabled, same: strictlySame },
  ];
  for (const key of attributes) leaves.push({ path: attributePath(key), read: (f) => f.attributes[key] ?? null, same: strictlySame });
  return leaves;
}

/** Whether one pointer is the other or lies under it (segment-wise). */
function overlaps(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.startsWith(`${short}/`);
}

/**
 * The leaves a plan's patch changes: every leaf an add, replace or remove operation reaches (an
 * operation on /placement/0 reaches /placement; one on /attributes reaches each attribute). The
 * patch's `test` operations hold exactly these leaves' `before` values.
 */
export function touchedLeaves(patch: readonly Operation[], leaves: readonly Leaf[]): Leaf[] {
  const paths = patch.filter((op) => op.op !== 'test').map((op) => op.path);
  return leaves.filter((leaf) => paths.some((p) => overlaps(p, leaf.path)));
}
