/**
 * Google read live, in bulk: org units and every user in a few paged streams, then group
 * memberships for the accounts the plan asks about only. What `plan` without a snapshot and
 * `rollcall snapshot` both use; opened `complete`, it keeps what it read as the API returned it
 * (every custom schema) to write a snapshot file.
 */
import type { ActualState, DirectoryReader, SnapshotCounts } from '../../model/directory-port.js';
import type { EventSink } from '../../model/events.js';
import type { Membership } from '../../model/membership.js';
import type { GoogleAccountView } from './account-view.js';
import { toRollcallError } from './api-error.js';
import type { DirectoryReadApi } from './directory-read-api.js';
import type { GoogleState, LicenseAssignment } from './directory-types.js';
import type { LicensingApi } from './licensing-api.js';
import type { LicenceHolding } from '../../model/lifecycle.js';
import { LiveReader } from './live-reader.js';
import type { RequestScheduler } from '../../pacing/scheduler.js';
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

  constructor(private readonly options: LiveDirectoryReaderOptions) {}

  async read(): Promise<ActualState> {
    const reader = await this.open();
    // Each SKU's pages follow one another (ceil(holders / 1000) calls in turn), so they are listed
    // alongside the accounts rather than after them, where their wait would add to the plan's.
    this.holders ??= this.listHolders(reader);
    const state = await guarded(() => reader.readState());
    if (this.options.customSchemas === 'all') this.raw = state;
    return { accounts: state.users.map((user) => this.options.view.account(user)), containers: state.orgUnits.map((ou) => ou.orgUnitPath) };
  }

  async readMemberships(addresses: readonly string[]): Promise<Membership[]> {
    const reader = await this.open();
    const groups = addresses.length > 0 ? await guarded(() => reader.readMemberships(addresses)) : [];
    if (this.raw !== null) this.raw = { ...this.raw, groups };
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

  async writeSnapshot(file: string): Promise<SnapshotCounts> {
    if (this.raw === null) throw new Error('internal: a snapshot is written from a complete read');
    await writeSnapshotFile(file, this.raw);
    return { accounts: this.raw.users.length, groups: this.raw.groups.length, containers: this.raw.orgUnits.length };
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
