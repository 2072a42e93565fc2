/**
 * The Entra writer's group calls (model/directory-port.ts GroupWriter, and the membership read
 * and removal every writer has). A group is found by its address: the group with that mail,
 * else (an address in the tenant's domain) the group with that mailNickname. Roles are links
 * (group-roles.ts): a member is in `members`, an owner in `members` and `owners`. Check-then-act
 * is apply's; here "already there" on an add and "not there" on a removal are what Graph
 * answers them as (400 "added object references already exist", 404), classified by
 * writer-failures.ts. A group is made as a security group (not mail-enabled), and only once: the
 * create is not sent again after an answer that was lost (Graph would make a second group of the
 * same mailNickname), and a mailNickname another group has is a duplicate before anything is sent.
 */
import type { AccountKey, BeforeSend, Read, Sent } from '../../model/directory-port.js';
import type { ActualGroup, GroupFields, GroupRole } from '../../model/group.js';
import type { ScheduleOptions, Scheduled } from '../../pacing/scheduler.js';
import { findContainer, PAGE, type DirectoryObject } from './container-reads.js';
import type { GraphPage } from './graph-api.js';
import { GRAPH_ROOT } from './graph-api.js';
import type { GraphCall } from './graph-client.js';
import { GraphCallError } from './graph-failures.js';
import type { GraphApi } from './graph-api.js';
import { nicknameOf } from './group-mapping.js';
import { ownsGroup, roleOfLinks } from './group-roles.js';
import type { GraphGroup } from './graph-types.js';
import { GroupTaken, isAlreadyMember, isNotFound } from './writer-failures.js';

/** What the group calls need of the writer. */
export interface GroupCallsContext {
  api: GraphApi;
  /** The writer's call: a refused credential is remembered. */
  send<T>(label: string, call: GraphCall, options?: ScheduleOptions): Promise<Scheduled<T | undefined>>;
  now(): number;
  /** A user's object id (the key's id, else looked up by address), or undefined when Entra has none. */
  userId(member: AccountKey): Promise<string | undefined>;
  /** The domain of group addresses, or null when the config manages no groups (mail addresses only). */
  domain: string | null;
}

export class EntraGroupCalls {
  /** Group ids by address, found once per run (null: no such group), forgotten when a group is made or deleted. */
  private readonly ids = new Map<string, Promise<string | null>>();

  constructor(private readonly ctx: GroupCallsContext) {}

  async readMembership(group: string, member: AccountKey): Promise<Read<{ role: GroupRole } | null>> {
    const [groupId, userId] = await Promise.all([this.groupId(group), this.ctx.userId(member)]);
    if (groupId === null || userId === undefined) return { value: null, readAt: this.ctx.now() };
    let readAt: number | undefined;
    let isMember = false;
    await this.pages<DirectoryObject>('users.memberOf', `users/${encodeURIComponent(userId)}/memberOf?$select=id&$top=${PAGE}`, (items, sentAt) => {
      readAt ??= sentAt;
      if (items.some((o) => o.id === groupId)) isMember = true;
    });
    const isOwner = isMember && (await this.isOwner(groupId, userId));
    const role = roleOfLinks(isMember, isOwner);
    return { value: role === null ? null : { role }, readAt: readAt ?? this.ctx.now() };
  }

  /** Takes the member out (404 when it is not a member), and out of the owners when it is one. */
  async removeMembership(group: string, member: AccountKey, beforeSend: BeforeSend): Promise<Sent> {
    const { groupId, userId } = await this.both(group, member, 'groups.members.remove');
    const { attempts } = await this.ctx.send(`groups.members.remove ${member.address}`, { method: 'DELETE', path: `${groupPath(groupId)}/members/${encodeURIComponent(userId)}/$ref` }, { beforeSend });
    return { attempts: Math.max(attempts, await this.unlinkOwner(groupId, userId, member.address)) };
  }

  /** Puts the account in the group (a duplicate when it is a member already), and in its owners for the role owner. */
  async addMembership(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    const { groupId, userId } = await this.both(group, member, 'groups.members.add');
    let attempts = 0;
    let already: unknown;
    try {
      ({ attempts } = await this.ctx.send(`groups.members.add ${member.address}`, { method: 'POST', path: `${groupPath(groupId)}/members/$ref`, body: reference(userId) }, { beforeSend }));
    } catch (err) {
      if (!(err instanceof GraphCallError && isAlreadyMember(err.info))) throw err;
      // An add whose answer was lost may have landed: the owner link still follows, then the duplicate stands.
      already = err;
      attempts = err.attempts;
    }
    if (ownsGroup(role)) attempts = Math.max(attempts, await this.linkOwner(groupId, userId, member.address));
    if (already !== undefined) throw already;
    return { attempts };
  }

  /** Adds or removes the owner link (not-found when the account is not in the group at all). */
  async setMembershipRole(group: string, member: AccountKey, role: GroupRole, beforeSend: BeforeSend): Promise<Sent> {
    const { groupId, userId } = await this.both(group, member, 'groups.owners');
    if (ownsGroup(role)) {
      const { attempts } = await this.ctx.send(`groups.owners.add ${member.address}`, { method: 'POST', path: `${groupPath(groupId)}/owners/$ref`, body: reference(userId) }, { beforeSend });
      return { attempts };
    }
    const { attempts } = await this.ctx.send(`groups.owners.remove ${member.address}`, { method: 'DELETE', path: `${groupPath(groupId)}/owners/${encodeURIComponent(userId)}/$ref` }, { beforeSend });
    return { attempts };
  }

