import type { CustomSchemas } from '../targets/google/directory-types.js';
import type { Person } from '../plan/types.js';
import type { RowOrigin } from '../sources/rows.js';

/**
 * What PowerSchool says one person's Google account should look like. Produced by the pure
 * rules; compared with Google by the diff.
 */
export interface DesiredAccount {
  person: Person;
  /** How to find the account: the Google property and the value it must hold (lower-cased for emails). */
  match: { target: string; value: string };
  primaryEmail: string;
  /** Cased per names.case; compared with Google ignoring case. */
  name: { givenName: string; familyName: string };
  orgUnitPath: string;
  /**
   * PowerSchool has the person inactive: the account is suspended, moved and (per
   * removeFromGroupsWhenSuspended) taken out of its groups, and otherwise keeps the names, address,
   * attributes and externalIds it has (the diff leaves them alone, as D118 does).
   */
  suspended: boolean;
  /** The managed custom attributes with their desired values; '' means "should be absent". */
  customSchemas: CustomSchemas;
  /** Every managed custom attribute (so the diff knows what to compare even when a value is absent). */
  managedAttributes: Array<{ schema: string; field: string }>;
  /** The managed externalIds entry (type and value; value '' removes it), or null when none is managed. */
  externalId: { type: string; value: string } | null;
  /** Accounts in these OUs (patterns) are never moved. */
  frozenOrgUnits: readonly string[];
  /** Inactive staff whose account is in one of these OUs stay active and in place. */
  temporaryReactivationOrgUnits: readonly string[];
  removeFromGroupsWhenSuspended: boolean;
  /** Why the account is placed and enabled as it is. */
  reasons: { orgUnit: string; suspended: string };
  origin: RowOrigin;
}
