/**
 * The Google side of apply (model/directory-port.ts DirectoryWriter): reads one account
 * (users.get) or a page of the listing (users.list, by address either way), creates
 * (users.insert), writes only the fields named (one users.update), reads, adds, re-roles and
 * deletes a group membership (members.get, insert, patch, delete), reads, makes and deletes a
 * managed group (groups.get, insert, delete), and says what a failed call means. Accounts are read through the same view as a
 * plan (account-view.ts); the wire form of each account read is kept beside it, so an update
 * rebuilds the externalIds array from what Google holds and keeps every entry it does not manage.
 */
import { ErrorCodes } from '../../errors.js';
import type { AccountFields, ActualAccount } from '../../model/account.js';
import type {
  AccountKey,
  AccountPage,
  BeforeSend,
  DirectoryFailure,
  DirectoryWriter,
  FileTransfer,
  StepTaken,
  ListingOrder,
  Read,
  Sent,
  TargetContext,
  WriterOptions,
} from '../../model/directory-port.js';
import type { OffboardingStep } from '../../model/lifecycle.js';
import type { ActualGroup, GroupFields, GroupRole } from '../../model/group.js';
import type { Person } from '../../model/person.js';
import { pacingEvent } from '../../pacing/pacing-events.js';
import { GoogleAccountView } from './account-view.js';
import { GoogleApiError, toRollcallError } from './api-error.js';
import { readSchemas, type GoogleAttribute } from './attribute-keys.js';
import { createDirectoryClient } from './client.js';
import { DirectoryCalls } from './directory-calls.js';
import type { DirectoryUser } from './directory-types.js';
import type { GoogleTargetConfig } from './google-config.js';
import { fromGoogleRole, toGoogleRole } from './group-roles.js';
import { actualGroupOf } from './roster.js';
import { USER_FIELDS, USERS_PAGE_SIZE } from './live-reader.js';
import { BackupCodesKept, LifecycleCalls, NoArchiveAccount } from './lifecycle-calls.js';
import { insertBody, orgUnitOf, updateBody } from './request-bodies.js';
import { createScheduler } from './scheduler.js';

/** Opens the client (credentials checked now) and its scheduler, reporting through the run's events. */
export async function openGoogleWriter(
  config: GoogleTargetConfig,
  attributes: readonly GoogleAttribute[],
  context: TargetContext,
  options: WriterOptions,
  extraScopes: readonly string[],
): Promise<DirectoryWriter> {
  const { events } = options;
  const client = await createDirectoryClient(config.google, context.env, {
    baseDir: context.baseDir,
    extraScopes,
    manageGroups: config.groups !== undefined,
    verify: true,
    onConsentUrl: (url) => events.emit({ level: 'warn', code: 'AUTH_CONSENT', message: `sign in as a Google admin to let rollcall manage accounts: ${url}` }),
  });
  for (const w of client.warnings) events.emit({ level: 'warn', code: 'AUTH_WARNING', message: w });
  const scheduler = createScheduler(config.google, {
    ...(options.stop ? { signal: options.stop } : {}),
    onEvent: (e) => {
      const event = pacingEvent(e, { name: 'Google', code: 'GOOGLE' });
      if (event !== null) events.emit(event);
    },
  });
  const calls = new DirectoryCalls(client.directory, scheduler, {
    customSchemas: readSchemas(attributes),
    ...(options.abortRequests ? { signal: options.abortRequests } : {}),
  });
  const lifecycle = new LifecycleCalls(calls, client.directory, client.licensing, client.dataTransfer, config.google.customer);
  return new GoogleWriter(calls, new GoogleAccountView(attributes), config.google.customer, config.google.initialPassword.changeAtNextLogin, lifecycle);
}

/** A create or update whose org unit Google does not have (400 INVALID_OU_ID), with the unit it named. */
class MissingOrgUnit extends Error {
  constructor(
    readonly orgUnitPath: string,
    readonly failure: GoogleApiError,
  ) {
    super(failure.message);
    this.name = 'MissingOrgUnit';
  }
}

