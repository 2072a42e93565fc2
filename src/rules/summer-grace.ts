import type { GraduateGrace } from '../config/types.js';

/**
 * D118 keeps this year's graduates active until September 1st: the summer between graduation
 * and college. A graduate is inside the grace window when their class is this calendar year
 * and today falls in [from, until). Other classes, and this class outside the window, are
 * suspended. `today` is YYYY-MM-DD and passed in: the rule never reads a clock.
 */
export interface GraceDecision {
  active: boolean;
  reason: string;
  /** While active: the last day of grace (YYYY-MM-DD). */
  activeUntil?: string;
}

export const DEFAULT_GRACE_FROM = '06-01';

export function graduateGrace(classOf: number | null, today: string, grace: GraduateGrace | null): GraceDecision {
  const cls = classOf === null ? 'class unknown' : `class of ${classOf}`;
  if (grace === null) return { active: false, reason: `${cls}: graduates are suspended at once (no summer grace configured)` };
  const from = grace.from ?? DEFAULT_GRACE_FROM;
  const year = Number(today.slice(0, 4));
  const monthDay = today.slice(5);
  if (classOf !== year) {
    return { active: false, reason: `${cls}: summer grace is only for the class of ${year}` };
  }
  if (monthDay < from) return { active: false, reason: `${cls}: before the summer grace window (${from} to ${grace.until})` };
  if (monthDay >= grace.until) return { active: false, reason: `${cls}: grace ended ${grace.until}` };
  const lastDay = lastDayBefore(year, grace.until);
  return { active: true, reason: `${cls}: active through ${lastDay} (summer grace; suspended from ${grace.until})`, activeUntil: lastDay };
}

function lastDayBefore(year: number, monthDay: string): string {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}
