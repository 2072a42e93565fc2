/**
 * The Data Transfer API's transfers as the emulator keeps them (routes-data-transfers.ts serves
 * them). A transfer answers `inProgress` until it is done, then `completed` (or `failed`, for an old
 * owner the test names) for good. It is done after it has been read `completeAfterPolls` times
 * (a transfers.get, or a transfers.list page showing it), or, with `completeAfterMs`, once the
 * emulator's clock has moved that far past its request time: a test chooses whether a run polls
 * its way to the end or a later night finds it finished.
 */
import { etagOf } from './ids.js';

export interface TransferParam {
  key: string;
  value: string[];
}

/** A data transfer, as the Data Transfer API returns it. */
export interface DataTransfer {
  kind: 'admin#datatransfer#DataTransfer';
  id: string;
  etag: string;
  oldOwnerUserId: string;
  newOwnerUserId: string;
  applicationDataTransfers: Array<{ applicationId: string; applicationTransferParams: TransferParam[]; applicationTransferStatus: string }>;
  overallTransferStatusCode: string;
  requestTime: string;
}

export interface TransferSwitches {
  /** Reads (transfers.get, or a transfers.list page showing it) answer `inProgress` this many times, then the final status (default 1). */
  completeAfterPolls?: number;
  /** Instead of polls: done once the clock is this many milliseconds past the request. */
  completeAfterMs?: number;
  /** Primary emails of old owners whose transfers end `failed`. */
  failFor?: string[];
}

interface StoredTransfer {
  resource: DataTransfer;
  polls: number;
  /** The final status, once reached. */
  outcome: 'completed' | 'failed';
  done: boolean;
}

export class TransferStore {
  private readonly byId = new Map<string, StoredTransfer>();
  private readonly ordered: StoredTransfer[] = [];
  private readonly failFor: ReadonlySet<string>;

  constructor(private readonly switches: TransferSwitches) {
    this.failFor = new Set((switches.failFor ?? []).map((e) => e.toLowerCase()));
  }

  get count(): number {
    return this.ordered.length;
  }

  /** Stores a new transfer, `inProgress`; `oldOwnerEmail` decides whether it will fail. */
  add(resource: DataTransfer, oldOwnerEmail: string): void {
    const stored: StoredTransfer = { resource, polls: 0, outcome: this.failFor.has(oldOwnerEmail.toLowerCase()) ? 'failed' : 'completed', done: false };
    this.byId.set(resource.id, stored);
    this.ordered.push(stored);
  }

  /** A transfer as a read at `now` finds it; `poll` counts the read towards completion. */
  read(id: string, now: () => Date, poll: boolean): DataTransfer | undefined {
    const stored = this.byId.get(id);
    if (!stored) return undefined;
    if (poll) stored.polls++;
    return this.settle(stored, now);
  }

  /** Every transfer in request order as it stands at `now`, counting no poll (a listing counts its page's, by `read`). */
  all(now: () => Date): DataTransfer[] {
    return this.ordered.map((stored) => this.settle(stored, now));
  }

  private settle(stored: StoredTransfer, now: () => Date): DataTransfer {
    if (!stored.done) {
      const { completeAfterMs, completeAfterPolls } = this.switches;
      stored.done =
        completeAfterMs !== undefined
          ? now().getTime() - Date.parse(stored.resource.requestTime) >= completeAfterMs
          : stored.polls > (completeAfterPolls ?? 1);
      if (stored.done) {
        const status = stored.outcome;
        stored.resource.overallTransferStatusCode = status;
        for (const app of stored.resource.applicationDataTransfers) app.applicationTransferStatus = status;
        stored.resource.etag = etagOf(stored.resource);
      }
    }
    return structuredClone(stored.resource);
  }
}
