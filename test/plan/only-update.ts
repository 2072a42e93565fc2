import { expect } from 'vitest';
import type { DiffResult } from '../../src/plan/diff.js';
import type { UpdateChange } from '../../src/plan/types.js';

/** The one change a diff gives, which must be an update. */
export function onlyUpdate(result: DiffResult): UpdateChange {
  expect(result.changes).toHaveLength(1);
  const c = result.changes[0]!;
  if (c.kind !== 'update') throw new Error(`expected an update, got ${c.kind}`);
  return c;
}
