/**
 * Accounts in domain terms: the fields rollcall manages on an account in any directory, an
 * account as a directory holds it, and the account PowerSchool asks for. Plans compare, show
 * and write these; each target maps its own resources to and from them.
 */
import type { Origin, Person, PersonName } from './person.js';

/**
 * Managed attribute values by key. Keys are the target's own words (Google:
 * `customSchemas.StudentInfo.DCID`, `externalIds.organization`; Entra: `employeeId`,
 * `extension_<app>_<name>`), so a plan shows them as the directory names them.
 */
export type Attributes = Record<string, string>;

/**
 * The fields of one account rollcall manages: what plans compare, show and write. Everything
 * else on an account (other attributes, aliases, phones...) is never compared, never written.
 */
export interface AccountFields {
  /** The account's address, lower-cased: Google's primaryEmail, Entra's userPrincipalName. */
  address: string;
  name: PersonName;
  /** Whether the account can be used: Google's !suspended, Entra's accountEnabled. */
  enabled: boolean;
  /**
   * The managed containers the account is in, compared as a set ignoring case (placement.ts):
   * Google [orgUnitPath], one org unit; Entra the managed administrative units and groups.
   */
  placement: string[];
  /**
   * Managed attributes. In a plan, an attribute that is absent (or to be removed) is left out;
   * in a DesiredAccount every managed key is present, '' meaning "should be absent".
   */
  attributes: Attributes;
}

/** An account as the directory holds it now (a snapshot, a live read, a read just before a write). */
export interface ActualAccount extends AccountFields {
  /** The directory's own id of the account (Google user id, Entra object id), when the read has it. */
  id?: string;
  /** Other addresses that reach this account (Google aliases; Entra mail, proxy addresses), lower-cased. */
  otherAddresses: readonly string[];
  /**
   * Attributes holds only what the read asked for: the managed attributes and the match keys
   * (none of them empty). Where an account answers to a match key by values other than its
   * attribute value (Google: several externalIds entries of one type), they are here.
   */
  keys?: Readonly<Record<string, readonly string[]>>;
  /** Held out of use by means rollcall does not manage (Google: archived); not counted as active by the guards. */
  archived?: true;
}

/** How an account is found: the address, or an attribute key, and the value it must hold. */
export interface MatchKey {
  /** ADDRESS_KEY, or an attribute key. */
  key: string;
  /** Addresses lower-cased; other values as the target normalises them. */
  value: string;
}

/** The match key that finds an account by its address (or another address that reaches it). */
export const ADDRESS_KEY = 'address';

/**
 * The account PowerSchool asks a target for, as that target's mapping made it: where it is
 * placed, what it holds, and why. Compared with the directory by the diff.
 */
export interface DesiredAccount {
  person: Person;
  match: MatchKey;
  /**
   * Every managed attribute key is present ('' = should be absent), so the diff knows what is
   * managed even when a value is empty. When `enabled` is false the person is inactive: the
   * diff keeps the account's name, address and attributes as the directory has them.
   */
  fields: AccountFields;
  /** Why the account is placed and enabled as it is, in the target's words. */
  reasons: { placement: string; enabled: string };
  origin: Origin;
  /**
   * Attribute keys compared as names are: a value differing from the directory's in case alone
   * is kept as the directory has it (Entra's displayName, which an admin may have cased as
   * "McDonald"). One array shared by the accounts of a mapping.
   */
  caseless?: readonly string[];
}
