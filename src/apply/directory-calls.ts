/**
 * The Directory API calls apply makes, each through the run's one RequestScheduler (which owns
 * pacing and retries). A 404 on a read is an answer ("not there"), not an error. Labels name
 * the call and the account for events and errors; request bodies never appear in either.
 */
import type { admin_directory_v1 } from '@googleapis/admin';
import { GoogleApiError } from '../targets/google/api-error.js';
import type { DirectoryMember, DirectoryUser } from '../targets/google/directory-types.js';
import type { RequestScheduler, Scheduled } from '../targets/google/scheduler.js';
import { describeFailure, isAuthFailure } from './failures.js';
import type { InsertBody, UpdateBody } from './request-bodies.js';

/** The part of `admin_directory_v1.Admin` apply uses; the real client satisfies it as is. */
export interface DirectoryWriteApi {
  users: {
    get(params: admin_directory_v1.Params$Resource$Users$Get): Promise<{ data: admin_directory_v1.Schema$User }>;
    insert(params: admin_directory_v1.Params$Resource$Users$Insert): Promise<{ data: admin_directory_v1.Schema$User }>;
    update(params: admin_directory_v1.Params$Resource$Users$Update): Promise<{ data: admin_directory_v1.Schema$User }>;
  };
  members: {
    get(params: admin_directory_v1.Params$Resource$Members$Get): Promise<{ data: admin_directory_v1.Schema$Member }>;
    delete(params: admin_directory_v1.Params$Resource$Members$Delete): Promise<unknown>;
  };
}

export class DirectoryCalls {
  /** Set when Google refused the credentials: every further call would fail the same way. */
  authFailure: string | undefined;

  constructor(
    private readonly api: DirectoryWriteApi,
    private readonly scheduler: RequestScheduler,
    /** The managed custom schemas: reads ask for these only (projection=custom). */
    private readonly customSchemas: readonly string[],
  ) {}

  /** The account answering to `userKey` (id, primary email or alias), or null. */
  async getUser(userKey: string): Promise<Scheduled<DirectoryUser | null>> {
    const projection = this.customSchemas.length > 0 ? { projection: 'custom', customFieldMask: this.customSchemas.join(',') } : { projection: 'basic' };
    return notFoundAsNull(() =>
      this.schedule(`users.get ${userKey}`, async () => (await this.api.users.get({ userKey, ...projection })).data as DirectoryUser),
    );
  }

  insertUser(body: InsertBody): Promise<Scheduled<DirectoryUser>> {
    return this.schedule(
      `users.insert ${body.primaryEmail}`,
      async () => (await this.api.users.insert({ requestBody: body as admin_directory_v1.Schema$User })).data as DirectoryUser,
    );
  }

  updateUser(userKey: string, address: string, body: UpdateBody): Promise<Scheduled<DirectoryUser>> {
    return this.schedule(
      `users.update ${address}`,
      async () => (await this.api.users.update({ userKey, requestBody: body as admin_directory_v1.Schema$User })).data as DirectoryUser,
    );
  }

  /** The membership of `memberKey` (id or address) in `groupKey`, or null when not a member (or no such group). */
  async getMember(groupKey: string, memberKey: string, address: string): Promise<Scheduled<DirectoryMember | null>> {
    return notFoundAsNull(() =>
      this.schedule(
        `members.get ${groupKey} ${address}`,
        async () => (await this.api.members.get({ groupKey, memberKey })).data as DirectoryMember,
      ),
    );
  }

  deleteMember(groupKey: string, memberKey: string, address: string): Promise<Scheduled<void>> {
    return this.schedule(`members.delete ${groupKey} ${address}`, async () => {
      await this.api.members.delete({ groupKey, memberKey });
    });
  }

  private async schedule<T>(label: string, call: () => Promise<T>): Promise<Scheduled<T>> {
    try {
      return await this.scheduler.schedule(label, call);
    } catch (err) {
      if (this.authFailure === undefined && isAuthFailure(err)) this.authFailure = describeFailure(err);
      throw err;
    }
  }
}

export function isNotFound(err: unknown): err is GoogleApiError {
  return err instanceof GoogleApiError && err.status === 404;
}

async function notFoundAsNull<T>(call: () => Promise<Scheduled<T>>): Promise<Scheduled<T | null>> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return { value: null, attempts: err.attempts };
    throw err;
  }
}
