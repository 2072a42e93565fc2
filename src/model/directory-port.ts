/**
 * The port a directory implements to be one of rollcall's targets (Google Workspace, Microsoft
 * Entra ID, ...). The core (rules, diff, plan, guardrails, render, engine, apply) knows targets
 * only through this file; each target lives in its own folder under targets/, maps its wire
 * resources to and from the model, and is chosen in one place, targets/factory.ts.
 *
 * Planning: the target maps the people the rules produce to the accounts it should hold
 * (`desiredAccounts`) and names the groups the rules ask for (`desiredGroups`), says how
 * placement behaves per population (`policy`), and reads the directory in bulk (`openReader`):
 * every account first, then the group memberships of the few accounts the plan needs them for,
 * and, when the config manages groups, every group and the members of the managed ones.
 * Applying: a writer, opened only when there is something to do and the apply lock is held,
 * reads one account (or a page of them, a group, a membership) just before acting, creates,
 * updates only the fields still to change, creates and deletes groups, adds, removes and
 * re-roles members, and says what a failure means (`classify`). Pacing and retries are the
 * writer's, through the shared scheduler.
 */
import type { LineDigest } from '../util/line-digest.js';
import type { AccountFields, ActualAccount, DesiredAccount } from './account.js';
import type { EventSink } from './events.js';
import type { ActualGroup, DesiredGroup, GroupFields, GroupRole, GroupRoster } from './group.js';
import type { Issue } from './issue.js';
import type { LicenceHolding, OffboardingStep } from './lifecycle.js';
import type { Membership } from './membership.js';
import type { DesiredPerson, Person, Population } from './person.js';

/**
 * The target's own words, carried in each plan (so `show` needs no target code) and used by the
 * core wherever a person reads about the directory: fields as the directory names them,
 * reasons and issues in its terms.
 */
export interface TargetVocabulary {
  /** The directory as a person names it: "Google". */
  directory: string;
  /** The address field: "primaryEmail". */
  address: string;
  /** The placement field: "orgUnitPath". */
  placement: string;
  /** One container, in words: "org unit". */
  container: string;
  /** A container in short, in reasons ("frozen OU"): "OU". */
  containerShort: string;
  /** The field that shows whether an account is usable; `inverted` when it says the opposite (Google's `suspended`). */
  enabled: { field: string; inverted: boolean };
  /** The managed attributes, in reasons: "custom attributes". */
  attributes: string;
}

/** Who the plan is for: the target's kind, its identity (Google domain, Entra tenant), its words. */
export interface TargetDescription {
  kind: string;
  identity: string;
  vocabulary: TargetVocabulary;
}

/**
 * How placement behaves for one population, from the target's config. Patterns match
 * containers (see placement.ts).
 */
export interface PlacementPolicy {
  /** Accounts in a container matching one of these are never moved (still disabled when the person leaves). */
  frozen: readonly string[];
  /** Inactive people whose account is in one of these stay enabled and in place. */
  temporaryReactivation: readonly string[];
  /** Disabled accounts leave their groups (their memberships, not their placement). */
  leaveGroupsWhenDisabled: boolean;
  /**
   * The building a placement counts under for the school-drop guard (Google: the org unit one
   * level below the population's prefix), or null when it is in none.
   */
  building(placement: readonly string[]): string | null;
}

/** The accounts a target asks for, and the people it could not map (each an issue naming the row). */
export interface DesiredMapping {
  accounts: DesiredAccount[];
  issues: Issue[];
}

/** The groups the rules ask for, in the target's words, and those it could not name (each an issue). */
export interface GroupMapping {
  groups: Array<{ desired: DesiredGroup; fields: GroupFields }>;
  issues: Issue[];
}

/** What one bulk read found. */
export interface ActualState {
  accounts: ActualAccount[];
  /** The containers the directory has (Google: every org unit path). */
  containers: string[];
}

export interface SnapshotCounts {
  accounts: number;
  groups: number;
  containers: number;
}

/**
 * The managed-groups part of a reader (and of a writer, and of a target): a target that syncs
 * groups (Google, Entra) implements all three; one that does not implements none, and the core
 * asks only a target that has them, refusing the others by name (model/group-sync.ts).
 */
export interface GroupReader {
  /**
   * Every group the directory holds, without members (Google: the customer's groups, 200 a
   * page). Asked for, after `read`, only when the config manages groups.
   */
  readGroups(): Promise<ActualGroup[]>;
  /**
   * The members of these groups (lower-cased addresses of groups `readGroups` found), each group
   * whole (Google: 200 members a page), by group address; members that are accounts `read`
   * returned are given by their position in its list.
   */
  readRosters(groups: readonly string[]): Promise<Map<string, GroupRoster>>;
  /**
   * The digest of the rosters `readRosters` returned (each as model/state-lines.ts rosterLine
   * gives it), when the reader worked it out while reading; otherwise the engine digests them.
   */
  rosterDigest?(): LineDigest | undefined;
}

