/** At most `limit` holders at once; waiters are admitted by place (lower first), equal places in arrival order. */
export class ConcurrencyLimit {
  private readonly limit: number;
  private active = 0;
  private readonly waiting: Array<{ place: number; admit: () => void }> = [];

  constructor(limit: number) {
    if (!(limit >= 1)) throw new RangeError('concurrency must be at least 1');
    this.limit = Math.floor(limit);
  }

  get inUse(): number {
    return this.active;
  }

  async acquire(place = Number.MAX_SAFE_INTEGER): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    // The releaser hands its slot straight to us, so `active` is not decremented in between.
    await new Promise<void>((admit) => {
      let at = this.waiting.length;
      while (at > 0 && (this.waiting[at - 1] as { place: number }).place > place) at--;
      this.waiting.splice(at, 0, { place, admit });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.admit();
    else this.active--;
  }
}
