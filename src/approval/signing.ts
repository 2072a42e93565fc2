/**
 * Approval signatures: what is signed, and with which keys. An approval signs a short header
 * (who, when, whether the holds are overridden) followed by the plan's canonical bytes (the
 * plan file exactly as rollcall writes it), so any change to the plan, however carefully
 * resealed with new ids and digests, no longer matches, and neither does an edited name or date.
 *
 * Two kinds of key, both with node:crypto only:
 * - Ed25519: each approver holds a private key file; the district's config lists their public
 *   keys. The approval carries the public key, so anyone can check it matches the plan, and
 *   apply checks that key is one the config trusts.
 * - HMAC-SHA256: a shared secret in an environment variable, for a district that keeps one in a
 *   secret store; only a holder of the secret can check it.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';
import { readNoFollow, SHARED_MODE, writeFileAtomic } from '../io/private-file.js';
import { permissionWarning } from '../io/secret-file.js';

export const MIN_HMAC_KEY_LENGTH = 32;

/** What an approval says, besides the plan it signs. */
export interface ApprovalStatement {
  by: string;
  /** ISO time of the approval. */
  at: string;
  /** The approver also overrides the plan's holds (a held plan may then be applied without --override-holds). */
  overrideHolds: boolean;
}

export type ApprovalKey =
  | { type: 'ed25519'; fingerprint: string; publicKey: string }
  | { type: 'hmac-sha256'; fingerprint: string };

/** The bytes an approval signs: a header naming the statement, then the plan's canonical bytes. */
export function approvalMessage(statement: ApprovalStatement, planBytes: string): Buffer {
  const header = `rollcall approval 1\nby: ${statement.by}\nat: ${statement.at}\nholds: ${statement.overrideHolds ? 'override' : 'keep'}\n\n`;
  return Buffer.concat([Buffer.from(header, 'utf8'), Buffer.from(planBytes, 'utf8')]);
}

/** A key that can sign approvals. */
export interface SigningKey {
  key: ApprovalKey;
  sign(message: Buffer): string;
}

/** A key apply trusts, and where it was configured (for messages). */
export interface TrustedKey {
  fingerprint: string;
  source: string;
  verify(message: Buffer, signature: string): boolean;
}

export function ed25519Fingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** A short public id for an HMAC key that says nothing about the key itself. */
export function hmacFingerprint(secret: string): string {
  return `hmac:${createHash('sha256').update(createHmac('sha256', secret).update('rollcall approval key id').digest()).digest('hex').slice(0, 16)}`;
}

export async function loadSigningKeyFile(file: string): Promise<{ signer: SigningKey; warning?: string }> {
  const text = await readKeyFile(file, 'approval key', ErrorCodes.USAGE);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(text);
  } catch {
    throw new RollcallError(ErrorCodes.USAGE, `${file}: not a private key in PEM form (make one with rollcall approve --generate-key DIR)`, { details: { file } });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new RollcallError(ErrorCodes.USAGE, `${file}: an ${privateKey.asymmetricKeyType ?? 'unknown'} key; approvals take Ed25519 keys (rollcall approve --generate-key DIR makes one)`, { details: { file } });
  }
  const publicKey = createPublicKey(privateKey);
  const key: ApprovalKey = {
    type: 'ed25519',
    fingerprint: ed25519Fingerprint(publicKey),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
  const warning = await permissionWarning(file, 'approval key');
  return { signer: { key, sign: (message) => sign(null, message, privateKey).toString('base64') }, ...(warning !== undefined ? { warning } : {}) };
}

export function hmacSigningKey(variable: string, env: Record<string, string | undefined>): SigningKey {
  const secret = hmacSecret(variable, env, ErrorCodes.USAGE, '--hmac-env');
  return { key: { type: 'hmac-sha256', fingerprint: hmacFingerprint(secret) }, sign: (message) => createHmac('sha256', secret).update(message).digest('base64') };
}

