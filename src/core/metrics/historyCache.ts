/**
 * Whole metric histories, one entry per (run, metric key), shared by the run panel, the charts and
 * their zooms, so a long history crosses the network once. Bounded by the points it holds
 * (least recently used out first; a history larger than the whole budget is handed to its callers
 * and not kept). Each entry carries a version (the run's latest value of that metric), so a run
 * that logged since is read again. Concurrent callers share one read; it is cancelled when every
 * caller has gone.
 */
import type { Run } from '../model/entities';
import { throwIfAborted, StoreError } from '../store/storeErrors';
import type { TrackingStore } from '../store/trackingStore';
import type { SeriesRead } from './readSeries';

/** Three Float64Arrays per point: 3,000,000 points are 72 MB. */
export const DEFAULT_CACHE_POINTS = 3_000_000;

interface Entry {
  version: string;
  value?: SeriesRead;
  pending?: Promise<SeriesRead>;
  controller: AbortController;
  waiters: number;
  points: number;
}

export class HistoryCache {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(readonly maxPoints = DEFAULT_CACHE_POINTS) {}

  /** Points held by finished entries. */
  get heldPoints(): number {
    return this.held;
  }

  /** The finished history of this version, if held (and marks it recently used). */
  peek(runId: string, key: string, version: string): SeriesRead | undefined {
    const id = entryId(runId, key);
    const entry = this.entries.get(id);
    if (!entry?.value || entry.version !== version) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  /** True while a read of this version is under way. */
  loading(runId: string, key: string, version: string): boolean {
    const entry = this.entries.get(entryId(runId, key));
    return entry?.pending !== undefined && entry.version === version;
  }

  /**
   * The history of this version: held, joined while another caller reads it, or read with `load`.
   * `signal` cancels this caller's wait; the read itself stops when no caller waits any more.
   */
  async get(runId: string, key: string, version: string, load: (signal: AbortSignal) => Promise<SeriesRead>, signal?: AbortSignal): Promise<SeriesRead> {
    throwIfAborted(signal);
    const held = this.peek(runId, key, version);
    if (held) return held;
    const id = entryId(runId, key);
    let entry = this.entries.get(id);
    if (!entry?.pending || entry.version !== version) {
      if (entry) this.drop(id, entry);
      entry = this.start(id, version, load);
    }
    return this.wait(id, entry, signal);
  }

  /** Forgets everything (a store reconnected, or the user asked to refresh). */
  clear(): void {
    for (const [id, entry] of [...this.entries]) this.drop(id, entry);
  }

  private start(id: string, version: string, load: (signal: AbortSignal) => Promise<SeriesRead>): Entry {
    const controller = new AbortController();
    const entry: Entry = { version, controller, waiters: 0, points: 0 };
    entry.pending = load(controller.signal).then(
      (value) => {
        entry.pending = undefined;
        if (this.entries.get(id) !== entry) return value;
        entry.points = value.series.steps.length;
        if (entry.points > this.maxPoints) this.entries.delete(id);
        else {
          entry.value = value;
          this.held += entry.points;
          this.evict();
        }
        return value;
      },
      (error: unknown) => {
        entry.pending = undefined;
        if (this.entries.get(id) === entry) this.entries.delete(id);
        throw error;
      },
    );
    // A read nobody waits for any more must not surface as an unhandled rejection.
    entry.pending.catch(() => undefined);
    this.entries.set(id, entry);
    return entry;
  }

  private async wait(id: string, entry: Entry, signal?: AbortSignal): Promise<SeriesRead> {
    const pending = entry.pending as Promise<SeriesRead>;
    entry.waiters++;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new StoreError('cancelled', 'The history read was cancelled.', id));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await (signal ? Promise.race([pending, aborted]) : pending);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      entry.waiters--;
      if (entry.waiters === 0 && entry.pending && this.entries.get(id) === entry) this.drop(id, entry);
    }
  }

  private drop(id: string, entry: Entry): void {
    if (entry.pending) entry.controller.abort();
    if (entry.value) this.held -= entry.points;
    if (this.entries.get(id) === entry) this.entries.delete(id);
  }

  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.held <= this.maxPoints) return;
      if (entry.value) this.drop(id, entry);
    }
  }
}

const perStore = new WeakMap<TrackingStore, HistoryCache>();

/** The one cache of a store, shared by every panel reading from it; it goes with the store. */
export function historyCacheOf(store: TrackingStore): HistoryCache {
  let cache = perStore.get(store);
  if (!cache) perStore.set(store, (cache = new HistoryCache()));
  return cache;
}

/**
 * What identifies the current history of a metric: its latest point as the run reports it, which
 * changes whenever a point is logged at the latest step or after it.
 */
export function historyVersion(run: Run | undefined, key: string): string {
  const latest = run?.data.metrics.find((m) => m.key === key);
  return latest ? `${latest.step}/${latest.timestamp}/${String(latest.value)}` : 'none';
}

function entryId(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}
