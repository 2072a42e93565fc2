/**
 * An Entra snapshot file (snapshot-file.ts) as a plan's reading of the tenant: every user, placed
 * in the managed units and groups whose member lists hold it, and the memberships of the other
 * mail-enabled groups. Reading starts at `prefetch`, while PowerSchool is read.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { EntraLicence } from '../../config/types.js';
import type { ActualState, DirectoryReader } from '../../model/directory-port.js';
import type { ActualGroup, GroupRoster } from '../../model/group.js';
import type { LicenceHolding } from '../../model/lifecycle.js';
import type { Membership } from '../../model/membership.js';
import { EntraAccountView } from './account-view.js';
import type { ManagedContainers } from './containers.js';
import type { EntraState } from './graph-types.js';
import { groupAddress } from './group-mapping.js';
import { actualGroups, entraRoster, groupsAt, type MemberObject } from './group-rosters.js';
import { licenceHoldings } from './lifecycle.js';
import { readEntraSnapshotFile } from './snapshot-file.js';
import { mailGroupMemberships, managedContainersOf, orderedMemberships, stateOf, type ContainerRecord } from './tenant-view.js';

interface SnapshotRead {
  state: ActualState;
  memberships: Membership[];
  tenant: EntraState;
}

export class EntraSnapshotReader implements DirectoryReader {
  readonly description: string;
  private pending: Promise<SnapshotRead> | undefined;
  private memberships: Membership[] = [];

  constructor(
    private readonly file: string,
    private readonly managed: ManagedContainers,
    private readonly properties: readonly string[],
    /** The licences the config manages, by key. */
    private readonly licences: ReadonlyMap<string, EntraLicence> = new Map(),
    /** The domain of group addresses (group-mapping.ts groupDomain), when the config manages groups. */
    private readonly groupDomain: string | null = null,
  ) {
    this.description = `snapshot ${file}`;
  }

  prefetch(): void {
    this.start();
  }

  async read(): Promise<ActualState> {
    const read = await this.start();
    this.memberships = read.memberships;
    return read.state;
  }

  async readMemberships(addresses: readonly string[]): Promise<Membership[]> {
    const wanted = new Set(addresses);
    return this.memberships.filter((m) => wanted.has(m.member));
  }

  async readLicences(): Promise<LicenceHolding[]> {
    if (this.licences.size === 0) return [];
    const { tenant } = await this.start();
    return licenceHoldings(tenant.users, tenant.subscribedSkus, this.licences, (sku) =>
      new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${this.file}: the config's licence ${sku} is no subscribedSku of the file (by skuPartNumber or skuId): check the licence, or take a new snapshot`, {
        details: { file: this.file, licence: sku },
      }),
    );
  }

  async readGroups(): Promise<ActualGroup[]> {
    const { tenant } = await this.start();
    const domain = this.domain();
    return actualGroups(tenant.groups, domain);
  }

  /** The members and owners of these groups as the file lists them, users by their position among the file's accounts. */
  async readRosters(addresses: readonly string[]): Promise<Map<string, GroupRoster>> {
    const { tenant } = await this.start();
    const domain = this.domain();
    const position = new Map(tenant.users.map((u, i) => [u.id, i]));
    const groupAddresses = new Map(tenant.groups.map((g) => [g.id, groupAddress(g, domain)]));
    const found = groupsAt(tenant.groups, addresses, domain, (twice) =>
      new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${this.file}: more than one group has the mailNickname of ${twice.join(', ')}; rename all but one in Entra`, { details: { file: this.file, groups: twice } }),
    );
    const rosters = new Map<string, GroupRoster>();
    for (const [address, g] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const members = g.members.map((id): MemberObject => (groupAddresses.has(id) ? { id, kind: 'group', address: groupAddresses.get(id) ?? null } : { id, kind: 'user' }));
      rosters.set(address, entraRoster(members, new Set(g.owners), (id) => position.get(id)));
    }
    return rosters;
  }

  private domain(): string {
    if (this.groupDomain === null) throw new Error('internal: groups are read for a config that manages them, whose entra section names their domain');
    return this.groupDomain;
  }

  private start(): Promise<SnapshotRead> {
    if (!this.pending) {
      this.pending = readEntraSnapshotFile(this.file).then((tenant) => this.view(tenant));
      // Marked as handled: when the plan fails first, nobody waits for this.
      this.pending.catch(() => undefined);
    }
    return this.pending;
  }

  private view(tenant: EntraState): SnapshotRead {
    const containers = tenantContainers(tenant);
    const managed = managedContainersOf(containers, this.managed, (names) =>
      new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${this.file}: ${names.length === 1 ? 'a managed container name is' : 'managed container names are'} shared by more than one unit or group: ${names.join(', ')}; rename all but one in Entra`, {
        details: { file: this.file, containers: names },
      }),
    );
    const upns = new Map(tenant.users.map((u) => [u.id, u.userPrincipalName]));
    return {
      state: stateOf(tenant.users, managed, new EntraAccountView(this.properties)),
      memberships: orderedMemberships(mailGroupMemberships(containers, managed, (id) => upns.get(id))),
      tenant,
    };
  }
}

/** A snapshot's units and groups as containers with their members. */
export function tenantContainers(tenant: EntraState): ContainerRecord[] {
  return [
    ...tenant.administrativeUnits.map((u): ContainerRecord => ({ kind: 'administrativeUnit', id: u.id, displayName: u.displayName, members: u.members })),
    ...tenant.groups.map((g): ContainerRecord => ({ kind: 'group', id: g.id, displayName: g.displayName, mail: g.mail, members: g.members, owners: g.owners })),
  ];
}
