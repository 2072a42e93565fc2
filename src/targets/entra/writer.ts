/**
 * The Entra writer apply acts through (model/directory-port.ts): it reads one account now (the
 * user and the managed units and groups it is a direct member of), or a page of the listing,
 * and makes a change in as few calls as Graph allows: a create is the user (with its properties
 * and initial password), then its unit and group memberships by `$ref`; an update PATCHes only
 * the properties of the fields still to change, then adds and removes memberships. Containers
 * are found by display name before anything is sent, so a missing one stops the change whole.
 * Over an account's life it also gives and takes licences (assignLicense), revokes its sign-in
 * sessions, resets its password and deletes it, each a change or step of its own. Every call
 * goes through the shared scheduler; `beforeSend` (apply's freshness check) guards the first
 * write of a change, the rest belongs to the same act.
 */
import type { EntraLicence } from '../../config/types.js';
import type { AccountFields, ActualAccount } from '../../model/account.js';
import type {
  AccountKey,
  AccountPage,
  BeforeSend,
  DirectoryFailure,
  DirectoryWriter,
  ListingOrder,
  Read,
  Sent,
  StepTaken,
  TargetContext,
  WriterOptions,
} from '../../model/directory-port.js';
import { PLACEMENT_PATH } from '../../model/field-path.js';
import type { ActualGroup, GroupFields, GroupRole } from '../../model/group.js';
import type { OffboardingStep } from '../../model/lifecycle.js';
import type { Person } from '../../model/person.js';
import { samePlacement } from '../../model/placement.js';
import { runPool } from '../../util/run-pool.js';
import type { ScheduleOptions, Scheduled } from '../../pacing/scheduler.js';
import { EntraAccountView } from './account-view.js';
import { containerPath, findContainer, GROUP_TYPE, listContainers, PAGE, readMembers, type DirectoryObject } from './container-reads.js';
import { containerKey, containerName, orderedPlacement, parseContainer, type ManagedContainers } from './containers.js';
import type { EntraTargetConfig } from './entra-config.js';
import { connectGraph, GRAPH_ROOT, type GraphApi, type GraphPage } from './graph-api.js';
import type { GraphCall } from './graph-client.js';
import { classifyGraphError, GraphCallError, isAuthFailure } from './graph-failures.js';
import type { GraphSubscribedSku, GraphUser } from './graph-types.js';
import { groupDomain } from './group-mapping.js';
import { EntraGroupCalls } from './group-writes.js';
import { ambiguousContainers, managedContainersOf } from './tenant-view.js';
import { createBody, updateBody } from './user-bodies.js';
import { findSku } from './lifecycle.js';
import { classifyWriteFailure, isAlreadyMember, isNotFound, isUpnConflict, MissingContainer, UnusableLicence } from './writer-failures.js';

export interface EntraWriterSettings {
  managed: ManagedContainers;
  /** The properties a read asks for (readProperties). */
  properties: readonly string[];
  /** The licences the config manages, by key (their disabled plans). */
  licences: ReadonlyMap<string, EntraLicence>;
}

/** What apply's reads of one user ask for: what a plan reads, and its licences. */
const USER_PROPERTIES = ['id', 'userPrincipalName', 'accountEnabled', 'givenName', 'surname', 'mail', 'assignedLicenses'];

export async function openEntraWriter(config: EntraTargetConfig, settings: EntraWriterSettings, context: TargetContext, options: WriterOptions): Promise<DirectoryWriter> {
  const api = await connectGraph(config.entra, { ...context, events: options.events }, {
    verify: true,
    ...(options.stop ? { stop: options.stop } : {}),
    ...(options.abortRequests ? { abort: options.abortRequests } : {}),
  });
  return new EntraWriter(api, config, settings);
}