  async readGroup(address: string): Promise<Read<ActualGroup | null>> {
    const readAt = this.ctx.now();
    const groupId = await this.groupId(address, true);
    if (groupId === null) return { value: null, readAt };
    let group: GraphGroup | undefined;
    let sentAt = readAt;
    try {
      ({ value: group, sentAt } = await this.ctx.send<GraphGroup>('groups.get', { method: 'GET', path: `${groupPath(groupId)}?$select=id,displayName,description` }));
    } catch (err) {
      if (err instanceof GraphCallError && isNotFound(err.info)) return { value: null, readAt };
      throw err;
    }
    let memberCount = 0;
    await this.pages<DirectoryObject>('groups.members', `${groupPath(groupId)}/members?$select=id&$top=${PAGE}`, (items) => void (memberCount += items.length));
    const value = group === undefined ? null : { address: address.toLowerCase(), id: group.id, name: group.displayName, description: group.description ?? '', memberCount };
    return { value, readAt: sentAt };
  }

  async createGroup(fields: GroupFields, beforeSend: BeforeSend): Promise<Sent> {
    const nickname = nicknameOf(fields.address, this.ctx.domain);
    if (nickname === null) throw new Error(`internal: the managed group ${fields.address} is not in the tenant's domain ${this.ctx.domain ?? '(none)'}`);
    if ((await this.groupId(fields.address, true)) !== null) throw new GroupTaken(fields.address);
    const body = {
      displayName: fields.name,
      mailNickname: nickname,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      ...(fields.description !== '' ? { description: fields.description } : {}),
    };
    try {
      const { attempts } = await this.ctx.send(`groups.create ${fields.address}`, { method: 'POST', path: 'groups', body }, { beforeSend, retryable: (_err, failure) => failure.rateLimited });
      return { attempts };
    } finally {
      this.ids.delete(fields.address.toLowerCase());
    }
  }

  async deleteGroup(address: string, beforeSend: BeforeSend): Promise<Sent> {
    const groupId = await this.groupId(address, true);
    if (groupId === null) throw notFound('groups.delete', `no group ${address}`);
    try {
      const { attempts } = await this.ctx.send(`groups.delete ${address}`, { method: 'DELETE', path: groupPath(groupId) }, { beforeSend });
      return { attempts };
    } finally {
      this.ids.delete(address.toLowerCase());
    }
  }

  /** The group at this address (by mail, else by mailNickname in the tenant's domain); `fresh` reads it again. */
  groupId(address: string, fresh = false): Promise<string | null> {
    const key = address.toLowerCase();
    let id = fresh ? undefined : this.ids.get(key);
    if (id === undefined) {
      const nickname = nicknameOf(key, this.ctx.domain);
      const find = async () => (await findContainer(this.ctx.api, 'group', 'mail', key)) ?? (nickname === null ? null : await findContainer(this.ctx.api, 'group', 'mailNickname', nickname));
      this.ids.set(key, (id = find()));
      id.catch(() => this.ids.delete(key));
    }
    return id;
  }

  private async both(group: string, member: AccountKey, label: string): Promise<{ groupId: string; userId: string }> {
    const [groupId, userId] = await Promise.all([this.groupId(group), this.ctx.userId(member)]);
    if (groupId === null) throw notFound(label, `no group ${group}`);
    if (userId === undefined) throw notFound(label, `no user ${member.address}`);
    return { groupId, userId };
  }

  private async isOwner(groupId: string, userId: string): Promise<boolean> {
    let found = false;
    await this.pages<DirectoryObject>('groups.owners', `${groupPath(groupId)}/owners?$select=id&$top=${PAGE}`, (items) => {
      if (items.some((o) => o.id === userId)) found = true;
    });
    return found;
  }

  private async linkOwner(groupId: string, userId: string, address: string): Promise<number> {
    try {
      return (await this.ctx.send(`groups.owners.add ${address}`, { method: 'POST', path: `${groupPath(groupId)}/owners/$ref`, body: reference(userId) })).attempts;
    } catch (err) {
      if (err instanceof GraphCallError && isAlreadyMember(err.info)) return err.attempts;
      throw err;
    }
  }

  private async unlinkOwner(groupId: string, userId: string, address: string): Promise<number> {
    try {
      return (await this.ctx.send(`groups.owners.remove ${address}`, { method: 'DELETE', path: `${groupPath(groupId)}/owners/${encodeURIComponent(userId)}/$ref` })).attempts;
    } catch (err) {
      if (err instanceof GraphCallError && isNotFound(err.info)) return err.attempts;
      throw err;
    }
  }

  private async pages<T>(label: string, first: string, onPage: (items: T[], sentAt: number) => void): Promise<void> {
    let path: string | undefined = first;
    while (path !== undefined) {
      const { value, sentAt }: Scheduled<GraphPage<T> | undefined> = await this.ctx.send<GraphPage<T>>(label, { method: 'GET', path });
      onPage(value?.value ?? [], sentAt);
      path = value?.['@odata.nextLink'];
    }
  }
}

function groupPath(id: string): string {
  return `groups/${encodeURIComponent(id)}`;
}

function reference(id: string): { '@odata.id': string } {
  return { '@odata.id': `${GRAPH_ROOT}v1.0/directoryObjects/${id}` };
}

/** A group or user that is not there, as Graph's 404 would say it (classified not-found). */
function notFound(label: string, message: string): GraphCallError {
  return new GraphCallError(label, 0, { status: 404, code: 'Request_ResourceNotFound', message, transient: false, rateLimited: false, conflicts: [] }, 0);
}
