/**
 * Users, indexed by id and by every address they answer to (primary email and aliases, lower
 * case). Holds resources exactly as the API would return them with projection=full; passwords
 * are never stored (see user-fields.ts).
 */
import { SortedStrings } from '../../../emulator-kit/sorted-search.js';
import { USER_KIND, type DirectoryUser } from '../directory-types.js';
import { etagOf, userId } from './ids.js';

const lower = (s: string): string => s.toLowerCase();

export class UserStore {
  private readonly byId = new Map<string, DirectoryUser>();
  private readonly byAddress = new Map<string, string>();
  /** Lower-cased primary emails in order; built on first use, then kept in order by put(). */
  private sorted: SortedStrings | null = null;

  /** Seed users as given, plus the kind, id and etag Google would always have sent. */
  seed(users: readonly DirectoryUser[], onDuplicate: (what: string) => never): void {
    for (const given of users) {
      const user = structuredClone(given);
      user.kind = USER_KIND;
      user.id = given.id ?? userId(given.primaryEmail);
      if (this.byId.has(user.id)) onDuplicate(`user id ${user.id}`);
      for (const address of [user.primaryEmail, ...(user.aliases ?? [])]) {
        if (this.addressTaken(address)) onDuplicate(`address ${address}`);
      }
      user.etag = given.etag ?? etagOf(user);
      this.put(user);
    }
  }

  /** By primary email, alias or id. */
  find(key: string): DirectoryUser | undefined {
    const id = this.byAddress.get(lower(key)) ?? key;
    return this.byId.get(id);
  }

  addressTaken(address: string): boolean {
    return this.byAddress.has(lower(address));
  }

  /** Every user's primary email, lower case, in order: the key users are listed and paged by. */
  sortedEmails(): readonly string[] {
    this.sorted ??= new SortedStrings([...this.byId.values()].map((u) => lower(u.primaryEmail)).sort(compare));
    return this.sorted.all;
  }

  /** An id no user has yet (nor `alsoTaken`: deleted accounts' ids), derived from the email so runs repeat. */
  freshId(email: string, alsoTaken: (id: string) => boolean = () => false): string {
    let id = userId(email);
    for (let n = 1; this.byId.has(id) || alsoTaken(id); n++) id = userId(`${email}#${n}`);
    return id;
  }

  /** Stores a new user or replaces one with the same id, re-indexing its addresses. */
  /** The domains of every address a user has held (the customer's own, for members.insert). */
  readonly domains = new Set<string>();

  put(user: DirectoryUser): void {
    const id = user.id as string;
    this.domains.add(domainOfAddress(user.primaryEmail));
    const before = this.byId.get(id);
    if (before) {
      for (const address of addressesOf(before)) this.byAddress.delete(address);
    }
    this.byId.set(id, user);
    for (const address of addressesOf(user)) this.byAddress.set(address, id);
    const oldKey = before ? lower(before.primaryEmail) : undefined;
    const newKey = lower(user.primaryEmail);
    if (this.sorted && oldKey !== newKey) {
      if (oldKey !== undefined) this.sorted.delete(oldKey);
      this.sorted.add(newKey);
    }
  }

  /** Takes a user out (deleted): its id and addresses are free again. */
  remove(id: string): void {
    const user = this.byId.get(id);
    if (!user) return;
    for (const address of addressesOf(user)) this.byAddress.delete(address);
    this.byId.delete(id);
    this.sorted?.delete(lower(user.primaryEmail));
  }
}

function addressesOf(user: DirectoryUser): string[] {
  return [user.primaryEmail, ...(user.aliases ?? [])].map(lower);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function domainOfAddress(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
