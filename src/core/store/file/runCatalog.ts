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
import { asyncReadFs, unchangedStamps } from './readFs';
import { readRunInfo, type ReadSelection, type RunLocation } from './runReader';
import { InThreadLoader, type ReadPriority, type RunLoader } from './runLoader';
import { BackgroundQueue, type BackgroundJob } from './backgroundQueue';
import { RunIndex, experimentOf, type IndexedRun } from './runIndex';
import { missingParts, type Parts, type RunEntry, type RunListing } from './runEntry';
import { WorkerPoolLoader } from './workerPool';
import { isTerminalStatus } from './yamlMeta';

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;

/**
 * Batches at least this large go to the worker pool: starting a worker costs about as much CPU as
 * reading a hundred runs here, so the few RUNNING runs of a warm listing are read in this thread.
 */
const WORKER_THRESHOLD = 64;

/** The parts a filter can read, prefetched for unfinished runs. */
const FILTERABLE: Parts = { params: true, metrics: true, tags: true, inputs: false };
const TAGS_ONLY: Parts = { params: false, metrics: false, tags: true, inputs: false };
const PREFETCH_BATCH = 100;

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

  private readonly runListings = new Map<string, { listing: Promise<RunListing>; priority: ReadPriority; promote(): void }>();
  private readonly background = new BackgroundQueue();
  private readonly runEntries = new Map<string, RunEntry>();
  private readonly runDirById = new Map<string, string>();
  /** Unfinished runs whose filterable data is being read in the background, with that job. */
  private readonly prefetching = new Map<RunEntry, BackgroundJob<void>>();

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
        memo.promote();
      }
      return memo.listing;
    }
    const priority: ReadPriority = { background: !!options.background };
    let listing: Promise<RunListing>;
    let promote = (): void => undefined;
    if (options.background) {
      // Even its index part and stamp checks wait: they take the thread the user's reads need.
      const job = this.background.enqueue(() => this.readRunListing(exp, signal, priority));
      listing = job.result;
      promote = job.promote;
    } else {
      listing = this.background.foregroundRun(() => this.readRunListing(exp, signal, priority));
    }
    this.runListings.set(exp.dir, { listing, priority, promote });
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
        entry = { loc, info: indexed.info, stamp: indexed.stamp, params: indexed.params, metrics: indexed.metrics, tags: indexed.tags, inputs: indexed.inputs, dataProblems: indexed.problems };
      } else if (res.kind === 'info') {
        entry = { loc, info: res.info, stamp: res.stamp, dataProblems: {} };
        // Kept even without its data, so the next session's listing checks one stamp instead of parsing meta.yaml.
        if (index && isTerminalStatus(res.info.status)) index.put(this.relative(loc.runDir), { stamp: res.stamp, info: res.info, problems: {} });
      } else if (res.kind === 'problem') {
        problems.push(res.problem);
      }
      if (entry) {
        this.runEntries.set(loc.runDir, entry);
        entries.push(entry);
      }
    }
    for (const e of entries) this.rememberRunDir(e);
    this.prefetchUnindexed(entries);
    return { entries, problems };
  }

  /**
   * Unfinished runs are never in the index, so the first filter would read their params, metrics
   * and tags (thousands of files) while the user types; finished runs listed without their tags
   * would have them read by the next tag filter (Open Run Details looks for child runs with one).
   * Both are read in the background once the listing is shown, behind anything the user asks for,
   * in small batches so that a foreground read never waits long for one in flight (a store of
   * crashed runs left RUNNING can hold thousands); what is read of finished runs goes to the index.
   */
  private prefetchUnindexed(entries: readonly RunEntry[]): void {
    if (!this.backgroundReads || this.disposed) return;
    const fresh = entries.filter((e) => !this.prefetching.has(e));
    const unfinished = fresh.filter((e) => !isTerminalStatus(e.info.status) && missingParts(e, FILTERABLE));
    const untagged = fresh.filter((e) => isTerminalStatus(e.info.status) && !e.tags);
    this.prefetchInBatches(unfinished, FILTERABLE);
    this.prefetchInBatches(untagged, TAGS_ONLY);
  }

  private prefetchInBatches(entries: readonly RunEntry[], want: Parts): void {
    for (let i = 0; i < entries.length; i += PREFETCH_BATCH) {
      const batch = entries.slice(i, i + PREFETCH_BATCH);
      const job = this.background.enqueue(async () => {
        if (this.disposed) return;
        await this.readMissingData(batch, want, undefined, true);
        if (!this.disposed) this.index?.scheduleSave();
      });
      for (const e of batch) this.prefetching.set(e, job);
      void job.result
        .catch(() => undefined) // a foreground read of the same runs reports the problem
        .finally(() => {
          for (const e of batch) if (this.prefetching.get(e) === job) this.prefetching.delete(e);
        });
    }
  }

  /**
   * Waits for the background batches already reading some of `entries`, so their files are not
   * read twice at once; batches not started yet are left queued (the foreground reads those runs
   * itself, and the batch then skips them).
   */
  private async awaitPrefetches(entries: readonly RunEntry[], want: Parts): Promise<void> {
    if (this.prefetching.size === 0) return;
    const inFlight = new Set<BackgroundJob<void>>();
    for (const e of entries) {
      const job = this.prefetching.get(e);
      if (job?.started() && missingParts(e, want)) inFlight.add(job);
    }
    await Promise.all([...inFlight].map((job) => job.result.catch(() => undefined)));
  }

  /** Resolves once every background read (counts, prefetches) is done. */
  settled(): Promise<void> {
    return this.background.settled();
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
      await this.awaitPrefetches(entries, want);
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
      );
      results.forEach((r, i) => {
        const e = g.entries[i]!;
        if (r.params) e.params = r.params;
        if (r.metrics) e.metrics = r.metrics;
        if (r.tags) e.tags = r.tags;
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
    const candidates: ExperimentEntry[] = [];
    await Promise.all(
      listing.entries.map(async (exp) => {
        const st = await fs.promises.stat(`${exp.dir}/${runId}`).catch(() => undefined);
        if (st?.isDirectory()) candidates.push(exp);
      }),
    );
    candidates.sort((a, b) => +a.inTrash - +b.inTrash);
    for (const exp of candidates) {
      throwIfAborted(signal);
      const loc: RunLocation = { runDir: `${exp.dir}/${runId}`, folder: runId, experimentId: exp.name, inTrash: exp.inTrash };
      const cached = this.runEntries.get(loc.runDir);
      if (cached) return cached;
      const indexed = await this.indexedRun(loc);
      const res = await readRunInfo(asyncReadFs, loc, indexed?.stamp);
      let entry: RunEntry | undefined;
      if (res.kind === 'unchanged' && indexed) {
        entry = { loc, info: indexed.info, stamp: indexed.stamp, params: indexed.params, metrics: indexed.metrics, tags: indexed.tags, inputs: indexed.inputs, dataProblems: indexed.problems };
      } else if (res.kind === 'info') {
        entry = { loc, info: res.info, stamp: res.stamp, dataProblems: {} };
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
    this.prefetching.clear();
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
