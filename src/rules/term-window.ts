/**
 * Which terms, enrollments and teaching assignments count on a date (groups.terms): a term
 * counts from `leadDays` before its first day through `graceDays` after its last, so a class's
 * group is there for the teacher to prepare and stays for the last grades. Dates are
 * YYYY-MM-DD strings, compared as text; `today` is passed in.
 */
import type { TermRow } from '../sources/class-rows.js';

export interface TermWindowSettings {
  leadDays: number;
  graceDays: number;
}

/** YYYY-MM-DD plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export type TermState = 'not-begun' | 'counts' | 'ended';

/** The window on one day, worked out once: every test after it is a comparison of dates as text. */
export class TermWindow {
  /** A first day up to this counts already (lead time). */
  private readonly leadUntil: string;
  /** A last day from this on counts still (grace). */
  private readonly graceFrom: string;

  constructor(
    readonly today: string,
    readonly settings: TermWindowSettings,
  ) {
    this.leadUntil = addDays(today, settings.leadDays);
    this.graceFrom = addDays(today, -settings.graceDays);
  }

  term(term: Pick<TermRow, 'firstDay' | 'lastDay'>): TermState {
    if (term.firstDay > this.leadUntil) return 'not-begun';
    return term.lastDay < this.graceFrom ? 'ended' : 'counts';
  }

  /**
   * Whether an enrollment counts: begun (or starting within the lead time) and not yet left.
   * DATELEFT is the first day out; one that ends with the term keeps its grace.
   */
  enrollment(dateEnrolled: string, dateLeft: string, term: Pick<TermRow, 'lastDay'>): boolean {
    if (dateEnrolled > this.leadUntil) return false;
    if (this.today < dateLeft) return true;
    return dateLeft > term.lastDay && this.graceFrom < dateLeft;
  }

  /** Whether an enrollment has not begun yet, even counting the lead time. */
  notYet(dateEnrolled: string): boolean {
    return dateEnrolled > this.leadUntil;
  }

  /**
   * Whether a teacher's assignment counts: from its start (or the term's first day) through its
   * last day (or the term's), with the lead time before and, when it lasts the term, the grace after.
   */
  assignment(start: string | null, end: string | null, term: Pick<TermRow, 'firstDay' | 'lastDay'>): boolean {
    if ((start ?? term.firstDay) > this.leadUntil) return false;
    const last = end ?? term.lastDay;
    if (this.today <= last) return true;
    return last >= term.lastDay && this.graceFrom <= last;
  }

  /** "7 days' lead, 7 days' grace": how the window is set, for reasons. */
  describe(): string {
    const { leadDays, graceDays } = this.settings;
    return `${leadDays} ${leadDays === 1 ? "day's" : "days'"} lead, ${graceDays} ${graceDays === 1 ? "day's" : "days'"} grace`;
  }
}
