/**
 * What the emulator holds beyond the directory a snapshot file describes, for an account's
 * lifecycle: licence assignments, each account's sign-in security (OAuth tokens, app
 * passwords, backup codes, sign-outs), deleted accounts within their restore window, and data
 * transfers. A seed may hold the first three (`EmulatorOptions.seed`); `state()` shows all four.
 * A snapshot file holds none of it: `writeSnapshotFile(state())` keeps the directory only.
 */
import type { DirectoryUser, GoogleState } from '../directory-types.js';

/** A licence as the Enterprise License Manager names it: `userId` is the holder's primary email. */
export interface LicenseAssignment {
  productId: string;
  skuId: string;
  userId: string;
}

/** A product SKU the customer has bought; `seats` limits its holders (no limit when absent). */
export interface LicenceSku {
  productId: string;
  skuId: string;
  productName?: string;
  skuName?: string;
  seats?: number;
}

/** An OAuth token a user granted an application, as `tokens.list` returns it (without kind, etag, userKey). */
export interface OAuthToken {
  clientId: string;
  displayText?: string;
  scopes?: string[];
  anonymous?: boolean;
  nativeApp?: boolean;
}

/**
 * An application-specific password, as `asps.list` returns it (without kind, etag, userKey);
 * times are milliseconds since 1970 as text, `"0"` when unknown, as Google gives them.
 */
export interface AppPassword {
  codeId: number;
  name: string;
  creationTime: string;
  lastTimeUsed: string;
}

/** A seed's sign-in security for one account; app passwords without `codeId` are numbered from 1. */
export interface UserSecuritySeed {
  tokens?: OAuthToken[];
  asps?: Array<Partial<AppPassword> & { name: string }>;
  /** Backup verification codes not used yet. */
  verificationCodes?: string[];
}

/** One account's sign-in security now. */
export interface UserSecurity {
  tokens: OAuthToken[];
  asps: AppPassword[];
  verificationCodes: string[];
  /** How many times users.signOut was called for the account. */
  signOuts: number;
  /** When the last users.signOut was made (the emulator's clock). */
  lastSignOutTime?: string;
}

/** A deleted account as it was, with the time it was deleted. */
export type DeletedUser = DirectoryUser & { deletionTime: string };

export interface TransferParam {
  key: string;
  value: string[];
}

/** A data transfer, as the Data Transfer API returns it. */
export interface DataTransfer {
  kind: 'admin#datatransfer#DataTransfer';
  id: string;
  etag: string;
  oldOwnerUserId: string;
  newOwnerUserId: string;
  applicationDataTransfers: Array<{ applicationId: string; applicationTransferParams: TransferParam[]; applicationTransferStatus: string }>;
  overallTransferStatusCode: string;
  requestTime: string;
}

/** What the emulator can start from: a directory, and optionally what it holds beyond one. */
export interface GoogleEmulatorSeed extends GoogleState {
  licenseAssignments?: LicenseAssignment[];
  /** Sign-in security by the account's primary email. */
  security?: Record<string, UserSecuritySeed>;
  /** Accounts deleted before the emulator started (restorable for 20 days after `deletionTime`). */
  deletedUsers?: DeletedUser[];
}

/** What the emulator holds now (`state()`). */
export interface GoogleEmulatorState extends GoogleState {
  /** By product, SKU and holder's email. */
  licenseAssignments: LicenseAssignment[];
  /** By primary email, in email order; only accounts with tokens, app passwords, codes or sign-outs. */
  security: Record<string, UserSecurity>;
  /** Deleted accounts still within their restore window, by email. */
  deletedUsers: DeletedUser[];
  /** In the order they were requested. */
  dataTransfers: DataTransfer[];
}
