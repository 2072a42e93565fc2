/**
 * Reads what Google holds, in bulk, into a GoogleState: the live counterpart of a snapshot file.
 * Org units and users are read whole (users as two page streams, see user-listing.ts); group
 * memberships only for the accounts a plan can act on (`readMemberships`), since listing every
 * group's members would cost far more calls than the users themselves. Every call goes through
 * the scheduler and is counted, so a run can report (and a benchmark check) what it cost.
 * Progress goes to `onProgress`; nothing here prints.
 */
import type { admin_directory_v1 } from '@googleapis/admin';
import { GoogleApiError } from './api-error.js';
import {
  GROUP_KIND,
  MEMBER_KIND,
  type DirectoryGroup,
  type DirectoryMember,
  type DirectoryOrgUnit,
  type DirectoryUser,
  type GoogleState,
  type LicenseAssignment,
  type ProductSku,
  type SnapshotGroup,
} from './directory-types.js';
import type { DirectoryReadApi } from './directory-read-api.js';
import type { LicensingApi } from './licensing-api.js';
import type { RequestScheduler } from '../../pacing/scheduler.js';
import { GroupListing, GROUPS_PAGE_SIZE, withoutNulls } from './group-listing.js';
import { listAllUsers, type UserListingResult } from './user-listing.js';

/** The user fields a plan reads (aliases too: an address held as an alias blocks a create). */
export const USER_FIELDS = 'id,etag,kind,primaryEmail,aliases,name,suspended,archived,orgUnitPath,customSchemas,externalIds';
const ORG_UNIT_FIELDS = 'kind,orgUnitId,orgUnitPath,name,description,parentOrgUnitId,parentOrgUnitPath,etag';
const GROUP_FIELDS = 'kind,id,email,name,etag';
const MEMBER_FIELDS = 'kind,id,email,role,type,status';

export const USERS_PAGE_SIZE = 500;
/** The Licensing API's largest page of a SKU's holders. */
export const LICENCES_PAGE_SIZE = 1000;

export interface ReadProgress {
  phase: 'org-units' | 'users' | 'memberships' | 'groups' | 'licences';
  /** Pages (list responses) read so far in this reader. */
  pages: number;
  /** Distinct users read so far. */
  users: number;
  /** Memberships phase: accounts done of accounts asked for. */
  accountsDone?: number;
  accountsTotal?: number;
}

export interface ReadStats {
  /** HTTP requests made (retries included): what Google's quota sees. */
  calls: number;
  /** Calls by API method (`users.list`, `orgunits.list`, `groups.list`, `members.get`, `members.list`). */
  byMethod: Record<string, number>;
  pages: number;
  /** How the user listing ran, and why it fell back to one stream if it did. */
  userListing?: { mode: UserListingResult['mode']; fallbackReason?: string };
  /** Accounts given to readMemberships that no longer exist. */
  accountsNotFound: number;
}

export interface LiveReaderOptions {
  api: DirectoryReadApi;
  scheduler: RequestScheduler;
  /** `google.customer` (`my_customer` or the customer id). */
  customer: string;
  /** The Licensing API, for a read of who holds the managed licences. */
  licensing?: LicensingApi;
  /**
   * Custom schemas to read: the managed ones (projection `custom` with that mask), `'all'`
   * (projection `full`), or none (projection `basic`).
   */
  customSchemas: readonly string[] | 'all';
  onProgress?: (progress: ReadProgress) => void;
}

export class LiveReader {
  private readonly api: DirectoryReadApi;
  private readonly scheduler: RequestScheduler;
  private readonly customer: string;
  private readonly licensing: LicensingApi | undefined;
  private readonly customSchemas: readonly string[] | 'all';
  private readonly onProgress: (progress: ReadProgress) => void;
  private readonly counts: ReadStats = { calls: 0, byMethod: {}, pages: 0, accountsNotFound: 0 };
  private usersSeen = 0;

  constructor(options: LiveReaderOptions) {
    this.api = options.api;
    this.scheduler = options.scheduler;
    this.customer = options.customer;
    this.licensing = options.licensing;
    this.customSchemas = options.customSchemas;
    this.onProgress = options.onProgress ?? (() => undefined);
  }

