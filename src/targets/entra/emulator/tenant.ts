/**
 * The emulator's whole tenant: users, administrative units and groups with their members,
 * subscribed SKUs with the units users consume, and deleted users waiting to be restored (for
 * 30 days by the clock); and
 * the rules that span them (an object id is unique across kinds; a deleted user leaves every
 * unit and group and comes back to them when restored). `snapshot()` gives the state tests
 * assert on and the snapshot file holds.
 */
import type { Clock } from '../../../emulator-kit/clock.js';
import type { EntraState, GraphAdministrativeUnit, GraphGroup, GraphSubscribedSku, GraphUser } from '../graph-types.js';
import { ContainerStore, type Container } from './container-store.js';
import { userSchema, type ResourceSchema } from './schema.js';
import type { UserRules } from './user-rules.js';
import { UserStore } from './user-store.js';

export interface TenantOptions {
  tenantId: string;
  clock: Clock;
  /** The extension properties the tenant's applications declared; undefined = any well-formed name. */
  extensionProperties?: readonly string[] | undefined;
  /** Domains userPrincipalName may use; undefined = any. */
  verifiedDomains?: readonly string[] | undefined;
}

/** Graph keeps a deleted user restorable for 30 days; then it is gone for good. */
export const RESTORE_WINDOW_DAYS = 30;
const WINDOW_MS = RESTORE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** A deleted user and where it was, so a restore can put it back. */
export interface DeletedUser {
  user: GraphUser;
  units: string[];
  groups: string[];
  ownerOf: string[];
}

export type DirectoryObject = { type: 'user'; user: GraphUser } | { type: 'group'; group: Container<GraphGroup> };

export class Tenant {
  readonly users = new UserStore();
  readonly units = new ContainerStore<GraphAdministrativeUnit>();
  readonly groups = new ContainerStore<GraphGroup>();
  readonly skus = new Map<string, GraphSubscribedSku>();
  readonly deleted = new Map<string, DeletedUser>();
  readonly userSchema: ResourceSchema;
  readonly rules: UserRules;
  readonly tenantId: string;
  readonly clock: Clock;
  /** Units of each SKU assigned to live users. */
  private readonly consumed = new Map<string, number>();

  /** An empty tenant; seed.ts fills one from a seed. */
  constructor(options: TenantOptions) {
    this.tenantId = options.tenantId;
    this.clock = options.clock;
    this.userSchema = userSchema(options.extensionProperties);
    this.rules = { verifiedDomains: options.verifiedDomains ? new Set(options.verifiedDomains.map((d) => d.toLowerCase())) : undefined };
  }

  /** Whether any live object (user, unit or group) or deleted user has this id. */
  idTaken(id: string): boolean {
    return this.users.has(id) || this.units.find(id) !== undefined || this.groups.find(id) !== undefined || this.deleted.has(id);
  }

  /** A user or group by id (the objects memberships may name). */
  directoryObject(id: string): DirectoryObject | undefined {
    const user = this.users.find(id);
    if (user && user.id === id) return { type: 'user', user };
    const group = this.groups.find(id);
    return group ? { type: 'group', group } : undefined;
  }

  consumedUnits(skuId: string): number {
    return this.consumed.get(skuId) ?? 0;
  }

  /** Stores a new or changed user, keeping licence counts in step. */
  putUser(user: GraphUser): void {
    const before = this.users.find(user.id);
    if (before && before.id === user.id) this.count(before, -1);
    this.users.put(user);
    this.count(user, 1);
  }

