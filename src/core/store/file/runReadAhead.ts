/**
 * Reading ahead after a listing, in the background. Unfinished runs are never in the index, so the
 * first filter would read their params, metrics and tags (thousands of files) while the user types;
 * finished runs listed without their tags would have them read by the next tag filter (Open Run
 * Details looks for child runs with one). Both are read once the listing is shown, behind anything
 * the user asks for, in small batches so that a foreground read never waits long for one in flight
 * (a store of crashed runs left RUNNING can hold thousands).
 */
import type { BackgroundJob, BackgroundQueue } from './backgroundQueue';
import type { BackgroundProgressTracker } from './backgroundProgress';
import { missingParts, type Parts, type RunEntry } from './runEntry';
import { isTerminalStatus } from './yamlMeta';

/** The parts a filter can read, read ahead for unfinished runs. */
const FILTERABLE: Parts = { params: true, metrics: true, tags: true, inputs: false };
const TAGS_ONLY: Parts = { params: false, metrics: false, tags: true, inputs: false };
const BATCH = 100;

export interface ReadAheadDeps {
  background: BackgroundQueue;
  progress: BackgroundProgressTracker;
  /** Reads the parts the entries lack, in this thread (read-ahead must not keep workers alive). */
  read(entries: RunEntry[], want: Parts): Promise<void>;
  /** After each batch: what was read of finished runs goes to the index. */
  afterBatch(): void;
  /** False once the store is disposed or its background reads cancelled. */
  allowed(): boolean;
}

export class RunReadAhead {
  /** Runs being read in the background, with that batch's job. */
  private readonly reading = new Map<RunEntry, BackgroundJob<void>>();

  constructor(private readonly deps: ReadAheadDeps) {}

  /** Queues the reads a fresh listing's entries will need. */
  afterListing(entries: readonly RunEntry[]): void {
    if (!this.deps.allowed()) return;
    const fresh = entries.filter((e) => !this.reading.has(e));
    this.inBatches(fresh.filter((e) => !isTerminalStatus(e.info.status) && missingParts(e, FILTERABLE)), FILTERABLE);
    this.inBatches(fresh.filter((e) => isTerminalStatus(e.info.status) && !e.tags), TAGS_ONLY);
  }

  /**
   * Waits for the batches already reading some of `entries`, so their files are not read twice at
   * once; batches not started yet stay queued (the foreground reads those runs itself, and the batch
   * then skips them).
   */
  async inFlight(entries: readonly RunEntry[], want: Parts): Promise<void> {
    if (this.reading.size === 0) return;
    const started = new Set<BackgroundJob<void>>();
    for (const e of entries) {
      const job = this.reading.get(e);
      if (job?.started() && missingParts(e, want)) started.add(job);
    }
    await Promise.all([...started].map((job) => job.result.catch(() => undefined)));
  }

  clear(): void {
    this.reading.clear();
  }

  private inBatches(entries: readonly RunEntry[], want: Parts): void {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const ticket = this.deps.progress.add('readAhead', batch.length);
      const job = this.deps.background.enqueue(async () => {
        if (!this.deps.allowed()) return;
        await this.deps.read(batch, want);
        this.deps.afterBatch();
      });
      for (const e of batch) this.reading.set(e, job);
      void job.result
        .catch(() => undefined) // a foreground read of the same runs reports the problem
        .finally(() => {
          ticket.finish();
          for (const e of batch) if (this.reading.get(e) === job) this.reading.delete(e);
        });
    }
  }
}
