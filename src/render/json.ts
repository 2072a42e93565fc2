/**
 * The plan for machines: pretty JSON, keys in the order the plan holds them, so the same plan
 * always gives the same bytes. Its integrity digest is computed afresh, so the output is itself
 * a valid plan file (a redacted copy shown as JSON can be kept and shown again), unless the plan
 * has approvals: they come last, under `approvals` (the plan file never holds them; drop the
 * key to get the plan back).
 */
import type { ShownApproval } from '../approval/check.js';
import { planIntegrity } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import type { TextSink } from './output.js';

export function renderJson(plan: Plan, out: TextSink, approvals: readonly ShownApproval[] = []): void {
  const { format, formatVersion, tool, integrity: _stale, ...rest } = plan;
  // Where the plan file has it: right after the envelope's own fields.
  const shown = { format, formatVersion, tool, integrity: planIntegrity(plan), ...rest, ...(approvals.length > 0 ? { approvals } : {}) };
  out.write(`${JSON.stringify(shown, null, 2)}\n`);
}
