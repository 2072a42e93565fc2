/**
 * The Microsoft Graph (v1.0) resources rollcall reads and writes in Entra ID, as Graph returns
 * them (the properties used; others are carried through untouched), and the state a snapshot
 * holds. Shared by the snapshot file, the emulator and the Entra target.
 */

/** One licence on a user: the SKU and the service plans switched off in it. */
export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  accountEnabled?: boolean;
  displayName?: string;
  givenName?: string;
  surname?: string;
  mailNickname?: string;
  mail?: string;
  employeeId?: string;
  employeeType?: string;
  department?: string;
  jobTitle?: string;
  officeLocation?: string;
  companyName?: string;
  usageLocation?: string;
  assignedLicenses?: AssignedLicense[];
  createdDateTime?: string;
  /** Directory extension properties are `extension_<app id without dashes>_<name>`. */
  [property: string]: unknown;
}

export interface GraphAdministrativeUnit {
  id: string;
  displayName: string;
  description?: string;
  visibility?: string;
  [property: string]: unknown;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  mailNickname?: string;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  groupTypes?: string[];
  description?: string;
  mail?: string;
  [property: string]: unknown;
}

export interface GraphSubscribedSku {
  skuId: string;
  skuPartNumber: string;
  id?: string;
  appliesTo?: string;
  capabilityStatus?: string;
  consumedUnits?: number;
  prepaidUnits?: { enabled: number; suspended?: number; warning?: number; lockedOut?: number };
  servicePlans?: Array<{ servicePlanId: string; servicePlanName?: string; [property: string]: unknown }>;
  [property: string]: unknown;
}

/** An administrative unit as a snapshot holds it: the unit and its members' ids. */
export interface AdministrativeUnitRecord extends GraphAdministrativeUnit {
  members: string[];
}

/** A group as a snapshot holds it: the group, its members' ids and its owners' ids. */
export interface GroupRecord extends GraphGroup {
  members: string[];
  owners: string[];
}

/** What one snapshot (file, live read or the emulator's state) says an Entra tenant holds. */
export interface EntraState {
  subscribedSkus: GraphSubscribedSku[];
  administrativeUnits: AdministrativeUnitRecord[];
  groups: GroupRecord[];
  users: GraphUser[];
}

/** The `kind` of each snapshot line. */
export const ENTRA_KINDS = {
  subscribedSku: 'subscribedSku',
  administrativeUnit: 'administrativeUnit',
  group: 'group',
  user: 'user',
} as const;

export function emptyEntraState(): EntraState {
  return { subscribedSkus: [], administrativeUnits: [], groups: [], users: [] };
}