/** Reads a directory in bulk: a snapshot file, or the directory itself. */
export interface DirectoryReader extends Partial<GroupReader> {
  /** For messages: "snapshot fixtures/google-snapshot.jsonl", "Google Directory API (district.org)". */
  readonly description: string;
  /** Starts reading now, when reading has no effects (a file): it then overlaps reading PowerSchool. */
  prefetch?(): void;
  /** Every account, with only the managed attributes and match keys, and the containers. */
  read(): Promise<ActualState>;
  /** The memberships of these accounts (lower-cased addresses), asked for once `read` is done. */
  readMemberships(addresses: readonly string[]): Promise<Membership[]>;
  /**
   * Who holds each licence the config manages (none managed: nothing read), asked for once
   * `read` is done: Google lists each SKU's holders, Entra has them from the users read.
   */
  readLicences(): Promise<LicenceHolding[]>;
  /**
   * The digest of what `read` returned (each account and container as stateLines gives it),
   * when the reader worked it out while reading; otherwise the engine digests the state.
   */
  digest?(): LineDigest | undefined;
  /** Writes what `read`, `readMemberships`, `readGroups` and `readRosters` found, in the target's snapshot format (readers opened `complete` only). */
  writeSnapshot?(file: string): Promise<SnapshotCounts>;
}

export interface ReaderOptions {
  /** Read this snapshot file instead of the directory. */
  snapshotFile?: string;
  /** Keep everything the directory holds (every attribute), to write a snapshot of it. */
  complete?: boolean;
}

/** Who to read or write: the directory's id when known (it survives a rename), else the address. */
export interface AccountKey {
  id?: string;
  address: string;
}

/** What a read found, and when the request that found it was sent (the writer's clock, ms). */
export interface Read<T> {
  value: T;
  readAt: number;
}

