/**
 * The schedule that keeps a tracking server's listings live: one re-read every interval while the
 * view is visible, none while it is hidden, exponential backoff while the server fails, and back to
 * the interval as soon as a read succeeds. One read at a time, each bounded by a deadline.
 * No `vscode` here: the view wiring (`liveServerView.ts`) says when the poller is active and what a
 * read does; timers are injectable so the unit tests drive the schedule without waiting.
 */
import { StoreError } from '../../core/store/storeErrors';

/** The longest wait between retries of a failing server. */
export const MAX_BACKOFF_MS = 60_000;

/** The backoff cap for an interval: sixteen intervals, at least 16 s, at most a minute. */
export function backoffCap(intervalMs: number): number {
  return Math.min(MAX_BACKOFF_MS, Math.max(16_000, 16 * intervalMs));
}

/**
 * Milliseconds until the next read: the interval while healthy; after `failures` failed reads in a
 * row, the interval doubled per failure up to `maxMs` (but never below the interval itself).
 */
export function pollDelay(intervalMs: number, failures: number, maxMs = backoffCap(intervalMs)): number {
  if (failures <= 0) return intervalMs;
  return Math.max(intervalMs, Math.min(maxMs, intervalMs * 2 ** Math.min(failures, 30)));
}

/** How long one read may take before it is abandoned and counted as a failure. */
export function readDeadline(intervalMs: number): number {
  return Math.max(15_000, 3 * intervalMs);
}

export interface PollTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: PollTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LivePollerOptions {
  /** The interval in ms; 0 (or less) turns polling off. Read again before every scheduling. */
  intervalMs(): number;
  /** One read of the server; rejects when the server cannot be read. */
  read(signal: AbortSignal): Promise<void>;
  /** Told after every read: `undefined` on success, the error otherwise. */
  onResult(error: unknown): void;
  /** Names the server in the error of a read that outlived its deadline. */
  location?: string;
  timers?: PollTimers;
  maxBackoffMs?: number;
}

export class LivePoller {
  private active = false;
  private disposed = false;
  private timer: unknown;
  private inFlight: AbortController | undefined;
  private failureCount = 0;
  private readonly timers: PollTimers;

  constructor(private readonly options: LivePollerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** Failed reads in a row (0 while the server answers). */
  get failures(): number {
    return this.failureCount;
  }

  /** True while reads are scheduled (active and polling not turned off). */
  get running(): boolean {
    return this.timer !== undefined || this.inFlight !== undefined;
  }

  /**
   * Starts or pauses polling (the view became visible or hidden, a server was opened or left).
   * Becoming active reads at once (what changed while the view was hidden shows without waiting),
   * unless `readNow` is false: a store that has just been opened was read a moment ago.
   */
  setActive(active: boolean, readNow = true): void {
    if (this.disposed || active === this.active) return;
    this.active = active;
    if (active) this.schedule(readNow ? 0 : this.options.intervalMs());
    else this.stop();
  }

  /** Reads soon instead of waiting out the interval or backoff (an experiment was expanded, a setting changed). */
  nudge(): void {
    if (!this.active || this.disposed || this.inFlight) return;
    this.schedule(0);
  }

  /** Forgets past failures (a new server): the next wait is the plain interval. */
  resetBackoff(): void {
    this.failureCount = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.active = false;
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    const interval = this.options.intervalMs();
    if (!this.active || this.disposed || interval <= 0) return;
    this.timer = this.timers.set(() => void this.runRead(interval), delayMs);
  }

  private async runRead(interval: number): Promise<void> {
    this.timer = undefined;
    const controller = new AbortController();
    this.inFlight = controller;
    const deadlineMs = readDeadline(interval);
    let deadline: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      deadline = this.timers.set(() => {
        const where = this.options.location ? ` from ${this.options.location}` : '';
        // Rejected before aborting, so the race reports the deadline rather than the cancellation.
        reject(new StoreError('unreachable', `No answer${where} within ${Math.round(deadlineMs / 1000)} s.`, this.options.location));
        controller.abort();
      }, deadlineMs);
    });
    let error: unknown;
    try {
      await Promise.race([this.options.read(controller.signal), timedOut]);
    } catch (caught) {
      error = caught ?? new Error('the read failed');
    } finally {
      this.timers.clear(deadline);
    }
    timedOut.catch(() => undefined);
    // Paused, disposed or superseded while reading: the result says nothing about the server now.
    if (this.inFlight !== controller) return;
    this.inFlight = undefined;
    this.failureCount = error === undefined ? 0 : this.failureCount + 1;
    this.options.onResult(error);
    this.schedule(pollDelay(interval, this.failureCount, this.options.maxBackoffMs ?? backoffCap(interval)));
  }
}
