/**
 * The emulator's whole directory: users, groups with members, org units, and the rules that
 * span them (member keys resolve to users or groups; a rename carries memberships along).
 * Route handlers read and change it; `snapshot()` gives the state tests assert on.
 */
import { ErrorCodes, RollcallError } from '../../../errors.js';
import type { DirectoryMember, DirectoryUser, GoogleState, SnapshotGroup } from '../directory-types.js';
import type { Clock } from '../../../emulator-kit/clock.js';
import { GroupStore, type StoredGroup } from './group-store.js';
import { numericId } from './ids.js';
import { OrgUnitStore } from './org-unit-store.js';
import { UserStore } from './user-store.js';

export interface StoreOptions {
  customerId: string;
  clock: Clock;
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
  readonly customerId: string;
  readonly clock: Clock;

  constructor(seed: GoogleState, options: StoreOptions) {
    this.customerId = options.customerId;
    this.clock = options.clock;
    this.orgUnits = new OrgUnitStore(seed.orgUnits);
    const duplicate = (what: string): never => {
      throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `emulator seed: ${what} is used twice`, { details: { what } });
    };
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

  /** Stores a changed user; when its primary email changed, memberships follow. */
  replaceUser(before: DirectoryUser, after: DirectoryUser): void {
    this.users.put(after);
    if (before.primaryEmail !== after.primaryEmail) {
      this.groups.renameMember(before.primaryEmail, after.primaryEmail, after.id);
    }
  }

  /** A deep copy of everything, in the canonical order a snapshot file uses. */
  snapshot(): GoogleState {
    const users = this.users.sortedEmails().map((email) => structuredClone(this.users.find(email) as DirectoryUser));
    const groups: SnapshotGroup[] = this.groups.sortedByEmail().map((g) => ({
      ...structuredClone(g.resource),
      members: [...g.members.values()]
        .map((m) => structuredClone(m))
        .sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1)),
    }));
    return { users, groups, orgUnits: structuredClone(this.orgUnits.all()) };
  }
}

function addressesOf(user: DirectoryUser): string[] {
  return [user.primaryEmail, ...(user.aliases ?? [])];
}
