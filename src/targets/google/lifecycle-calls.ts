/**
 * The calls the Google writer makes over an account's life, each through the run's scheduler
 * (DirectoryCalls.schedule): a licence read, given and taken back (Licensing API); the
 * offboarding steps (users.signOut; tokens, asps and verificationCodes, each listed first, so a
 * step with nothing left to cut is already done; a random password by users.update); the
 * deletion (users.delete); and the Drive transfer before it (Data Transfer API). Writes take
 * apply's check before each attempt, as every write does.
 */
import type { admin_datatransfer_v1, admin_directory_v1 } from '@googleapis/admin';
import type { BeforeSend, FileTransfer, StepTaken } from '../../model/directory-port.js';
import type { OffboardingStep } from '../../model/lifecycle.js';
import type { Scheduled } from '../../pacing/scheduler.js';
import { GoogleApiError } from './api-error.js';
import type { DirectoryCalls, RequestOptions } from './directory-calls.js';
import type { LicensingApi } from './licensing-api.js';
import { parseLicenceKey } from './lifecycle.js';

/** The part of the Directory API client offboarding and deletion use; the real client satisfies it. */
export interface SecurityApi {
  users: {
    signOut(params: admin_directory_v1.Params$Resource$Users$Signout, options?: RequestOptions): Promise<unknown>;
    delete(params: admin_directory_v1.Params$Resource$Users$Delete, options?: RequestOptions): Promise<unknown>;
    update(params: admin_directory_v1.Params$Resource$Users$Update, options?: RequestOptions): Promise<unknown>;
  };
  tokens: {
    list(params: admin_directory_v1.Params$Resource$Tokens$List, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Tokens }>;
    delete(params: admin_directory_v1.Params$Resource$Tokens$Delete, options?: RequestOptions): Promise<unknown>;
  };
  asps: {
    list(params: admin_directory_v1.Params$Resource$Asps$List, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Asps }>;
    delete(params: admin_directory_v1.Params$Resource$Asps$Delete, options?: RequestOptions): Promise<unknown>;
  };
  verificationCodes: {
    list(params: admin_directory_v1.Params$Resource$Verificationcodes$List, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$VerificationCodes }>;
    invalidate(params: admin_directory_v1.Params$Resource$Verificationcodes$Invalidate, options?: RequestOptions): Promise<unknown>;
  };
}

/** The part of the Data Transfer API client a deletion uses. */
export interface TransferApi {
  transfers: {
    list(params: admin_datatransfer_v1.Params$Resource$Transfers$List, options?: RequestOptions): Promise<{ data: admin_datatransfer_v1.Schema$DataTransfersListResponse }>;
    insert(params: admin_datatransfer_v1.Params$Resource$Transfers$Insert, options?: RequestOptions): Promise<{ data: admin_datatransfer_v1.Schema$DataTransfer }>;
  };
}

/** Google's Drive and Docs application in the Data Transfer API, and what moves: private and shared files alike. */
const DRIVE = { applicationId: '55656082996', applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }] };

/** Google refuses to invalidate the backup codes of a suspended account: said in words, not as HTTP 400. */
export class BackupCodesKept extends Error {
  constructor(
    readonly address: string,
    readonly failure: GoogleApiError,
  ) {
    super(`Google keeps the backup codes of ${address} while it is suspended (it refuses to invalidate them: ${failure.info.message}); they work only with the password, and only once the account is enabled again`);
    this.name = 'BackupCodesKept';
  }
}

/** The account a deleted account's files were to go to does not exist. */
export class NoArchiveAccount extends Error {
  constructor(readonly address: string) {
    super(`the account ${address} that deleted accounts' Drive files go to (staff.lifecycle.transferDriveTo) does not exist in Google: create it, or change the setting`);
    this.name = 'NoArchiveAccount';
  }
}

export class LifecycleCalls {
  /** Archive accounts' ids, found once per run. */
  private readonly archives = new Map<string, Promise<string>>();

  constructor(
    private readonly calls: DirectoryCalls,
    private readonly directory: SecurityApi,
    private readonly licensing: LicensingApi,
    private readonly transfers: TransferApi,
    private readonly customer: string,
  ) {}

  /** Whether `userId` (the holder's address) holds the licence `key` (productId/skuId). */
  holdsLicence(key: string, userId: string): Promise<Scheduled<boolean>> {
    const sku = parseLicenceKey(key);
    return this.calls
      .notFoundAsNull(() => this.calls.schedule(`licenseAssignments.get ${key} ${userId}`, async () => (await this.licensing.get({ ...sku, userId }, this.calls.options)).data))
      .then((read) => ({ ...read, value: read.value !== null }));
  }

  assignLicence(key: string, userId: string, beforeSend: BeforeSend): Promise<Scheduled<unknown>> {
    const sku = parseLicenceKey(key);
    return this.calls.schedule(`licenseAssignments.insert ${key} ${userId}`, async () => (await this.licensing.insert({ ...sku, requestBody: { userId } }, this.calls.options)).data, beforeSend);
  }

  removeLicence(key: string, userId: string, beforeSend: BeforeSend): Promise<Scheduled<unknown>> {
    const sku = parseLicenceKey(key);
    return this.calls.schedule(`licenseAssignments.delete ${key} ${userId}`, async () => this.licensing.delete({ ...sku, userId }, this.calls.options), beforeSend);
  }

