/**
 * An Entra snapshot file (snapshot-file.ts) as a plan's reading of the tenant: every user, placed
 * in the managed units and groups whose member lists hold it, and the memberships of the other
 * mail-enabled groups. Reading starts at `prefetch`, while PowerSchool is read.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { ActualState, DirectoryReader } from '../../model/directory-port.js';
import type { Membership } from '../../model/membership.js';
import { EntraAccountView } from './account-view.js';
import type { ManagedContainers } from './containers.js';
import type { EntraState } from './graph-types.js';
import { readEntraSnapshotFile } from './snapshot-file.js';
import { mailGroupMemberships, managedContainersOf, orderedMemberships, stateOf, type ContainerRecord } from './tenant-view.js';

interface SnapshotRead {
  state: ActualState;
  memberships: Membership[];
}

export class EntraSnapshotReader implements DirectoryReader {
  readonly description: string;
  private pending: Promise<SnapshotRead> | undefined;
  private memberships: Membership[] = [];

  constructor(
    private readonly file: string,
    private readonly managed: ManagedContainers,
    private readonly properties: readonly string[],
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
    };
  }
}

/** A snapshot's units and groups as containers with their members. */
export function tenantContainers(tenant: EntraState): ContainerRecord[] {
  return [
    ...tenant.administrativeUnits.map((u): ContainerRecord => ({ kind: 'administrativeUnit', id: u.id, displayName: u.displayName, members: u.members })),
    ...tenant.groups.map((g): ContainerRecord => ({ kind: 'group', id: g.id, displayName: g.displayName, mail: g.mail, members: g.members })),
  ];
}
