import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { normaliseCustomValue } from './managed-fields.js';

/**
 * Google's accounts indexed once by every key a match can use, so that each desired account
 * is looked up in O(1) instead of one API call (or one scan) per person.
 */
export class ActualIndex {
  private readonly byAddress = new Map<string, DirectoryUser>();
  private readonly byTarget = new Map<string, Map<string, DirectoryUser | DirectoryUser[]>>();
  private readonly memberships = new Map<string, Array<{ group: string; role: string }>>();

  constructor(private readonly state: GoogleState) {
    for (const user of state.users) {
      this.byAddress.set(user.primaryEmail.toLowerCase(), user);
      for (const alias of user.aliases ?? []) this.byAddress.set(alias.toLowerCase(), user);
    }
    for (const group of state.groups) {
      for (const member of group.members) {
        if (member.type !== undefined && member.type !== 'USER') continue;
        const key = member.email.toLowerCase();
        const list = this.memberships.get(key) ?? [];
        list.push({ group: group.email.toLowerCase(), role: member.role ?? 'MEMBER' });
        this.memberships.set(key, list);
      }
    }
  }

  get users(): readonly DirectoryUser[] {
    return this.state.users;
  }

  /** The account owning this address as primary email or alias. */
  owner(address: string): DirectoryUser | undefined {
    return this.byAddress.get(address.toLowerCase());
  }

  /** Accounts whose `target` property (primaryEmail, customSchemas.S.F, externalIds.T) equals value. */
  find(target: string, value: string): DirectoryUser[] {
    let index = this.byTarget.get(target);
    if (!index) {
      index = this.buildTargetIndex(target);
      this.byTarget.set(target, index);
    }
    const found = index.get(value);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  }

  groupsOf(address: string): ReadonlyArray<{ group: string; role: string }> {
    return this.memberships.get(address.toLowerCase()) ?? [];
  }

  /** A value held by one account maps to it, by several to the list (a million one-element lists cost more than the index). */
  private buildTargetIndex(target: string): Map<string, DirectoryUser | DirectoryUser[]> {
    const index = new Map<string, DirectoryUser | DirectoryUser[]>();
    const add = (value: string, user: DirectoryUser) => {
      if (value === '') return;
      const found = index.get(value);
      if (found === undefined) index.set(value, user);
      else if (Array.isArray(found)) found.push(user);
      else index.set(value, [found, user]);
    };
    const [kind, a, b] = target.split('.');
    for (const user of this.state.users) {
      if (kind === 'primaryEmail') add(user.primaryEmail.toLowerCase(), user);
      else if (kind === 'customSchemas' && a && b) add(normaliseCustomValue(user.customSchemas?.[a]?.[b]), user);
      else if (kind === 'externalIds' && a) for (const e of user.externalIds ?? []) if (e.type === a) add(String(e.value).trim(), user);
    }
    return index;
  }
}
