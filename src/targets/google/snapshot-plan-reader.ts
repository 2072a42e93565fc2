/**
 * A snapshot file as a plan's reading of Google.
 *
 * Each account is turned into the model's ActualAccount as it is read (account-view.ts: only
 * the managed attributes and match keys), so a million accounts take a fraction of the memory
 * their full lines would, and are handed over faster. The directory digest (model lines) is
 * worked out as they stream past.
 *
 * Parsing the full lines is the largest single piece of planning a large district, so the file
 * is read on a thread of its own (snapshot-plan-worker.ts), started by `prefetch` while the main
 * thread reads PowerSchool; the worker hands the accounts back in batches as the very lines it
 * digested them by (model/state-lines.ts: JSON arrays, which the main thread parses faster than
 * it would deserialise the same objects, and the worker writes only once). Where the worker's
 * compiled file is not there (running from sources under a test runner), the same reading
 * happens on the main thread.
 *
 * With `rosters` (a config that manages groups), the groups come the same way: each with its
 * members as a compact roster and its roster digest (snapshot-rosters.ts), the typed arrays
 * handed over without copying; the memberships of the accounts a plan asks about are then
 * found in the rosters.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, RollcallError, type ErrorCode } from '../../errors.js';
import type { ActualAccount } from '../../model/account.js';
import type { ActualState, DirectoryReader } from '../../model/directory-port.js';
import { GROUP_ROLES, type ActualGroup, type GroupRoster } from '../../model/group.js';
import type { Membership } from '../../model/membership.js';
import { accountFromLine, accountLine, containerLine } from '../../model/state-lines.js';
import { LineDigest, type LineDigestState } from '../../util/line-digest.js';
import { GoogleAccountView } from './account-view.js';
import type { GoogleAttribute } from './attribute-keys.js';
import type { LicenseAssignment, ProductSku, SnapshotGroup } from './directory-types.js';
import type { LicenceHolding } from '../../model/lifecycle.js';
import { fromGoogleRole } from './group-roles.js';
import { readSnapshot } from './snapshot-file.js';
import { RosterCollector, type RostersRead } from './snapshot-rosters.js';

/** What the worker sends: accounts in batches, then the rest, or the error that stopped it. */
export type PlanReadMessage =
  /** A JSON array of account lines. */
  | { type: 'accounts'; json: string }
  | { type: 'done'; containers: string[]; memberships: Membership[]; licences: FileLicences; digest: LineDigestState; groups?: RostersRead }
  | { type: 'failed'; code: ErrorCode; message: string; details: Record<string, unknown> }
  | { type: 'crashed'; message: string };

export interface PlanReadRequest {
  file: string;
  attributes: readonly GoogleAttribute[];
  /** Read groups as rosters (the config manages groups); otherwise as the memberships of every account. */
  rosters: boolean;
}

/** The licence lines of a file: the SKUs read whole, and their holders. */
export interface FileLicences {
  skus: ProductSku[];
  holders: LicenseAssignment[];
}

interface PlanRead {
  state: ActualState;
  /** Without rosters: every account's memberships. */
  memberships: Membership[];
  licences: FileLicences;
  digest: LineDigest;
  groups?: RostersRead;
}

/** Accounts per message: big enough that messages cost nothing, small enough to spread the parsing out. */
export const BATCH_SIZE = 5000;

const WORKER = new URL('./snapshot-plan-worker.js', import.meta.url);

export class SnapshotFileReader implements DirectoryReader {
  readonly description: string;
  private pending: Promise<PlanRead> | undefined;
  private worker: Worker | undefined;
  private read_: PlanRead | undefined;
  private rostersRead: Map<string, { roster: GroupRoster; digest: LineDigestState }> | undefined;
  private rostersAsked: LineDigest | undefined;

