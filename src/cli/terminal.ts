import type { EngineEvent, EventSink } from '../engine/events.js';

/**
 * Colour follows the usual conventions: NO_COLOR (any value) turns it off, FORCE_COLOR turns
 * it on, otherwise only a terminal gets colour, so a pipe, a file or CI gets plain text.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}

/** Prints engine events on stderr (stdout is kept for what the user asked to see). */
export class StderrSink implements EventSink {
  constructor(
    private readonly options: { verbose: boolean; quiet: boolean },
    private readonly stderr: { write(s: string): unknown } = process.stderr,
  ) {}

  emit(event: EngineEvent): void {
    if (event.level === 'debug' && !this.options.verbose) return;
    if (event.level === 'info' && this.options.quiet) return;
    const prefix = event.level === 'warn' ? 'warning: ' : event.level === 'error' ? 'error: ' : '';
    this.stderr.write(`rollcall: ${prefix}${event.message}\n`);
  }
}
