/**
 * The Directory API calls the Google writer makes (users, memberships, managed groups), each through the run's one RequestScheduler
 * (which owns pacing and retries). A 404 on a read is an answer ("not there"), not an error.
 * Labels name the call and the account for events and errors; request bodies never appear in
 * either. Every write takes the check apply runs just before each attempt goes out (the
 * freshness of the read it was decided on): whatever that throws is thrown as it is, and nothing
 * is sent. Requests take the run's abort signal, which a stopping run fires once its short
 * deadline for requests in flight has passed.
 */
import type { admin_directory_v1 } from '@googleapis/admin';
import type { BeforeSend } from '../../model/directory-port.js';
import type { RequestScheduler, Scheduled } from '../../pacing/scheduler.js';
import { GoogleApiError, toRollcallError } from './api-error.js';
import type { DirectoryGroup, DirectoryMember, DirectoryUser } from './directory-types.js';
import { ErrorCodes } from '../../errors.js';
import type { InsertBody, UpdateBody } from './request-bodies.js';

/** Per-request options the writer passes to the client. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** The part of `admin_directory_v1.Admin` apply uses; the real client satisfies it as is. */
export interface DirectoryWriteApi {
  users: {
    get(params: admin_directory_v1.Params$Resource$Users$Get, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$User }>;
    insert(params: admin_directory_v1.Params$Resource$Users$Insert, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$User }>;
    update(params: admin_directory_v1.Params$Resource$Users$Update, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$User }>;
    list(params: admin_directory_v1.Params$Resource$Users$List, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Users }>;
  };
  members: {
    get(params: admin_directory_v1.Params$Resource$Members$Get, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Member }>;
    delete(params: admin_directory_v1.Params$Resource$Members$Delete, options?: RequestOptions): Promise<unknown>;
    insert(params: admin_directory_v1.Params$Resource$Members$Insert, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Member }>;
    patch(params: admin_directory_v1.Params$Resource$Members$Patch, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Member }>;
  };
  groups: {
    get(params: admin_directory_v1.Params$Resource$Groups$Get, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Group }>;
    insert(params: admin_directory_v1.Params$Resource$Groups$Insert, options?: RequestOptions): Promise<{ data: admin_directory_v1.Schema$Group }>;
    delete(params: admin_directory_v1.Params$Resource$Groups$Delete, options?: RequestOptions): Promise<unknown>;
  };
}

export interface DirectoryCallsOptions {
  /** The managed custom schemas: reads ask for these only (projection=custom). */
  customSchemas: readonly string[];
  /** Aborts requests in flight (a stopping run, once its deadline has passed). */
  signal?: AbortSignal;
}

export class DirectoryCalls {
  /** Set when Google refused the credentials: every further call would fail the same way. */
  authFailure: string | undefined;
  private readonly customSchemas: readonly string[];
  private readonly requestOptions: RequestOptions;

  constructor(
    private readonly api: DirectoryWriteApi,
    private readonly scheduler: RequestScheduler,
    options: DirectoryCallsOptions,
  ) {
    this.customSchemas = options.customSchemas;
    this.requestOptions = options.signal ? { signal: options.signal } : {};
  }

  /** The clock reads and writes are timed on. */
  now(): number {
    return this.scheduler.clock();
  }

  /** The projection every account read uses: the managed custom schemas only. */
  get projection(): { projection: 'custom'; customFieldMask: string } | { projection: 'basic' } {
    return this.customSchemas.length > 0 ? { projection: 'custom', customFieldMask: this.customSchemas.join(',') } : { projection: 'basic' };
  }

  /** The account answering to `userKey` (id, primary email or alias), or null. */
  async getUser(userKey: string): Promise<Scheduled<DirectoryUser | null>> {
    return this.notFoundAsNull(() =>
      this.schedule(`users.get ${userKey}`, async () => (await this.api.users.get({ userKey, ...this.projection }, this.requestOptions)).data as DirectoryUser),
    );
  }

  /** One page of the plain listing. */
  listUsers(label: string, params: admin_directory_v1.Params$Resource$Users$List): Promise<Scheduled<admin_directory_v1.Schema$Users>> {
    return this.schedule(label, async () => (await this.api.users.list(params, this.requestOptions)).data);
  }

  insertUser(body: InsertBody, beforeSend: BeforeSend): Promise<Scheduled<DirectoryUser>> {
    return this.schedule(
      `users.insert ${body.primaryEmail}`,
      async () => (await this.api.users.insert({ requestBody: body as admin_directory_v1.Schema$User }, this.requestOptions)).data as DirectoryUser,
      beforeSend,
    );
  }

