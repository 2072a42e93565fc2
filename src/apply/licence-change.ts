/**
 * Gives or takes one licence: read whether the account holds it, then assign or remove it, and
 * treat "holds it already" (assign) or "does not hold it" (remove) as the end state reached,
 * before or after the call (check-then-write.ts: the freshness bound, a second look after a lost
 * answer).
 */
import type { AccountKey } from '../model/directory-port.js';
import type { LicenceChange } from '../plan/types.js';
import { checkThenWrite } from './check-then-write.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

/** `holder` names the account by the directory's id when known, and by the address it has once its own change is made. */
export function applyLicence(access: WriteAccess, change: LicenceChange, holder: AccountKey): Promise<ChangeResult> {
  const { writer } = access;
  const assign = change.kind === 'assign-licence';
  return checkThenWrite(access, change, {
    what: "the account's licence",
    reachedWhen: assign ? 'duplicate' : 'not-found',
    read: async () => {
      const { value: held, readAt } = await writer.readLicence(holder, change.licence);
      return { value: held === assign ? 'reached' : 'to-write', readAt };
    },
    write: (beforeSend) => (assign ? writer.assignLicence(holder, change.licence, beforeSend) : writer.removeLicence(holder, change.licence, beforeSend)),
  });
}
