/**
 * How apply sees each account as it is now, just before acting on it. Two ways, same answers,
 * and in both every change is decided on a read at most `apply.freshnessSeconds` old (a write
 * whose read has grown older is not sent: the account is read again first, see
 * directory-calls.ts):
 * - each: one users.get per account, issued as the account's turn comes (many at once, paced
 *   by the scheduler);
 * - list: the plain listing of every account, in address order, a page at a time; each page's
 *   accounts are acted on as soon as that page is read (the next page is fetched meanwhile),
 *   so a whole domain is read in ceil(N/500) requests and still every change is checked
 *   against state read moments before. An account that is not where the plan expects it in the
 *   listing (renamed, deleted) is read by itself.
 */
import { USER_FIELDS, USERS_PAGE_SIZE } from '../targets/google/live-reader.js';
import type { DirectoryUser } from '../targets/google/directory-types.js';
import { SchedulerStopped } from '../targets/google/scheduler.js';
import type { AccountTask } from './account-tasks.js';
import type { DirectoryCalls } from './directory-calls.js';
import { describeFailure, googleFailure } from './failures.js';
import { runPool } from './run-pool.js';

export type ReadMode = 'each' | 'list';

/** Who to read: Google's id when the plan has it (it survives renames), else the address. */
export interface AccountKey {
  googleId?: string;
  address: string;
}

/** An account as read, and when the request that read it was sent (the calls' clock). */
export interface AccountRead {
  user: DirectoryUser | null;
  readAt: number;
}

/** A read, the reason it failed, or undefined when the account was not read because the run is stopping. */
export type AccountLook = AccountRead | { error: string } | undefined;

export type AccountWork = (task: AccountTask, look: AccountLook) => Promise<void>;

export interface FeedStats {
  /** Listing pages read (list mode). */
  pages: number;
  /** Accounts read one by one. */
  gets: number;
}

/** Hands every task to `work` once, with its account as just read; `stopping` says when to read no more. */
export interface AccountFeed {
  readonly mode: ReadMode;
  run(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void>;
  stats(): FeedStats;
}

/**
 * A listing page costs one request but takes as long as many gets (about a second for 500
 * accounts against 25 gets/s at the default pace), and the listing must be read to its end:
 * list only when that clearly costs fewer requests and not much more time.
 */
const GETS_PER_PAGE = 20;

export function chooseReadMode(requested: ReadMode | 'auto', accounts: number, domainAccounts: number): ReadMode {
  if (requested !== 'auto') return requested;
  const pages = Math.ceil(domainAccounts / USERS_PAGE_SIZE) + 1;
  return accounts > GETS_PER_PAGE * pages ? 'list' : 'each';
}

/** Reads one account now (by Google id when known); failures become the look's error. */
export async function readAccount(calls: DirectoryCalls, key: AccountKey): Promise<AccountLook> {
  try {
    const { value, sentAt } = await calls.getUser(key.googleId ?? key.address);
    return { user: value, readAt: sentAt };
  } catch (caught) {
    if (caught instanceof SchedulerStopped) return undefined;
    return { error: `could not read the account: ${describeFailure(googleFailure(caught))}; run apply again` };
  }
}

export class EachFeed implements AccountFeed {
  readonly mode = 'each' as const;
  private gets = 0;

  constructor(
    private readonly calls: DirectoryCalls,
    private readonly concurrency: number,
  ) {}

  async run(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void> {
    await runPool(tasks, this.concurrency, async (task) => {
      if (stopping()) return work(task, undefined);
      this.gets++;
      return work(task, await readAccount(this.calls, task.key));
    });
  }

  stats(): FeedStats {
    return { pages: 0, gets: this.gets };
  }
}

export class ListingFeed implements AccountFeed {
  readonly mode = 'list' as const;
  private pages = 0;
  private gets = 0;

