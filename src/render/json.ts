/**
 * The plan for machines: pretty JSON, keys in the order the plan holds them, so the same plan
 * always gives the same bytes.
 */
import type { Plan } from '../plan/types.js';
import type { TextSink } from './output.js';

export function renderJson(plan: Plan, out: TextSink): void {
  out.write(`${JSON.stringify(plan, null, 2)}\n`);
}