export class GoogleWriter implements DirectoryWriter {
  readonly listsDescending = true;
  /** What Google returned for each account read, for the parts an update keeps as they are. */
  private readonly wire = new WeakMap<ActualAccount, DirectoryUser>();

  constructor(
    private readonly calls: DirectoryCalls,
    private readonly view: GoogleAccountView,
    private readonly customer: string,
    private readonly changePasswordAtNextLogin: boolean,
    private readonly lifecycle: LifecycleCalls,
  ) {}

  now(): number {
    return this.calls.now();
  }

  get authFailure(): string | undefined {
    return this.calls.authFailure;
  }

  async readAccount(key: AccountKey): Promise<Read<ActualAccount | null>> {
    const { value, sentAt } = await this.calls.getUser(key.id ?? key.address);
    return { value: value === null ? null : this.account(value), readAt: sentAt };
  }

  async listAccounts(page: string | undefined, order: ListingOrder): Promise<AccountPage> {
    const sortOrder = order === 'ascending' ? 'ASCENDING' : 'DESCENDING';
    const { value, sentAt } = await this.calls.listUsers(`users.list ${order}`, {
      customer: this.customer,
      maxResults: USERS_PAGE_SIZE,
      ...this.calls.projection,
      orderBy: 'email',
      sortOrder,
      fields: `nextPageToken,users(${USER_FIELDS})`,
      ...(page !== undefined ? { pageToken: page } : {}),
    });
    const accounts = ((value.users ?? []) as DirectoryUser[]).map((user) => this.account(user));
    return { accounts, ...(value.nextPageToken ? { next: value.nextPageToken } : {}), readAt: sentAt };
  }

  async create(fields: AccountFields, _person: Person, password: string, beforeSend: BeforeSend): Promise<Sent> {
    try {
      const { attempts } = await this.calls.insertUser(insertBody(fields, password, this.changePasswordAtNextLogin), beforeSend);
      return { attempts };
    } catch (err) {
      throw withOrgUnit(err, orgUnitOf(fields));
    }
  }

  async update(key: AccountKey, changed: readonly string[], after: AccountFields, live: ActualAccount, beforeSend: BeforeSend): Promise<Sent> {
    // Google's id survives a rename, so a retry after a rename that did land still finds the account.
    const userKey = key.id ?? live.id ?? key.address;
    try {
      const { attempts } = await this.calls.updateUser(userKey, key.address, updateBody(changed, after, { name: live.name, externalIds: this.wire.get(live)?.externalIds }), beforeSend);
      return { attempts };
    } catch (err) {
      throw withOrgUnit(err, orgUnitOf(after));
    }
  }

  async readMembership(group: string, member: AccountKey): Promise<Read<{ role: GroupRole } | null>> {
    const { value, sentAt } = await this.calls.getMember(group, member.id ?? member.address, member.address);
    return { value: value === null ? null : { role: fromGoogleRole(value.role) }, readAt: sentAt };
  }

  async removeMembership(group: string, member: AccountKey, beforeSend: BeforeSend): Promise<Sent> {
    const { attempts } = await this.calls.deleteMember(group, member.id ?? member.address, member.address, beforeSend);
    return { attempts };
  }

  async readLicence(key: AccountKey, licence: string): Promise<Read<boolean>> {
    const { value, sentAt } = await this.lifecycle.holdsLicence(licence, key.address);
    return { value, readAt: sentAt };
  }

  async assignLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent> {
    return { attempts: (await this.lifecycle.assignLicence(licence, key.address, beforeSend)).attempts };
  }

  async removeLicence(key: AccountKey, licence: string, beforeSend: BeforeSend): Promise<Sent> {
    return { attempts: (await this.lifecycle.removeLicence(licence, key.address, beforeSend)).attempts };
  }