  /** Org units and users (groups empty: memberships are read per account, see readMemberships). */
  async readState(): Promise<GoogleState> {
    const [orgUnits, users] = await settleAll([this.readOrgUnits(), this.readUsers()] as const);
    return { users, groups: [], orgUnits };
  }

  /** Every org unit below the root (Google does not list '/' itself). */
  async readOrgUnits(): Promise<DirectoryOrgUnit[]> {
    const data = await this.call('orgunits.list', 'orgunits.list', async () => {
      const response = await this.api.orgunits.list({ customerId: this.customer, type: 'all', fields: `organizationUnits(${ORG_UNIT_FIELDS})` });
      return response.data;
    });
    this.page('org-units');
    const units = (data.organizationUnits ?? []) as DirectoryOrgUnit[];
    return [...units].sort((a, b) => (a.orgUnitPath < b.orgUnitPath ? -1 : a.orgUnitPath > b.orgUnitPath ? 1 : 0));
  }

  /** Every user, each once, ordered by email. */
  async readUsers(): Promise<DirectoryUser[]> {
    const mask = this.customSchemas;
    const projection = mask === 'all' ? 'full' : mask.length > 0 ? 'custom' : 'basic';
    const result = await listAllUsers(
      this.api,
      {
        customer: this.customer,
        projection,
        ...(projection === 'custom' ? { customFieldMask: [...mask].join(',') } : {}),
        fields: `nextPageToken,users(${USER_FIELDS})`,
        maxResults: USERS_PAGE_SIZE,
      },
      (label, fetch) => this.call('users.list', label, fetch),
      (users) => {
        this.usersSeen = users;
        this.page('users');
      },
    );
    this.counts.userListing = { mode: result.mode, ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}) };
    this.usersSeen = result.users.length;
    return result.users;
  }

  /**
   * The groups each of `emails` belongs to directly, as snapshot groups holding just those
   * members (with their role). Pass only the accounts a plan can act on (those suspended or
   * about to be): each costs one groups.list page per 200 groups plus one members.get per group.
   * An unknown account adds nothing (Google lists no groups for it, or answers 404: then it is
   * counted in stats().accountsNotFound).
   */
  async readMemberships(emails: readonly string[], options: { roles?: boolean } = {}): Promise<SnapshotGroup[]> {
    const withRoles = options.roles ?? true;
    const accounts = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))].sort();
    const groups = new Map<string, SnapshotGroup>();
    let done = 0;
    const report = (): void => this.page('memberships', { accountsDone: done, accountsTotal: accounts.length }, false);

    await settleAll(
      accounts.map(async (email) => {
        const memberships = await this.groupsOf(email);
        const members = await settleAll(
          memberships.map(async (group) => {
            const member: DirectoryMember | undefined = withRoles ? await this.memberOf(group, email) : { kind: MEMBER_KIND, email };
            return { group, member };
          }),
        );
        for (const { group, member } of members) {
          if (member === undefined) continue;
          const key = group.email.toLowerCase();
          const entry: SnapshotGroup = groups.get(key) ?? { ...group, kind: GROUP_KIND, members: [] };
          entry.members.push(member);
          groups.set(key, entry);
        }
        done++;
        report();
      }),
    );
    const byEmail = (a: { email: string }, b: { email: string }): number => {
      const x = a.email.toLowerCase();
      const y = b.email.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    };
    return [...groups.values()].sort(byEmail).map((g) => ({ ...g, members: [...g.members].sort(byEmail) }));
  }

  /**
   * Every holder of these SKUs: each SKU's listing, 1,000 a page (ceil(holders / 1000) calls a
   * SKU, one for none), the SKUs at once.
   */
  async readLicences(skus: readonly ProductSku[]): Promise<LicenseAssignment[]> {
    const licensing = this.licensing;
    if (skus.length === 0) return [];
    if (licensing === undefined) throw new Error('internal: licences read without the Licensing API');
    const perSku = await settleAll(
      skus.map(async (sku) => {
        const holders: LicenseAssignment[] = [];
        let pageToken: string | undefined;
        do {
          const params = { ...sku, customerId: this.customer, maxResults: LICENCES_PAGE_SIZE, ...(pageToken !== undefined ? { pageToken } : {}) };
          const data = await this.call('licenseAssignments.listForProductAndSku', `licenses ${sku.productId}/${sku.skuId}`, async () => (await licensing.listForProductAndSku(params)).data);
          this.page('licences');
          for (const item of data.items ?? []) holders.push({ productId: sku.productId, skuId: sku.skuId, userId: item.userId });
          pageToken = data.nextPageToken ?? undefined;
        } while (pageToken);
        return holders;
      }),
    );
    return perSku.flat();
  }

  stats(): ReadStats {
    return { ...this.counts, byMethod: { ...this.counts.byMethod } };
  }

  /** Every group of the customer, without members (groups.list, 200 a page). */
  readGroups(): Promise<DirectoryGroup[]> {
    return this.groupListing().groups();
  }

  /**
   * The members of these groups, each group whole (members.list, 200 a page), several groups at
   * once; a group gone since it was listed has no entry. By lower-cased group email.
   */
  async readGroupMembers(groups: readonly DirectoryGroup[]): Promise<Map<string, DirectoryMember[]>> {
    const listing = this.groupListing();
    const read = await settleAll(groups.map(async (group) => [group.email.toLowerCase(), await listing.members(group)] as const));
    return new Map(read.filter((entry): entry is readonly [string, DirectoryMember[]] => entry[1] !== null));
  }

  private groupListing(): GroupListing {
    return new GroupListing(this.api, (method, label, fn) => this.call(method, label, fn), this.customer, () => this.page('groups'));
  }

  private async groupsOf(email: string): Promise<DirectoryGroup[]> {
    const found: DirectoryGroup[] = [];
    let pageToken: string | undefined;
    do {
      const params: admin_directory_v1.Params$Resource$Groups$List = {
        userKey: email,
        maxResults: GROUPS_PAGE_SIZE,
        fields: `nextPageToken,groups(${GROUP_FIELDS})`,
        ...(pageToken !== undefined ? { pageToken } : {}),
      };
      let data: admin_directory_v1.Schema$Groups;
      try {
        data = await this.call('groups.list', `groups.list ${email}`, async () => (await this.api.groups.list(params)).data);
      } catch (err) {
        if (isNotFound(err)) {
          this.counts.accountsNotFound++;
          return [];
        }
        throw err;
      }
      this.page('memberships');
      for (const group of data.groups ?? []) if (typeof group.email === 'string') found.push(withoutNulls(group) as DirectoryGroup);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return found;
  }

  /** The account's membership of `group`, or undefined if it went away since the list. */
  private async memberOf(group: DirectoryGroup, email: string): Promise<DirectoryMember | undefined> {
    const groupKey = group.id ?? group.email;
    try {
      const member = await this.call('members.get', `members.get ${group.email} ${email}`, async () => {
        return (await this.api.members.get({ groupKey, memberKey: email, fields: MEMBER_FIELDS })).data;
      });
      return { ...withoutNulls(member), email: member.email ?? email } as DirectoryMember;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** One scheduled call, its attempts counted whether it succeeds or not. */
  private async call<T>(method: string, label: string, fn: () => Promise<T>): Promise<T> {
    try {
      const { value, attempts } = await this.scheduler.schedule(label, fn);
      this.count(method, attempts);
      return value;
    } catch (err) {
      this.count(method, err instanceof GoogleApiError ? err.attempts : 1);
      throw err;
    }
  }

  private count(method: string, attempts: number): void {
    this.counts.calls += attempts;
    this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + attempts;
  }

  private page(phase: ReadProgress['phase'], extra: Partial<ReadProgress> = {}, isPage = true): void {
    if (isPage) this.counts.pages++;
    this.onProgress({ phase, pages: this.counts.pages, users: this.usersSeen, ...extra });
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof GoogleApiError && err.status === 404;
}

/** Like Promise.all, but throws only once everything has settled, so no request is left running unwatched. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
