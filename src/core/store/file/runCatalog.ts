/**
 * The runs of the store as kept in memory: per-experiment listings, the entries by folder and by
 * id, the persistent index of finished runs, and the loaders (this thread or the worker pool)
 * that read what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import { StoreError, throwIfAborted, type StoreProblem } from '../storeErrors';
import type { ExperimentEntry } from './experimentReader';
import type { ExperimentListing } from './experimentListing';
import { listRunFolders } from './experimentReader';
import { asyncReadFs, syncReadFs, unchangedStamps } from './readFs';
import { readRunInfo, type ReadSelection, type RunLocation } from './runReader';
import { InThreadLoader, mapLimit, readTurn, type ReadPriority, type RunLoader } from './runLoader';
import { BackgroundQueue } from './backgroundQueue';
import { BackgroundProgressTracker, type ProgressTicket } from './backgroundProgress';
import { RunIndex, experimentOf, type IndexedRun } from './runIndex';
import { compactInfo, compactKeyValues, compactMetrics, missingParts, type Parts, type RunEntry, type RunListing } from './runEntry';
import { RunReadAhead } from './runReadAhead';
import { WorkerPoolLoader } from './workerPool';
import { isTerminalStatus } from './yamlMeta';
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;

/**
 * Batches at least this large go to the worker pool. This thread reads a run's meta.yaml in ~50 µs
 * (blocking calls in short slices, `runLoader.ts`) and starting a worker costs ~100 ms of CPU, so
 * the workers pay off only when their cores share thousands of runs: one experiment of a few
 * hundred runs is listed here (the tree's first page of a 500-run experiment: ~25 ms against
 * ~200 ms through freshly started workers on 2 cores).
 */
const WORKER_THRESHOLD = 2000;


export interface RunCatalogOptions {
  root: string;
  log: Logger;
  /** Worker script, or none to read in this thread only. */
  workerScript: string | false | undefined;
  workers: number | undefined;
  /** Smallest batch read by the workers (default WORKER_THRESHOLD). */
  workerThreshold?: number | undefined;
  /** Read ahead after a listing (see FileStoreOptions.backgroundReads). */
  backgroundReads?: boolean;
  cacheDir: string | undefined;
  /** The experiments listing (memoised by the store). */
  experiments: () => Promise<ExperimentListing>;
}

export class RunCatalog {
  private readonly root: string;
  private readonly experiments: () => Promise<ExperimentListing>;
  private readonly inThread = new InThreadLoader();
  private pool: WorkerPoolLoader | undefined;
  private readonly index: RunIndex | undefined;
  private readonly workerThreshold: number;
  private readonly backgroundReads: boolean;
  private disposed = false;

  private readonly runListings = new Map<string, { listing: Promise<RunListing>; priority: ReadPriority; promote(): void; abort?: AbortController }>();
  private readonly background = new BackgroundQueue();
  /** Progress of the background reads, for the view's notification (`FileStore.backgroundWork`). */
  readonly backgroundProgress = new BackgroundProgressTracker();
  /** Background listings whose experiment's run folders are not counted yet, by experiment folder. */
  private readonly unsizedListings = new Map<string, ProgressTicket>();
  /** Set by `cancelBackground` until the store is dropped whole: only what is asked is read. */
  private backgroundCancelled = false;
  private readonly runEntries = new Map<string, RunEntry>();
  private readonly runDirById = new Map<string, string>();
  private readonly readAhead = new RunReadAhead({
    background: this.background,
    progress: this.backgroundProgress,
    read: (entries, want) => this.readMissingData(entries, want, undefined, true),
    afterBatch: () => {
      if (!this.disposed) this.index?.scheduleSave();
    },
    allowed: () => this.backgroundReads && !this.disposed && !this.backgroundCancelled,
  });

  constructor(options: RunCatalogOptions) {
    this.root = options.root;
    this.experiments = options.experiments;
    this.workerThreshold = options.workerThreshold ?? WORKER_THRESHOLD;
    this.backgroundReads = options.backgroundReads ?? false;
    if (options.workerScript) this.pool = new WorkerPoolLoader(options.workerScript, options.workers, options.log);
    if (options.cacheDir) this.index = new RunIndex(options.cacheDir, this.root, options.log);
  }

  private loaderFor(count: number): RunLoader {
    return this.pool && count >= this.workerThreshold ? this.pool : this.inThread;
  }