export class EntraWriter implements DirectoryWriter {
  readonly listsDescending = false;
  private auth: string | undefined;
  private readonly view: EntraAccountView;
  private readonly select: string;
  /** Container ids by containerKey, found once per run (null: Entra has none of that name). */
  private readonly containerIds = new Map<string, Promise<string | null>>();
  private readonly groups: EntraGroupCalls;
  private readonly userIds = new Map<string, Promise<string | undefined>>();
  private skus: Promise<GraphSubscribedSku[]> | undefined;
  /** Addresses of the users this run created: a licence given them a moment later may meet a replica that does not know them yet. */
  private readonly created = new Set<string>();
  /** Users' object ids by userPrincipalName, as this run's reads found them. */
  private readonly ids = new Map<string, string>();
  /** The managed containers' members, for the listing: read again once older than half the freshness bound. */
  private listing: Promise<{ byUser: Map<string, string[]>; readAt: number }> | undefined;
  private readonly maxListingAgeMs: number;

  constructor(
    private readonly api: GraphApi,
    private readonly config: EntraTargetConfig,
    private readonly settings: EntraWriterSettings,
  ) {
    this.view = new EntraAccountView(settings.properties);
    this.select = [...new Set([...USER_PROPERTIES, ...settings.properties])].join(',');
    this.maxListingAgeMs = (config.apply.freshnessSeconds * 1000) / 2;
    this.groups = new EntraGroupCalls({
      api,
      send: (label, call, options) => this.send(label, call, options),
      now: () => this.now(),
      userId: (member) => this.userId(member),
      domain: groupDomain(config.entra),
    });
  }

  get authFailure(): string | undefined {
    return this.auth;
  }

  now(): number {
    return this.api.scheduler.clock();
  }

  async readAccount(key: AccountKey): Promise<Read<ActualAccount | null>> {
    const { value: user, readAt } = await this.getUser(key.id ?? key.address);
    if (user === null) return { value: null, readAt };
    return { value: this.view.account(user, await this.placementOf(user.id)), readAt };
  }

  async listAccounts(page: string | undefined, order: ListingOrder): Promise<AccountPage> {
    if (order !== 'ascending') throw new Error('internal: the Entra listing is read in ascending order only');
    const members = await this.listingMembers();
    const { value, sentAt } = await this.send<GraphPage<GraphUser>>('users.list', {
      method: 'GET',
      path: page ?? `users?$select=${this.select}&$orderby=userPrincipalName&$top=${PAGE}`,
    });
    const accounts = (value?.value ?? []).map((u) => this.view.account(u, orderedPlacement(members.byUser.get(u.id) ?? [])));
    const next = value?.['@odata.nextLink'];
    return { accounts, readAt: Math.min(sentAt, members.readAt), ...(next !== undefined ? { next } : {}) };
  }

  async create(fields: AccountFields, _person: Person, password: string, beforeSend: BeforeSend): Promise<Sent> {
    const { entra } = this.config;
    const containers = await this.resolveAll(fields.placement);
    const body = createBody(fields, { password, forceChangePasswordNextSignIn: entra.initialPassword.forceChangePasswordNextSignIn, usageLocation: entra.usageLocation });
    let created: { id: string; placement: readonly string[] };
    let attempts: number;
    try {
      const sent = await this.send<GraphUser>(`users.create ${fields.address}`, { method: 'POST', path: 'users', body }, { beforeSend });
      created = { id: (sent.value as GraphUser).id, placement: [] };
      attempts = sent.attempts;
    } catch (err) {
      const conflict = err instanceof GraphCallError && isUpnConflict(err.info) && err.uncertainAttempts > 0 ? err : undefined;
      const landed = conflict === undefined ? null : await this.ourLostCreate(fields);
      if (conflict === undefined || landed === null) throw err;
      // An attempt whose answer was lost did create the user: the rest of the create follows on it.
      created = landed;
      attempts = conflict.attempts;
    }
    this.created.add(fields.address);
    const have = new Set(created.placement.map(containerKey));
    attempts = Math.max(attempts, await this.changeMemberships(created.id, containers.filter((c) => !have.has(containerKey(c.name))), [], undefined, true));
    return { attempts };
  }

