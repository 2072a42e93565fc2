import { ErrorCodes, RollcallError } from '../errors.js';
import { REDACT_KEY_ENV } from '../plan/redact.js';

/** The redaction key must be a secret kept the same across nights, or pseudonyms would change. */
export function redactKey(env: NodeJS.ProcessEnv): string {
  const key = env[REDACT_KEY_ENV];
  if (key === undefined || key.length < 16) {
    throw new RollcallError(
      ErrorCodes.USAGE,
      `--redact needs ${REDACT_KEY_ENV}: a secret of at least 16 characters, the same every night (store it as a CI secret), so that one person keeps one pseudonym`,
    );
  }
  return key;
}
