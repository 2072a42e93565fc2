/**
 * Gives or takes one licence: read whether the account holds it, then assign or remove it, and
 * treat "holds it already" (assign) or "does not hold it" (remove) as the end state reached,
 * before or after the call (check-then-act.ts: the freshness bound, a second look after a lost
 * answer).
 */
import type { AccountKey } from '../model/directory-port.js';
import type { LicenceChange } from '../plan/types.js';
import { checkThenAct } from './check-then-act.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

/** `holder` names the account by the directory's id when known, and by the address it has once its own change is made. */
export function applyLicence(access: WriteAccess, change: LicenceChange, holder: AccountKey): Promise<ChangeResult> {
  const { writer } = access;
  const assign = change.kind === 'assign-licence';
  return checkThenAct(access, {
    change,
    what: "the account's licence",
    write: assign ? 'assignment' : 'removal',
    read: () => writer.readLicence(holder, change.licence),
    judge: (held) => (held === assign ? { outcome: 'already-done', attempts: 0 } : undefined),
    send: (beforeSend) => (assign ? writer.assignLicence(holder, change.licence, beforeSend) : writer.removeLicence(holder, change.licence, beforeSend)),
    reached: assign ? 'duplicate' : 'not-found',
  });
}
