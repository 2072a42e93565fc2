/**
 * What a failed write means for a change (the port's FailureKind), from Graph's answer: a
 * userPrincipalName already taken (or a group's mailNickname, or a member already there) is a
 * duplicate, a user, member or licence that is not there is
 * not-found, a unit or group the plan names but Entra lacks names itself (and what to do), 401
 * and 403 stop the run, a call whose answer was lost (5xx, network, out of retries) has an
 * unknown outcome. Messages are one line, from Graph's words only.
 */
import { isRollcallError } from '../../errors.js';
import type { DirectoryFailure } from '../../model/directory-port.js';
import { parseContainer } from './containers.js';
import { describeGraphFailure, FORBIDDEN_HINT, GraphCallError, isAuthFailure, type GraphFailureInfo } from './graph-failures.js';

/** A unit or group the plan places an account in that Entra does not have: found before anything is sent. */
export class MissingContainer extends Error {
  constructor(readonly container: string) {
    const parsed = parseContainer(container);
    const what = parsed?.kind === 'group' ? 'group' : 'administrative unit';
    super(
      `the ${what} ${JSON.stringify(parsed?.displayName ?? container)} (${container}) does not exist in Entra: create it (Entra admin center > ${what === 'group' ? 'Groups' : 'Roles & admins > Admin units'}), then run apply again`,
    );
    this.name = 'MissingContainer';
  }
}

/** A population's licence the tenant does not have: found before anything is sent. */
export class UnusableLicence extends Error {
  constructor(sku: string, why: string) {
    super(`the licence ${sku} cannot be given or taken (${why}); nothing was sent: correct entra.*.licence.sku or the tenant's subscriptions, then run apply again`);
    this.name = 'UnusableLicence';
  }
}

/** A group to create whose mailNickname another group has (Entra keeps a security group's mailNickname unique only by rollcall's check). */
export class GroupTaken extends Error {
  constructor(readonly address: string) {
    super(`a group with the address ${address} (its mailNickname) is already in Entra`);
    this.name = 'GroupTaken';
  }
}

/** Graph's answer to a create or rename onto a userPrincipalName another object holds. */
export function isUpnConflict(info: GraphFailureInfo): boolean {
  return info.status === 400 && (info.conflicts.includes('userPrincipalName') || /same value for property userPrincipalName/i.test(info.message));
}

/** Graph's answer to adding a member that is already there. */
export function isAlreadyMember(info: GraphFailureInfo): boolean {
  return info.status === 400 && /added object references already exist/i.test(info.message);
}

export function isNotFound(info: GraphFailureInfo): boolean {
  return info.status === 404;
}

/** Graph's answer to taking back a licence the user does not hold. */
export function isLicenceNotHeld(info: GraphFailureInfo): boolean {
  return info.status === 400 && /does not have a corresponding license/i.test(info.message);
}

export function classifyWriteFailure(err: unknown): DirectoryFailure | null {
  if (err instanceof MissingContainer) return { kind: 'missing-container', message: err.message, attempts: 0, uncertainAttempts: 0 };
  if (err instanceof UnusableLicence) return { kind: 'fatal', message: err.message, attempts: 0, uncertainAttempts: 0 };
  if (err instanceof GroupTaken) return { kind: 'duplicate', message: err.message, attempts: 0, uncertainAttempts: 0 };
  if (isRollcallError(err) && err.code === 'AUTH') return { kind: 'auth', message: err.message, attempts: 0, uncertainAttempts: 0 };
  if (!(err instanceof GraphCallError)) return null;
  const { info, attempts, uncertainAttempts } = err;
  const hint = info.status === 403 ? FORBIDDEN_HINT : '';
  const failure = (kind: DirectoryFailure['kind'], message = `${err.label}: ${describeGraphFailure(info)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}${hint}`) => ({ kind, message, attempts, uncertainAttempts });
  if (isAuthFailure(info)) return failure('auth');
  if (isUpnConflict(info) || isAlreadyMember(info)) return failure('duplicate');
  if (isNotFound(info) || isLicenceNotHeld(info)) return failure('not-found');
  if (info.transient) return failure('outcome-unknown');
  return failure('fatal');
}
