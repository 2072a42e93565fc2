import type { RunStop } from '../apply/run-stop.js';
import type { EventSink } from '../model/events.js';

/** The conventional exit codes of a process ended by a signal: 128 + its number. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_CODES;

export interface SignalWatch {
  /** 130 or 143 once a signal stopped the run. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

/**
 * While a run is on, SIGINT and SIGTERM stop it cleanly (`stop.request`): it finishes what is in
 * flight, writes its journal and summary, releases its lock and sends its notification. A second
 * signal ends the process at once (the lock is then left for the next run to take over).
 */
export function stopOnSignals(stop: RunStop, events: EventSink, deadlineSeconds: number, exit: (code: number) => void = (code) => process.exit(code)): SignalWatch {
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (received !== undefined) {
      events.emit({ level: 'error', code: 'APPLY_KILLED', message: `${signal} again: stopping at once; run apply again to finish (it takes over the lock and checks every account first)` });
      exit(EXIT_CODES[signal]);
      return;
    }
    received = signal;
    events.emit({
      level: 'warn',
      code: 'APPLY_INTERRUPTED',
      message: `${signal}: stopping. No new change starts; requests already sent get ${deadlineSeconds} s to finish. Send it again to stop at once`,
    });
    stop.request(`interrupted by ${signal}`);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    get exitCode() {
      return received === undefined ? undefined : EXIT_CODES[received];
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
