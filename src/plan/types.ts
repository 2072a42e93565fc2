/**
 * The plan: what rollcall intends to change in one directory (its target) and why, in the
 * model's terms (accounts, containers, attributes, memberships). It is data, written to disk
 * byte-for-byte deterministically, reviewed by a person, then applied.
 */
import type { Operation } from 'fast-json-patch';
import type { AccountFields } from '../model/account.js';
import type { TargetDescription } from '../model/directory-port.js';
import type { GroupRole } from '../model/group.js';
import type { Issue } from '../model/issue.js';
import type { OffboardingStep } from '../model/lifecycle.js';
import type { Person } from '../model/person.js';

export type { Population, Person } from '../model/person.js';
export type { AccountFields } from '../model/account.js';

export const PLAN_FORMAT = 'rollcall-plan';
/** 2: the target-neutral plan (target, accounts' neutral fields); a plan of format 1 must be made again. */
export const PLAN_FORMAT_VERSION = 2;

/**
 * What one update does, worst first when shown:
 * - suspend: the account loses access (a leaver, a graduate past grace);
 * - unsuspend: a suspended account is re-enabled (returning student or staff);
 * - rename: address or name changes;
 * - move: placement changes (transfer, promotion, rollover);
 * - update-attributes: managed attributes change.
 */
export type UpdateAction = 'suspend' | 'unsuspend' | 'rename' | 'move' | 'update-attributes';

export const UPDATE_ACTIONS: readonly UpdateAction[] = ['suspend', 'unsuspend', 'rename', 'move', 'update-attributes'];

interface ChangeBase {
  /** Stable: a hash of the account and its intended end state, so a change keeps its id night after night. */
  id: string;
  /** The account's address as the directory knows it now (for create: the new address), lower-cased. */
  address: string;
  person: Person;
  /** One line a person understands per thing that changes, e.g. "enroll_status 3, class of 2026: grace ended 09-01". */
  reasons: string[];
}

export interface CreateChange extends ChangeBase {
  kind: 'create';
  /** The account as it will be created. The password is never part of a plan. */
  after: AccountFields;
}

export interface UpdateChange extends ChangeBase {
  kind: 'update';
  actions: UpdateAction[];
  /** The directory's id of the account, when the read had it (it survives a rename). */
  accountId?: string;
  /** Managed fields as the read showed them. */
  before: AccountFields;
  /** Managed fields as they will be. */
  after: AccountFields;
  /** RFC 6902 from before to after: `test` operations (the expected current values) first. */
  patch: Operation[];
  /** A suspension's offboarding steps (sign-out, tokens...), each taken and journaled as part of this change. */
  offboarding?: OffboardingStep[];
}

/** A disabled account leaving a group it is in (any group): it follows from the account's own change. */
export interface GroupRemovalChange extends ChangeBase {
  kind: 'remove-from-group';
  group: string;
  /** The member's role in the group as the read showed it (member, manager, owner). */
  role: GroupRole;
}

/**
 * A licence given to or taken from an account: after its create or update, while it ends as
 * `enabled` says (active accounts hold their population's licences; suspended ones none).
 */
interface LicenceChangeBase extends ChangeBase {
  /** The target's key of the licence (Google `productId/skuId`, Entra the SKU as configured). */
  licence: string;
  /** Whether the account is enabled once its own change (if any) is made: apply checks it still is. */
  enabled: boolean;
  accountId?: string;
}

export interface AssignLicenceChange extends LicenceChangeBase {
  kind: 'assign-licence';
}

export interface RemoveLicenceChange extends LicenceChangeBase {
  kind: 'remove-licence';
}

export type LicenceChange = AssignLicenceChange | RemoveLicenceChange;

/**
 * An account deleted for good, some days after it was suspended (the population's
 * deleteAfterDays). The directory can still restore it for `restorableDays`.
 */
export interface DeleteAccountChange extends ChangeBase {
  kind: 'delete-account';
  accountId?: string;
  /** The account as read: apply deletes it only while it is still so (suspended, where it was, with this suspension date). */
  before: AccountFields;
  /** The day it was suspended, as its suspension-date attribute holds it. */
  suspendedOn: string;
  /** The attribute holding that day. */
  suspendedOnAttribute: string;
  restorableDays: number;
  /** Its files go to this account first (Google Drive), and it is deleted once that is finished. */
  transferTo?: string;
}


/** The changes about one account: listed under the person's school, applied with the account. */
export type AccountChange = CreateChange | UpdateChange | GroupRemovalChange | LicenceChange | DeleteAccountChange;

interface GroupChangeBase {
  id: string;
  /** The group's address (lower case). */
  group: string;
  /** The group set it belongs to (config groups.sets[].name). */
  set: string;
  reasons: string[];
}

/** A managed group made (empty; its members are added by their own changes). */
export interface CreateGroupChange extends GroupChangeBase {
  kind: 'create-group';
  name: string;
  description: string;
}