  offboard(key: AccountKey, step: OffboardingStep, beforeSend: BeforeSend, password?: string): Promise<StepTaken> {
    return this.lifecycle.offboard(key.id ?? key.address, key.address, step, beforeSend, password);
  }

  async deleteAccount(key: AccountKey, beforeSend: BeforeSend): Promise<Sent> {
    return { attempts: (await this.lifecycle.deleteUser(key.id ?? key.address, key.address, beforeSend)).attempts };
  }

  async transferFiles(key: AccountKey, to: string): Promise<FileTransfer> {
    const id = key.id ?? (await this.calls.getUser(key.address)).value?.id;
    if (id === undefined) throw new Error(`internal: the Drive files of ${key.address} are handed over by its id, which no read gave`);
    return this.lifecycle.transferFiles(id, to);
  }

  async addMembership(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    const { attempts } = await this.calls.insertMember(group, { email: member.address, role: toGoogleRole(role) }, beforeSend);
    return { attempts };
  }

  async setMembershipRole(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    const { attempts } = await this.calls.patchMember(group, member.id ?? member.address, { role: toGoogleRole(role) }, beforeSend);
    return { attempts };
  }

  async readGroup(address: string): Promise<Read<ActualGroup | null>> {
    const { value, sentAt } = await this.calls.getGroup(address);
    if (value === null) return { value: null, readAt: sentAt };
    const count = Number(value.directMembersCount);
    return { value: { ...actualGroupOf(value), ...(Number.isFinite(count) ? { memberCount: count } : {}) }, readAt: sentAt };
  }

  async createGroup(fields: GroupFields, beforeSend: BeforeSend): Promise<Sent> {
    const { attempts } = await this.calls.insertGroup({ email: fields.address, name: fields.name, description: fields.description }, beforeSend);
    return { attempts };
  }

  async deleteGroup(address: string, beforeSend: BeforeSend): Promise<Sent> {
    const { attempts } = await this.calls.deleteGroup(address, beforeSend);
    return { attempts };
  }

  classify(err: unknown): DirectoryFailure | null {
    if (err instanceof BackupCodesKept || err instanceof NoArchiveAccount) {
      const failure = err instanceof BackupCodesKept ? err.failure : undefined;
      return { kind: 'fatal', message: err.message, attempts: failure?.attempts ?? 1, uncertainAttempts: failure?.uncertainAttempts ?? 0 };
    }
    if (err instanceof MissingOrgUnit) {
      return {
        kind: 'missing-container',
        message: `the org unit ${err.orgUnitPath} does not exist in Google (INVALID_OU_ID): create the OU in Google Admin first (Directory > Organizational units), then run apply again`,
        attempts: err.failure.attempts,
        uncertainAttempts: err.failure.uncertainAttempts,
      };
    }
    if (!(err instanceof GoogleApiError)) return null;
    const described = toRollcallError(err);
    const kind: DirectoryFailure['kind'] =
      err.status === 404 ? 'not-found' : err.status === 409 || holdsAlready(err) ? 'duplicate' : described.code === ErrorCodes.AUTH ? 'auth' : err.info.transient ? 'outcome-unknown' : 'fatal';
    return { kind, message: described.message, attempts: err.attempts, uncertainAttempts: err.uncertainAttempts };
  }

  private account(user: DirectoryUser): ActualAccount {
    const account = this.view.account(user);
    this.wire.set(account, user);
    return account;
  }
}

/** The Licensing API's 412 for a licence the account holds already (another SKU of the product is a real refusal). */
function holdsAlready(err: GoogleApiError): boolean {
  return err.status === 412 && /already has a license for the specified product and SKU/i.test(err.info.message);
}

/** A Google failure naming a missing org unit, as a MissingOrgUnit naming the unit the call sent. */
function withOrgUnit(err: unknown, orgUnitPath: string): unknown {
  if (err instanceof GoogleApiError && err.status === 400 && /INVALID_OU_ID/.test(err.info.message)) return new MissingOrgUnit(orgUnitPath, err);
  return err;
}
