/**
 * What apply makes of a plan's approvals: each is checked against the keys the config trusts
 * (safety.approvalKeys) and against this very plan's canonical bytes. With
 * `safety.requireApproval` "always" (or "held", for a held plan) a plan without a valid
 * approval is refused, with the reason each recorded approval did not count.
 */
import path from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { sha256Hex } from '../util/canonical-json.js';
import { serialisePlan } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { approvalsFileFor, readApprovals, type Approval } from './approval-file.js';
import { approvalMessage, loadTrustedPublicKey, trustedHmacKey, verifyCarriedKey, type TrustedKey } from './signing.js';

export interface VerifiedApproval {
  by: string;
  at: string;
  overrideHolds: boolean;
  /** The trusted key's fingerprint and where the config names it. */
  key: string;
}

export interface ApprovalCheck {
  valid: VerifiedApproval[];
  /** Why each other recorded approval does not count. */
  rejected: string[];
}

/** The digest an approval names: sha256 of the plan's canonical bytes. */
export function planBytesDigest(planBytes: string): string {
  return `sha256:${sha256Hex(planBytes)}`;
}

export async function checkApprovals(plan: Plan, planFile: string, config: LoadedConfig, env: Record<string, string | undefined>): Promise<ApprovalCheck> {
  const approvals = await readApprovals(planFile);
  const safety = config.config.safety;
  const needed = approvalNeeded(plan, safety.requireApproval);
  if (approvals.length === 0 && !needed) return { valid: [], rejected: [] };
  const { keys: trusted, unavailable } = await trustedKeys(config, env);
  const planBytes = serialisePlan(plan);
  const valid: VerifiedApproval[] = [];
  const rejected: string[] = [];
  let untrusted = false;
  for (const approval of approvals) {
    const who = `the approval by ${approval.by} at ${approval.at}`;
    const key = trusted.find((k) => k.fingerprint === approval.key.fingerprint);
    if (key === undefined) {
      untrusted = true;
      rejected.push(`${who} is signed with a key this config does not trust (${approval.key.fingerprint}; see safety.approvalKeys)`);
    } else if (!key.verify(approvalMessage(approval, planBytes), approval.signature)) {
      rejected.push(`${who} does not match this plan: the plan (or the approval) was changed after it was signed`);
    } else {
      valid.push({ by: approval.by, at: approval.at, overrideHolds: approval.overrideHolds, key: `${key.fingerprint} (${key.source})` });
    }
  }
  // A key the environment does not hold may be why an approval did not count: say so then.
  if (untrusted || (needed && valid.length === 0)) {
    for (const v of unavailable) rejected.push(`safety.approvalKeys.hmacEnvs names ${v}, which is not set, so approvals made with that key cannot be checked`);
  }
  if (needed && valid.length === 0) {
    if (trusted.length === 0 && unavailable.length === 0) rejected.push('safety.approvalKeys names no key to check approvals with: add the approvers\' public keys (or an HMAC variable)');
    const why = safety.requireApproval === 'always' ? 'safety.requireApproval is "always"' : 'the plan is held and safety.requireApproval is "held"';
    throw new RollcallError(
      ErrorCodes.PLAN_REFUSED,
      `${planFile} needs an approval (${why}) and has no valid one${rejected.length > 0 ? `:\n${rejected.map((r) => `  - ${r}`).join('\n')}\n` : ' '}` +
        `Review it (rollcall show ${planFile}), then record your approval: rollcall approve ${planFile} --by "Your Name" --key-file YOUR.key.pem (or --hmac-env VAR)`,
      { details: { file: planFile, approvals: approvalsFileFor(planFile), rejected } },
    );
  }
  return { valid, rejected };
}

function approvalNeeded(plan: Plan, requirement: LoadedConfig['config']['safety']['requireApproval']): boolean {
  return requirement === 'always' || (requirement === 'held' && plan.holds.length > 0);
}

/** The keys the config trusts; an HMAC variable that is not set is noted, not fatal (only its approvals cannot be checked). */
async function trustedKeys(config: LoadedConfig, env: Record<string, string | undefined>): Promise<{ keys: TrustedKey[]; unavailable: string[] }> {
  const { publicKeyFiles, hmacEnvs } = config.config.safety.approvalKeys;
  const keys = await Promise.all(publicKeyFiles.map((file) => loadTrustedPublicKey(path.resolve(config.baseDir, file))));
  const unavailable: string[] = [];
  for (const variable of hmacEnvs) {
    if (env[variable] === undefined || env[variable] === '') unavailable.push(variable);
    else keys.push(trustedHmacKey(variable, env));
  }
  return { keys, unavailable };
}

/** An approval as `show` presents it: whether it matches this plan can be told without the config only for Ed25519 keys. */
export interface ShownApproval {
  by: string;
  at: string;
  overrideHolds: boolean;
  keyType: Approval['key']['type'];
  fingerprint: string;
  /** true/false for Ed25519 (checked against the key it carries); undefined for HMAC (only apply, holding the secret, can check). */
  matchesPlan: boolean | undefined;
}

export async function approvalsToShow(plan: Plan, planFile: string): Promise<ShownApproval[]> {
  const approvals = await readApprovals(planFile);
  if (approvals.length === 0) return [];
  const planBytes = serialisePlan(plan);
  return approvals.map((a) => ({
    by: a.by,
    at: a.at,
    overrideHolds: a.overrideHolds,
    keyType: a.key.type,
    fingerprint: a.key.fingerprint,
    matchesPlan: verifyCarriedKey(a.key, approvalMessage(a, planBytes), a.signature),
  }));
}
