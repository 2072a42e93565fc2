/**
 * Administrative units or groups: each a resource with its members' ids (and, for groups, its
 * owners' ids), in id order. Memberships hold ids only; what a member is (user or group) is
 * looked up when it is listed.
 */
import { SortedStrings } from '../../../emulator-kit/sorted-search.js';

export type Relation = 'members' | 'owners';

export interface Container<R> {
  resource: R;
  members: Set<string>;
  owners: Set<string>;
}

export class ContainerStore<R extends { id: string }> {
  private readonly byId = new Map<string, Container<R>>();
  private readonly order = new SortedStrings();
  /** Sorted copies of each relation, dropped when it changes (a large group is paged many times between changes). */
  private readonly sortedCache = new Map<Set<string>, string[]>();

  add(resource: R, members: Iterable<string> = [], owners: Iterable<string> = []): Container<R> {
    const container: Container<R> = { resource, members: new Set(members), owners: new Set(owners) };
    this.byId.set(resource.id, container);
    this.order.add(resource.id);
    return container;
  }

  find(id: string): Container<R> | undefined {
    return this.byId.get(id);
  }

  get sortedIds(): readonly string[] {
    return this.order.all;
  }

  values(): IterableIterator<Container<R>> {
    return this.byId.values();
  }

  /** A relation's ids in order. */
  sorted(container: Container<R>, relation: Relation): readonly string[] {
    const set = container[relation];
    let ids = this.sortedCache.get(set);
    if (!ids) this.sortedCache.set(set, (ids = [...set].sort()));
    return ids;
  }

  /** Takes the container out of the store, with its member and owner lists. */
  remove(id: string): void {
    const container = this.byId.get(id);
    if (!container) return;
    this.sortedCache.delete(container.members);
    this.sortedCache.delete(container.owners);
    this.byId.delete(id);
    this.order.delete(id);
  }

  link(container: Container<R>, relation: Relation, id: string): void {
    container[relation].add(id);
    this.sortedCache.delete(container[relation]);
  }

  unlink(container: Container<R>, relation: Relation, id: string): void {
    container[relation].delete(id);
    this.sortedCache.delete(container[relation]);
  }

  /** The ids of the containers that hold `id` in `relation`, in id order. */
  holding(id: string, relation: Relation): string[] {
    return this.order.all.filter((cid) => this.byId.get(cid)?.[relation].has(id));
  }
}