  /** Deletes a user to the deleted items, out of every unit and group. */
  deleteUser(user: GraphUser, deletedDateTime: string): void {
    const units = this.units.holding(user.id, 'members');
    const groups = this.groups.holding(user.id, 'members');
    const ownerOf = this.groups.holding(user.id, 'owners');
    for (const id of units) this.units.unlink(this.units.find(id) as Container<GraphAdministrativeUnit>, 'members', user.id);
    for (const id of groups) this.groups.unlink(this.groups.find(id) as Container<GraphGroup>, 'members', user.id);
    for (const id of ownerOf) this.groups.unlink(this.groups.find(id) as Container<GraphGroup>, 'owners', user.id);
    this.count(user, -1);
    this.users.remove(user.id);
    this.deleted.set(user.id, { user: { ...user, deletedDateTime }, units, groups, ownerOf });
  }

  /**
   * Deletes a group for good (a security group has no deleted-items stage): out of the units and
   * groups it was a member of, too.
   */
  deleteGroup(id: string): void {
    for (const unitId of this.units.holding(id, 'members')) this.units.unlink(this.units.find(unitId) as Container<GraphAdministrativeUnit>, 'members', id);
    for (const groupId of this.groups.holding(id, 'members')) this.groups.unlink(this.groups.find(groupId) as Container<GraphGroup>, 'members', id);
    // A group made later may take the same id: a restored user does not join it.
    for (const entry of this.deleted.values()) {
      entry.groups = entry.groups.filter((g) => g !== id);
      entry.ownerOf = entry.ownerOf.filter((g) => g !== id);
    }
    this.groups.remove(id);
  }

  /**
   * The deleted users still restorable by the clock; those past the window are forgotten (their
   * ids free again). The clock is read only when there are deleted users, so a counter clock's
   * stamps stay as they were for everything else.
   */
  restorable(): ReadonlyMap<string, DeletedUser> {
    if (this.deleted.size > 0) {
      const now = this.clock().getTime();
      for (const [id, entry] of this.deleted) {
        if (now - Date.parse(entry.user.deletedDateTime as string) >= WINDOW_MS) this.deleted.delete(id);
      }
    }
    return this.deleted;
  }

  /** Brings a deleted user back, into the units and groups that still exist. */
  restoreUser(entry: DeletedUser): GraphUser {
    const { deletedDateTime: _deleted, ...user } = entry.user;
    this.deleted.delete(user.id);
    this.putUser(user);
    for (const id of entry.units) this.linkIfPresent(this.units, id, 'members', user.id);
    for (const id of entry.groups) this.linkIfPresent(this.groups, id, 'members', user.id);
    for (const id of entry.ownerOf) this.linkIfPresent(this.groups, id, 'owners', user.id);
    return user;
  }

  private linkIfPresent<R extends { id: string }>(store: ContainerStore<R>, id: string, relation: 'members' | 'owners', member: string): void {
    const container = store.find(id);
    if (container) store.link(container, relation, member);
  }

  private count(user: GraphUser, delta: number): void {
    for (const licence of user.assignedLicenses ?? []) this.consumed.set(licence.skuId, this.consumedUnits(licence.skuId) + delta);
  }

  /** A SKU as Graph lists it: with the units in use now. */
  skuView(sku: GraphSubscribedSku): GraphSubscribedSku {
    return { ...structuredClone(sku), consumedUnits: this.consumedUnits(sku.skuId) };
  }

  /** A deep copy of every live object (deleted users are not part of it), in id order (SKUs by skuId). */
  snapshot(): EntraState {
    const records = <R extends { id: string }>(store: ContainerStore<R>, owners: boolean) =>
      store.sortedIds.map((id) => {
        const c = store.find(id) as Container<R>;
        return { ...structuredClone(c.resource), members: [...store.sorted(c, 'members')], ...(owners ? { owners: [...store.sorted(c, 'owners')] } : {}) };
      });
    return {
      subscribedSkus: [...this.skus.values()].sort((a, b) => (a.skuId < b.skuId ? -1 : 1)).map((s) => this.skuView(s)),
      administrativeUnits: records(this.units, false),
      groups: records(this.groups, true) as EntraState['groups'],
      users: this.users.sortedIds.map((id) => structuredClone(this.users.find(id) as GraphUser)),
    };
  }
}
