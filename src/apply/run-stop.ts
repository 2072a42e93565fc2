/**
 * A person stopping an apply (the CLI turns SIGINT and SIGTERM into `request`). From then on no
 * change starts and no request is sent; requests already on the wire get `deadlineMs` to finish,
 * then are abandoned (their changes are reported as unknown, and the next run checks them).
 * The run then ends as any run does: journal, summary, lock released, notification.
 */
export class RunStop {
  private readonly stopping = new AbortController();
  private readonly abandoning = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private why: string | undefined;

  constructor(private readonly deadlineMs: number) {}

  /** Aborted as soon as a stop is requested: nothing new starts. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Aborted when the deadline for requests in flight has passed. */
  get requestSignal(): AbortSignal {
    return this.abandoning.signal;
  }

  /** Why the run was stopped, once it was. */
  get reason(): string | undefined {
    return this.why;
  }

  request(reason: string): void {
    if (this.why !== undefined) return;
    this.why = reason;
    this.stopping.abort();
    this.timer = setTimeout(() => this.abandoning.abort(), this.deadlineMs);
    this.timer.unref();
  }

  /** Call when the run is over: the deadline timer has nothing left to abandon. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
