/**
 * The emulator's whole customer: users, groups with members, org units, and what an account's
 * lifecycle touches beyond them (licences, sign-in security, deleted accounts, data
 * transfers); and the rules that span them (member keys resolve to users or groups; a rename
 * carries memberships along; a delete takes the account out of its groups and frees its
 * licences). Route handlers read and change it; `snapshot()` gives the state tests assert on.
 */
import { ErrorCodes, RollcallError } from '../../../errors.js';
import type { DirectoryMember, DirectoryUser, GoogleState, SnapshotGroup } from '../directory-types.js';
import type { Clock } from '../../../emulator-kit/clock.js';
import { TransferStore, type DataTransfer, type TransferSwitches } from './data-transfers.js';
import { DeletedUserStore, type DeletedUser } from './deleted-user-store.js';
import { GroupStore, type StoredGroup } from './group-store.js';
import { etagOf, numericId, userId } from './ids.js';
import { LicenceStore, type LicenceSku, type LicenseAssignment } from './licence-store.js';
import { OrgUnitStore } from './org-unit-store.js';
import { SecurityStore, type UserSecurity, type UserSecuritySeed } from './security-store.js';
import { UserStore } from './user-store.js';

/** What the emulator can start from: a directory, and optionally what it holds beyond one. */
export interface GoogleEmulatorSeed extends GoogleState {
  licenseAssignments?: LicenseAssignment[];
  /** Sign-in security by the account's primary email. */
  security?: Record<string, UserSecuritySeed>;
  /** Accounts deleted before the emulator started (restorable for 20 days after `deletionTime`). */
  deletedUsers?: DeletedUser[];
}

/** What the emulator holds now (`state()`). */
export interface GoogleEmulatorState extends GoogleState {
  /** By product, SKU and holder's email. */
  licenseAssignments: LicenseAssignment[];
  /** By primary email, in email order; only accounts with tokens, app passwords, codes or sign-outs. */
  security: Record<string, UserSecurity>;
  /** Deleted accounts still within their restore window, by email. */
  deletedUsers: DeletedUser[];
  /** In the order they were requested. */
  dataTransfers: DataTransfer[];
}

export interface StoreOptions {
  customerId: string;
  clock: Clock;
  /** The product SKUs the customer holds. */
  skus: readonly LicenceSku[];
  transfers: TransferSwitches;
}

/** Who a member key stands for. */
export interface MemberIdentity {
  email: string;
  id: string;
  type: 'USER' | 'GROUP';
  /** Every address the member answers to, for matching stored memberships. */
  addresses: string[];
  known: boolean;
}

export class DirectoryStore {
  readonly users = new UserStore();
  readonly groups = new GroupStore();
  readonly orgUnits: OrgUnitStore;
  readonly licences: LicenceStore;
  readonly security = new SecurityStore();
  readonly deletedUsers = new DeletedUserStore();
  readonly transfers: TransferStore;
  readonly customerId: string;
  readonly clock: Clock;

  constructor(seed: GoogleEmulatorSeed, options: StoreOptions) {
    this.customerId = options.customerId;
    this.clock = options.clock;
    this.orgUnits = new OrgUnitStore(seed.orgUnits);
    this.licences = new LicenceStore(options.skus);
    this.transfers = new TransferStore(options.transfers);
    const duplicate = (what: string): never => invalidSeed(`${what} is used twice`);
    this.users.seed(seed.users, duplicate);
    const added: Array<[StoredGroup, DirectoryMember[]]> = [];
    for (const group of seed.groups) {
      if (this.groups.addressTaken(group.email) || this.users.addressTaken(group.email)) duplicate(`address ${group.email}`);
      added.push([this.groups.add(group), group.members ?? []]);
    }
    // Members resolve against every user and group, so they are added once all groups exist.
    for (const [group, members] of added) {
      for (const given of members) {
        const who = this.identify(given.email);
        this.groups.putMember(group, {
          ...structuredClone(given),
          email: who.known ? who.email : given.email,
          id: given.id ?? who.id,
          role: given.role ?? 'MEMBER',
          type: given.type ?? who.type,
          status: given.status ?? 'ACTIVE',
        });
      }
    }
    this.seedLifecycle(seed);
  }

  /** The seed's licences, sign-in security and deleted accounts, checked as the API would have them. */
  private seedLifecycle(seed: GoogleEmulatorSeed): void {
    const holder = (email: string, what: string): string => {
      const user = this.users.find(email);
      if (!user) invalidSeed(`${what}: no account ${email}`);
      return (user as DirectoryUser).id as string;
    };
    for (const { productId, skuId, userId: email } of seed.licenseAssignments ?? []) {
      const what = `licence ${productId}/${skuId} of ${email}`;
      const sku = this.licences.sku(productId, skuId);
      if (!sku) invalidSeed(`${what}: the customer has no such product SKU`);
      const id = holder(email, what);
      if (this.licences.skuOf(id, productId) !== undefined) invalidSeed(`${what}: an account holds one SKU of a product`);
      if (sku?.seats !== undefined && this.licences.holderIds(productId, skuId).length >= sku.seats) invalidSeed(`${what}: more holders than the ${sku.seats} seats`);
      this.licences.assign(id, productId, skuId);
    }
    for (const [email, security] of Object.entries(seed.security ?? {})) {
      const id = holder(email, `security of ${email}`);
      this.security.seed(id, security, (why) => invalidSeed(`security of ${email}: ${why}`));
    }
    for (const given of seed.deletedUsers ?? []) {
      if (typeof given.primaryEmail !== 'string' || Number.isNaN(Date.parse(given.deletionTime))) {
        invalidSeed(`deleted account ${String(given.primaryEmail)}: needs primaryEmail and an ISO deletionTime`);
      }
      const user: DeletedUser = { ...structuredClone(given), kind: 'admin#directory#user', id: given.id ?? userId(given.primaryEmail) };
      if (this.users.find(user.id as string) || this.deletedUsers.has(user.id as string)) invalidSeed(`user id ${user.id as string} is used twice`);
      user.etag = given.etag ?? etagOf(user);
      this.deletedUsers.add(user);
    }
  }