  updateUser(userKey: string, address: string, body: UpdateBody, beforeSend: BeforeSend): Promise<Scheduled<DirectoryUser>> {
    return this.schedule(
      `users.update ${address}`,
      async () => (await this.api.users.update({ userKey, requestBody: body as admin_directory_v1.Schema$User }, this.requestOptions)).data as DirectoryUser,
      beforeSend,
    );
  }

  /** The membership of `memberKey` (id or address) in `groupKey`, or null when not a member (or no such group). */
  async getMember(groupKey: string, memberKey: string, address: string): Promise<Scheduled<DirectoryMember | null>> {
    return this.notFoundAsNull(() =>
      this.schedule(
        `members.get ${groupKey} ${address}`,
        async () => (await this.api.members.get({ groupKey, memberKey }, this.requestOptions)).data as DirectoryMember,
      ),
    );
  }

  deleteMember(groupKey: string, memberKey: string, address: string, beforeSend: BeforeSend): Promise<Scheduled<void>> {
    return this.schedule(
      `members.delete ${groupKey} ${address}`,
      async () => {
        await this.api.members.delete({ groupKey, memberKey }, this.requestOptions);
      },
      beforeSend,
    );
  }

  /** The group answering to `groupKey` (address, alias or id), or null. */
  async getGroup(groupKey: string): Promise<Scheduled<DirectoryGroup | null>> {
    return this.notFoundAsNull(() => this.schedule(`groups.get ${groupKey}`, async () => (await this.api.groups.get({ groupKey }, this.requestOptions)).data as DirectoryGroup));
  }

  insertGroup(body: Pick<DirectoryGroup, 'email' | 'name' | 'description'>, beforeSend: BeforeSend): Promise<Scheduled<DirectoryGroup>> {
    return this.schedule(
      `groups.insert ${body.email}`,
      async () => (await this.api.groups.insert({ requestBody: body as admin_directory_v1.Schema$Group }, this.requestOptions)).data as DirectoryGroup,
      beforeSend,
    );
  }

  deleteGroup(groupKey: string, beforeSend: BeforeSend): Promise<Scheduled<void>> {
    return this.schedule(
      `groups.delete ${groupKey}`,
      async () => {
        await this.api.groups.delete({ groupKey }, this.requestOptions);
      },
      beforeSend,
    );
  }

  insertMember(groupKey: string, body: Pick<DirectoryMember, 'email' | 'role'>, beforeSend: BeforeSend): Promise<Scheduled<DirectoryMember>> {
    return this.schedule(
      `members.insert ${groupKey} ${body.email}`,
      async () => (await this.api.members.insert({ groupKey, requestBody: body as admin_directory_v1.Schema$Member }, this.requestOptions)).data as DirectoryMember,
      beforeSend,
    );
  }

  patchMember(groupKey: string, memberKey: string, body: Pick<DirectoryMember, 'role'>, beforeSend: BeforeSend): Promise<Scheduled<DirectoryMember>> {
    return this.schedule(
      `members.patch ${groupKey} ${memberKey}`,
      async () => (await this.api.members.patch({ groupKey, memberKey, requestBody: body as admin_directory_v1.Schema$Member }, this.requestOptions)).data as DirectoryMember,
      beforeSend,
    );
  }

  /** Requests take these options: the run's abort signal. */
  get options(): RequestOptions {
    return this.requestOptions;
  }

  /** One call through the scheduler, its refusal of the credentials remembered (lifecycle-calls.ts makes its calls through it too). */
  async schedule<T>(label: string, call: () => Promise<T>, beforeSend?: BeforeSend): Promise<Scheduled<T>> {
    try {
      return await this.scheduler.schedule(label, call, beforeSend ? { beforeSend } : {});
    } catch (err) {
      if (this.authFailure === undefined && err instanceof GoogleApiError && toRollcallError(err).code === ErrorCodes.AUTH) this.authFailure = toRollcallError(err).message;
      throw err;
    }
  }

  async notFoundAsNull<T>(call: () => Promise<Scheduled<T>>): Promise<Scheduled<T | null>> {
    try {
      return await call();
    } catch (err) {
      if (isNotFound(err)) return { value: null, attempts: err.attempts, sentAt: this.now() };
      throw err;
    }
  }
}

export function isNotFound(err: unknown): err is GoogleApiError {
  return err instanceof GoogleApiError && err.status === 404;
}
