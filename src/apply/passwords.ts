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

/** What the target says of initial passwords (its ApplySettings). */
export interface PasswordRules {
  /** The config key naming the variable, for messages: "google.initialPassword.env". */
  initialPasswordSetting: string;
  passwordLength: { min: number; max: number };
}

export function environmentPassword(variable: string, rules: PasswordRules, env: Record<string, string | undefined>): PasswordSource {
  const value = env[variable];
  const field = rules.initialPasswordSetting;
  if (value === undefined || value === '') {
    throw new RollcallError(
      ErrorCodes.CONFIG_INVALID,
      `${field} names the environment variable ${variable}, which is not set: set it to the initial password for new accounts, or set ${field} to null to generate one per account`,
      { details: { field, variable } },
    );
  }
  const { min, max } = rules.passwordLength;
  if (value.length < min || value.length > max) {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `the initial password in ${variable} must be ${min} to ${max} characters long (the directory's rule); it is ${value.length}`, {
      details: { field, variable },
    });
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
