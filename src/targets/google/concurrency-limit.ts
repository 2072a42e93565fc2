/** At most `limit` holders at once; waiters are admitted in arrival order. */
export class ConcurrencyLimit {
  private readonly limit: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    if (!(limit >= 1)) throw new RangeError('concurrency must be at least 1');
    this.limit = Math.floor(limit);
  }

  get inUse(): number {
    return this.active;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    // The releaser hands its slot straight to us, so `active` is not decremented in between.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
