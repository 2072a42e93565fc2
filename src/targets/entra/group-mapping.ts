/**
 * The groups the rules ask for, as Entra security groups. Entra names a group by its
 * mailNickname (a security group has no mail): rollcall's address of a group is its
 * mailNickname at the tenant's domain (`mhs-alg1-3-26-27` is `mhs-alg1-3-26-27@district.org`),
 * whichever group it is, so a plan names it the same way as Google's. The displayName and
 * description are the set's templates. A group Entra would refuse becomes an issue naming it
 * instead of a failed create.
 */
import type { EntraConfig } from '../../config/types.js';
import type { GroupMapping } from '../../model/directory-port.js';
import type { DesiredGroup } from '../../model/group.js';
import { nameGroups } from '../../model/group-naming.js';

/** Graph's limits on a group (groups resource): mailNickname 64 characters, displayName 256. */
export const MAX_MAIL_NICKNAME = 64;
export const MAX_GROUP_DISPLAY_NAME = 256;

/** What Graph refuses in a mailNickname: anything outside printable ASCII, and @ ( ) \ [ ] " ; : < > , and space. */
const REFUSED_IN_NICKNAME = /[^\x21-\x7e]|[@()\\[\]";:<>,]/;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The domain group addresses are made in: the tenant when the config names it by its domain,
 * else its first verified domain; null when neither is known (config validation then refuses
 * group sets beside this entra section).
 */
export function groupDomain(entra: Pick<EntraConfig, 'tenant' | 'verifiedDomains'>): string | null {
  if (entra.tenant.includes('.') && !GUID.test(entra.tenant)) return entra.tenant.toLowerCase();
  return entra.verifiedDomains?.[0]?.toLowerCase() ?? null;
}

/** A group's address in rollcall's terms: its mailNickname at the domain (lower case), or null for a group without one. */
export function groupAddress(group: { mailNickname?: string | null | undefined }, domain: string): string | null {
  return typeof group.mailNickname === 'string' && group.mailNickname !== '' ? `${group.mailNickname}@${domain}`.toLowerCase() : null;
}

/** The mailNickname an address names in this domain, or null for an address in another domain. */
export function nicknameOf(address: string, domain: string | null): string | null {
  const at = address.lastIndexOf('@');
  if (domain === null || at < 1 || address.slice(at + 1).toLowerCase() !== domain) return null;
  return address.slice(0, at);
}

export function entraGroups(groups: readonly DesiredGroup[], domain: string): GroupMapping {
  return nameGroups(groups, domain, ({ address, name }) => {
    const nickname = address.slice(0, address.lastIndexOf('@'));
    if (nickname.length > MAX_MAIL_NICKNAME) return `its mailNickname ${nickname} is ${nickname.length} characters long (Entra keeps ${MAX_MAIL_NICKNAME})`;
    if (REFUSED_IN_NICKNAME.test(nickname)) return `its mailNickname ${nickname} holds a character Entra refuses (only printable ASCII, without @ ( ) \\ [ ] " ; : < > , or spaces)`;
    if (name.length > MAX_GROUP_DISPLAY_NAME) return `its displayName is ${name.length} characters long (Entra keeps ${MAX_GROUP_DISPLAY_NAME})`;
    return null;
  });
}