  /** One offboarding step of the account `userKey` (its id, or address), named `address` in labels. */
  async offboard(userKey: string, address: string, step: OffboardingStep, beforeSend: BeforeSend, password?: string): Promise<StepTaken> {
    const options = this.calls.options;
    switch (step) {
      case 'sign-out':
        return this.sent(this.calls.schedule(`users.signOut ${address}`, () => this.directory.users.signOut({ userKey }, options), beforeSend));
      case 'reset-password': {
        if (password === undefined) throw new Error('internal: a password reset without a password');
        return this.sent(this.calls.schedule(`users.update ${address} (password)`, () => this.directory.users.update({ userKey, requestBody: { password } }, options), beforeSend));
      }
      case 'revoke-tokens': {
        const { value } = await this.calls.schedule(`tokens.list ${address}`, async () => (await this.directory.tokens.list({ userKey }, options)).data);
        const clients = (value.items ?? []).map((t) => t.clientId).filter((id): id is string => typeof id === 'string');
        return this.each(clients, (clientId) => this.calls.schedule(`tokens.delete ${address} ${clientId}`, () => this.directory.tokens.delete({ userKey, clientId }, options), beforeSend));
      }
      case 'revoke-app-passwords': {
        const { value } = await this.calls.schedule(`asps.list ${address}`, async () => (await this.directory.asps.list({ userKey }, options)).data);
        const codes = (value.items ?? []).map((a) => a.codeId).filter((id): id is number => typeof id === 'number');
        return this.each(codes, (codeId) => this.calls.schedule(`asps.delete ${address} ${codeId}`, () => this.directory.asps.delete({ userKey, codeId }, options), beforeSend));
      }
      case 'invalidate-backup-codes': {
        const { value } = await this.calls.schedule(`verificationCodes.list ${address}`, async () => (await this.directory.verificationCodes.list({ userKey }, options)).data);
        if ((value.items ?? []).length === 0) return { outcome: 'already-done', attempts: 0 };
        try {
          return await this.sent(this.calls.schedule(`verificationCodes.invalidate ${address}`, () => this.directory.verificationCodes.invalidate({ userKey }, options), beforeSend));
        } catch (err) {
          if (err instanceof GoogleApiError && err.status === 400) throw new BackupCodesKept(address, err);
          throw err;
        }
      }
    }
  }

  deleteUser(userKey: string, address: string, beforeSend: BeforeSend): Promise<Scheduled<unknown>> {
    return this.calls.schedule(`users.delete ${address}`, () => this.directory.users.delete({ userKey }, this.calls.options), beforeSend);
  }

  /**
   * Where handing the Drive files of the account `oldOwnerId` to the account `to` stands: the
   * latest such transfer, or a new one started now.
   */
  async transferFiles(oldOwnerId: string, to: string): Promise<FileTransfer> {
    const newOwnerUserId = await this.archiveId(to);
    const found: admin_datatransfer_v1.Schema$DataTransfer[] = [];
    let pageToken: string | undefined;
    do {
      const params = { oldOwnerUserId: oldOwnerId, newOwnerUserId, ...(this.customer !== 'my_customer' ? { customerId: this.customer } : {}), ...(pageToken !== undefined ? { pageToken } : {}) };
      const { value } = await this.calls.schedule(`transfers.list ${oldOwnerId}`, async () => (await this.transfers.transfers.list(params, this.calls.options)).data);
      found.push(...(value.dataTransfers ?? []).filter((t) => (t.applicationDataTransfers ?? []).some((a) => a.applicationId === DRIVE.applicationId)));
      pageToken = value.nextPageToken ?? undefined;
    } while (pageToken);
    const latest = found.sort((a, b) => String(a.requestTime ?? '').localeCompare(String(b.requestTime ?? ''))).at(-1);
    if (latest === undefined) {
      const { value } = await this.calls.schedule(`transfers.insert ${oldOwnerId}`, async () =>
        (await this.transfers.transfers.insert({ requestBody: { oldOwnerUserId: oldOwnerId, newOwnerUserId, applicationDataTransfers: [DRIVE] } }, this.calls.options)).data,
      );
      return { state: 'started', since: value.requestTime ?? 'now' };
    }
    if (latest.overallTransferStatusCode === 'completed') return { state: 'completed' };
    if (latest.overallTransferStatusCode === 'failed') return { state: 'failed', message: `Google's transfer ${latest.id ?? ''} failed` };
    return { state: 'in-progress', since: latest.requestTime ?? 'an earlier run' };
  }

  private archiveId(address: string): Promise<string> {
    let id = this.archives.get(address);
    if (id === undefined) {
      this.archives.set(
        address,
        (id = this.calls.getUser(address).then(({ value }) => {
          if (value?.id === undefined) throw new NoArchiveAccount(address);
          return value.id;
        })),
      );
      id.catch(() => this.archives.delete(address));
    }
    return id;
  }

  private async sent(call: Promise<Scheduled<unknown>>): Promise<StepTaken> {
    return { outcome: 'done', attempts: (await call).attempts };
  }

  /** Deletes each item in turn (a token or app password gone meanwhile is no failure); none to delete is already done. */
  private async each<T>(items: readonly T[], remove: (item: T) => Promise<Scheduled<unknown>>): Promise<StepTaken> {
    if (items.length === 0) return { outcome: 'already-done', attempts: 0 };
    let attempts = 0;
    for (const item of items) {
      try {
        attempts = Math.max(attempts, (await remove(item)).attempts);
      } catch (err) {
        if (!(err instanceof GoogleApiError && err.status === 404)) throw err;
        attempts = Math.max(attempts, err.attempts);
      }
    }
    return { outcome: 'done', attempts };
  }
}