  /**
   * The runs of an experiment, read once and kept. `background` (counting runs for the tree) lets
   * the reads wait behind what the user asked for; a later foreground call moves them ahead.
   */
  listing(exp: ExperimentEntry, signal?: AbortSignal, options: { background?: boolean } = {}): Promise<RunListing> {
    const memo = this.runListings.get(exp.dir);
    if (memo) {
      if (!options.background && memo.priority.background) {
        memo.priority.background = false;
        // Asked for now: held as foreground work, so no other background job starts beside it.
        return this.background.foregroundRun(() => {
          memo.promote();
          return memo.listing;
        });
      }
      return memo.listing;
    }
    const priority: ReadPriority = { background: !!options.background, gate: this.background };
    let listing: Promise<RunListing>;
    let promote = (): void => undefined;
    let abort: AbortController | undefined;
    if (options.background) {
      if (this.backgroundCancelled) return Promise.reject(backgroundCancelledError());
      // Its own signal, so that a cancel stops it at its next batch unless the user asked for it meanwhile.
      abort = new AbortController();
      const jobSignal = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
      const ticket = this.backgroundProgress.add('list');
      this.unsizedListings.set(exp.dir, ticket);
      // Even its index part and stamp checks wait: they take the thread the user's reads need.
      const job = this.background.enqueue(async () => {
        if (priority.background) await this.sizeListings();
        return this.readRunListing(exp, jobSignal, priority);
      });
      listing = job.result;
      promote = job.promote;
      listing.then(
        (l) => ticket.finish(l.entries.length + l.problems.length),
        () => ticket.finish(0),
      );
    } else {
      listing = this.background.foregroundRun(() => this.readRunListing(exp, signal, priority));
    }
    this.runListings.set(exp.dir, { listing, priority, promote, ...(abort && { abort }) });
    listing.catch(() => {
      if (this.runListings.get(exp.dir)?.listing === listing) this.runListings.delete(exp.dir);
    });
    return listing;
  }

  private async readRunListing(exp: ExperimentEntry, signal: AbortSignal | undefined, priority: ReadPriority): Promise<RunListing> {
    const folders = (await listRunFolders(asyncReadFs, exp.dir)) ?? [];
    const problems: StoreProblem[] = [];
    const entries: RunEntry[] = [];
    const toRead: { loc: RunLocation; indexed?: IndexedRun }[] = [];
    if (this.index) {
      const experimentRel = this.relative(exp.dir);
      await this.index.load(experimentRel);
      this.index.retainOnly(experimentRel, new Set(folders));
    }
    const index = this.index;
    for (const folder of folders) {
      const runDir = `${exp.dir}/${folder}`;
      const cached = this.runEntries.get(runDir);
      if (cached) entries.push(cached);
      else toRead.push({ loc: { runDir, folder, experimentId: exp.name, inTrash: exp.inTrash }, indexed: index?.get(this.relative(runDir)) });
    }
    // Runs the index does not hold are read at once (a worker starts meanwhile); indexed ones are
    // checked here, one stat of meta.yaml each: cheaper than a round trip through the workers, and
    // a warm index with nothing changed starts no worker at all.
    const unknown = toRead.filter((r) => !r.indexed);
    const checked = toRead.filter((r) => r.indexed);
    const [readUnknown, unchanged] = await Promise.all([
      this.loaderFor(unknown.length).readInfos(unknown.map((r) => ({ loc: r.loc })), signal, priority),
      unchangedStamps(
        checked.map((r) => `${r.loc.runDir}/meta.yaml`),
        checked.map((r) => r.indexed!.stamp),
        () => readTurn(priority),
      ),
    ]);
    throwIfAborted(signal);
    const changed = checked.filter((_, i) => !unchanged[i]);
    const readChanged = await this.loaderFor(changed.length).readInfos(changed.map((r) => ({ loc: r.loc })), signal, priority);
    const readByRequest = new Map([...unknown.map((r, i) => [r, readUnknown[i]!] as const), ...changed.map((r, i) => [r, readChanged[i]!] as const)]);
    for (const request of toRead) {
      const { loc, indexed } = request;
      const res = readByRequest.get(request) ?? { kind: 'unchanged' };
      let entry: RunEntry | undefined;
      if (res.kind === 'unchanged' && indexed) {
        entry = entryFromIndex(loc, indexed);
      } else if (res.kind === 'info') {
        const info = compactInfo(res.info, loc.folder);
        entry = { loc, info, stamp: res.stamp, dataProblems: {} };
        // Kept even without its data, so the next session's listing checks one stamp instead of parsing meta.yaml.
        if (index && isTerminalStatus(info.status)) index.put(this.relative(loc.runDir), { stamp: res.stamp, info, problems: {} });
      } else if (res.kind === 'problem') {
        problems.push(res.problem);
      }
      if (entry) {
        this.runEntries.set(loc.runDir, entry);
        entries.push(entry);
      }
    }
    for (const e of entries) this.rememberRunDir(e);
    this.readAhead.afterListing(entries);
    return { entries, problems };
  }

