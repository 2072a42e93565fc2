/**
 * The approvals recorded for a plan, as `show` lists them after the plan: who, when, with which
 * key, whether they override the holds, and whether the signature matches this plan (told here
 * for Ed25519 keys; apply checks every approval against the keys the config trusts).
 */
import type { ShownApproval } from '../approval/check.js';
import { escapeCell } from './markdown-escape.js';
import type { TextSink } from './output.js';

function verdict(a: ShownApproval): string {
  if (a.matchesPlan === undefined) return 'HMAC key: apply checks it';
  return a.matchesPlan ? 'signature matches this plan' : 'SIGNATURE DOES NOT MATCH THIS PLAN (changed after approval)';
}

function line(a: ShownApproval): string {
  return `${a.by}, ${a.at}, key ${a.fingerprint}${a.overrideHolds ? ', overriding the holds' : ''}: ${verdict(a)}`;
}

export function renderApprovalsText(approvals: readonly ShownApproval[], out: TextSink): void {
  if (approvals.length === 0) return;
  out.write(`\nApprovals:\n${approvals.map((a) => `  ${line(a)}\n`).join('')}`);
}

export function renderApprovalsMarkdown(approvals: readonly ShownApproval[], out: TextSink): void {
  if (approvals.length === 0) return;
  out.write(`\n### Approvals\n\n${approvals.map((a) => `- ${escapeCell(line(a))}\n`).join('')}`);
}
