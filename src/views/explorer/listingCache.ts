/**
 * What the Experiments view has read from the store: the experiment list, each expanded experiment's
 * runs (page by page), and the runs whose details a section showed. Each is read once and kept until
 * dropped; a failed read is dropped at once so the next expand retries. Every read is reported to
 * `onRead` (the connection's health). No tree nodes here: the provider turns listings into rows.
 */
import type { Experiment, Run, ViewType } from '../../core/model/entities';
import type { TrackingStore } from '../../core/store/trackingStore';
import { changedRunIds, experimentListingKey, runListingKey } from './liveListing';
import { appendPage, pagedOf, type Paged } from './pagedListing';
import type { RunQuery } from './runQuery';
import { orderByOf } from './runQuery';
import { runListingData } from './sortValue';

export interface ListingReads {
  viewType(): ViewType;
  /** The filter and sort every run listing is searched with. */
  query(): RunQuery;
  runPageSize(): number;
  /** Told what each read of the store did (`undefined`: it answered), for the connection's health. */
  onRead?(store: TrackingStore, error: unknown, experimentList: boolean): void;
}

/** What a live re-read found changed, told as it goes so each change repaints at once. */
export interface RereadChanges {
  experimentList(): void;
  runsOf(experimentId: string): void;
}

/** Most runs one live re-read of an experiment asks for (it covers the pages already loaded). */
const MAX_REREAD_RUNS = 5000;

export class ListingCache {
  private experiments: Promise<Paged<Experiment>> | undefined;
  private readonly runsByExperiment = new Map<string, Promise<Paged<Run>>>();
  private readonly runDetails = new Map<string, Promise<Run>>();

  constructor(private readonly reads: ListingReads) {}

  /** The store's experiment list (the pages loaded so far), read on first use. */
  experimentList(store: TrackingStore): Promise<Paged<Experiment>> {
    this.experiments ??= this.fetchExperiments(store, undefined);
    return settleOrDrop(this.experiments, () => (this.experiments = undefined));
  }

  /** Starts reading the experiment list unless it is read or being read; never rejects. */
  async preloadExperimentList(store: TrackingStore): Promise<void> {
    this.experiments ??= this.fetchExperiments(store, undefined);
    await this.experiments.catch(() => undefined);
  }

  /** The experiment list as loaded so far, without reading; undefined when none is (or it failed). */
  async listedExperiments(): Promise<Paged<Experiment> | undefined> {
    return this.experiments?.catch(() => undefined);
  }

  /** One experiment's runs (the pages loaded so far), read on first use. */
  runsOf(store: TrackingStore, experimentId: string): Promise<Paged<Run>> {
    let runs = this.runsByExperiment.get(experimentId);
    if (!runs) {
      runs = this.fetchRuns(store, experimentId, undefined);
      this.runsByExperiment.set(experimentId, runs);
    }
    return settleOrDrop(runs, () => this.runsByExperiment.delete(experimentId));
  }

  /** A run with its params, metrics and tags, read on first use. */
  runDetail(store: TrackingStore, runId: string): Promise<Run> {
    let details = this.runDetails.get(runId);
    if (!details) {
      details = this.reported(store, store.getRun(runId));
      this.runDetails.set(runId, details);
    }
    return settleOrDrop(details, () => this.runDetails.delete(runId));
  }

  /** Experiments whose runs are loaded (listed, or failed to list). */
  loadedExperimentIds(): string[] {
    return [...this.runsByExperiment.keys()];
  }

  /** Appends the next page of experiments; false when there is none. */
  async moreExperiments(store: TrackingStore): Promise<boolean> {
    const current = await this.experiments;
    if (!current?.nextPageToken) return false;
    const next = await this.fetchExperiments(store, current.nextPageToken);
    this.experiments = Promise.resolve(appendPage(current, next));
    return true;
  }

  /** Appends the next page of one experiment's runs; false when there is none. */
  async moreRuns(store: TrackingStore, experimentId: string): Promise<boolean> {
    const current = await this.runsByExperiment.get(experimentId);
    if (!current?.nextPageToken) return false;
    const next = await this.fetchRuns(store, experimentId, current.nextPageToken);
    this.runsByExperiment.set(experimentId, Promise.resolve(appendPage(current, next)));
    return true;
  }

  /** Forgets everything (explicit Refresh, another store, the deleted choice). */
  clear(): void {
    this.experiments = undefined;
    this.runsByExperiment.clear();
    this.runDetails.clear();
  }

  /** Forgets every run listing (a new filter or sort); the experiment list and run details stay. */
  clearRunListings(): void {
    this.runsByExperiment.clear();
  }

  dropExperimentList(): void {
    this.experiments = undefined;
  }

