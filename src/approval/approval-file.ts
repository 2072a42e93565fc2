/**
 * `<plan>.approvals.json`: the approvals recorded for one plan file, beside it. Each entry is
 * who approved, when, whether they overrode the holds, the key, and the signature. It holds no
 * student data (so it may be shared), but it is still never written through a link. Adding an
 * approval rewrites the file whole.
 */
import { ErrorCodes, RollcallError } from '../errors.js';
import { readNoFollow, SHARED_MODE, writeFileAtomic } from '../io/private-file.js';
import type { ApprovalKey, ApprovalStatement } from './signing.js';

export const APPROVALS_FORMAT = 'rollcall-approvals';
export const APPROVALS_FORMAT_VERSION = 1;

export interface Approval extends ApprovalStatement {
  /** sha256 of the plan's canonical bytes, so a person can see which plan it was for. */
  plan: string;
  key: ApprovalKey;
  /** Base64: Ed25519 signature or HMAC-SHA256 of the approval message (signing.ts). */
  signature: string;
}

export interface ApprovalsFile {
  format: typeof APPROVALS_FORMAT;
  formatVersion: typeof APPROVALS_FORMAT_VERSION;
  approvals: Approval[];
}

export function approvalsFileFor(planFile: string): string {
  return `${planFile}.approvals.json`;
}

/** The approvals beside `planFile` (none when there is no file); a malformed file is an error naming it. */
export async function readApprovals(planFile: string): Promise<Approval[]> {
  const file = approvalsFileFor(planFile);
  let text: string;
  try {
    text = await readNoFollow(file, 'approvals file', false);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if (err instanceof RollcallError) throw err;
    throw invalid(file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(file, 'not valid JSON');
  }
  const record = value as Partial<ApprovalsFile> | null;
  if (record === null || typeof record !== 'object' || record.format !== APPROVALS_FORMAT) throw invalid(file, `not a rollcall approvals file (expected "format": "${APPROVALS_FORMAT}")`);
  if (record.formatVersion !== APPROVALS_FORMAT_VERSION) throw invalid(file, `format version ${String(record.formatVersion)} is not supported (expected ${APPROVALS_FORMAT_VERSION})`);
  if (!Array.isArray(record.approvals)) throw invalid(file, 'approvals must be a list');
  record.approvals.forEach((a, i) => {
    const why = shapeProblem(a);
    if (why !== undefined) throw invalid(file, `approvals[${i}]: ${why}`);
  });
  return record.approvals;
}

/** Adds one approval (keeping the others) and writes the file. */
export async function addApproval(planFile: string, approval: Approval): Promise<string> {
  const file = approvalsFileFor(planFile);
  const approvals = [...(await readApprovals(planFile)), approval];
  const content: ApprovalsFile = { format: APPROVALS_FORMAT, formatVersion: APPROVALS_FORMAT_VERSION, approvals };
  await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, { what: 'approvals file', mode: SHARED_MODE, ownerOnly: false });
  return file;
}

function shapeProblem(a: unknown): string | undefined {
  const r = a as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object') return 'not an object';
  for (const key of ['by', 'at', 'plan', 'signature'] as const) if (typeof r[key] !== 'string') return `${key} must be text`;
  if (typeof r.overrideHolds !== 'boolean') return 'overrideHolds must be true or false';
  const key = r.key as Record<string, unknown> | null;
  if (key === null || typeof key !== 'object' || typeof key.fingerprint !== 'string') return 'key must name its fingerprint';
  if (key.type === 'ed25519') return typeof key.publicKey === 'string' ? undefined : 'an ed25519 key must carry its publicKey';
  return key.type === 'hmac-sha256' ? undefined : `key.type must be "ed25519" or "hmac-sha256"`;
}

function invalid(file: string, why: string): RollcallError {
  return new RollcallError(ErrorCodes.PLAN_INVALID, `${file}: ${why}`, { details: { file } });
}
