/**
 * An Entra user as the model sees it: the userPrincipalName as its address, its names, whether
 * it is enabled, the managed administrative units and groups it is a direct member of (its
 * placement), and only the properties a plan reads (the managed ones and the match targets).
 * The same view serves a snapshot file, a live read and apply's reads, so the same account gives
 * the same ActualAccount (and digest) whichever way it was read.
 */
import type { ActualAccount, Attributes } from '../../model/account.js';
import type { GraphUser } from './graph-types.js';
import { caseless } from './properties.js';

const NO_ADDRESSES: readonly string[] = Object.freeze([]);

export class EntraAccountView {
  /** One array per distinct placement: a million accounts share a few thousand. */
  private readonly placements = new Map<string, string[]>();
  /** The name an extension property has in Graph's answers, when the config spells it in another case. */
  private readonly spelled = new Map<string, string>();

  /** `properties`: what a read asks for (readProperties), the address aside. */
  constructor(private readonly properties: readonly string[]) {}

  /** The account, placed in `placement` (managed containers in their one order, see containers.ts). */
  account(user: GraphUser, placement: readonly string[]): ActualAccount {
    const attributes: Attributes = {};
    let keys: Record<string, string[]> | undefined;
    for (const property of this.properties) {
      const value = textOf(user[this.nameIn(user, property)]);
      if (value === '') continue;
      attributes[property] = value;
      // Address-like properties match ignoring case: the index finds them by their lower case.
      if (caseless(property) && value.toLowerCase() !== value) (keys ??= {})[property] = [value.toLowerCase()];
    }
    const address = user.userPrincipalName.toLowerCase();
    const mail = typeof user.mail === 'string' ? user.mail.toLowerCase() : '';
    const account: ActualAccount = {
      address,
      name: { given: user.givenName ?? '', family: user.surname ?? '' },
      enabled: user.accountEnabled !== false,
      placement: this.placement(placement),
      attributes,
      otherAddresses: mail !== '' && mail !== address ? [mail] : NO_ADDRESSES,
      id: user.id,
    };
    if (keys !== undefined) account.keys = keys;
    return account;
  }

  /** A placement array, shared with every account in the same containers. */
  placement(containers: readonly string[]): string[] {
    const key = containers.join('\n');
    let shared = this.placements.get(key);
    if (shared === undefined) this.placements.set(key, (shared = [...containers]));
    return shared;
  }

  /** Graph names a declared extension property as it was declared, whatever case a config used. */
  private nameIn(user: GraphUser, property: string): string {
    if (property in user) return property;
    const known = this.spelled.get(property);
    if (known !== undefined) return known;
    const lower = property.toLowerCase();
    const found = Object.keys(user).find((k) => k.toLowerCase() === lower);
    if (found !== undefined) this.spelled.set(property, found);
    return found ?? property;
  }
}

/** A property's value as text: Graph's strings as they are, an extension's number or boolean written out, nothing for null. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
