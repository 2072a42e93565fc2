/**
 * Deleted accounts, by id, for as long as Google can restore them: 20 days after deletion by
 * the emulator's clock. An account past its window is gone for good (its restore is a 404 and
 * it is no longer listed), which the store works out whenever it is asked, so a test that moves
 * its clock sees the window close without any timer. The clock is read only when there are
 * deleted accounts: a counter clock's stamps stay as they were for everything else.
 */
import type { DirectoryUser } from '../directory-types.js';

/** A deleted account as it was, with the time it was deleted. */
export type DeletedUser = DirectoryUser & { deletionTime: string };

export const RESTORE_WINDOW_DAYS = 20;
const WINDOW_MS = RESTORE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export class DeletedUserStore {
  private readonly byId = new Map<string, DeletedUser>();

  add(user: DeletedUser): void {
    this.byId.set(user.id as string, user);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The deleted account with this id if it can still be restored `now`. */
  find(id: string, now: () => Date): DeletedUser | undefined {
    this.purge(now);
    return this.byId.get(id);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  /** Every account restorable `now`, by lower-cased email then id (an address may have been deleted twice). */
  all(now: () => Date): DeletedUser[] {
    this.purge(now);
    return [...this.byId.values()].sort((a, b) => (listingKey(a) < listingKey(b) ? -1 : 1));
  }

  /** Forgets accounts past their window; reads the clock only when there are any to judge. */
  private purge(now: () => Date): void {
    if (this.byId.size === 0) return;
    const time = now().getTime();
    for (const [id, user] of this.byId) {
      if (time - Date.parse(user.deletionTime) >= WINDOW_MS) this.byId.delete(id);
    }
  }
}

/** Unique and in email order: the key deleted accounts are listed and paged by. */
export function listingKey(user: DeletedUser): string {
  return `${user.primaryEmail.toLowerCase()}\u0000${user.id as string}`;
}
