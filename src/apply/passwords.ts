/**
 * Initial passwords for new accounts: one shared password from the environment variable the
 * config names (a district's NEW_USER_PASSWORD), or a strong random one per account kept only
 * in the handoff file (password-file.ts). A password is never put in a plan, journal, event or
 * error message.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCodes, RollcallError } from '../errors.js';

export interface PasswordSource {
  /** Where passwords come from, for messages (never the password itself). */
  readonly description: string;
  /** The password to create `address` with; a random source records it before returning it. */
  passwordFor(address: string): Promise<string>;
}

/** Google takes 8..100 characters in clear text. */
const MIN_LENGTH = 8;
const MAX_LENGTH = 100;

export function environmentPassword(variable: string, env: Record<string, string | undefined>): PasswordSource {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new RollcallError(
      ErrorCodes.CONFIG_INVALID,
      `google.initialPassword.env names the environment variable ${variable}, which is not set: set it to the initial password for new accounts, or set google.initialPassword.env to null to generate one per account`,
      { details: { field: 'google.initialPassword.env', variable } },
    );
  }
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) {
    throw new RollcallError(
      ErrorCodes.CONFIG_INVALID,
      `the initial password in ${variable} must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long (Google's rule); it is ${value.length}`,
      { details: { field: 'google.initialPassword.env', variable } },
    );
  }
  return { description: `the environment variable ${variable}`, passwordFor: async () => value };
}

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '-_.!#%+=?'] as const;
const ALPHABET = CLASSES.join('');
export const GENERATED_LENGTH = 20;

/**
 * 20 characters from upper, lower, digits and symbols, each class present. Look-alikes (0/O,
 * 1/l/I) are left out because these are read off a sheet; no comma or quote, so the handoff CSV
 * needs no quoting. Rejection sampling keeps every character equally likely.
 */
export function generatePassword(random: (n: number) => Buffer = randomBytes): string {
  const limit = 256 - (256 % ALPHABET.length);
  for (;;) {
    let out = '';
    while (out.length < GENERATED_LENGTH) {
      for (const byte of random(GENERATED_LENGTH * 2)) {
        if (byte >= limit) continue;
        out += ALPHABET[byte % ALPHABET.length];
        if (out.length === GENERATED_LENGTH) break;
      }
    }
    if (CLASSES.every((chars) => [...out].some((c) => chars.includes(c)))) return out;
  }
}
