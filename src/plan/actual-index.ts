import { ADDRESS_KEY, type ActualAccount } from '../model/account.js';
import type { LicenceHolding } from '../model/lifecycle.js';
import type { Membership } from '../model/membership.js';

/**
 * A directory's accounts indexed once by every key a match can use, so that each desired account
 * is looked up in O(1) instead of one API call (or one scan) per person.
 *
 * Accounts are held by their position in the list. Addresses are indexed once and serve both as
 * the address match key and, with the other addresses that reach an account, to find an
 * address's owner: a million accounts are then one large index, not two.
 */
export class ActualIndex {
  /** Address -> the position of each account holding it (several when shared). */
  private readonly byAddress = new Map<string, number | number[]>();
  /** Other address -> the position of the last account listing it. */
  private readonly byOtherAddress = new Map<string, number>();
  private readonly byKey = new Map<string, Map<string, ActualAccount | ActualAccount[]>>();
  private readonly memberships = new Map<string, Membership[]>();
  private readonly licences = new Map<string, string[]>();

  constructor(readonly accounts: readonly ActualAccount[]) {
    accounts.forEach((account, position) => {
      const found = this.byAddress.get(account.address);
      if (found === undefined) this.byAddress.set(account.address, position);
      else if (Array.isArray(found)) found.push(position);
      else this.byAddress.set(account.address, [found, position]);
      for (const other of account.otherAddresses) this.byOtherAddress.set(other, position);
    });
  }

  /** The memberships read for some accounts (after the index has said which accounts need them). */
  addMemberships(memberships: readonly Membership[]): this {
    for (const m of memberships) {
      const list = this.memberships.get(m.member);
      if (list) list.push(m);
      else this.memberships.set(m.member, [m]);
    }
    return this;
  }

  /** The managed licences held, as the read found them. */
  addLicences(holdings: readonly LicenceHolding[]): this {
    for (const h of holdings) {
      const list = this.licences.get(h.address);
      if (list) list.push(h.licence);
      else this.licences.set(h.address, [h.licence]);
    }
    return this;
  }

  /** The managed licences the account at this address holds. */
  licencesOf(address: string): readonly string[] {
    return this.licences.get(address.toLowerCase()) ?? [];
  }

  /** The account reached by this address (its own or another); the later account when two claim it. */
  owner(address: string): ActualAccount | undefined {
    const key = address.toLowerCase();
    const own = this.byAddress.get(key);
    const last = Math.max(own === undefined ? -1 : Array.isArray(own) ? (own[own.length - 1] as number) : own, this.byOtherAddress.get(key) ?? -1);
    return last < 0 ? undefined : this.accounts[last];
  }

  /** Accounts answering to `value` under `key` (ADDRESS_KEY, or an attribute key). */
  find(key: string, value: string): ActualAccount[] {
    if (key === ADDRESS_KEY) {
      const found = value === '' ? undefined : this.byAddress.get(value);
      if (found === undefined) return [];
      return Array.isArray(found) ? found.map((p) => this.accounts[p] as ActualAccount) : [this.accounts[found] as ActualAccount];
    }
    let index = this.byKey.get(key);
    if (!index) this.byKey.set(key, (index = this.buildKeyIndex(key)));
    const found = index.get(value);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  }

  /** The memberships of the account at this address (as the read found them). */
  membershipsOf(address: string): readonly Membership[] {
    return this.memberships.get(address.toLowerCase()) ?? [];
  }

  /** A value held by one account maps to it, by several to the list (a million one-element lists cost more than the index). */
  private buildKeyIndex(key: string): Map<string, ActualAccount | ActualAccount[]> {
    const index = new Map<string, ActualAccount | ActualAccount[]>();
    const add = (value: string, account: ActualAccount) => {
      if (value === '') return;
      const found = index.get(value);
      if (found === undefined) index.set(value, account);
      else if (Array.isArray(found)) {
        if (!found.includes(account)) found.push(account);
      } else if (found !== account) index.set(value, [found, account]);
    };
    for (const account of this.accounts) {
      const values = account.keys?.[key];
      if (values !== undefined) for (const v of values) add(v, account);
      else {
        const value = account.attributes[key];
        if (value !== undefined) add(value, account);
      }
    }
    return index;
  }
}
