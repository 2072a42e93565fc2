/** Binary search over a list sorted by a string key (ids, lower-cased addresses, paging cursors). */

/** First index whose key is not below `key`. */
export function firstNotBelow<T>(sorted: readonly T[], keyOf: (item: T) => string, key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is strictly greater than `after`. */
export function firstAfter<T>(sorted: readonly T[], keyOf: (item: T) => string, after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid] as T) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const itself = (s: string): string => s;

/**
 * A set of strings kept in sorted order, changed in place: re-sorting a large list after every
 * insert is slow.
 */
export class SortedStrings {
  private readonly items: string[];

  /** `initial` must already be sorted and without repeats. */
  constructor(initial: string[] = []) {
    this.items = initial;
  }

  add(item: string): void {
    const at = firstNotBelow(this.items, itself, item);
    if (this.items[at] !== item) this.items.splice(at, 0, item);
  }

  delete(item: string): void {
    const at = firstNotBelow(this.items, itself, item);
    if (this.items[at] === item) this.items.splice(at, 1);
  }

  get all(): readonly string[] {
    return this.items;
  }
}
