/**
 * At most `limit` calls in flight; the others wait their turn in order. Listing runs asks one
 * `runs/search` per expanded experiment: a tree with twenty experiments open would otherwise send
 * twenty at once to a server that may run two workers (and answer 429 or 503 with `Retry-After`,
 * which the HTTP client honours per request).
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`concurrency limit must be at least 1 (got ${limit})`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next caller, so `active` only drops when none waits.
      if (next) next();
      else this.active--;
    }
  }

  /** Calls running now (for tests). */
  get inFlight(): number {
    return this.active;
  }
}