  constructor(
    private readonly file: string,
    private readonly attributes: readonly GoogleAttribute[],
    /** The SKUs the config manages: the file must have read each. */
    private readonly skus: ReadonlyArray<{ productId: string; skuId: string; key: string }> = [],
    /** The config manages groups: read them as rosters. */
    private readonly rosters = false,
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

  async read(): Promise<ActualState> {
    this.start();
    this.worker?.ref();
    this.read_ = await (this.pending as Promise<PlanRead>);
    return this.read_.state;
  }

  async readMemberships(addresses: readonly string[]): Promise<Membership[]> {
    const wanted = new Set(addresses);
    const read = this.read_;
    if (read?.groups === undefined) return (read?.memberships ?? []).filter((m) => wanted.has(m.member));
    if (wanted.size === 0) return [];
    // The accounts asked about, by position; then each roster's members among them.
    const { accounts } = read.state;
    const asked = new Uint8Array(accounts.length);
    accounts.forEach((a, i) => {
      if (wanted.has(a.address)) asked[i] = 1;
    });
    const found: Membership[] = [];
    read.groups.groups.forEach((group, g) => {
      const roster = read.groups?.rosters[g] as GroupRoster;
      for (let k = 0; k < roster.positions.length; k++) {
        const at = roster.positions[k] as number;
        if (asked[at] === 1) found.push({ group: group.address, member: (accounts[at] as ActualAccount).address, role: GROUP_ROLES[roster.roles[k] as number] ?? 'member' });
      }
    });
    return found;
  }

  async readGroups(): Promise<ActualGroup[]> {
    return this.groupsRead().groups;
  }

  async readRosters(groups: readonly string[]): Promise<Map<string, GroupRoster>> {
    if (this.rostersRead === undefined) {
      const read = this.groupsRead();
      this.rostersRead = new Map(read.groups.map((g, i) => [g.address, { roster: read.rosters[i] as GroupRoster, digest: read.digests[i] as LineDigestState }]));
    }
    const digest = new LineDigest();
    const out = new Map<string, GroupRoster>();
    for (const address of groups) {
      const entry = this.rostersRead.get(address);
      if (entry === undefined) continue;
      out.set(address, entry.roster);
      digest.merge(entry.digest);
    }
    this.rostersAsked = digest;
    return out;
  }

  async readLicences(): Promise<LicenceHolding[]> {
    const { skus: read, holders } = this.read_?.licences ?? { skus: [], holders: [] };
    const out: LicenceHolding[] = [];
    for (const sku of this.skus) {
      if (!read.some((r) => r.productId === sku.productId && r.skuId === sku.skuId)) {
        throw new RollcallError(
          ErrorCodes.SNAPSHOT_INVALID,
          `${this.file} does not say who holds the licence ${sku.key}, which the config manages (it was taken without it): take a new snapshot (rollcall snapshot)`,
          { details: { file: this.file, licence: sku.key } },
        );
      }
      for (const h of holders) if (h.productId === sku.productId && h.skuId === sku.skuId) out.push({ address: h.userId.toLowerCase(), licence: sku.key });
    }
    return out;
  }

  digest(): LineDigest | undefined {
    return this.read_?.digest;
  }

  rosterDigest(): LineDigest | undefined {
    return this.rostersAsked;
  }

  private groupsRead(): RostersRead {
    const groups = this.read_?.groups;
    if (groups === undefined) throw new Error('internal: groups are read from a snapshot opened for rosters, after read()');
    return groups;
  }

  private start(): void {
    if (this.pending) return;
    const request: PlanReadRequest = { file: this.file, attributes: this.attributes, rosters: this.rosters };
    this.pending = existsSync(fileURLToPath(WORKER)) ? this.inWorker(request) : readForPlan(request);
    // Marked as handled: when the plan fails first, nobody waits for this.
    this.pending.catch(() => undefined);
  }

  private inWorker(request: PlanReadRequest): Promise<PlanRead> {
    return new Promise((resolve, reject) => {
      const view = new GoogleAccountView(request.attributes);
      const accounts: ActualAccount[] = [];
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
          case 'accounts':
            for (const line of JSON.parse(message.json) as unknown[][]) {
              const account = accountFromLine(line);
              view.share(account);
              accounts.push(account);
            }
            break;
          case 'done':
            settled = true;
            resolve({
              state: { accounts, containers: message.containers },
              memberships: message.memberships,
              licences: message.licences,
              digest: new LineDigest(message.digest),
              ...(message.groups !== undefined ? { groups: message.groups } : {}),
            });
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

/** The reading itself, wherever it runs; `batch` receives the accounts' lines as they are read (else they are kept). */
export async function readForPlan(request: PlanReadRequest, batch?: (lines: string[]) => void): Promise<PlanRead> {
  const view = new GoogleAccountView(request.attributes);
  const digest = new LineDigest();
  const accounts: ActualAccount[] = [];
  const rosters = request.rosters ? new RosterCollector() : undefined;
  const state = await readSnapshot(request.file, {
    ...(rosters !== undefined ? { group: (group: SnapshotGroup) => rosters.group(group) } : {}),
    batch: {
      size: BATCH_SIZE,
      take: (users) => {
        const lines: string[] = [];
        for (const user of users) {
          const account = view.account(user);
          rosters?.account(account.address);
          const line = accountLine(account);
          digest.add(line);
          if (batch) lines.push(line);
          else accounts.push(account);
        }
        if (batch) batch(lines);
      },
    },
  });
  const containers = state.orgUnits.map((ou) => ou.orgUnitPath);
  for (const container of containers) digest.add(containerLine(container));
  const licences = { skus: state.licensedSkus ?? [], holders: state.licenseAssignments ?? [] };
  if (rosters !== undefined) return { state: { accounts, containers }, memberships: [], licences, digest, groups: rosters.result() };
  return { state: { accounts, containers }, memberships: membershipsOf(state.groups), licences, digest };
}

/** Every account's membership of a group, as a plan reads them: user members only. */
export function membershipsOf(groups: readonly SnapshotGroup[]): Membership[] {
  const out: Membership[] = [];
  for (const group of groups) {
    for (const member of group.members) {
      if (member.type !== undefined && member.type !== 'USER') continue;
      out.push({ group: group.email.toLowerCase(), member: member.email.toLowerCase(), role: fromGoogleRole(member.role) });
    }
  }
  return out;
}
