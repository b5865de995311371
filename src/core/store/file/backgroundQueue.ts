/**
 * Keeps background reads (counting every experiment's runs for the tree) out of the way of what
 * the user asked for: background jobs run one at a time, and only while no foreground work is in
 * flight; a queued job the user then asks for starts at once.
 */
export interface BackgroundJob<T> {
  result: Promise<T>;
  /** Starts the job now if it has not started (the user asked for it). */
  promote(): void;
  /** Whether the job has started (it may have finished). */
  started(): boolean;
}

interface Queued {
  start(): void;
  started: boolean;
  done: Promise<unknown>;
}

export class BackgroundQueue {
  private foreground = 0;
  private running = false;
  private readonly queue: Queued[] = [];

  /** Runs `work` as foreground: background jobs wait until it settles. */
  async foregroundRun<T>(work: () => Promise<T>): Promise<T> {
    this.foreground++;
    try {
      return await work();
    } finally {
      this.foreground--;
      this.pump();
    }
  }

  /** Queues `work` behind the foreground and the other background jobs. */
  enqueue<T>(work: () => Promise<T>): BackgroundJob<T> {
    let begin!: () => void;
    const begun = new Promise<void>((resolve) => (begin = resolve));
    const result = begun.then(work);
    const item: Queued = {
      started: false,
      start: () => {
        if (item.started) return;
        item.started = true;
        begin();
      },
      done: result.catch(() => undefined),
    };
    this.queue.push(item);
    // Decided on a later turn, so foreground work asked for in the same turn counts.
    setImmediate(() => this.pump());
    return { result, promote: () => item.start(), started: () => item.started };
  }

  /** Resolves once no background job is queued or running (benches and tests wait for it). */
  async settled(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      await Promise.all(this.queue.map((q) => q.done));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private pump(): void {
    if (this.running || this.foreground > 0) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = true;
    next.start();
    void next.done.then(() => {
      this.running = false;
      this.pump();
    });
  }
}
