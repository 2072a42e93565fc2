/**
 * A snapshot file as plan's source of Google's state.
 *
 * It keeps of each account only what a plan reads (see PLAN_FIELDS; custom schemas only those
 * the config manages, as a live read asks Google for), so a million accounts take a third of the
 * memory and are handed over faster. Its digest is of the file's lines as written
 * (snapshot-digest.ts), worked out as they stream past.
 *
 * Parsing the full lines is the largest single piece of planning a large district, so the file
 * is read on a thread of its own (snapshot-plan-worker.ts), started by `prefetch` while the main
 * thread reads PowerSchool; the worker hands the slimmed accounts back as JSON text in batches,
 * which the main thread parses faster than it would deserialise the same objects. Where the
 * worker's compiled file is not there (running from sources under a test runner), the same
 * reading happens on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GoogleReader } from '../../engine/make-plan.js';
import { ErrorCodes, RollcallError, type ErrorCode } from '../../errors.js';
import type { DirectoryOrgUnit, DirectoryUser, GoogleState, SnapshotGroup } from './directory-types.js';
import { LineDigest } from '../../util/line-digest.js';
import { readSnapshot } from './snapshot-file.js';

/** What the worker sends: accounts in batches, then the rest, or the error that stopped it. */
export type PlanReadMessage =
  | { type: 'users'; json: string }
  | { type: 'done'; orgUnits: DirectoryOrgUnit[]; groups: SnapshotGroup[]; digest: string }
  | { type: 'failed'; code: ErrorCode; message: string; details: Record<string, unknown> }
  | { type: 'crashed'; message: string };

export interface PlanReadRequest {
  file: string;
  customSchemas: readonly string[];
}

/** Accounts per message: big enough that messages cost nothing, small enough to spread the parsing out. */
export const BATCH_SIZE = 5000;

const WORKER = new URL('./snapshot-plan-worker.js', import.meta.url);

export class SnapshotFileReader implements GoogleReader {
  readonly description: string;
  private pending: Promise<{ state: GoogleState; digest: string }> | undefined;
  private worker: Worker | undefined;
  private digested: string | undefined;

  constructor(
    private readonly file: string,
    private readonly customSchemas: readonly string[],
  ) {
    this.description = `snapshot ${file}`;
  }

  /**
   * Starts reading now. The worker does not keep the process alive until `read` is called: if
   * the plan fails before it needs Google's state, the process ends as it would have.
   */
  prefetch(): void {
    this.start();
    this.worker?.unref();
  }

  async read(): Promise<GoogleState> {
    this.start();
    this.worker?.ref();
    const { state, digest } = await (this.pending as Promise<{ state: GoogleState; digest: string }>);
    this.digested = digest;
    return state;
  }

  digest(): string | undefined {
    return this.digested;
  }

  private start(): void {
    if (this.pending) return;
    const request: PlanReadRequest = { file: this.file, customSchemas: this.customSchemas };
    this.pending = existsSync(fileURLToPath(WORKER)) ? this.inWorker(request) : readForPlan(request);
    // Marked as handled: when the plan fails first, nobody waits for this.
    this.pending.catch(() => undefined);
  }

  private inWorker(request: PlanReadRequest): Promise<{ state: GoogleState; digest: string }> {
    return new Promise((resolve, reject) => {
      const users: DirectoryUser[] = [];
      const worker = new Worker(WORKER, { workerData: request });
      this.worker = worker;
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
        void worker.terminate();
      };
      worker.on('message', (message: PlanReadMessage) => {
        switch (message.type) {
          case 'users':
            for (const user of JSON.parse(message.json) as DirectoryUser[]) users.push(user);
            break;
          case 'done':
            settled = true;
            resolve({ state: { users, orgUnits: message.orgUnits, groups: message.groups }, digest: message.digest });
            break;
          case 'failed':
            fail(new RollcallError(message.code, message.message, { details: message.details }));
            break;
          case 'crashed':
            fail(new RollcallError(ErrorCodes.INTERNAL, `reading ${request.file}: ${message.message}`, { details: { file: request.file } }));
            break;
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new RollcallError(ErrorCodes.INTERNAL, `reading ${request.file}: the reader stopped (exit ${code})`, { details: { file: request.file } })));
    });
  }
}

/** The reading itself, wherever it runs; `batch` receives the accounts as they are read. */
export async function readForPlan(
  request: PlanReadRequest,
  batch?: (users: DirectoryUser[]) => void,
): Promise<{ state: GoogleState; digest: string }> {
  const digest = new LineDigest();
  const state = await readSnapshot(request.file, {
    onLine: (line) => digest.add(line),
    keep: planView(request.customSchemas),
    ...(batch ? { batch: { size: BATCH_SIZE, take: batch } } : {}),
  });
  return { state, digest: digest.value() };
}

/**
 * What a plan reads of an account (the diff, the index of addresses and match keys, the
 * school-drop guard): its id, addresses, name, suspension, org unit, managed custom schemas and
 * externalIds. A live read returns a little more (kind, etag, fullName), which no plan looks at.
 */
const PLAN_FIELDS = ['id', 'primaryEmail', 'aliases', 'suspended', 'archived', 'orgUnitPath', 'externalIds'] as const;

/** An account as a plan sees it: those fields, the name's two parts, and only the named custom schemas. */
function planView(customSchemas: readonly string[]): (user: DirectoryUser) => DirectoryUser {
  const schemas = new Set(customSchemas);
  return (user) => {
    const out: Record<string, unknown> = {};
    for (const field of PLAN_FIELDS) if (user[field] !== undefined) out[field] = user[field];
    if (user.name !== undefined) out.name = { givenName: user.name.givenName, familyName: user.name.familyName };
    if (user.customSchemas !== undefined) {
      let kept: Record<string, unknown> | undefined;
      for (const schema of Object.keys(user.customSchemas)) if (schemas.has(schema)) (kept ??= {})[schema] = user.customSchemas[schema];
      if (kept) out.customSchemas = kept;
    }
    return out as DirectoryUser;
  };
}
