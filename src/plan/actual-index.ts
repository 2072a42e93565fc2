import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { normaliseCustomValue } from './managed-fields.js';

/**
 * Google's accounts indexed once by every key a match can use, so that each desired account
 * is looked up in O(1) instead of one API call (or one scan) per person.
 *
 * Accounts are held by their position in the state. Primary addresses are indexed once and
 * serve both as the `primaryEmail` match key and, with aliases, to find an address's owner: a
 * million accounts are then one large index, not two.
 */
export class ActualIndex {
  /** Lower-cased primary address -> the position of each account holding it (several when shared). */
  private readonly byPrimary = new Map<string, number | number[]>();
  /** Lower-cased alias -> the position of the last account listing it. */
  private readonly byAlias = new Map<string, number>();
  private readonly byTarget = new Map<string, Map<string, DirectoryUser | DirectoryUser[]>>();
  private readonly memberships = new Map<string, Array<{ group: string; role: string }>>();

  constructor(private readonly state: GoogleState) {
    state.users.forEach((user, position) => {
      const key = user.primaryEmail.toLowerCase();
      const found = this.byPrimary.get(key);
      if (found === undefined) this.byPrimary.set(key, position);
      else if (Array.isArray(found)) found.push(position);
      else this.byPrimary.set(key, [found, position]);
      for (const alias of user.aliases ?? []) this.byAlias.set(alias.toLowerCase(), position);
    });
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

  /** The account owning this address as primary email or alias; the later account when two claim it. */
  owner(address: string): DirectoryUser | undefined {
    const key = address.toLowerCase();
    const primary = this.byPrimary.get(key);
    const last = Math.max(primary === undefined ? -1 : Array.isArray(primary) ? (primary[primary.length - 1] as number) : primary, this.byAlias.get(key) ?? -1);
    return last < 0 ? undefined : this.state.users[last];
  }

  /** Accounts whose `target` property (primaryEmail, customSchemas.S.F, externalIds.T) equals value. */
  find(target: string, value: string): DirectoryUser[] {
    if (target === 'primaryEmail') {
      const found = value === '' ? undefined : this.byPrimary.get(value);
      if (found === undefined) return [];
      return Array.isArray(found) ? found.map((p) => this.state.users[p] as DirectoryUser) : [this.state.users[found] as DirectoryUser];
    }
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
      if (kind === 'customSchemas' && a && b) add(normaliseCustomValue(user.customSchemas?.[a]?.[b]), user);
      else if (kind === 'externalIds' && a) for (const e of user.externalIds ?? []) if (e.type === a) add(String(e.value).trim(), user);
    }
    return index;
  }
}
