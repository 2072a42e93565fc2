import { ErrorCodes, RollcallError } from '../errors.js';

/** The machine's local date as YYYY-MM-DD: the day a district's nightly run belongs to. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `--today` as given (the parser has checked it), or the local date. */
export function todayOr(value: string | undefined, now?: Date): string {
  return value ?? localToday(now);
}

/** A calendar date of the form YYYY-MM-DD (2026-02-30 is not one); throws a usage error naming the flag. */
export function checkDate(flag: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw new RollcallError(ErrorCodes.USAGE, `${flag} ${JSON.stringify(value)} is not a date of the form YYYY-MM-DD`);
  }
  return value;
}