  /** Resolves a member key (email, alias or id) to the user or group it names, or to an outside address. */
  identify(key: string): MemberIdentity {
    const user = this.users.find(key);
    if (user) {
      return { email: user.primaryEmail, id: user.id as string, type: 'USER', addresses: addressesOf(user), known: true };
    }
    const group = this.groups.find(key);
    if (group) {
      const r = group.resource;
      const aliases = Array.isArray(r.aliases) ? (r.aliases as string[]) : [];
      return { email: r.email, id: r.id as string, type: 'GROUP', addresses: [r.email, ...aliases], known: true };
    }
    return { email: key, id: numericId(`member:${key.toLowerCase()}`), type: 'USER', addresses: [key], known: false };
  }

  findMember(group: StoredGroup, key: string): DirectoryMember | undefined {
    const who = this.identify(key);
    return this.groups.findMember(group, who.addresses, who.known ? who.id : key);
  }

  /** Whether an address is in one of the customer's domains (one a user or group has held). */
  inCustomerDomain(address: string): boolean {
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    return this.users.domains.has(domain) || this.groups.domains.has(domain);
  }

  /** Whether an address is a user's (primary or alias, other than `exceptUserId`) or a group's. */
  addressTaken(address: string, exceptUserId?: string): boolean {
    const owner = this.users.find(address);
    if (owner) return owner.id !== exceptUserId;
    return this.groups.addressTaken(address);
  }

  /** Stores a changed user; when its primary email changed, memberships follow. */
  replaceUser(before: DirectoryUser, after: DirectoryUser): void {
    this.users.put(after);
    if (before.primaryEmail !== after.primaryEmail) {
      this.groups.renameMember(before.primaryEmail, after.primaryEmail, after.id);
    }
  }

  /**
   * Deletes an account: out of its groups, its licences freed, its tokens, app passwords and
   * codes gone, its addresses free; restorable for 20 days.
   */
  deleteUser(user: DirectoryUser): DeletedUser {
    const id = user.id as string;
    const addresses = addressesOf(user);
    for (const group of this.groups.groupsWithMember(addresses, [id])) {
      const member = this.groups.findMember(group, addresses, id);
      if (member) this.groups.removeMember(group, member);
    }
    this.licences.revokeAll(id);
    this.security.drop(id);
    this.users.remove(id);
    const deleted: DeletedUser = { ...user, deletionTime: this.clock().toISOString() };
    deleted.etag = etagOf(deleted);
    this.deletedUsers.add(deleted);
    return deleted;
  }

  /** Brings a deleted account back into `orgUnitPath`, without the groups and licences it lost. */
  restoreUser(deleted: DeletedUser, orgUnitPath: string): DirectoryUser {
    const { deletionTime: _gone, ...user } = structuredClone(deleted);
    const restored: DirectoryUser = { ...user, orgUnitPath };
    restored.etag = etagOf(restored);
    this.deletedUsers.remove(restored.id as string);
    this.users.put(restored);
    return restored;
  }

  /** A deep copy of everything, in the canonical order a snapshot file uses, and the lifecycle state. */
  snapshot(): GoogleEmulatorState {
    const users = this.users.sortedEmails().map((email) => structuredClone(this.users.find(email) as DirectoryUser));
    const groups: SnapshotGroup[] = this.groups.sortedByEmail().map((g) => ({
      ...structuredClone(g.resource),
      members: [...g.members.values()]
        .map((m) => structuredClone(m))
        .sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1)),
    }));
    const emailOf = (id: string): string => (this.users.find(id) as DirectoryUser).primaryEmail;
    const licenseAssignments = this.licences
      .all()
      .map(([productId, skuId, id]) => ({ productId, skuId, userId: emailOf(id) }))
      .sort((a, b) => compare(`${a.productId}\u0000${a.skuId}\u0000${a.userId.toLowerCase()}`, `${b.productId}\u0000${b.skuId}\u0000${b.userId.toLowerCase()}`));
    const security: Array<[string, UserSecurity]> = [];
    for (const id of this.security.userIds()) {
      const view = this.security.view(id);
      if (view) security.push([emailOf(id), view]);
    }
    security.sort((a, b) => compare(a[0].toLowerCase(), b[0].toLowerCase()));
    return {
      users,
      groups,
      orgUnits: structuredClone(this.orgUnits.all()),
      licenseAssignments,
      security: Object.fromEntries(security),
      deletedUsers: this.deletedUsers.all(this.clock).map((u) => structuredClone(u)),
      dataTransfers: this.transfers.all(this.clock),
    };
  }
}

function invalidSeed(what: string): never {
  throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `emulator seed: ${what}`, { details: { what } });
}

function addressesOf(user: DirectoryUser): string[] {
  return [user.primaryEmail, ...(user.aliases ?? [])];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
