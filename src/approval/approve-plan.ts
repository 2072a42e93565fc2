/**
 * Recording an approval: a named person says they reviewed this exact plan, signed with a key
 * the district controls. Pure apart from writing the approvals file beside the plan.
 */
import { ErrorCodes, RollcallError } from '../errors.js';
import { serialisePlan } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { addApproval, type Approval } from './approval-file.js';
import { planBytesDigest } from './check.js';
import { approvalMessage, type SigningKey } from './signing.js';

export interface ApproveOptions {
  plan: Plan;
  planFile: string;
  /** Who approves: a person's name as colleagues know it. */
  by: string;
  signer: SigningKey;
  /** The approver accepts the plan's holds (only meaningful for a held plan). */
  overrideHolds: boolean;
  now: Date;
}

export async function approvePlan(options: ApproveOptions): Promise<{ file: string; approval: Approval }> {
  const { plan, planFile } = options;
  const by = options.by.trim();
  if (by === '' || by.length > 200 || /[\u0000-\u001f\u007f]/.test(by)) {
    throw new RollcallError(ErrorCodes.USAGE, '--by must name the person approving (1 to 200 characters, on one line)');
  }
  if (plan.redacted) {
    throw new RollcallError(ErrorCodes.USAGE, `${planFile} is a redacted copy: approve the plan it was made from, which is the one apply runs`, { details: { file: planFile } });
  }
  if (options.overrideHolds && plan.holds.length === 0) {
    throw new RollcallError(ErrorCodes.USAGE, `--override-holds: ${planFile} is not held, there is nothing to override`, { details: { file: planFile } });
  }
  const planBytes = serialisePlan(plan);
  const statement = { by, at: options.now.toISOString(), overrideHolds: options.overrideHolds };
  const approval: Approval = {
    ...statement,
    plan: planBytesDigest(planBytes),
    key: options.signer.key,
    signature: options.signer.sign(approvalMessage(statement, planBytes)),
  };
  return { file: await addApproval(planFile, approval), approval };
}
