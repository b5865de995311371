/**
 * Keeps background reads (counting every experiment's runs for the tree) out of the way of what
 * the user asked for: background jobs run one at a time, only while no foreground work is in
 * flight and not until a quiet moment after it; a queued job the user then asks for starts at once.
 */
import { monotonicMs } from '../../clock';

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
  /** Settles the job's result with `reason` without running it. */
  drop(reason: Error): void;
}

/**
 * How long background jobs wait after foreground work ends. What the user asked for is shown by
 * the workbench after the store answers (a tab retitled, a webview loaded, rows painted), on the
 * same cores: a background job started at once delayed a retitled tab by seconds on a loaded
 * 2-core machine. Follow-up reads (a panel's second call) also land in this gap.
 */
export const QUIET_MS = 500;

/** What running background reads check between their batches (see `BackgroundQueue.holding`). */
export interface BackgroundGate {
  holding(): boolean;
  /** Resolves when background reads may go on (at once when they may now). */
  whenClear(): Promise<void>;
}

export class BackgroundQueue implements BackgroundGate {
  private foreground = 0;
  private running = false;
  private readonly queue: Queued[] = [];
  private lastForegroundEnd = -Infinity;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly gateWaiters: (() => void)[] = [];
  private gateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly quietMs: number = QUIET_MS) {}

  /**
   * Whether a running background job holds off now: in the quiet moment after foreground work,
   * while the workbench draws its answer on the same cores (a running job's next batches, not just
   * the next job). Foreground work in flight lets it go on: that work may be waiting for one of its
   * batches.
   */
  holding(): boolean {
    return this.foreground === 0 && monotonicMs() < this.lastForegroundEnd + this.quietMs;
  }

  whenClear(): Promise<void> {
    if (!this.holding()) return Promise.resolve();
    return new Promise((resolve) => {
      this.gateWaiters.push(resolve);
      this.armGate();
    });
  }

  private armGate(): void {
    if (this.gateTimer) return;
    const left = this.lastForegroundEnd + this.quietMs - monotonicMs();
    this.gateTimer = setTimeout(() => {
      this.gateTimer = undefined;
      this.openGate();
    }, Math.max(0, left));
  }

  private openGate(): void {
    if (this.gateWaiters.length === 0) return;
    // A later foreground end may have moved the quiet moment on.
    if (this.holding()) return this.armGate();
    for (const resume of this.gateWaiters.splice(0)) resume();
  }

  /** Runs `work` as foreground: background jobs wait until it settles. */
  async foregroundRun<T>(work: () => Promise<T>): Promise<T> {
    this.foreground++;
    this.openGate();
    try {
      return await work();
    } finally {
      this.foreground--;
      this.lastForegroundEnd = monotonicMs();
      this.pump();
    }
  }

  /** Queues `work` behind the foreground and the other background jobs. */
  enqueue<T>(work: () => Promise<T>): BackgroundJob<T> {
    let begin!: () => void;
    let abandon!: (reason: Error) => void;
    const begun = new Promise<void>((resolve, reject) => {
      begin = resolve;
      abandon = reject;
    });
    const result = begun.then(work);
    const item: Queued = {
      drop: (reason) => abandon(reason),
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

  /**
   * Drops the jobs not started yet: their results reject with `reason` and their work never runs.
   * The running job is left to its caller (it stops through its own signal).
   */
  dropQueued(reason: Error): void {
    const dropped = this.queue.filter((q) => !q.started);
    for (let i = this.queue.length - 1; i >= 0; i--) if (!this.queue[i]!.started) this.queue.splice(i, 1);
    for (const q of dropped) q.drop(reason);
  }

  /** Resolves once no background job is queued or running (benches and tests wait for it). */
  async settled(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      await Promise.all(this.queue.map((q) => q.done));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private pump(): void {
    if (this.running || this.foreground > 0 || this.queue.length === 0) return;
    const quietLeft = this.lastForegroundEnd + this.quietMs - monotonicMs();
    if (quietLeft > 0) {
      this.quietTimer ??= setTimeout(() => {
        this.quietTimer = undefined;
        this.pump();
      }, quietLeft);
      return;
    }
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
