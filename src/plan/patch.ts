import jsonpatch, { type Operation } from 'fast-json-patch';
import type { AccountFields } from '../model/account.js';

/**
 * RFC 6902 from `before` to `after`, with a `test` operation first for every value the patch
 * replaces or removes: apply runs them against the live account, so an account that changed
 * since the plan was made is refused as drifted instead of overwritten blind.
 */
export function managedPatch(before: AccountFields, after: AccountFields): Operation[] {
  const ops = jsonpatch.compare(before, after);
  const tests: Operation[] = [];
  for (const op of ops) {
    if (op.op === 'replace' || op.op === 'remove') {
      tests.push({ op: 'test', path: op.path, value: jsonpatch.getValueByPointer(before, op.path) });
    }
  }
  return [...tests, ...ops];
}