  async update(key: AccountKey, changed: readonly string[], after: AccountFields, live: ActualAccount, beforeSend: BeforeSend): Promise<Sent> {
    const id = key.id ?? live.id;
    if (id === undefined) throw new Error(`internal: the Entra writer updates ${key.address} by its object id, which its read did not give`);
    const adds: Array<{ name: string; id: string }> = [];
    const removes: Array<{ name: string; id: string }> = [];
    if (changed.includes(PLACEMENT_PATH) && !samePlacement(live.placement, after.placement)) {
      const before = new Set(live.placement.map(containerKey));
      const wanted = new Set(after.placement.map(containerKey));
      adds.push(...(await this.resolveAll(after.placement.filter((c) => !before.has(containerKey(c))))));
      for (const c of live.placement.filter((c) => !wanted.has(containerKey(c)))) {
        // A container gone from Entra has no members left to remove.
        const found = await this.containerId(c);
        if (found !== null) removes.push({ name: c, id: found });
      }
    }
    const body = updateBody(changed, after);
    let attempts = 0;
    let guard: BeforeSend | undefined = beforeSend;
    if (Object.keys(body).length > 0) {
      ({ attempts } = await this.send(`users.update ${key.address}`, { method: 'PATCH', path: `users/${encodeURIComponent(id)}`, body }, { beforeSend }));
      guard = undefined;
    }
    return { attempts: Math.max(attempts, await this.changeMemberships(id, adds, removes, guard)) };
  }

  readMembership(group: string, member: AccountKey): Promise<Read<{ role: GroupRole } | null>> {
    return this.groups.readMembership(group, member);
  }

  removeMembership(group: string, member: AccountKey, beforeSend: BeforeSend): Promise<Sent> {
    return this.groups.removeMembership(group, member, beforeSend);
  }

  addMembership(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    return this.groups.addMembership(group, member, role, beforeSend);
  }

  setMembershipRole(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    return this.groups.setMembershipRole(group, member, role, beforeSend);
  }

  readGroup(address: string): Promise<Read<ActualGroup | null>> {
    return this.groups.readGroup(address);
  }

  createGroup(fields: GroupFields, beforeSend: BeforeSend): Promise<Sent> {
    return this.groups.createGroup(fields, beforeSend);
  }

  deleteGroup(address: string, beforeSend: BeforeSend): Promise<Sent> {
    return this.groups.deleteGroup(address, beforeSend);
  }

  async readLicence(key: AccountKey, licence: string): Promise<Read<boolean>> {
    const skuId = await this.skuOf(licence);
    const { value: user, readAt } = await this.getUser(key.id ?? key.address);
    return { value: (user?.assignedLicenses ?? []).some((l) => l.skuId.toLowerCase() === skuId.toLowerCase()), readAt };
  }

  async assignLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent> {
    const skuId = await this.skuOf(licence);
    const disabledPlans = this.settings.licences.get(licence)?.disabledPlans ?? [];
    // A user created a moment ago may not have reached every replica yet.
    return this.licensing(key, `users.assignLicense ${key.address} (+${licence})`, { addLicenses: [{ skuId, disabledPlans }], removeLicenses: [] }, beforeSend, this.created.has(key.address));
  }

  async removeLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent> {
    const skuId = await this.skuOf(licence);
    return this.licensing(key, `users.assignLicense ${key.address} (-${licence})`, { addLicenses: [], removeLicenses: [skuId] }, beforeSend, false);
  }