export async function loadTrustedPublicKey(file: string): Promise<TrustedKey> {
  const text = await readKeyFile(file, 'approver public key (safety.approvalKeys.publicKeyFiles)', ErrorCodes.CONFIG_INVALID);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(text);
  } catch {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${file} (safety.approvalKeys.publicKeyFiles): not a public key in PEM form`, { details: { file } });
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${file} (safety.approvalKeys.publicKeyFiles): an ${publicKey.asymmetricKeyType ?? 'unknown'} key; approvals take Ed25519 keys`, { details: { file } });
  }
  return {
    fingerprint: ed25519Fingerprint(publicKey),
    source: file,
    verify: (message, signature) => safeVerify(() => verify(null, message, publicKey, Buffer.from(signature, 'base64'))),
  };
}

export function trustedHmacKey(variable: string, env: Record<string, string | undefined>): TrustedKey {
  const secret = hmacSecret(variable, env, ErrorCodes.CONFIG_INVALID, 'safety.approvalKeys.hmacEnvs');
  return {
    fingerprint: hmacFingerprint(secret),
    source: `$${variable}`,
    verify: (message, signature) => {
      const expected = createHmac('sha256', secret).update(message).digest();
      const given = Buffer.from(signature, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** Checks a signature against the public key the approval carries: whether it matches the plan, not whether the key is trusted. */
export function verifyCarriedKey(key: ApprovalKey, message: Buffer, signature: string): boolean | undefined {
  if (key.type !== 'ed25519') return undefined;
  return safeVerify(() => {
    const publicKey = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
    return ed25519Fingerprint(publicKey) === key.fingerprint && verify(null, message, publicKey, Buffer.from(signature, 'base64'));
  });
}

/** Writes `NAME.key.pem` (private, 0600) and `NAME.pub.pem` (for the district's config) into `dir`. */
export async function generateKeyPair(dir: string, name: string): Promise<{ privateFile: string; publicFile: string; fingerprint: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new RollcallError(ErrorCodes.USAGE, `--name ${JSON.stringify(name)}: use letters, digits, dot, dash or underscore (it names the key files)`);
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const privateFile = path.join(dir, `${name}.key.pem`);
  const publicFile = path.join(dir, `${name}.pub.pem`);
  for (const file of [privateFile, publicFile]) {
    if (await readNoFollow(file, 'key file', false).then(() => true, () => false)) {
      throw new RollcallError(ErrorCodes.USAGE, `${file} already exists: choose another --name, or move the old key away first`, { details: { file } });
    }
  }
  await writeFileAtomic(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { what: 'approval key' });
  await writeFileAtomic(publicFile, publicKey.export({ type: 'spki', format: 'pem' }).toString(), { what: 'approver public key', mode: SHARED_MODE });
  return { privateFile, publicFile, fingerprint: ed25519Fingerprint(publicKey) };
}

function hmacSecret(variable: string, env: Record<string, string | undefined>, code: typeof ErrorCodes.USAGE | typeof ErrorCodes.CONFIG_INVALID, where: string): string {
  const secret = env[variable];
  if (secret === undefined || secret === '') {
    throw new RollcallError(code, `${where} names the environment variable ${variable}, which is not set`, { details: { variable } });
  }
  if (secret.length < MIN_HMAC_KEY_LENGTH) {
    throw new RollcallError(code, `${where}: the HMAC key in ${variable} must be at least ${MIN_HMAC_KEY_LENGTH} characters long (it is ${secret.length})`, { details: { variable } });
  }
  return secret;
}

async function readKeyFile(file: string, what: string, code: typeof ErrorCodes.USAGE | typeof ErrorCodes.CONFIG_INVALID): Promise<string> {
  try {
    return await readNoFollow(file, what, false);
  } catch (err) {
    if (err instanceof RollcallError) throw err;
    const why = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new RollcallError(code, `${file}: cannot read the ${what} (${why === 'ENOENT' ? 'no such file' : why})`, { details: { file } });
  }
}

function safeVerify(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
