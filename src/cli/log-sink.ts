import type { EngineEvent, EventLevel, EventSink } from '../model/events.js';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

export interface LogOptions {
  format: LogFormat;
  /** Only warnings and errors: what a cron mail or journald should hold on a quiet night. */
  quiet: boolean;
  /** Also debug events (each change as it settles, every retry). */
  verbose: boolean;
}

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * The one place events and errors become lines on stderr (stdout is kept for what the user asked
 * to see). Human lines carry a timestamp when stderr is not a terminal (cron mail, a log file,
 * journald's capture), so a line says when it happened without the reader guessing; JSON lines
 * always carry one.
 */
export class LogSink implements EventSink {
  constructor(
    private readonly options: LogOptions,
    private readonly stderr: Stream,
    private readonly now: () => Date = () => new Date(),
  ) {}

  emit(event: EngineEvent): void {
    if (event.level === 'debug' && !this.options.verbose) return;
    if (event.level === 'info' && this.options.quiet) return;
    this.write(event);
  }

  /** An error that ends the run, printed whatever --quiet says; `kind` "internal error" marks a bug. */
  error(code: string, message: string, data?: Record<string, unknown>, kind = 'error'): void {
    this.write({ level: 'error', code, message, ...(data !== undefined && Object.keys(data).length > 0 ? { data } : {}) }, `${kind} [${code}]: `);
  }

  /**
   * Lines that belong to the last message and need no prefix of their own (a stack trace, a
   * usage line). In JSON they are an object of their own, unless the last one's data holds them.
   */
  detail(text: string, inLastData = false): void {
    if (this.options.format === 'text') this.stderr.write(`${text}\n`);
    else if (!inLastData) this.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), level: 'debug', code: 'DETAIL', message: text })}\n`);
  }

  private write(event: EngineEvent, label = PREFIX[event.level]): void {
    if (this.options.format === 'json') {
      const line: Record<string, unknown> = { time: this.now().toISOString(), level: event.level, code: event.code, message: event.message };
      if (event.data !== undefined) line.data = event.data;
      this.stderr.write(`${JSON.stringify(line)}\n`);
      return;
    }
    const stamp = this.stderr.isTTY === true ? '' : `${localTimestamp(this.now())} `;
    this.stderr.write(`${stamp}rollcall: ${label}${event.message}\n`);
  }
}

const PREFIX: Record<EventLevel, string> = { debug: '', info: '', warn: 'warning: ', error: 'error: ' };

/** 2026-11-23T02:00:01.123-06:00: the machine's local time with its offset, as cron and a person read it. */
export function localTimestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}
