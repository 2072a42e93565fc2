/**
 * Users, by id and by userPrincipalName (case-insensitive), in id order (and in
 * userPrincipalName order for $orderby). Each stored user is
 * replaced whole on every change, never edited in place, so an answer already made (one
 * request of a batch) never sees a later change. Equality filters are answered from indexes
 * built on first use and kept up to date afterwards: a sync that looks 100,000 people up one
 * by one must not scan the tenant for each.
 */
import type { GraphUser } from '../graph-types.js';
import { comparable } from './filter-check.js';
import { SortedStrings } from '../../../emulator-kit/sorted-search.js';

export class UserStore {
  private readonly byId = new Map<string, GraphUser>();
  private readonly byUpn = new Map<string, string>();
  /** Ids in order; built on first use (not per seed user: that is quadratic), then kept in order. */
  private order: SortedStrings | null = null;
  /** Lower-cased userPrincipalNames in order ($orderby=userPrincipalName), built and kept the same way. */
  private upnOrder: SortedStrings | null = null;
  /** property -> comparable value -> ids */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  /** By id or by userPrincipalName. */
  find(key: string): GraphUser | undefined {
    return this.byId.get(key) ?? this.byId.get(this.byUpn.get(key.toLowerCase()) ?? '');
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Whether another user (not `exceptId`) holds this userPrincipalName. */
  upnTaken(upn: string, exceptId?: string): boolean {
    const owner = this.byUpn.get(upn.toLowerCase());
    return owner !== undefined && owner !== exceptId;
  }

  get sortedIds(): readonly string[] {
    this.order ??= new SortedStrings([...this.byId.keys()].sort());
    return this.order.all;
  }

  /** Lower-cased userPrincipalNames in order: `find` takes each. */
  get sortedUpns(): readonly string[] {
    this.upnOrder ??= new SortedStrings([...this.byUpn.keys()].sort());
    return this.upnOrder.all;
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<GraphUser> {
    return this.byId.values();
  }

  /** Stores a new user or replaces the one with the same id. */
  put(user: GraphUser): void {
    const before = this.byId.get(user.id);
    if (before) this.unindex(before);
    this.byId.set(user.id, user);
    this.byUpn.set(user.userPrincipalName.toLowerCase(), user.id);
    this.order?.add(user.id);
    this.upnOrder?.add(user.userPrincipalName.toLowerCase());
    for (const [property, index] of this.indexes) addTo(index, user[property], user.id);
  }

  remove(id: string): GraphUser | undefined {
    const user = this.byId.get(id);
    if (!user) return undefined;
    this.unindex(user);
    this.byId.delete(id);
    this.order?.delete(id);
    return user;
  }

  /** The ids of users whose `property` equals `value` (strings case-insensitively). */
  lookup(property: string, value: unknown): ReadonlySet<string> {
    let index = this.indexes.get(property);
    if (!index) {
      index = new Map();
      for (const user of this.byId.values()) addTo(index, user[property], user.id);
      this.indexes.set(property, index);
    }
    const key = comparable(value);
    return (key === undefined ? undefined : index.get(key)) ?? EMPTY;
  }

  private unindex(user: GraphUser): void {
    this.byUpn.delete(user.userPrincipalName.toLowerCase());
    this.upnOrder?.delete(user.userPrincipalName.toLowerCase());
    for (const [property, index] of this.indexes) {
      const key = comparable(user[property]);
      if (key !== undefined) index.get(key)?.delete(user.id);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(index: Map<string, Set<string>>, value: unknown, id: string): void {
  const key = comparable(value);
  if (key === undefined) return;
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}
