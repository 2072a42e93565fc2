/**
 * Groups and their direct members. Members are keyed by lower-cased email; a member's `id` is
 * the id of the user or group it stands for, so memberships can follow a renamed user.
 */
import { GROUP_KIND, MEMBER_KIND, type DirectoryGroup, type DirectoryMember } from '../directory-types.js';
import { etagOf, groupId } from './ids.js';

const lower = (s: string): string => s.toLowerCase();

export interface StoredGroup {
  /** Replaced whole when the group changes (groups.update). */
  resource: DirectoryGroup;
  members: Map<string, DirectoryMember>;
}

export class GroupStore {
  private readonly byId = new Map<string, StoredGroup>();
  private readonly byAddress = new Map<string, string>();
  private sorted: StoredGroup[] | null = null;
  /** The domains of every group address held (the customer's own, for members.insert). */
  readonly domains = new Set<string>();

  /** Adds a group (without members); the caller adds members once every group exists. */
  add(given: DirectoryGroup): StoredGroup {
    const { members: _members, ...fields } = structuredClone(given) as DirectoryGroup & { members?: unknown };
    const resource: DirectoryGroup = { ...fields, kind: GROUP_KIND };
    resource.id = given.id ?? groupId(given.email);
    resource.etag = given.etag ?? etagOf(resource);
    const group: StoredGroup = { resource, members: new Map() };
    this.byId.set(resource.id, group);
    this.index(resource);
    return group;
  }

  /** Changes a group's own fields (its members stay); a new email takes the old one's place. */
  update(group: StoredGroup, fields: Partial<Pick<DirectoryGroup, 'email' | 'name' | 'description'>>): void {
    for (const address of [group.resource.email, ...stringArray(group.resource.aliases)]) this.byAddress.delete(lower(address));
    const resource: DirectoryGroup = { ...group.resource, ...fields };
    resource.etag = etagOf(resource);
    group.resource = resource;
    this.index(resource);
  }

  /** Deletes a group: gone from every listing, and from every group it was a member of. */
  remove(group: StoredGroup): void {
    const id = group.resource.id as string;
    for (const address of [group.resource.email, ...stringArray(group.resource.aliases)]) this.byAddress.delete(lower(address));
    this.byId.delete(id);
    for (const other of this.byId.values()) {
      const member = this.findMember(other, [group.resource.email], id);
      if (member) this.removeMember(other, member);
    }
    this.sorted = null;
  }

  private index(resource: DirectoryGroup): void {
    for (const address of [resource.email, ...stringArray(resource.aliases)]) this.byAddress.set(lower(address), resource.id as string);
    this.domains.add(resource.email.slice(resource.email.lastIndexOf('@') + 1).toLowerCase());
    this.sorted = null;
  }

  /** By email, alias or id. */
  find(key: string): StoredGroup | undefined {
    return this.byId.get(this.byAddress.get(lower(key)) ?? key);
  }

  addressTaken(address: string): boolean {
    return this.byAddress.has(lower(address));
  }

  sortedByEmail(): readonly StoredGroup[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) => compare(lower(a.resource.email), lower(b.resource.email)));
    return this.sorted;
  }

  /** Groups with a direct member at any of `addresses` or with one of `ids`. */
  groupsWithMember(addresses: readonly string[], ids: readonly string[]): StoredGroup[] {
    const wanted = new Set(addresses.map(lower));
    const wantedIds = new Set(ids);
    return this.sortedByEmail().filter((g) => {
      for (const address of wanted) if (g.members.has(address)) return true;
      if (wantedIds.size === 0) return false;
      for (const m of g.members.values()) if (m.id !== undefined && wantedIds.has(m.id)) return true;
      return false;
    });
  }

  /** The member matching any of `addresses` (lower case) or carrying `id`. */
  findMember(group: StoredGroup, addresses: readonly string[], id: string | undefined): DirectoryMember | undefined {
    for (const address of addresses) {
      const m = group.members.get(lower(address));
      if (m) return m;
    }
    if (id === undefined) return undefined;
    for (const m of group.members.values()) if (m.id === id) return m;
    return undefined;
  }

  putMember(group: StoredGroup, given: DirectoryMember): DirectoryMember {
    const member: DirectoryMember = { ...given, kind: MEMBER_KIND };
    member.etag = etagOf(member);
    group.members.set(lower(member.email), member);
    return member;
  }

  removeMember(group: StoredGroup, member: DirectoryMember): void {
    group.members.delete(lower(member.email));
  }

  /** After a user's rename, every membership that pointed at the user now shows its new email. */
  renameMember(oldEmail: string, newEmail: string, id: string | undefined): void {
    for (const group of this.byId.values()) {
      const member = this.findMember(group, [oldEmail], id);
      if (!member) continue;
      group.members.delete(lower(member.email));
      this.putMember(group, { ...member, email: newEmail });
    }
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
