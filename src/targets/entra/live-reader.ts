/**
 * Entra read live, in bulk, never one call per person: the administrative units and groups
 * (id and name), the members of the managed ones, and every user with only the properties a
 * plan reads, 999 to a page. The calls: ceil(users / 999) + one per page of a managed
 * container's members + the pages listing units and groups. Memberships of other groups are
 * read afterwards for the few accounts a plan asks about (one memberOf each). Opened
 * `complete` (rollcall snapshot), it reads everything a snapshot file holds instead: every
 * property the emulator knows of each user, every unit and group with members (and owners),
 * and the licences.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { runPool } from '../../util/run-pool.js';
import type { EntraLicence } from '../../config/types.js';
import type { ActualState, DirectoryReader, SnapshotCounts } from '../../model/directory-port.js';
import type { LicenceHolding } from '../../model/lifecycle.js';
import type { EventSink } from '../../model/events.js';
import type { ActualGroup, GroupRoster } from '../../model/group.js';
import type { Membership } from '../../model/membership.js';
import { EntraAccountView } from './account-view.js';
import { listContainers, PAGE, readMembers, GROUP_TYPE, type DirectoryObject } from './container-reads.js';
import { containerName, type ManagedContainers } from './containers.js';
import type { GraphApi } from './graph-api.js';
import { toRollcallError } from './graph-failures.js';
import { readLiveRosters } from './group-reads.js';
import { roleOfLinks } from './group-roles.js';
import { actualGroups } from './group-rosters.js';
import type { AdministrativeUnitRecord, EntraState, GraphAdministrativeUnit, GraphGroup, GraphSubscribedSku, GraphUser, GroupRecord } from './graph-types.js';
import { licenceHoldings } from './lifecycle.js';
import { writeEntraSnapshotFile } from './snapshot-file.js';
import { ambiguousContainers, mailGroupMemberships, managedContainersOf, MEMBER, orderedMemberships, stateOf, type ContainerRecord } from './tenant-view.js';

/** Every user property a complete read asks for (Graph returns only a few without $select). */
const ALL_USER_PROPERTIES = [
  'id',
  'accountEnabled',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mailNickname',
  'mail',
  'employeeId',
  'employeeType',
  'department',
  'jobTitle',
  'officeLocation',
  'companyName',
  'usageLocation',
  'mobilePhone',
  'preferredLanguage',
  'businessPhones',
  'userType',
  'createdDateTime',
  'assignedLicenses',
];

/** What a plan's read asks of each user besides the properties it manages and matches on. */
const PLAN_USER_PROPERTIES = ['id', 'userPrincipalName', 'accountEnabled', 'givenName', 'surname', 'mail'];

export interface EntraLiveReaderOptions {
  connect: () => Promise<GraphApi>;
  managed: ManagedContainers;
  /** The properties a plan reads (readProperties). */
  properties: readonly string[];
  /** The licences the config manages, by key: their holders are read with the users. */
  licences: ReadonlyMap<string, EntraLicence>;
  /** Read everything, to write a snapshot file. */
  complete: boolean;
  /** The scheduler's: calls in flight at once. */
  concurrency: number;
  events: EventSink;
  showProgress: boolean;
  /** The domain of group addresses (group-mapping.ts groupDomain), when the config manages groups. */
  groupDomain: string | null;
}

export class EntraLiveReader implements DirectoryReader {
  readonly description = 'Microsoft Graph';
  private api: GraphApi | undefined;
  private containers: ContainerRecord[] = [];
  private managedByName: ReadonlyMap<string, ContainerRecord> = new Map();
  private users: GraphUser[] = [];
  private ids = new Map<string, string>();
  /** Every group as the listing gave it (the managed groups' addresses come from their mailNickname). */
  private groups: GraphGroup[] = [];
  /** The owners of mail-enabled groups, read once each (a membership's role). */
  private readonly owners = new Map<string, Promise<Set<string>>>();
  /** A complete read: the resources as Graph returned them, for the snapshot file. */
  private raw: { units: GraphAdministrativeUnit[]; groups: GraphGroup[]; owners: Map<string, string[]>; skus: GraphSubscribedSku[] } | undefined;
  private pages = 0;