/** A managed group deleted: its term is over, it is emptied, and its set deletes such groups. */
export interface DeleteGroupChange extends GroupChangeBase {
  kind: 'delete-group';
}

interface MemberChangeBase extends GroupChangeBase {
  /** The member's address: an account's address once this plan's account changes are made (lower case). */
  member: string;
}

export interface AddMemberChange extends MemberChangeBase {
  kind: 'add-member';
  role: GroupRole;
  person: Person;
}

export interface RemoveMemberChange extends MemberChangeBase {
  kind: 'remove-member';
  /** The member's role as the read showed it. */
  role: GroupRole;
  /** Present when the member is an account rollcall manages. */
  person?: Person;
}

export interface ChangeRoleChange extends MemberChangeBase {
  kind: 'change-role';
  /** The role it will have. */
  role: GroupRole;
  /** The role the read showed. */
  was: GroupRole;
  person: Person;
}

/** The changes to a managed group and its members: shown by group, applied around the accounts' changes. */
export type GroupChange = CreateGroupChange | DeleteGroupChange | AddMemberChange | RemoveMemberChange | ChangeRoleChange;
export type MemberChange = AddMemberChange | RemoveMemberChange | ChangeRoleChange;

export type Change = AccountChange | GroupChange;
export type ChangeKind = Change['kind'];
export type GroupChangeKind = GroupChange['kind'];

export const GROUP_CHANGE_KINDS: readonly GroupChangeKind[] = ['create-group', 'remove-member', 'change-role', 'add-member', 'delete-group'];

export function isGroupChange(change: Change): change is GroupChange {
  return change.kind === 'create-group' || change.kind === 'delete-group' || change.kind === 'add-member' || change.kind === 'remove-member' || change.kind === 'change-role';
}

export function isAccountChange(change: Change): change is AccountChange {
  return !isGroupChange(change);
}

/** A problem with the input that the plan reports instead of acting on. */
export type PlanIssue = Issue;

/**
 * Why a plan must not be applied without a person's say-so: it goes over a safety limit, or a
 * school looks emptied. `apply` refuses a held plan unless told --override-holds.
 */
export interface PlanHold {
  code: 'LIMIT_EXCEEDED' | 'SCHOOL_DROP';
  message: string;
  /** LIMIT_EXCEEDED: the limited action and how many changes of it the plan holds. */
  action?: string;
  count?: number;
  /** SCHOOL_DROP: the building (container) concerned. */
  container?: string;
}

/** What the plan does to managed groups, and what it counts their limits against. */
export interface GroupSummary {
  /** Groups the sets ask for tonight (the base of create-group and delete-group limits). */
  managed: number;
  /** Memberships the sets place in them (the base of the member limits). */
  memberships: number;
  /** Members of managed groups that rollcall does not place and leaves alone (outside addresses, unmanaged accounts, managers added by hand). */
  leftAlone: number;
  create: number;
  delete: number;
  addMember: number;
  removeMember: number;
  changeRole: number;
}

export interface PlanSummary {
  changes: number;
  create: number;
  update: number;
  removeFromGroup: number;
  /** Per update action (an update can carry several). */
  actions: Record<UpdateAction, number>;
  /** Licences given and taken, accounts deleted: present when the plan has any. */
  lifecycle?: { assignLicence: number; removeLicence: number; deleteAccount: number };
  accounts: {
    /** People the source says should have an account (active or not) after skips and scope. */
    desired: number;
    /** Accounts matched to a person in the source. */
    matched: number;
    /** Accounts no person in the source claims: left alone. */
    unmanaged: number;
    /** Inactive people with no account: nothing to do. */
    absentInactive: number;
    /** People skipped by skip lists. */
    skipped: number;
    /** Matched accounts kept in place because their container is frozen. */
    frozen: number;
    /** Matched accounts already exactly as desired. */
    inSync: number;
  };
  issues: { error: number; warning: number };
  /** Present when the config manages groups. */
  groups?: GroupSummary;
}

export interface PlanInputs {
  /** sha256 of the validated config (canonical JSON). */
  config: string;
  /** sha256 of the canonical source rows: the same data from any source gives the same digest. */
  source: string;
  /** Digest of the directory's state as the plan read it, over the model (model/state-lines.ts): the same state gives the same digest from any reader. */
  directory: string;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'rollcall'; version: string };
  /** sha256 of the plan's content, set when the file is written (see planIntegrity). */
  integrity?: string;
  /** The directory the plan is for: its kind, identity (Google domain, Entra tenant) and words. */
  target: TargetDescription;
  /** The date the rules were evaluated for (YYYY-MM-DD). */
  today: string;
  /** A redacted copy for sharing (pseudonyms instead of people): never applied. */
  redacted?: true;
  inputs: PlanInputs;
  summary: PlanSummary;
  /** Empty when the plan may be applied as it is. */
  holds: PlanHold[];
  issues: PlanIssue[];
  changes: Change[];
}
