/**
 * The Directory API resources rollcall reads and writes, as the API returns them (the subset of
 * fields we use; unknown fields are carried through untouched). Shared by the snapshot file,
 * the live reader, the apply executor and the emulator.
 */

/** customSchemas values come back as strings whatever was sent; multi-valued fields as arrays. */
export type CustomFieldValue = string | number | boolean | Array<{ value: string; type?: string; customType?: string }>;
export type CustomSchemas = Record<string, Record<string, CustomFieldValue>>;

export interface ExternalId {
  value: string;
  type: string;
  customType?: string;
}

export interface DirectoryUser {
  kind?: 'admin#directory#user';
  id?: string;
  etag?: string;
  primaryEmail: string;
  name?: { givenName?: string; familyName?: string; fullName?: string };
  suspended?: boolean;
  suspensionReason?: string;
  archived?: boolean;
  orgUnitPath?: string;
  customSchemas?: CustomSchemas;
  externalIds?: ExternalId[];
  aliases?: string[];
  creationTime?: string;
  lastLoginTime?: string;
  [other: string]: unknown;
}

export interface DirectoryMember {
  kind?: 'admin#directory#member';
  id?: string;
  email: string;
  role?: 'OWNER' | 'MANAGER' | 'MEMBER';
  type?: 'USER' | 'GROUP' | 'CUSTOMER' | 'EXTERNAL';
  status?: string;
  [other: string]: unknown;
}

export interface DirectoryGroup {
  kind?: 'admin#directory#group';
  id?: string;
  etag?: string;
  email: string;
  name?: string;
  description?: string;
  [other: string]: unknown;
}

/** A group as a snapshot line holds it: the group resource plus its members. */
export interface SnapshotGroup extends DirectoryGroup {
  members: DirectoryMember[];
}

export interface DirectoryOrgUnit {
  kind?: 'admin#directory#orgUnit';
  orgUnitId?: string;
  orgUnitPath: string;
  name?: string;
  parentOrgUnitPath?: string;
  parentOrgUnitId?: string;
  description?: string;
  [other: string]: unknown;
}

/** A licence as the Enterprise License Manager names it: `userId` is the holder's primary email. */
export interface LicenseAssignment {
  productId: string;
  skuId: string;
  userId: string;
}

/** A product SKU. */
export interface ProductSku {
  productId: string;
  skuId: string;
}

/** What one snapshot (file or live read) says Google holds. */
export interface GoogleState {
  users: DirectoryUser[];
  groups: SnapshotGroup[];
  orgUnits: DirectoryOrgUnit[];
  /** The SKUs whose holders were read, every one of them (a SKU not listed here says nothing of its holders). */
  licensedSkus?: ProductSku[];
  /** The holders of those SKUs. */
  licenseAssignments?: LicenseAssignment[];
}

export const USER_KIND = 'admin#directory#user';
export const GROUP_KIND = 'admin#directory#group';
export const MEMBER_KIND = 'admin#directory#member';
export const ORG_UNIT_KIND = 'admin#directory#orgUnit';
/** A snapshot line saying one SKU's holders were read, all of them (its own lines follow). */
export const LICENCE_LIST_KIND = 'licensing#licenseAssignmentList';
export const LICENCE_KIND = 'licensing#licenseAssignment';
