/**
 * Counts the file store's background reads as one "build": from the first job queued while none
 * was, until none is left (then `done`) or the user cancels (`cancelled`). Each job weighs the runs
 * it reads; a listing's weight is known once its experiment's run folders are counted, so the
 * totals grow as jobs are sized, and what is done never exceeds them.
 */
import type { BackgroundProgress } from '../trackingStore';

export type BackgroundJobKind = 'list' | 'readAhead';

/** One job's share of the build. */
export interface ProgressTicket {
  /** The job's runs, once known (a listing's run folders); later calls are ignored. */
  size(runs: number): void;
  readonly sized: boolean;
  /** The job settled (read, failed or dropped); `runs` sizes it first when it was not sized. */
  finish(runs?: number): void;
}

type Listener = (progress: BackgroundProgress) => void;

const idle = (): BackgroundProgress => ({ listed: 0, toList: 0, readAhead: 0, toReadAhead: 0, state: 'done' });

export class BackgroundProgressTracker {
  private current = idle();
  /** Jobs of the current build not finished yet. */
  private open = 0;
  /** Bumped by each cancel, so tickets of a cancelled build no longer count. */
  private generation = 0;
  private quiet = 0;
  private dirty = false;
  private readonly listeners = new Set<Listener>();

  onProgress(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The progress now (`done` with zero counts between builds). */
  snapshot(): BackgroundProgress {
    return { ...this.current };
  }

  /** A job joins the build (starting one when none runs). */
  add(kind: BackgroundJobKind, runs?: number): ProgressTicket {
    const generation = this.generation;
    if (this.open === 0) this.current = { ...idle(), state: 'running' };
    this.open++;
    let size: number | undefined;
    let finished = false;
    const live = () => generation === this.generation;
    const ticket: ProgressTicket = {
      get sized() {
        return size !== undefined;
      },
      size: (n) => {
        if (size !== undefined || finished || !live()) return;
        size = n;
        if (kind === 'list') this.current.toList += n;
        else this.current.toReadAhead += n;
        this.changed();
      },
      finish: (n) => {
        if (finished || !live()) return;
        this.batch(() => {
          if (size === undefined) ticket.size(n ?? 0);
          finished = true;
          if (kind === 'list') this.current.listed += size ?? 0;
          else this.current.readAhead += size ?? 0;
          this.open--;
          if (this.open === 0) this.current.state = 'done';
          this.changed();
        });
      },
    };
    if (runs !== undefined) {
      // Told with the next change: a listing queues its read-ahead just before it finishes, and
      // the two together keep the share done from going back.
      this.quiet++;
      ticket.size(runs);
      this.quiet--;
    }
    return ticket;
  }

  /** Runs `work` with one notification at the end for all its changes. */
  batch(work: () => void): void {
    this.quiet++;
    try {
      work();
    } finally {
      this.quiet--;
      if (this.quiet === 0 && this.dirty) this.emit();
    }
  }

  /** The build was cancelled: listeners are told, and the tickets handed out so far stop counting. */
  cancel(): void {
    if (this.open === 0) return;
    this.generation++;
    this.open = 0;
    this.current.state = 'cancelled';
    this.emit();
  }

  private changed(): void {
    this.dirty = true;
    if (this.quiet === 0) this.emit();
  }

  private emit(): void {
    this.dirty = false;
    const progress = this.snapshot();
    for (const listener of [...this.listeners]) listener(progress);
  }
}