  constructor(private readonly options: EntraLiveReaderOptions) {}

  async read(): Promise<ActualState> {
    const api = await this.connect();
    return guarded(async () => {
      const { complete } = this.options;
      const { units, groups, containers } = await listContainers(api, complete);
      const managed = managedContainersOf(containers, this.options.managed, ambiguousContainers);
      const toRead = complete ? containers : [...managed.values()];
      const owners = new Map<string, string[]>();
      const users: GraphUser[] = [];
      const licences = this.options.licences.size > 0 ? ['assignedLicenses'] : [];
      const select = complete ? [...ALL_USER_PROPERTIES, ...this.options.properties.filter((p) => p.startsWith('extension_'))] : [...PLAN_USER_PROPERTIES, ...this.options.properties, ...licences];
      await Promise.all([
        // One call short of the scheduler's concurrency: the user listing, one page after the
        // other, always finds its turn instead of waiting behind every container's members.
        runPool(toRead, Math.max(1, this.options.concurrency - 1), async (c) => {
          c.members = await readMembers(api, c, 'members', complete, () => this.progress('members'));
          if (complete && c.kind === 'group') owners.set(c.id, await readMembers(api, c, 'owners', true));
        }),
        api.pages<GraphUser>('users.list', `users?$select=${[...new Set(select)].join(',')}&$top=${PAGE}`, (page) => {
          for (const user of page) users.push(user);
          this.progress('users', users.length);
        }),
      ]);
      this.containers = containers;
      this.groups = groups;
      if (complete) for (const c of containers) if (c.kind === 'group') c.owners = owners.get(c.id) ?? [];
      this.managedByName = managed;
      this.users = users;
      this.ids = new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));
      if (complete) {
        const skus = await api.all<GraphSubscribedSku>('subscribedSkus.list', 'subscribedSkus');
        this.raw = { units, groups, owners, skus };
      }
      return stateOf(users, managed, new EntraAccountView(this.options.properties));
    });
  }

  /**
   * The memberships of these accounts in the other mail-enabled groups, in as few calls as it
   * takes: one memberOf per account, or (when that would be more) the members of each such
   * group; a complete read already has them.
   */
  async readMemberships(addresses: readonly string[]): Promise<Membership[]> {
    const api = await this.connect();
    const upns = new Map(this.users.map((u) => [u.id, u.userPrincipalName]));
    const wanted = new Set(addresses);
    const mailGroups = this.containers.filter((c) => c.kind === 'group' && typeof c.mail === 'string' && c.mail !== '' && !this.managedByName.has(containerName('group', c.displayName)));
    const fromGroups = () => orderedMemberships(mailGroupMemberships(mailGroups, this.managedByName, (id) => upns.get(id)).filter((m) => wanted.has(m.member)));
    if (this.options.complete) return fromGroups();
    const out: Membership[] = await guarded(async () => {
      if (addresses.length > mailGroups.length) {
        await runPool(mailGroups, this.options.concurrency, async (g) => {
          g.members = await readMembers(api, g, 'members', false);
          g.owners = [...(await this.ownersOf(api, g.id))];
        });
        return fromGroups();
      }
      const found: Membership[] = [];
      await runPool(addresses, this.options.concurrency, async (address) => {
        const id = this.ids.get(address);
        if (id === undefined) return;
        const groups = await api.all<DirectoryObject>('users.memberOf', `users/${encodeURIComponent(id)}/memberOf?$select=id,displayName,mail&$top=${PAGE}`);
        for (const g of groups) {
          if (g['@odata.type'] === GROUP_TYPE && typeof g.mail === 'string' && g.mail !== '' && !this.managedByName.has(containerName('group', g.displayName ?? ''))) {
            found.push({ group: g.mail.toLowerCase(), member: address, role: roleOfLinks(true, (await this.ownersOf(api, g.id)).has(id)) ?? MEMBER });
          }
        }
      });
      return found;
    });
    const stats = api.stats();
    this.options.events.emit({
      level: 'info',
      code: 'GRAPH_CALLS',
      message: `read Microsoft Graph with ${stats.attempts} requests (${Object.entries(stats.byLabel).map(([label, n]) => `${n} ${label}`).join(', ')}); memberships of ${addresses.length} accounts`,
      data: { ...stats },
    });
    return orderedMemberships(out);
  }

  /** Who holds the managed licences, from the users read (their assignedLicenses) and the tenant's subscriptions (one call, or the complete read's). */
  async readLicences(): Promise<LicenceHolding[]> {
    if (this.options.licences.size === 0) return [];
    const api = await this.connect();
    return guarded(async () => {
      const skus = this.raw?.skus ?? (await api.all<GraphSubscribedSku>('subscribedSkus.list', 'subscribedSkus?$select=skuId,skuPartNumber'));
      return licenceHoldings(this.users, skus, this.options.licences, (sku) =>
        new RollcallError(ErrorCodes.CONFIG_INVALID, `the licence ${sku} (entra.<population>.licence) is none of the tenant's subscriptions (GET /subscribedSkus, by skuPartNumber or skuId): check its spelling`, { details: { licence: sku } }),
      );
    });
  }

  /** Every group, as the listing of units and groups found them (read by `read`). */
  async readGroups(): Promise<ActualGroup[]> {
    const domain = this.domain();
    return actualGroups(this.groups, domain);
  }

  /** The members and owners of these groups, each group whole, its users by their position among the accounts `read` returned. */
  async readRosters(addresses: readonly string[]): Promise<Map<string, GroupRoster>> {
    const api = await this.connect();
    const position = new Map(this.users.map((u, i) => [u.id, i]));
    return guarded(() =>
      readLiveRosters(api, this.groups, addresses, {
        domain: this.domain(),
        concurrency: this.options.concurrency,
        positionOf: (id) => position.get(id),
        onPage: () => this.progress('members'),
      }),
    );
  }

  async writeSnapshot(file: string): Promise<SnapshotCounts> {
    const raw = this.raw;
    if (raw === undefined) throw new Error('internal: a snapshot is written from a complete read');
    const membersOf = new Map(this.containers.map((c) => [c.id, [...c.members]]));
    const state: EntraState = {
      subscribedSkus: raw.skus,
      administrativeUnits: raw.units.map((u): AdministrativeUnitRecord => ({ ...withoutOData(u), members: membersOf.get(u.id) ?? [] })),
      groups: raw.groups.map((g): GroupRecord => ({ ...withoutOData(g), members: membersOf.get(g.id) ?? [], owners: raw.owners.get(g.id) ?? [] })),
      users: this.users.map(withoutOData),
    };
    await writeEntraSnapshotFile(file, state);
    return { accounts: state.users.length, groups: state.groups.length, containers: this.managedByName.size };
  }

  stats() {
    return this.api?.stats();
  }

  /** A mail-enabled group's owners, read once. */
  private ownersOf(api: GraphApi, groupId: string): Promise<Set<string>> {
    let owners = this.owners.get(groupId);
    if (owners === undefined) this.owners.set(groupId, (owners = readMembers(api, { kind: 'group', id: groupId }, 'owners', false).then((ids) => new Set(ids))));
    return owners;
  }

  private domain(): string {
    if (this.options.groupDomain === null) throw new Error('internal: groups are read for a config that manages them, whose entra section names their domain');
    return this.options.groupDomain;
  }

  private async connect(): Promise<GraphApi> {
    this.api ??= await this.options.connect();
    return this.api;
  }

  private progress(phase: 'users' | 'members', count?: number): void {
    // A line every 50 pages is enough to show a large read is alive.
    if (++this.pages % 50 !== 0) return;
    this.options.events.emit({
      level: this.options.showProgress ? 'info' : 'debug',
      code: 'GRAPH_PROGRESS',
      message: `reading Microsoft Graph: ${this.pages} pages${count !== undefined ? `, ${count} users` : ''}`,
      data: { pages: this.pages, phase },
    });
  }
}

/** A resource as a snapshot holds it: Graph's own `@odata.*` annotations left out. */
function withoutOData<T extends object>(resource: T): T {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !key.startsWith('@odata.'))) as T;
}

/** The client's errors carry no request, but are turned into the CLI's words here, once. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof RollcallError && err.code !== ErrorCodes.AUTH) throw err;
    throw toRollcallError(err, 'read');
  }
}
