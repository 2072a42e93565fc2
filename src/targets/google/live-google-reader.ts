/**
 * Google read live, in bulk: org units and every user in a few paged streams, then group
 * memberships for the accounts the plan asks about only, and (when the config manages groups)
 * every group and the members of the managed ones. What `plan` without a snapshot and `rollcall
 * snapshot` both use; opened `complete`, it keeps what it read as the API returned it (every
 * custom schema) to write a snapshot file: the managed groups with all their members, other
 * groups with the memberships the plan asked about.
 */
import type { ActualState, DirectoryReader, SnapshotCounts } from '../../model/directory-port.js';
import type { EventSink } from '../../model/events.js';
import type { ActualGroup, GroupRoster } from '../../model/group.js';
import type { Membership } from '../../model/membership.js';
import type { GoogleAccountView } from './account-view.js';
import { toRollcallError } from './api-error.js';
import type { DirectoryReadApi } from './directory-read-api.js';
import { GROUP_KIND, type DirectoryGroup, type DirectoryMember, type GoogleState, type LicenseAssignment, type SnapshotGroup } from './directory-types.js';
import { GROUPS_PAGE_SIZE, MEMBERS_PAGE_SIZE } from './group-listing.js';
import type { LicensingApi } from './licensing-api.js';
import type { LicenceHolding } from '../../model/lifecycle.js';
import { LiveReader } from './live-reader.js';
import type { RequestScheduler } from '../../pacing/scheduler.js';
import { actualGroupOf, buildRoster } from './roster.js';
import { membershipsOf } from './snapshot-plan-reader.js';
import { writeSnapshotFile } from './snapshot-file.js';

/** A client and its scheduler, made when the first call is about to go out. */
export interface GoogleConnection {
  api: DirectoryReadApi;
  licensing: LicensingApi;
  scheduler: RequestScheduler;
}

export interface LiveDirectoryReaderOptions {
  connect: () => Promise<GoogleConnection>;
  view: GoogleAccountView;
  customer: string;
  /** The custom schemas to read (the managed ones), or 'all' for a complete read. */
  customSchemas: readonly string[] | 'all';
  /** The SKUs the config manages, by key. */
  skus: ReadonlyArray<{ productId: string; skuId: string; key: string }>;
  events: EventSink;
  /** Report progress as info (shown) rather than debug: when a person watches a terminal. */
  showProgress: boolean;
}

export class LiveDirectoryReader implements DirectoryReader {
  readonly description = 'Google Directory API';
  private reader: LiveReader | null = null;
  private raw: GoogleState | null = null;
  /** The licence holders' listing, started with the accounts' (see read). */
  private holders: Promise<LicenseAssignment[]> | null = null;
  /** What read() found, in its order: rosters name accounts by their position in it. */
  private users: GoogleState['users'] = [];
  private groups: DirectoryGroup[] = [];
  /** Memberships of the accounts the plan asked about, by group (a snapshot keeps them). */
  private asked: SnapshotGroup[] = [];
  private rosters = new Map<string, DirectoryMember[]>();
  /** groups.list calls of the customer's listing alone: the memberships of the accounts asked about are groups.list calls too (one per account). */
  private groupListingCalls = 0;

  constructor(private readonly options: LiveDirectoryReaderOptions) {}

  async read(): Promise<ActualState> {
    const reader = await this.open();
    // Each SKU's pages follow one another (ceil(holders / 1000) calls in turn), so they are listed
    // alongside the accounts rather than after them, where their wait would add to the plan's.
    this.holders ??= this.listHolders(reader);
    const state = await guarded(() => reader.readState());
    this.users = state.users;
    if (this.options.customSchemas === 'all') this.raw = state;
    return { accounts: state.users.map((user) => this.options.view.account(user)), containers: state.orgUnits.map((ou) => ou.orgUnitPath) };
  }

  async readMemberships(addresses: readonly string[]): Promise<Membership[]> {
    const reader = await this.open();
    const groups = addresses.length > 0 ? await guarded(() => reader.readMemberships(addresses)) : [];
    this.asked = groups;
    const stats = reader.stats();
    this.options.events.emit({
      level: 'info',
      code: 'GOOGLE_CALLS',
      message: `read Google with ${stats.calls} API calls (${Object.entries(stats.byMethod).map(([m, n]) => `${n} ${m}`).join(', ')}); memberships of ${addresses.length} accounts`,
      data: { ...stats },
    });
    return membershipsOf(groups);
  }

