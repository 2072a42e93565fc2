/**
 * How apply sees an account as it is now, just before acting on it. Two ways, same answers:
 * - each: one users.get per account, issued as the account's turn comes (the freshest view;
 *   many at once, paced by the scheduler);
 * - list: one paged listing of every account up front (LiveReader), then lookups in memory.
 *   Far fewer requests when a plan touches a large share of a big domain (rollover night).
 * Either way a second look after a failed or ambiguous call uses users.get: a listing is too old.
 */
import type { DirectoryUser } from '../targets/google/directory-types.js';
import type { DirectoryCalls } from './directory-calls.js';

export type ReadMode = 'each' | 'list';

/** Who to read: Google's id when the plan has it (it survives renames), else the address. */
export interface AccountKey {
  googleId?: string;
  address: string;
}

export interface AccountReader {
  readonly mode: ReadMode;
  read(key: AccountKey): Promise<DirectoryUser | null>;
}

/** A page of users.list holds 500 accounts. */
const PAGE_SIZE = 500;
/**
 * A listing page costs about as long as 20 gets at the default pace (25 gets/s against about a
 * second per page, with the listing read from both ends at once), and the listing grows stale
 * while the run works through it: list only when it is clearly the cheaper read.
 */
const GETS_PER_PAGE = 20;

export function chooseReadMode(requested: ReadMode | 'auto', accounts: number, domainAccounts: number): ReadMode {
  if (requested !== 'auto') return requested;
  const pages = Math.ceil(domainAccounts / PAGE_SIZE) + 1;
  return accounts > GETS_PER_PAGE * pages ? 'list' : 'each';
}

export class EachReader implements AccountReader {
  readonly mode = 'each' as const;
  constructor(private readonly calls: DirectoryCalls) {}

  async read(key: AccountKey): Promise<DirectoryUser | null> {
    return (await this.calls.getUser(key.googleId ?? key.address)).value;
  }
}

export class ListedReader implements AccountReader {
  readonly mode = 'list' as const;
  private readonly byId = new Map<string, DirectoryUser>();
  private readonly byAddress = new Map<string, DirectoryUser>();

  constructor(users: readonly DirectoryUser[]) {
    for (const user of users) {
      if (user.id !== undefined) this.byId.set(user.id, user);
      for (const address of [user.primaryEmail, ...(user.aliases ?? [])]) this.byAddress.set(address.toLowerCase(), user);
    }
  }

  async read(key: AccountKey): Promise<DirectoryUser | null> {
    if (key.googleId !== undefined) return this.byId.get(key.googleId) ?? null;
    return this.byAddress.get(key.address.toLowerCase()) ?? null;
  }
}
