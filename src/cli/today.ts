import { ErrorCodes, RollcallError } from '../errors.js';

/** The machine's local date as YYYY-MM-DD: the day a district's nightly run belongs to. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function parseToday(value: string | undefined, now?: Date): string {
  if (value === undefined) return localToday(now);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw new RollcallError(ErrorCodes.USAGE, `--today ${JSON.stringify(value)} is not a date of the form YYYY-MM-DD`);
  }
  return value;
}