/** One page of every account, in address order (or its reverse). */
export interface AccountPage {
  accounts: ActualAccount[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
  readAt: number;
}

/** The order of a listing: by address, or its reverse (to walk a listing from both ends at once). */
export type ListingOrder = 'ascending' | 'descending';

/** A write that was sent and answered: how many HTTP attempts it took. */
export interface Sent {
  attempts: number;
}

/** One offboarding step taken: `already-done` when there was nothing left to cut (no tokens, no backup codes). */
export interface StepTaken {
  outcome: 'done' | 'already-done';
  attempts: number;
}

/** Where handing a deleted account's files to another account stands (Google Drive). */
export type FileTransfer = { state: 'completed' } | { state: 'in-progress' | 'started'; since: string } | { state: 'failed'; message: string };

/**
 * Runs just before each attempt of a write goes out. It may throw to keep the write from being
 * sent (apply refuses to act on a read that has grown too old); the writer lets that error pass.
 */
export type BeforeSend = () => Promise<void>;

/**
 * What a failed call means for a change:
 * - not-found: what was asked for is not there (an account, a membership, a group);
 * - duplicate: an address is taken (a create, or a rename onto another account's address), or
 *   a member added is already in the group;
 * - missing-container: the placement names a container the directory lacks;
 * - outcome-unknown: the call may or may not have taken effect (timeout, 5xx, out of retries);
 * - auth: the credentials were refused: every further call would fail the same way;
 * - fatal: anything else the directory refused.
 */
export type FailureKind = 'not-found' | 'duplicate' | 'missing-container' | 'outcome-unknown' | 'auth' | 'fatal';

export interface DirectoryFailure {
  kind: FailureKind;
  /** One line, safe to print and journal: never a request body, never a secret. For missing-container it says what to create. */
  message: string;
  /** HTTP attempts the call took. */
  attempts: number;
  /** Attempts whose answer was lost: a duplicate after one of them may be this very call having landed. */
  uncertainAttempts: number;
}

/** The group writes of a writer whose target syncs groups (see GroupReader). */
export interface GroupWriter {
  /** Puts the account in the group in this role (duplicate when it is already a member). */
  addMembership(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent>;
  /** Gives a member another role in the group (not-found when it is not in it). */
  setMembershipRole(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent>;
  /** The group at this address, with how many direct members it has, or null. */
  readGroup(address: string): Promise<Read<ActualGroup | null>>;
  /** Creates an empty group holding exactly `fields` (duplicate when the address is taken). */
  createGroup(fields: GroupFields, beforeSend: BeforeSend): Promise<Sent>;
  /** Deletes the group (not-found when it is not there). */
  deleteGroup(address: string, beforeSend: BeforeSend): Promise<Sent>;
}

/** The apply side, opened with the lock held. Every call goes through the target's request scheduler. */
export interface DirectoryWriter extends Partial<GroupWriter> {
  /** The clock reads are timed on (ms). */
  now(): number;
  /** Set once the directory refused the credentials: the run stops. */
  readonly authFailure: string | undefined;
  /** Whether `listAccounts` can list in descending order (apply then walks the listing from both ends). */
  readonly listsDescending: boolean;
  readAccount(key: AccountKey): Promise<Read<ActualAccount | null>>;
  /** One page of the plain listing of every account, by address (`page`: where the previous page said the next starts). */
  listAccounts(page: string | undefined, order: ListingOrder): Promise<AccountPage>;
  /** Creates an account holding exactly `fields`, with this initial password. */
  create(fields: AccountFields, person: Person, password: string, beforeSend: BeforeSend): Promise<Sent>;
  /**
   * Writes the fields named by `changed` (field-path.ts pointers) with their `after` values, and
   * nothing else: what the target does not manage on `live` (the account as just read by this
   * writer) stays as it is.
   */
  update(key: AccountKey, changed: readonly string[], after: AccountFields, live: ActualAccount, beforeSend: BeforeSend): Promise<Sent>;
  /** The member's role in the group, or null when not a member (or no such group). */
  readMembership(group: string, member: AccountKey): Promise<Read<{ role: GroupRole } | null>>;
  /** Takes the member out of the group (not-found when it is not in it). */
  removeMembership(group: string, member: AccountKey, beforeSend: BeforeSend): Promise<Sent>;
  /** Whether the account holds this licence (a key the target's config gives). */
  readLicence(key: AccountKey, licence: string): Promise<Read<boolean>>;
  assignLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent>;
  /** Takes the licence back (not-found when the account does not hold it). */
  removeLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent>;
  /**
   * One offboarding step. Those the directory lets apply see (tokens, app passwords, backup codes)
   * are read first and are already-done when nothing is left; `password` is for reset-password.
   */
  offboard(key: AccountKey, step: OffboardingStep, beforeSend: BeforeSend, password?: string): Promise<StepTaken>;
  /** Deletes the account (not-found when it is not there). */
  deleteAccount(key: AccountKey, beforeSend: BeforeSend): Promise<Sent>;
  /**
   * Hands the account's files to `to` (an address) before it is deleted, or says how the
   * transfer started by an earlier run stands: only targets that can (Google Drive).
   */
  transferFiles?(key: AccountKey, to: string): Promise<FileTransfer>;
  /** A failed call of this writer, classified; null for anything else (a bug, or apply's own signals), which is thrown on. */
  classify(err: unknown): DirectoryFailure | null;
}

export interface WriterOptions {
  events: EventSink;
  /** Fired when a person stops the run: nothing new starts. */
  stop?: AbortSignal;
  /** Fired once the stopping run's deadline for requests in flight has passed: they are aborted. */
  abortRequests?: AbortSignal;
}

/** What apply needs to know of a target before it opens a writer. */
export interface ApplySettings {
  /** Accounts worked on at once. */
  concurrency: number;
  /** The environment variable holding every new account's initial password, or null to generate one per account. */
  initialPasswordEnv: string | null;
  /** The config key that names it, for messages: "google.initialPassword.env". */
  initialPasswordSetting: string;
  /** The lengths the directory accepts for a password given in clear text. */
  passwordLength: { min: number; max: number };
  /** Accounts per page of the writer's `listAccounts` (apply weighs listing against reading one by one before it opens the writer). */
  listPageSize: number;
}

/** What a target needs from the run that opens it (the factory passes it on). */
export interface TargetContext {
  env: NodeJS.ProcessEnv;
  /** The config file's directory: relative paths in the target's section (key files, token files) are resolved against it. */
  baseDir: string;
  events: EventSink;
  /** Report read progress as info (shown) rather than debug: a person watches a terminal. */
  showProgress: boolean;
}

/** The group part of a target that syncs groups (see GroupReader). */
export interface GroupTarget {
  /** Pure: the groups the rules ask for, named in this target's words (Google: the handle in the domain). */
  desiredGroups(groups: readonly DesiredGroup[]): GroupMapping;
}

export interface DirectoryTarget extends TargetDescription, Partial<GroupTarget> {
  /** The populations this target manages (config). */
  readonly populations: readonly Population[];
  /** Pure: people to accounts, in this target's words (address, containers, attributes, match key). */
  desiredAccounts(people: readonly DesiredPerson[]): DesiredMapping;
  policy(population: Population): PlacementPolicy;
  openReader(options?: ReaderOptions): DirectoryReader;
  readonly apply: ApplySettings;
  openWriter(options: WriterOptions): Promise<DirectoryWriter>;
}