  /** Resolves once every background read (counts, read-ahead) is done. */
  settled(): Promise<void> {
    return this.background.settled();
  }

  /**
   * Counts the run folders of the background listings not sized yet (one readdir each), so the
   * progress has a total before the first of them is read.
   */
  private async sizeListings(): Promise<void> {
    const waiting = [...this.unsizedListings];
    this.unsizedListings.clear();
    if (waiting.length === 0) return;
    const counts = await mapLimit(waiting, 8, async ([dir]) => (await listRunFolders(asyncReadFs, dir).catch(() => undefined))?.length ?? 0);
    this.backgroundProgress.batch(() => waiting.forEach(([, ticket], i) => ticket.size(counts[i]!)));
  }

  /**
   * Drops the queued background reads and aborts the running listing (at its next batch) unless
   * the user asked for it meanwhile; those experiments are listed again when asked. What was read
   * stays, and the index is saved (each part written whole). Background reads stay off until `clear`.
   */
  cancelBackground(): void {
    this.backgroundCancelled = true;
    const reason = backgroundCancelledError();
    for (const [dir, memo] of this.runListings) {
      if (!memo.priority.background) continue;
      this.runListings.delete(dir);
      memo.abort?.abort(reason);
    }
    this.background.dropQueued(reason);
    this.unsizedListings.clear();
    this.backgroundProgress.cancel();
    if (!this.disposed) this.index?.scheduleSave();
  }

  private rememberRunDir(e: RunEntry): void {
    const current = this.runDirById.get(e.info.run_id);
    // A run id both active and in .trash: prefer the active copy.
    if (!current || (!e.loc.inTrash && current.includes('/.trash/'))) this.runDirById.set(e.info.run_id, e.loc.runDir);
  }

  /** A path under the root, relative to it with `/` (runs are addressed this way in the index). */
  private relative(p: string): string {
    const prefix = `${this.root}/`;
    return p.startsWith(prefix) ? p.slice(prefix.length) : path.relative(this.root, p).split(path.sep).join('/');
  }

  /** Loads the selected data parts that entries lack, in one batch. */
  ensureData(entries: RunEntry[], want: Parts, signal?: AbortSignal): Promise<void> {
    return this.background.foregroundRun(async () => {
      await this.readAhead.inFlight(entries, want);
      await this.readMissingData(entries, want, signal);
    });
  }

  /** `inThread`: read here, not by the workers (background read-ahead must not keep them alive). */
  private async readMissingData(entries: RunEntry[], want: Parts, signal?: AbortSignal, inThread = false): Promise<void> {
    const index = this.index;
    if (index) {
      // What is read is kept in the index, so the experiments' parts must be loaded first.
      const experimentRels = new Set(entries.filter((e) => missingParts(e, want)).map((e) => experimentOf(this.relative(e.loc.runDir))));
      await Promise.all([...experimentRels].map((rel) => index.load(rel)));
    }
    const groups = new Map<string, { need: ReadSelection; entries: RunEntry[] }>();
    for (const e of entries) {
      const need = missingParts(e, want);
      if (!need) continue;
      const key = `${+!!need.params}${+!!need.metrics}${+!!need.tags}${+!!need.inputs}`;
      const g = groups.get(key) ?? { need, entries: [] };
      g.entries.push(e);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const results = await (inThread ? this.inThread : this.loaderFor(g.entries.length)).readData(
        g.entries.map((e) => ({ loc: e.loc, runId: e.info.run_id })),
        g.need,
        signal,
        inThread ? { background: true, gate: this.background } : undefined,
      );
      results.forEach((r, i) => {
        const e = g.entries[i]!;
        if (r.params) e.params = compactKeyValues(r.params);
        if (r.metrics) e.metrics = compactMetrics(r.metrics);
        if (r.tags) e.tags = compactKeyValues(r.tags);
        if (r.inputs) e.inputs = r.inputs;
        e.dataProblems = { ...e.dataProblems, ...r.problems };
        // Whatever parts were read are kept: a filter that rejects a run read only its params or
        // metrics, and the next search must not open those files again.
        if (this.index && !this.disposed && isTerminalStatus(e.info.status)) {
          this.index.put(this.relative(e.loc.runDir), { stamp: e.stamp, info: e.info, params: e.params, metrics: e.metrics, tags: e.tags, inputs: e.inputs, problems: e.dataProblems });
        }
      });
    }
  }

