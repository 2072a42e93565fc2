/**
 * Applies one change to a managed group, check-then-act (check-then-act.ts): a group already
 * there is made; a member already in the group in the planned role is added (and "already a
 * member" on the insert means the same); one already gone is removed ("not found" on the delete
 * too). What changed otherwise since the plan was made (a role someone changed, a group that
 * still has members) is refused as drifted: nothing is sent.
 */
import type { AccountKey, BeforeSend, DirectoryWriter, GroupWriter, Sent } from '../model/directory-port.js';
import type { GroupRole } from '../model/group.js';
import { groupWriter } from '../model/group-sync.js';
import type { AddMemberChange, ChangeRoleChange, CreateGroupChange, DeleteGroupChange, GroupChange, RemoveMemberChange } from '../plan/types.js';
import { checkThenAct, type CheckThenAct, type Judgement } from './check-then-act.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

const REPLAN = 'nothing was sent: make a new plan (rollcall plan) and review it';

export function applyGroupChange(access: WriteAccess, change: GroupChange): Promise<ChangeResult> {
  switch (change.kind) {
    case 'create-group':
      return createGroup(access, change);
    case 'delete-group':
      return deleteGroup(access, change);
    case 'add-member':
      return addMember(access, change);
    case 'remove-member':
      return removeMember(access, change);
    case 'change-role':
      return changeRole(access, change);
  }
}

function createGroup(access: WriteAccess, change: CreateGroupChange): Promise<ChangeResult> {
  const writer = groupWriter(access.writer, access.directory);
  return checkThenAct(access, {
    change,
    what: 'the group',
    write: 'create',
    read: () => writer.readGroup(change.group),
    // A group already at the address is the group (its name is set only when rollcall makes it).
    judge: (group) => (group !== null ? { outcome: 'already-done', attempts: 0 } : undefined),
    send: (beforeSend) => writer.createGroup({ address: change.group, name: change.name, description: change.description }, beforeSend),
    reached: 'duplicate',
  });
}

function deleteGroup(access: WriteAccess, change: DeleteGroupChange): Promise<ChangeResult> {
  const writer = groupWriter(access.writer, access.directory);
  return checkThenAct(access, {
    change,
    what: 'the group',
    write: 'delete',
    read: () => writer.readGroup(change.group),
    judge: (group): Judgement => {
      if (group === null) return { outcome: 'already-done', attempts: 0 };
      if ((group.memberCount ?? 0) > 0) {
        return {
          outcome: 'drifted',
          attempts: 0,
          error: `${change.group} still has ${group.memberCount} members, and rollcall deletes only emptied groups; ${REPLAN}`,
          differences: [{ path: '/members', live: group.memberCount, expected: 0 }],
        };
      }
      return undefined;
    },
    send: (beforeSend) => writer.deleteGroup(change.group, beforeSend),
    reached: 'not-found',
  });
}

function addMember(access: WriteAccess, change: AddMemberChange): Promise<ChangeResult> {
  return membershipChange(access, change, {
    write: 'addition',
    judge: (membership) => {
      if (membership === null) return undefined;
      return membership.role === change.role ? { outcome: 'already-done', attempts: 0 } : roleDrifted(change.group, membership.role, change.role, 'is already a member');
    },
    send: (writer, member, beforeSend) => writer.addMembership(change.group, member, change.role, beforeSend),
    reached: 'duplicate',
  });
}

function removeMember(access: WriteAccess, change: RemoveMemberChange): Promise<ChangeResult> {
  return membershipChange(access, change, {
    write: 'removal',
    judge: (membership) => {
      if (membership === null) return { outcome: 'already-done', attempts: 0 };
      return membership.role === change.role ? undefined : roleDrifted(change.group, membership.role, change.role, 'has another role');
    },
    send: (writer, member, beforeSend) => writer.removeMembership(change.group, member, beforeSend),
    reached: 'not-found',
  });
}

function changeRole(access: WriteAccess, change: ChangeRoleChange): Promise<ChangeResult> {
  return membershipChange(access, change, {
    write: 'role change',
    judge: (membership) => {
      if (membership === null) {
        return { outcome: 'drifted', attempts: 0, error: `${change.member} is no longer in ${change.group}; ${REPLAN}`, differences: [{ path: '/role', live: null, expected: change.was }] };
      }
      if (membership.role === change.role) return { outcome: 'already-done', attempts: 0 };
      return membership.role === change.was ? undefined : roleDrifted(change.group, membership.role, change.was, 'has another role');
    },
    send: (writer, member, beforeSend) => writer.setMembershipRole(change.group, member, change.role, beforeSend),
  });
}

/** How one kind of membership change is judged from the member's membership now, and sent. */
interface MembershipStep extends Pick<CheckThenAct<{ role: GroupRole } | null>, 'write' | 'judge' | 'reached'> {
  send(writer: GroupWriter & DirectoryWriter, member: AccountKey, beforeSend: BeforeSend): Promise<Sent>;
}

/** A change to one member of a group, check-then-act on that member's membership. */
function membershipChange(access: WriteAccess, change: AddMemberChange | RemoveMemberChange | ChangeRoleChange, step: MembershipStep): Promise<ChangeResult> {
  const writer = groupWriter(access.writer, access.directory);
  const member = { address: change.member };
  return checkThenAct(access, {
    ...step,
    change,
    what: 'the membership',
    read: () => writer.readMembership(change.group, member),
    send: (beforeSend) => step.send(writer, member, beforeSend),
  });
}

function roleDrifted(group: string, live: GroupRole, expected: GroupRole, what: string): Judgement {
  return { outcome: 'drifted', attempts: 0, error: `the member ${what} in ${group} (${live}) since the plan was made; ${REPLAN}`, differences: [{ path: '/role', live, expected }] };
}
