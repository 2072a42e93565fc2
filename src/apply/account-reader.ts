/**
 * How apply sees each account as it is now, just before acting on it. Two ways, same answers,
 * and in both every change is decided on a read at most `apply.freshnessSeconds` old (a write
 * whose read has grown older is not sent: the account is read again first, see
 * write-access.ts):
 * - each: one read per account (Google: users.get), issued as the account's turn comes (many at
 *   once, paced by the scheduler);
 * - list: the plain listing of every account, a page at a time (listing-feed.ts): each page's
 *   accounts are acted on as soon as that page is read, so a whole directory is read in one
 *   request per page and still every change is checked against state read moments before.
 */
import type { ActualAccount } from '../model/account.js';
import type { AccountKey } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { AccountTask } from './account-tasks.js';
import { runPool } from '../util/run-pool.js';
import type { WriteAccess } from './write-access.js';

export type ReadMode = 'each' | 'list';

export type { AccountKey } from '../model/directory-port.js';

/** An account as read, and when the request that read it was sent (the writer's clock). */
export interface AccountRead {
  account: ActualAccount | null;
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
 * accounts against 25 gets/s at the default pace), and the listing may have to be read to its
 * end: list only when that clearly costs fewer requests and not much more time.
 */
const GETS_PER_PAGE = 20;

export function chooseReadMode(requested: ReadMode | 'auto', accounts: number, directoryAccounts: number, pageSize: number): ReadMode {
  if (requested !== 'auto') return requested;
  const pages = Math.ceil(directoryAccounts / pageSize) + 1;
  return accounts > GETS_PER_PAGE * pages ? 'list' : 'each';
}

/** Reads one account now (by the directory's id when known); failures become the look's error. */
export async function readAccount(access: WriteAccess, key: AccountKey): Promise<AccountLook> {
  try {
    const { value, readAt } = await access.writer.readAccount(key);
    return { account: value, readAt };
  } catch (caught) {
    if (caught instanceof SchedulerStopped) return undefined;
    return { error: `could not read the account: ${access.failure(caught).message}; run apply again` };
  }
}

export class EachFeed implements AccountFeed {
  readonly mode = 'each' as const;
  private gets = 0;

  constructor(
    private readonly access: WriteAccess,
    private readonly concurrency: number,
  ) {}

  async run(tasks: readonly AccountTask[], work: AccountWork, stopping: () => boolean): Promise<void> {
    await runPool(tasks, this.concurrency, async (task) => {
      if (stopping()) return work(task, undefined);
      this.gets++;
      return work(task, await readAccount(this.access, task.key));
    });
  }

  stats(): FeedStats {
    return { pages: 0, gets: this.gets };
  }
}