  async offboard(key: AccountKey, step: OffboardingStep, beforeSend: BeforeSend, password?: string): Promise<StepTaken> {
    const id = await this.idOf(key);
    const user = `users/${encodeURIComponent(id)}`;
    switch (step) {
      case 'sign-out': {
        // Disabling alone leaves its refresh tokens working until they expire: this ends every session at once.
        const { attempts } = await this.send(`users.revokeSignInSessions ${key.address}`, { method: 'POST', path: `${user}/revokeSignInSessions` }, { beforeSend });
        return { outcome: 'done', attempts };
      }
      case 'reset-password': {
        if (password === undefined) throw new Error('internal: a password reset without a password');
        const body = { passwordProfile: { password, forceChangePasswordNextSignIn: true } };
        const { attempts } = await this.send(`users.update ${key.address} (password)`, { method: 'PATCH', path: user, body }, { beforeSend });
        return { outcome: 'done', attempts };
      }
      default:
        throw new Error(`internal: Entra has no offboarding step ${step}`);
    }
  }

  async deleteAccount(key: AccountKey, beforeSend: BeforeSend): Promise<Sent> {
    const id = await this.idOf(key);
    const { attempts } = await this.send(`users.delete ${key.address}`, { method: 'DELETE', path: `users/${encodeURIComponent(id)}` }, { beforeSend });
    return { attempts };
  }

  classify(err: unknown): DirectoryFailure | null {
    return classifyWriteFailure(err);
  }

  /** One assignLicense call, retried through a 404 while a just-created user replicates. */
  private async licensing(key: AccountKey, label: string, body: Record<string, unknown>, beforeSend: BeforeSend, justCreated: boolean): Promise<Sent> {
    const id = await this.idOf(key);
    const { attempts } = await this.send(label, { method: 'POST', path: `users/${encodeURIComponent(id)}/assignLicense`, body }, { beforeSend, ...(justCreated ? { retryable: whileReplicating() } : {}) });
    return { attempts };
  }

  /** The user's object id: the key's, one a read of this run found, or read by its userPrincipalName (a user just created by this run). */
  private async idOf(key: AccountKey): Promise<string> {
    const known = key.id ?? this.ids.get(key.address);
    if (known !== undefined) return known;
    const { value } = await this.getUser(key.address);
    if (value === null) throw new GraphCallError(`users.get ${key.address}`, 1, { status: 404, code: 'Request_ResourceNotFound', message: `no user ${key.address}`, transient: false, rateLimited: false, conflicts: [] }, 0);
    return value.id;
  }

  /** Every call of the writer: a refusal of the credentials is remembered (the run stops on it). */
  private async send<T>(label: string, call: GraphCall, options: ScheduleOptions = {}): Promise<Scheduled<T | undefined>> {
    try {
      return await this.api.call<T>(label, call, options);
    } catch (err) {
      if (err instanceof GraphCallError && isAuthFailure(err.info)) this.auth ??= err.message;
      throw err;
    }
  }

  private async pagesOf<T>(label: string, first: string, onPage: (items: T[], sentAt: number) => void): Promise<void> {
    let path: string | undefined = first;
    while (path !== undefined) {
      const { value, sentAt }: Scheduled<GraphPage<T> | undefined> = await this.send<GraphPage<T>>(label, { method: 'GET', path });
      onPage(value?.value ?? [], sentAt);
      path = value?.['@odata.nextLink'];
    }
  }

  /**
   * A member's object id: the key's, else found by address once per run (a group change names
   * its member by address; an id never changes), or undefined when Entra has no such user.
   */
  private async userId(member: AccountKey): Promise<string | undefined> {
    if (member.id !== undefined) return member.id;
    const key = member.address.toLowerCase();
    let id = this.userIds.get(key);
    if (id === undefined) {
      this.userIds.set(key, (id = this.getUser(key).then((read) => read.value?.id)));
      // Not found is not kept: the account may be created later in the run.
      void id.then((found) => found === undefined && this.userIds.delete(key), () => this.userIds.delete(key));
    }
    return id;
  }

