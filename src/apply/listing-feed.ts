/**
 * Reading accounts for apply from the plain listing of every account, page by page, acting on
 * each page's accounts as soon as that page is read (so every change is checked against state
 * read moments before, and never against a read older than the freshness bound).
 *
 * The listing is walked from both ends at once when the directory can list in reverse, in
 * address order and its reverse, as Google's bulk reader does: each stream claims the plan's accounts that fall in
 * the address range of the page it just read, the next page being fetched meanwhile, and the
 * walk ends as soon as every account is claimed, which is often before the two streams meet.
 * An account not found where the plan expects it in the listing (renamed or deleted since the
 * plan) is read by itself; an address to create that is not on its page is free as far as the
 * listing shows (the directory's "already exists" guards the rest, see account-changes.ts). If the
 * descending stream fails, the ascending one finishes alone; if the ascending one fails, the
 * accounts not yet claimed are read one by one.
 */
import type { ActualAccount } from '../model/account.js';
import type { AccountPage, ListingOrder } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import { EachFeed, readAccount, type AccountFeed, type AccountKey, type AccountWork, type FeedStats } from './account-reader.js';
import type { AccountTask } from './account-tasks.js';
import { runPool } from '../util/run-pool.js';
import type { WriteAccess } from './write-access.js';

type Order = ListingOrder;

export class ListingFeed implements AccountFeed {
  readonly mode = 'list' as const;
  private pages = 0;
  private gets = 0;

  constructor(
    private readonly access: WriteAccess,
    private readonly concurrency: number,
    /** Hears when the listing failed and the rest is read account by account. */
    private readonly onWarning: (message: string) => void,
  ) {}

  async run(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void> {
    const claims = new Claims(tasks);
    // Each stream ends with the listing failure that stopped it, if one did; anything else (a journal that cannot be written) is thrown.
    const walks = [this.walk('ascending', claims, work, stopping)];
    if (this.access.writer.listsDescending) walks.push(this.walk('descending', claims, work, stopping));
    const [ascending] = await settleAll(walks);
    const rest = claims.rest();
    if (rest.length === 0) return;
    // The ascending stream reaches every page by itself: a failed descending one only cost time.
    if (ascending !== undefined && !(ascending instanceof SchedulerStopped) && !stopping()) {
      this.onWarning(`the account listing failed (${this.access.failure(ascending).message}): reading the remaining ${rest.length} accounts one by one`);
      const each = new EachFeed(this.access, this.concurrency);
      await each.run(rest, work, stopping);
      this.gets += each.stats().gets;
      return;
    }
    // Stopping: whatever was not reached is not read.
    for (const task of rest) await work(task, undefined);
  }

  stats(): FeedStats {
    return { pages: this.pages, gets: this.gets };
  }

  /** Walks one end of the listing; resolves with the failure that ended the listing early, if one did. */
  private async walk(order: Order, claims: Claims, work: AccountWork, stopping: () => boolean): Promise<unknown> {
    let page: Promise<Page> | undefined = this.fetch(order, undefined);
    while (page !== undefined && !claims.done && !stopping()) {
      let current: Page;
      try {
        current = await page;
      } catch (failure) {
        return failure;
      }
      this.pages++;
      const isLast = current.nextPageToken === undefined;
      page = !isLast && !stopping() ? this.fetch(order, current.nextPageToken) : undefined;
      // Marked as handled: if this page's work fails, nobody waits for the next page.
      page?.catch(() => undefined);
      // This page covers the addresses from where the stream's previous page ended to its own
      // last one (ascending: the largest, descending: the smallest); the last page, all the rest.
      const claim = (bound: string | undefined) => (order === 'ascending' ? claims.fromFront(bound) : claims.fromBack(bound));
      const claimed = isLast ? claim(undefined) : current.lastAddress === undefined ? [] : claim(current.lastAddress);
      await runPool(claimed, this.concurrency, async (task) => {
        if (stopping()) return work(task, undefined);
        const found = current.find(task.key);
        if (found !== null) return work(task, { account: found, readAt: current.readAt });
        if (task.account?.kind === 'create') return work(task, { account: null, readAt: current.readAt });
        this.gets++;
        return work(task, await readAccount(this.access, task.key));
      });
    }
    return undefined;
  }

  private async fetch(order: Order, page: string | undefined): Promise<Page> {
    return new Page(await this.access.writer.listAccounts(page, order));
  }
}

/** Like Promise.all, but waits for every promise before throwing the first failure: no stream is left running unwatched. */
async function settleAll<T>(promises: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** The plan's accounts in address order, each claimed once: from the front by the ascending stream, from the back by the descending one. */
class Claims {
  private readonly queue: AccountTask[];
  private front = 0;
  private back: number;

  constructor(tasks: readonly AccountTask[]) {
    this.queue = [...tasks].sort((a, b) => (a.key.address < b.key.address ? -1 : a.key.address > b.key.address ? 1 : 0));
    this.back = this.queue.length;
  }

  get done(): boolean {
    return this.front >= this.back;
  }

  /** Unclaimed accounts up to `last` (all of them when undefined). */
  fromFront(last: string | undefined): AccountTask[] {
    const start = this.front;
    while (this.front < this.back && (last === undefined || (this.queue[this.front] as AccountTask).key.address <= last)) this.front++;
    return this.queue.slice(start, this.front);
  }

  /** Unclaimed accounts from `first` on (all of them when undefined). */
  fromBack(first: string | undefined): AccountTask[] {
    const end = this.back;
    while (this.back > this.front && (first === undefined || (this.queue[this.back - 1] as AccountTask).key.address >= first)) this.back--;
    return this.queue.slice(this.back, end);
  }

  rest(): AccountTask[] {
    return this.fromFront(undefined);
  }
}

/** One page of the listing, indexed by id and by every address of its accounts. */
class Page {
  /** The address of the page's last account: the largest ascending, the smallest descending. */
  readonly lastAddress: string | undefined;
  readonly nextPageToken: string | undefined;
  readonly readAt: number;
  private readonly byId = new Map<string, ActualAccount>();
  private readonly byAddress = new Map<string, ActualAccount>();

  constructor(page: AccountPage) {
    this.nextPageToken = page.next;
    this.readAt = page.readAt;
    for (const account of page.accounts) {
      if (account.id !== undefined) this.byId.set(account.id, account);
      for (const address of [account.address, ...account.otherAddresses]) this.byAddress.set(address, account);
    }
    this.lastAddress = page.accounts.at(-1)?.address;
  }

  find(key: AccountKey): ActualAccount | null {
    if (key.id !== undefined) return this.byId.get(key.id) ?? null;
    return this.byAddress.get(key.address) ?? null;
  }
}