  async readLicences(): Promise<LicenceHolding[]> {
    const { skus } = this.options;
    if (skus.length === 0) return [];
    const reader = await this.open();
    const holders = await (this.holders ??= this.listHolders(reader));
    const calls = reader.stats().byMethod['licenseAssignments.listForProductAndSku'] ?? 0;
    this.options.events.emit({
      level: 'info',
      code: 'GOOGLE_LICENCES_READ',
      message: `read the holders of ${skus.length} licences (${holders.length} in all) with ${calls} Licensing API calls`,
      data: { licences: skus.length, holders: holders.length, calls },
    });
    if (this.raw !== null) this.raw = { ...this.raw, licensedSkus: skus.map(({ productId, skuId }) => ({ productId, skuId })), licenseAssignments: holders };
    const keyOf = new Map(skus.map((s) => [`${s.productId}/${s.skuId}`, s.key]));
    return holders.map((h) => ({ address: h.userId.toLowerCase(), licence: keyOf.get(`${h.productId}/${h.skuId}`) as string }));
  }

  async readGroups(): Promise<ActualGroup[]> {
    const reader = await this.open();
    const before = reader.stats().byMethod['groups.list'] ?? 0;
    this.groups = await guarded(() => reader.readGroups());
    this.groupListingCalls = (reader.stats().byMethod['groups.list'] ?? 0) - before;
    return this.groups.map(actualGroupOf);
  }

  async readRosters(addresses: readonly string[]): Promise<Map<string, GroupRoster>> {
    const reader = await this.open();
    const wanted = new Set(addresses);
    this.rosters = await guarded(() => reader.readGroupMembers(this.groups.filter((g) => wanted.has(g.email.toLowerCase()))));
    const position = new Map(this.users.map((u, i) => [u.primaryEmail.toLowerCase(), i]));
    const rosters = new Map<string, GroupRoster>();
    for (const [group, members] of this.rosters) rosters.set(group, buildRoster(members, (address) => position.get(address)));
    const groupsList = this.groupListingCalls;
    const membersList = reader.stats().byMethod['members.list'] ?? 0;
    // The bulk read's bound: one listing page per 200 groups, one members page per 200 members of each managed group.
    const budget = Math.ceil(this.groups.length / GROUPS_PAGE_SIZE) + [...this.rosters.values()].reduce((n, members) => n + Math.max(1, Math.ceil(members.length / MEMBERS_PAGE_SIZE)), 0);
    this.options.events.emit({
      level: 'info',
      code: 'GOOGLE_GROUP_CALLS',
      message: `read ${this.groups.length} groups (${groupsList} groups.list calls) and the members of ${rosters.size} managed groups (${membersList} members.list calls)`,
      data: { groups: this.groups.length, rosters: rosters.size, groupsList, membersList, budget },
    });
    return rosters;
  }

  async writeSnapshot(file: string): Promise<SnapshotCounts> {
    if (this.raw === null) throw new Error('internal: a snapshot is written from a complete read');
    const groups = snapshotGroups(this.groups, this.rosters, this.asked);
    await writeSnapshotFile(file, { ...this.raw, groups });
    return { accounts: this.raw.users.length, groups: groups.length, containers: this.raw.orgUnits.length };
  }

  stats() {
    return this.reader?.stats();
  }

  private listHolders(reader: LiveReader): Promise<LicenseAssignment[]> {
    const { skus } = this.options;
    const listing = skus.length === 0 ? Promise.resolve([]) : guarded(() => reader.readLicences(skus.map(({ productId, skuId }) => ({ productId, skuId }))));
    // Marked as handled: when the account read fails first, nobody waits for this.
    listing.catch(() => undefined);
    return listing;
  }

  private async open(): Promise<LiveReader> {
    if (this.reader) return this.reader;
    const { connect, customer, customSchemas, events, showProgress } = this.options;
    const { api, licensing, scheduler } = await connect();
    let lastReport = 0;
    this.reader = new LiveReader({
      api,
      licensing,
      scheduler,
      customer,
      customSchemas,
      onProgress: (p) => {
        // A progress line every 50 pages is enough to show a large read is alive.
        if (p.pages - lastReport < 50 && p.phase !== 'memberships') return;
        lastReport = p.pages;
        const detail = p.phase === 'memberships' ? `${p.accountsDone ?? 0}/${p.accountsTotal ?? 0} accounts` : `${p.users} users`;
        events.emit({ level: showProgress ? 'info' : 'debug', code: 'GOOGLE_PROGRESS', message: `reading Google: ${p.phase}, ${p.pages} pages, ${detail}`, data: { ...p } });
      },
    });
    return this.reader;
  }
}

/** The API's own error object carries the request (and its Authorization header): never let it out. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toRollcallError(err, 'read');
  }
}

/**
 * The groups a snapshot holds: every group listed (the managed ones with all their members), and
 * any other group with the memberships the plan asked about.
 */
function snapshotGroups(listed: readonly DirectoryGroup[], rosters: ReadonlyMap<string, DirectoryMember[]>, asked: readonly SnapshotGroup[]): SnapshotGroup[] {
  const groups = new Map<string, SnapshotGroup>();
  for (const g of asked) groups.set(g.email.toLowerCase(), g);
  for (const g of listed) {
    const key = g.email.toLowerCase();
    const members = rosters.get(key) ?? groups.get(key)?.members ?? [];
    groups.set(key, { ...g, kind: GROUP_KIND, members });
  }
  return [...groups.values()];
}