  /** A user by object id or userPrincipalName, or null when Entra has none. */
  private async getUser(key: string): Promise<Read<GraphUser | null>> {
    const readAt = this.now();
    try {
      const { value, sentAt } = await this.send<GraphUser>('users.get', { method: 'GET', path: `users/${encodeURIComponent(key)}?$select=${this.select}` });
      if (value !== undefined) this.ids.set(value.userPrincipalName.toLowerCase(), value.id);
      return { value: value ?? null, readAt: sentAt };
    } catch (err) {
      if (err instanceof GraphCallError && isNotFound(err.info)) return { value: null, readAt };
      throw err;
    }
  }

  /** The managed units and groups a user is a direct member of (learning their ids on the way). */
  private async placementOf(userId: string): Promise<string[]> {
    const containers: string[] = [];
    await this.pagesOf<DirectoryObject>('users.memberOf', `users/${encodeURIComponent(userId)}/memberOf?$select=id,displayName&$top=${PAGE}`, (items) => {
      for (const o of items) {
        const kind = o['@odata.type'] === GROUP_TYPE ? 'group' : o['@odata.type'] === '#microsoft.graph.administrativeUnit' ? 'administrativeUnit' : null;
        if (kind === null || o.displayName === undefined) continue;
        const name = containerName(kind, o.displayName);
        if (!this.settings.managed.has(name)) continue;
        containers.push(name);
        if (!this.containerIds.has(containerKey(name))) this.containerIds.set(containerKey(name), Promise.resolve(o.id));
      }
    });
    return orderedPlacement(containers);
  }