  /**
   * A run by id without scanning the store: the runs listed so far, else the folder named by the id
   * in each experiment (one stat each, as MLflow's own file store looks a run up), answered from the
   * index while its meta.yaml is unchanged. A run whose folder is not named by its id is found once
   * its experiment was listed.
   */
  findRun(runId: string, signal?: AbortSignal): Promise<RunEntry> {
    return this.background.foregroundRun(() => this.lookUpRun(runId, signal));
  }

  private async lookUpRun(runId: string, signal?: AbortSignal): Promise<RunEntry> {
    if (!RUN_ID.test(runId)) throw new StoreError('notFound', `Run '${runId}' not found: not a valid run id.`);
    const known = this.runDirById.get(runId);
    if (known) {
      const e = this.runEntries.get(known);
      if (e) return e;
    }
    const listing = await this.experiments();
    // One blocking stat per experiment (tens of µs each): async ones would each wait behind
    // whatever else holds the thread pool and the thread.
    const candidates = listing.entries.filter((exp) => {
      try {
        return fs.statSync(`${exp.dir}/${runId}`, { throwIfNoEntry: false })?.isDirectory() === true;
      } catch {
        return false;
      }
    });
    candidates.sort((a, b) => +a.inTrash - +b.inTrash);
    for (const exp of candidates) {
      throwIfAborted(signal);
      const loc: RunLocation = { runDir: `${exp.dir}/${runId}`, folder: runId, experimentId: exp.name, inTrash: exp.inTrash };
      const cached = this.runEntries.get(loc.runDir);
      if (cached) return cached;
      const indexed = await this.indexedRun(loc);
      const res = await readRunInfo(syncReadFs, loc, indexed?.stamp);
      let entry: RunEntry | undefined;
      if (res.kind === 'unchanged' && indexed) {
        entry = entryFromIndex(loc, indexed);
      } else if (res.kind === 'info') {
        entry = { loc, info: compactInfo(res.info, loc.folder), stamp: res.stamp, dataProblems: {} };
      }
      if (entry) {
        this.runEntries.set(loc.runDir, entry);
        this.rememberRunDir(entry);
        return entry;
      }
      if (res.kind === 'problem') throw new StoreError('corrupt', res.problem.message, res.problem.location);
    }
    throw new StoreError('notFound', `Run '${runId}' not found in ${this.root}.`, this.root);
  }

  /** The index's copy of a run folder (its experiment's part only is read). */
  private async indexedRun(loc: RunLocation): Promise<IndexedRun | undefined> {
    if (!this.index) return undefined;
    const rel = this.relative(loc.runDir);
    await this.index.load(experimentOf(rel));
    return this.index.get(rel);
  }

  /** Forgets an experiment's listing and every run read under it. */
  forgetExperiment(expDir: string): void {
    this.runListings.delete(expDir);
    for (const [dir, e] of this.runEntries) {
      if (dir.startsWith(`${expDir}/`)) {
        this.runEntries.delete(dir);
        if (this.runDirById.get(e.info.run_id) === dir) this.runDirById.delete(e.info.run_id);
      }
    }
  }

  /** Forgets one run (also in the index) and re-lists its experiment next time. */
  forgetRun(expDir: string, runDir: string): void {
    this.runListings.delete(expDir);
    const entry = this.runEntries.get(runDir);
    if (entry) {
      this.runEntries.delete(runDir);
      if (this.runDirById.get(entry.info.run_id) === runDir) this.runDirById.delete(entry.info.run_id);
    }
    this.index?.delete(this.relative(runDir));
  }

  clear(): void {
    this.backgroundCancelled = false;
    this.readAhead.clear();
    this.runListings.clear();
    this.runEntries.clear();
    this.runDirById.clear();
  }

  scheduleSave(): void {
    this.index?.scheduleSave();
  }

  async flush(): Promise<void> {
    await this.index?.save();
  }

  dispose(): void {
    this.disposed = true;
    this.index?.saveSync();
    this.pool?.dispose();
    this.pool = undefined;
  }
}

function backgroundCancelledError(): StoreError {
  return new StoreError('cancelled', 'Background reads were cancelled.');
}

/** A run as the index holds it, its meta.yaml unchanged since. */
function entryFromIndex(loc: RunLocation, indexed: IndexedRun): RunEntry {
  return { loc, info: indexed.info, stamp: indexed.stamp, params: indexed.params, metrics: indexed.metrics, tags: indexed.tags, inputs: indexed.inputs, dataProblems: indexed.problems };
}