  /** Forgets one experiment's runs and the details of the runs it listed. */
  dropRuns(experimentId: string): void {
    const cached = this.runsByExperiment.get(experimentId);
    this.runsByExperiment.delete(experimentId);
    void cached?.then(
      (page) => page.items.forEach((r) => this.runDetails.delete(r.info.run_id)),
      () => undefined,
    );
  }

  /**
   * Reads the experiment list and these experiments' runs again and keeps only what changed (a new
   * run, a changed status), telling `changes` about each. Rejects when the store cannot be read; the
   * cache then stays.
   */
  async reread(store: TrackingStore, experimentIds: readonly string[], signal: AbortSignal, changes: RereadChanges): Promise<void> {
    const listed = await this.listedExperiments();
    // A list extended with "Load more" is left alone: the first page alone would shorten it.
    if (!listed?.nextPageToken || !listed.items.length) {
      const fresh = await this.fetchExperiments(store, undefined, signal);
      if (this.experiments === undefined || !listed || experimentListingKey(fresh) !== experimentListingKey(listed)) {
        this.experiments = Promise.resolve(fresh);
        changes.experimentList();
      }
    }
    for (const id of experimentIds) {
      const cachedLoad = this.runsByExperiment.get(id);
      const cached = await cachedLoad?.catch(() => undefined);
      const count = Math.min(MAX_REREAD_RUNS, Math.max(this.reads.runPageSize(), cached?.items.length ?? 0));
      const fresh = await this.fetchRuns(store, id, undefined, signal, count);
      if (this.runsByExperiment.get(id) !== cachedLoad) continue;
      if (cached && runListingKey(fresh) === runListingKey(cached)) continue;
      for (const runId of changedRunIds(cached?.items ?? [], fresh.items)) this.runDetails.delete(runId);
      this.runsByExperiment.set(id, Promise.resolve(fresh));
      changes.runsOf(id);
    }
  }

  /**
   * Runs of the experiments listed so far (or of the first experiments when none is expanded) with
   * their params and metrics, for the keys the Sort quick pick offers. The view's own listing reads
   * tags only, so this is a separate read, done only when the user asks to sort. `unfiltered`: all
   * their runs, tags included (the keys a new filter may name).
   */
  async sampleRunsForKeys(store: TrackingStore, options: { unfiltered?: boolean }, maxExperiments: number): Promise<Run[]> {
    let experimentIds = this.loadedExperimentIds();
    if (experimentIds.length === 0) {
      const listed = await this.listedExperiments();
      experimentIds = (listed?.items ?? []).map((e) => e.experiment_id);
    }
    if (experimentIds.length === 0) return [];
    const filter = this.reads.query().filter;
    const page = await store.searchRuns({
      experimentIds: experimentIds.slice(0, maxExperiments),
      viewType: this.reads.viewType(),
      maxResults: this.reads.runPageSize(),
      include: { params: true, metrics: true, tags: options.unfiltered === true },
      ...(filter && !options.unfiltered ? { filter } : {}),
    });
    return page.items;
  }

  /** Tells `onRead` how a fresh read of the store went. */
  private reported<T>(store: TrackingStore, read: Promise<T>, experimentList = false): Promise<T> {
    read.then(
      () => this.reads.onRead?.(store, undefined, experimentList),
      (error: unknown) => this.reads.onRead?.(store, error, experimentList),
    );
    return read;
  }

  private async fetchExperiments(store: TrackingStore, pageToken: string | undefined, signal?: AbortSignal): Promise<Paged<Experiment>> {
    const request = { viewType: this.reads.viewType(), ...(pageToken ? { pageToken } : {}) };
    return pagedOf(await this.reported(store, store.searchExperiments(request, signal), true));
  }

  private async fetchRuns(
    store: TrackingStore,
    experimentId: string,
    pageToken: string | undefined,
    signal?: AbortSignal,
    maxResults = this.reads.runPageSize(),
  ): Promise<Paged<Run>> {
    const query = this.reads.query();
    const request = {
      experimentIds: [experimentId],
      viewType: this.reads.viewType(),
      maxResults,
      // Dataset inputs decide whether a run shows a Datasets section.
      include: { ...runListingData(query.sort), inputs: true },
      ...(query.filter ? { filter: query.filter } : {}),
      ...(query.sort ? { orderBy: orderByOf(query) } : {}),
      ...(pageToken ? { pageToken } : {}),
    };
    return pagedOf(await this.reported(store, store.searchRuns(request, signal)));
  }
}

/** Awaits a cached load; a failed load is dropped from the cache so the next expand retries. */
async function settleOrDrop<T>(load: Promise<T>, drop: () => void): Promise<T> {
  try {
    return await load;
  } catch (err) {
    drop();
    throw err;
  }
}
