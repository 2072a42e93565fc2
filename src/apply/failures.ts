/**
 * What a failed Google call means for a change, in words that say what to do. Built from the
 * classified answer only (status, reason, Google's message): never from the request, which may
 * hold a password.
 */
import { ErrorCodes } from '../errors.js';
import { GoogleApiError, toRollcallError } from '../targets/google/api-error.js';

/** A failed Google call passes; anything else is a bug and is thrown on, not recorded as a failed change. */
export function googleFailure(err: unknown): GoogleApiError {
  if (err instanceof GoogleApiError) return err;
  throw err;
}

export function isInvalidOrgUnit(err: unknown): boolean {
  return err instanceof GoogleApiError && err.status === 400 && /INVALID_OU_ID/.test(err.info.message);
}

export function isDuplicate(err: unknown): boolean {
  return err instanceof GoogleApiError && err.status === 409;
}

/** The outcome is unknown: the call may or may not have taken effect (timeout, 5xx, out of retries). */
export function isOutcomeUnknown(err: unknown): boolean {
  return err instanceof GoogleApiError && err.info.transient;
}

/** Credentials refused: every further call would fail the same way, so the run stops. */
export function isAuthFailure(err: unknown): boolean {
  return toRollcallError(err).code === ErrorCodes.AUTH;
}

/** A one-line description of the failure, safe to print and journal. */
export function describeFailure(err: unknown): string {
  return toRollcallError(err).message;
}

export function invalidOrgUnitMessage(orgUnitPath: string): string {
  return `the org unit ${orgUnitPath} does not exist in Google (INVALID_OU_ID): create the OU in Google Admin first (Directory > Organizational units), then run apply again`;
}