  /**
   * Adds and removes memberships by $ref, all at once; a member already there (or already gone)
   * is done. `first` (apply's freshness check) guards the first call, which then goes alone:
   * nothing else may be sent on a read grown too old. `justCreated`: the user was created a
   * moment ago. The most attempts any call took.
   */
  private async changeMemberships(
    userId: string,
    adds: ReadonlyArray<{ name: string; id: string }>,
    removes: ReadonlyArray<{ name: string; id: string }>,
    first: BeforeSend | undefined,
    justCreated = false,
  ): Promise<number> {
    const calls: Array<(options: ScheduleOptions) => Promise<number>> = [
      ...adds.map((c) => (options: ScheduleOptions) => {
        const body = { '@odata.id': `${GRAPH_ROOT}v1.0/directoryObjects/${userId}` };
        const retryable = justCreated ? whileReplicating() : undefined;
        return this.tolerating(isAlreadyMember, () =>
          this.send(`${kindLabel(c.name)}.members.add`, { method: 'POST', path: `${containerPath(kindOf(c.name), c.id)}/members/$ref`, body }, { ...options, ...(retryable ? { retryable } : {}) }),
        );
      }),
      ...removes.map((c) => (options: ScheduleOptions) =>
        this.tolerating(isNotFound, () => this.send(`${kindLabel(c.name)}.members.remove`, { method: 'DELETE', path: `${containerPath(kindOf(c.name), c.id)}/members/${encodeURIComponent(userId)}/$ref` }, options)),
      ),
    ];
    const [head, ...tail] = calls;
    if (head === undefined) return 0;
    let attempts = 0;
    let rest = calls;
    if (first !== undefined) {
      attempts = await head({ beforeSend: first });
      rest = tail;
    }
    const settled = await Promise.allSettled(rest.map((call) => call({})));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const s of settled) if (s.status === 'fulfilled') attempts = Math.max(attempts, s.value);
    return attempts;
  }

  /** A call whose refusal `done` says is the wanted state already (a member already there, already gone): its attempts. */
  private async tolerating(done: (info: ReturnType<typeof classifyGraphError>) => boolean, call: () => Promise<{ attempts: number }>): Promise<number> {
    try {
      return (await call()).attempts;
    } catch (err) {
      if (err instanceof GraphCallError && done(err.info)) return err.attempts;
      throw err;
    }
  }

  /** The ids of these containers; the first Entra lacks stops the change before anything is sent. */
  private async resolveAll(placement: readonly string[]): Promise<Array<{ name: string; id: string }>> {
    const found = await Promise.all(placement.map(async (name) => ({ name, id: await this.containerId(name) })));
    const missing = found.find((c) => c.id === null);
    if (missing) throw new MissingContainer(missing.name);
    return found as Array<{ name: string; id: string }>;
  }

  private containerId(name: string): Promise<string | null> {
    const key = containerKey(name);
    let id = this.containerIds.get(key);
    if (id === undefined) {
      const parsed = parseContainer(name);
      if (parsed === null) throw new Error(`internal: ${name} names no Entra container`);
      this.containerIds.set(key, (id = findContainer(this.api, parsed.kind, 'displayName', parsed.displayName)));
      id.catch(() => this.containerIds.delete(key));
    }
    return id;
  }

  /** The skuId of a licence (its key: the configured part number or skuId), from the tenant's subscriptions (read once). */
  private async skuOf(licence: string): Promise<string> {
    this.skus ??= this.api.all<GraphSubscribedSku>('subscribedSkus.list', 'subscribedSkus?$select=skuId,skuPartNumber');
    const sku = findSku(await this.skus, licence);
    if (sku === undefined) throw new UnusableLicence(licence, 'the tenant has no subscription of that SKU');
    return sku.skuId;
  }

  /**
   * After a create whose answer was lost met "already exists": the user found is this create's
   * when it holds what the plan gave it (address, names, enabled, properties) and no container
   * the plan did not name. Otherwise it is someone else's, and the conflict stands.
   */
  private async ourLostCreate(fields: AccountFields): Promise<{ id: string; placement: readonly string[] } | null> {
    const { value: user } = await this.getUser(fields.address);
    if (user === null) return null;
    const account = this.view.account(user, await this.placementOf(user.id));
    const wanted = new Set(fields.placement.map(containerKey));
    const same =
      account.address === fields.address &&
      account.name.given === fields.name.given &&
      account.name.family === fields.name.family &&
      account.enabled === fields.enabled &&
      Object.entries(fields.attributes).every(([k, v]) => (account.attributes[k] ?? '') === v) &&
      account.placement.every((c) => wanted.has(containerKey(c)));
    return same ? { id: user.id, placement: account.placement } : null;
  }

  /** The managed containers' members, by user, and when they were read: fresh enough for the listing's pages. */
  private listingMembers(): Promise<{ byUser: Map<string, string[]>; readAt: number }> {
    const now = this.now();
    const current = this.listing;
    const refresh = async () => {
      const readAt = this.now();
      const { containers } = await listContainers(this.api, false);
      const managed = managedContainersOf(containers, this.settings.managed, ambiguousContainers);
      const byUser = new Map<string, string[]>();
      await runPool([...managed], this.config.entra.concurrency, async ([name, c]) => {
        for (const member of await readMembers(this.api, c, 'members', false)) {
          const list = byUser.get(member);
          if (list) list.push(name);
          else byUser.set(member, [name]);
        }
        if (!this.containerIds.has(containerKey(name))) this.containerIds.set(containerKey(name), Promise.resolve(c.id));
      });
      return { byUser, readAt };
    };
    if (current === undefined) return (this.listing = refresh());
    return current.then((read) => {
      if (now - read.readAt <= this.maxListingAgeMs) return read;
      // Pages asked for together share one new read.
      if (this.listing === current) this.listing = refresh();
      return this.listing as Promise<{ byUser: Map<string, string[]>; readAt: number }>;
    });
  }
}

/**
 * Graph answers from replicas that learn of a new user within seconds: just after a create, a
 * call naming it may meet 404. Such a 404 is retried (with the scheduler's backoff) a few times
 * before it counts.
 */
function whileReplicating(): NonNullable<ScheduleOptions['retryable']> {
  let left = 3;
  return (_err, failure) => failure.transient || (failure.status === 404 && left-- > 0);
}

function kindOf(container: string): 'group' | 'administrativeUnit' {
  return parseContainer(container)?.kind ?? 'group';
}

function kindLabel(container: string): string {
  return kindOf(container) === 'group' ? 'groups' : 'administrativeUnits';
}
