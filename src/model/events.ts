/**
 * Nothing below the CLI prints: the engine, apply and the targets report typed events to a host
 * the CLI provides, so tests assert on events and the CLI alone decides what reaches the
 * terminal (and in what colour).
 */
export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface EngineEvent {
  level: EventLevel;
  /** Stable, e.g. SOURCE_READ, SNAPSHOT_READ, PLAN_WRITTEN. */
  code: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface EventSink {
  emit(event: EngineEvent): void;
}

/** Collects events in memory: for tests, and for hosts that print at the end. */
export class EventLog implements EventSink {
  readonly events: EngineEvent[] = [];
  emit(event: EngineEvent): void {
    this.events.push(event);
  }
}