  constructor(
    private readonly calls: DirectoryCalls,
    private readonly customer: string,
    private readonly concurrency: number,
    /** Hears when the listing failed and the rest is read account by account. */
    private readonly onWarning: (message: string) => void,
  ) {}

  async run(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void> {
    // Tasks in the listing's order: the address each account is listed under now.
    const queue = [...tasks].sort((a, b) => (a.key.address < b.key.address ? -1 : a.key.address > b.key.address ? 1 : 0));
    let next = 0;
    let page: Promise<Page> | undefined = this.fetch(undefined);
    while (page !== undefined && next < queue.length) {
      let current: Page;
      try {
        current = await page;
      } catch (caught) {
        if (caught instanceof SchedulerStopped) break;
        this.onWarning(`the account listing failed (${describeFailure(googleFailure(caught))}): reading the remaining ${queue.length - next} accounts one by one`);
        await this.readEach(queue.slice(next), work, stopping);
        return;
      }
      this.pages++;
      page = current.nextPageToken !== undefined && !stopping() ? this.fetch(current.nextPageToken) : undefined;
      // Marked as handled: if this page's work fails, nobody waits for the next page.
      page?.catch(() => undefined);
      // This page covers the addresses after the previous page's last, up to its own last (the last page: all the rest).
      const isLast = current.nextPageToken === undefined;
      const last = current.lastAddress;
      const claimed: AccountTask[] = [];
      while (next < queue.length && (isLast || (last !== undefined && (queue[next] as AccountTask).key.address <= last))) claimed.push(queue[next++] as AccountTask);
      await runPool(claimed, this.concurrency, async (task) => {
        if (stopping()) return work(task, undefined);
        const found = current.find(task.key);
        if (found !== null) return work(task, { user: found, readAt: current.readAt });
        // Not where the listing holds it: a new address is free (Google's 409 guards the rest),
        // anything else may have been renamed or deleted since the plan, so it is read by itself.
        if (task.account?.kind === 'create') return work(task, { user: null, readAt: current.readAt });
        this.gets++;
        return work(task, await readAccount(this.calls, task.key));
      });
      if (stopping()) break;
    }
    // Stopping (or a listing that ended early): whatever was not reached is not read.
    for (const task of queue.slice(next)) await work(task, undefined);
  }

  stats(): FeedStats {
    return { pages: this.pages, gets: this.gets };
  }

  private async readEach(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void> {
    const each = new EachFeed(this.calls, this.concurrency);
    await each.run(tasks, work, stopping);
    this.gets += each.stats().gets;
  }

  private async fetch(pageToken: string | undefined): Promise<Page> {
    const { value, sentAt } = await this.calls.listUsers('users.list ascending', {
      customer: this.customer,
      maxResults: USERS_PAGE_SIZE,
      ...this.calls.projection,
      orderBy: 'email',
      sortOrder: 'ASCENDING',
      fields: `nextPageToken,users(${USER_FIELDS})`,
      ...(pageToken !== undefined ? { pageToken } : {}),
    });
    return new Page((value.users ?? []) as DirectoryUser[], value.nextPageToken ?? undefined, sentAt);
  }
}

/** One page of the listing, indexed by id and by every address of its accounts. */
class Page {
  readonly lastAddress: string | undefined;
  private readonly byId = new Map<string, DirectoryUser>();
  private readonly byAddress = new Map<string, DirectoryUser>();

  constructor(
    users: readonly DirectoryUser[],
    readonly nextPageToken: string | undefined,
    readonly readAt: number,
  ) {
    for (const user of users) {
      if (user.id !== undefined) this.byId.set(user.id, user);
      for (const address of [user.primaryEmail, ...(user.aliases ?? [])]) this.byAddress.set(address.toLowerCase(), user);
    }
    this.lastAddress = users.at(-1)?.primaryEmail.toLowerCase();
  }

  find(key: AccountKey): DirectoryUser | null {
    if (key.googleId !== undefined) return this.byId.get(key.googleId) ?? null;
    return this.byAddress.get(key.address) ?? null;
  }
}
