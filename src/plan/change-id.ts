import { canonicalJson, sha256Hex } from '../util/canonical-json.js';

/**
 * A change's id hashes the account and its intended end state, not the state it starts from:
 * the same unfinished change keeps its id night after night (for `diff` and `--only`), and a
 * different end state gets a different id.
 */
export function changeId(kind: string, address: string, endState: unknown): string {
  return `ch_${sha256Hex(canonicalJson({ kind, address: address.toLowerCase(), endState })).slice(0, 16)}`;
}
