/**
 * A Google account as the model sees it: the managed fields of a Directory API user, its
 * aliases, and only the attributes a plan reads (the managed ones and the match keys). The same
 * view serves a snapshot file, a live read and apply's reads, so the same account gives the
 * same ActualAccount (and digest) whichever way it was read.
 */
import type { ActualAccount, Attributes } from '../../model/account.js';
import type { CustomFieldValue, DirectoryUser, ExternalId } from './directory-types.js';
import type { GoogleAttribute } from './attribute-keys.js';

const NO_ADDRESSES: readonly string[] = Object.freeze([]);

export class GoogleAccountView {
  /** One array per org unit: a million accounts share a few hundred. */
  private readonly placements = new Map<string, string[]>();

  constructor(private readonly attributes: readonly GoogleAttribute[]) {}

  account(user: DirectoryUser): ActualAccount {
    const attributes: Attributes = {};
    let keys: Record<string, string[]> | undefined;
    for (const a of this.attributes) {
      if (a.kind === 'custom') {
        const value = normaliseCustomValue(user.customSchemas?.[a.schema]?.[a.field]);
        if (value !== '') attributes[a.key] = value;
        continue;
      }
      const entries = externalIdsOf(user.externalIds, a.type);
      if (entries.length === 0) continue;
      const value = entries.map((e) => String(e.value)).join(',');
      if (value !== '') attributes[a.key] = value;
      // Matching looks at each entry on its own, trimmed (two employee ids: either finds the account).
      const each = entries.map((e) => String(e.value).trim()).filter((v) => v !== '');
      if (each.length !== 1 || each[0] !== value) (keys ??= {})[a.key] = each;
    }
    const account: ActualAccount = {
      address: user.primaryEmail.toLowerCase(),
      name: { given: user.name?.givenName ?? '', family: user.name?.familyName ?? '' },
      enabled: user.suspended !== true,
      placement: this.placement(user.orgUnitPath ?? '/'),
      attributes,
      otherAddresses: user.aliases !== undefined && user.aliases.length > 0 ? user.aliases.map((a) => a.toLowerCase()) : NO_ADDRESSES,
    };
    if (user.id !== undefined) account.id = user.id;
    if (keys !== undefined) account.keys = keys;
    if (user.archived === true) account.archived = true;
    return account;
  }

  /** An account's placement array, shared with every account in the same org unit. */
  placement(orgUnitPath: string): string[] {
    let placement = this.placements.get(orgUnitPath);
    if (placement === undefined) this.placements.set(orgUnitPath, (placement = [orgUnitPath]));
    return placement;
  }

  /** Shares placement arrays and empty address lists among accounts that crossed a thread as JSON (each came with its own). */
  share(account: ActualAccount): void {
    account.placement = account.placement.length === 1 ? this.placement(account.placement[0] as string) : account.placement;
    if (account.otherAddresses === undefined || account.otherAddresses.length === 0) account.otherAddresses = NO_ADDRESSES;
  }
}

/**
 * Google returns custom values as strings whatever was sent (and older accounts may hold
 * numbers); compare them as trimmed strings. Managed attributes are single-valued: a
 * multi-valued field is read as its values joined, so a change to it is visible in review.
 */
export function normaliseCustomValue(value: CustomFieldValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v.value ?? '').trim()).join(',');
  return String(value).trim();
}

function externalIdsOf(ids: readonly ExternalId[] | undefined, type: string): ExternalId[] {
  if (ids === undefined || ids.length === 0) return [];
  return ids.filter((e) => e.type === type);
}
