/**
 * The file store (`mlruns/`) reader. Read-only: it never creates, moves or writes anything under
 * the store root. Listings are cached in memory (the tree refreshes without re-reading the store;
 * `notifyChanged` drops only what a file watcher reports), finished runs are kept in a persistent
 * index outside the store (`cacheDir`), and large batches are read by worker threads.
 */
import path from 'node:path';
import type { Experiment, FileInfo, Metric, ModelVersion, RegisteredModel, Run } from '../../model/entities';
import { silentLogger, type Logger } from '../../log';
import { normalizeArtifactPath } from '../../artifacts/artifactPath';
import { StoreError, throwIfAborted, type StoreProblem } from '../storeErrors';
import type { LoggedModel } from '../../registry/loggedModel';
import { nameMatches } from '../../registry/registryFacts';
import type {
  ArtifactRoot,
  BackgroundWork,
  CountRunsRequest,
  MetricColumns,
  MetricHistoryRequest,
  ProblemPage,
  SearchExperimentsRequest,
  SearchLoggedModelsRequest,
  SearchRegisteredModelsRequest,
  SearchRunsRequest,
  TrackingStore,
} from '../trackingStore';
import { decodePageToken, encodePageToken, pageSize, queryFingerprint } from '../pageToken';
import { listArtifactFolder, readArtifactFile } from './artifactFiles';
import { resolveArtifactRoot } from './artifactRoot';
import { experimentPage, readExperimentListing, viewMatches, type ExperimentListing } from './experimentListing';
import type { ExperimentEntry } from './experimentReader';
import { MetricHistories } from './metricHistories';
import { asyncReadFs } from './readFs';
import { readLoggedModels } from './loggedModelReader';
import { readRegistry, type RegistryListing } from './registryReader';
import { RunCatalog } from './runCatalog';
import { ALL_DATA, toRun } from './runEntry';
import { RunSearch } from './runSearch';
import { defaultWorkerScript } from './workerPool';
export interface FileStoreOptions {
  /** The URI shown to users (defaults to the root path). */
  uri?: string;
  /** Folder for the persistent index of finished runs, outside the store; none = no index. */
  cacheDir?: string;
  /** Worker script (`dist/indexWorker.js`); `false` = read in this thread only. */
  workerScript?: string | false;
  /** Number of worker threads (default: two per core, from 2 to 8). */
  workers?: number;
  /** Smallest batch of runs the workers read (smaller ones are read in this thread). */
  workerThreshold?: number;
  logger?: Logger;
  /**
   * Read ahead in the background what the next questions need (default true): unfinished runs'
   * data and finished runs' tags, once an experiment is listed. Off, only what is asked is read.
   */
  backgroundReads?: boolean;
}

export class FileStore implements TrackingStore {
  readonly kind = 'file' as const;
  readonly uri: string;
  /** Absolute path of the store root (the `mlruns` folder). */
  readonly root: string;

  private readonly runs: RunCatalog;
  private readonly runSearch: RunSearch;
  private readonly metrics = new MetricHistories();
  private experimentsMemo: Promise<ExperimentListing> | undefined;
  private registryMemo: Promise<RegistryListing> | undefined;
  private disposed = false;
  /** The run listings counted for the tree and their read-ahead: progress, and Cancel. */
  readonly backgroundWork: BackgroundWork = {
    onProgress: (listener) => this.runs.backgroundProgress.onProgress(listener),
    cancel: () => this.runs.cancelBackground(),
  };

  constructor(root: string, options: FileStoreOptions = {}) {
    this.root = path.resolve(root);
    this.uri = options.uri ?? this.root;
    const experiments = () => this.experiments();
    this.runs = new RunCatalog({
      root: this.root,
      log: options.logger ?? silentLogger,
      workerScript: options.workerScript === undefined ? defaultWorkerScript() : options.workerScript,
      workers: options.workers,
      workerThreshold: options.workerThreshold,
      backgroundReads: options.backgroundReads ?? true,
      cacheDir: options.cacheDir,
      experiments,
    });
    this.runSearch = new RunSearch(this.runs, experiments);
  }

  // ---------------------------------------------------------------- experiments

  async searchExperiments(request: SearchExperimentsRequest, signal?: AbortSignal): Promise<ProblemPage<Experiment>> {
    throwIfAborted(signal);
    return experimentPage(await this.experiments(), request);
  }

  async getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
    throwIfAborted(signal);
    const e = await this.experimentEntry(experimentId);
    return { ...e.experiment, tags: [...e.experiment.tags] };
  }

  private experiments(): Promise<ExperimentListing> {
    if (!this.experimentsMemo) {
      const memo = readExperimentListing(this.root);
      this.experimentsMemo = memo;
      memo.catch(() => {
        if (this.experimentsMemo === memo) this.experimentsMemo = undefined;
      });
    }
    return this.experimentsMemo;
  }

  private async experimentEntry(experimentId: string): Promise<ExperimentEntry> {
    const listing = await this.experiments();
    const found = listing.entries.find((e) => e.name === experimentId);
    if (!found) throw new StoreError('notFound', `No experiment with id '${experimentId}' in ${this.root}.`, this.root);
    return found;
  }

  // ---------------------------------------------------------------- runs

  searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>> {
    return this.runSearch.search(request, signal);
  }

  /**
   * Counted from the run listings searches use (the persistent index spares re-reading finished
   * runs), read in the background: an experiment the user expands meanwhile is read first.
   */
  async countRuns(request: CountRunsRequest, signal?: AbortSignal): Promise<Map<string, number>> {
    throwIfAborted(signal);
    const experiments = await this.experiments();
    const counts = new Map<string, number>();
    await Promise.all(
      [...new Set(request.experimentIds)].map(async (id) => {
        const experiment = experiments.entries.find((e) => e.name === id);
        if (!experiment) return;
        const listing = await this.runs.listing(experiment, signal, { background: true }).catch((error: unknown) => {
          // Background reads cancelled by the user (not this call): that count stays unknown.
          if (StoreError.is(error, 'cancelled') && !signal?.aborted) return undefined;
          throw error;
        });
        if (!listing) return;
        counts.set(id, listing.entries.filter((e) => viewMatches(e.info.lifecycle_stage, request.viewType)).length);
      }),
    );
    return counts;
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    throwIfAborted(signal);
    const entry = await this.runs.findRun(runId, signal);
    await this.runs.ensureData([entry], ALL_DATA, signal);
    return toRun(entry, ALL_DATA);
  }

  // ---------------------------------------------------------------- metrics

  async getMetricHistory(runId: string, metricKey: string, request: MetricHistoryRequest = {}, signal?: AbortSignal): Promise<ProblemPage<Metric>> {
    throwIfAborted(signal);
    const entry = await this.runs.findRun(runId, signal);
    return this.metrics.page(entry, runId, metricKey, request, signal);
  }

  async readMetricColumns(runId: string, metricKey: string, range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'> = {}, signal?: AbortSignal): Promise<MetricColumns> {
    throwIfAborted(signal);
    const entry = await this.runs.findRun(runId, signal);
    return this.metrics.columns(entry, runId, metricKey, range, signal);
  }

  // ---------------------------------------------------------------- artifacts

  async getArtifactRoot(runId: string, signal?: AbortSignal): Promise<ArtifactRoot> {
    throwIfAborted(signal);
    const entry = await this.runs.findRun(runId, signal);
    return resolveArtifactRoot({
      storeRoot: this.root,
      runDir: entry.loc.runDir,
      experimentId: entry.loc.experimentId,
      runId: entry.loc.folder,
      recordedUri: entry.info.artifact_uri,
    });
  }

  private async localArtifactRoot(runId: string, signal?: AbortSignal): Promise<string> {
    const root = await this.getArtifactRoot(runId, signal);
    if (!root.localPath) throw new StoreError('notFound', root.unavailableReason ?? 'The artifacts are not available locally.', root.recordedUri);
    return root.localPath;
  }

  async listArtifacts(runId: string, relPath?: string, signal?: AbortSignal): Promise<FileInfo[]> {
    normalizeArtifactPath(relPath);
    return listArtifactFolder(await this.localArtifactRoot(runId, signal), relPath, signal);
  }

  async readArtifact(runId: string, relPath: string, signal?: AbortSignal): Promise<Uint8Array> {
    normalizeArtifactPath(relPath);
    return readArtifactFile(await this.localArtifactRoot(runId, signal), relPath, signal);
  }

  // ---------------------------------------------------------------- registry

  async searchRegisteredModels(request: SearchRegisteredModelsRequest, signal?: AbortSignal): Promise<ProblemPage<RegisteredModel>> {
    throwIfAborted(signal);
    const reg = await this.registry();
    const models = reg.models.filter((m) => nameMatches(m.name, request.nameContains));
    const fingerprint = queryFingerprint(['models', request.nameContains ?? '']);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const size = pageSize(request.maxResults, 100, 1000);
    const page: ProblemPage<RegisteredModel> = {
      items: models.slice(offset, offset + size),
      problems: offset === 0 ? [...reg.problems] : [],
      totalCount: models.length,
    };
    if (offset + size < models.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  /** Every visible version of a registered model, with its aliases. */
  async listModelVersions(name: string, signal?: AbortSignal): Promise<ModelVersion[]> {
    throwIfAborted(signal);
    const reg = await this.registry();
    const versions = reg.versions.get(name);
    if (!versions) throw new StoreError('notFound', `No registered model named '${name}'.`);
    return versions;
  }

  /** MLflow 3 logged models of these experiments (trashed experiments included, as their runs are). */
  async searchLoggedModels(request: SearchLoggedModelsRequest, signal?: AbortSignal): Promise<ProblemPage<LoggedModel>> {
    throwIfAborted(signal);
    const listing = await this.experiments();
    const models: LoggedModel[] = [];
    const problems: StoreProblem[] = [];
    for (const id of new Set(request.experimentIds)) {
      const entry = listing.entries.find((e) => e.name === id);
      if (!entry) continue;
      const found = await readLoggedModels(asyncReadFs, entry.dir, id);
      models.push(...found.models);
      problems.push(...found.problems);
    }
    const fingerprint = queryFingerprint(['logged-models', [...new Set(request.experimentIds)].sort()]);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const size = pageSize(request.maxResults, 100, 1000);
    const page: ProblemPage<LoggedModel> = { items: models.slice(offset, offset + size), problems: offset === 0 ? problems : [], totalCount: models.length };
    if (offset + size < models.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  private registry(): Promise<RegistryListing> {
    if (!this.registryMemo) {
      const memo = readRegistry(asyncReadFs, this.root);
      this.registryMemo = memo;
      memo.catch(() => {
        if (this.registryMemo === memo) this.registryMemo = undefined;
      });
    }
    return this.registryMemo;
  }

  // ---------------------------------------------------------------- changes, lifetime

  notifyChanged(changed: string): void {
    const rel = path.relative(this.root, path.resolve(changed));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return;
    const segs = rel === '' ? [] : rel.split(path.sep);
    if (segs.length === 0) {
      this.dropAll();
      return;
    }
    if (segs[0] === 'models') {
      this.registryMemo = undefined;
      return;
    }
    let expSegs = segs;
    let expDir = this.root;
    if (segs[0] === '.trash') {
      expSegs = segs.slice(1);
      expDir = `${this.root}/.trash`;
      if (expSegs.length === 0) {
        this.dropAll();
        return;
      }
    }
    expDir = `${expDir}/${expSegs[0]}`;
    if (expSegs.length === 1 || expSegs[1] === 'meta.yaml' || expSegs[1] === 'tags') {
      // The experiment itself changed (added, removed, renamed, trashed).
      this.experimentsMemo = undefined;
      if (expSegs.length === 1) this.runs.forgetExperiment(expDir);
      return;
    }
    // Inside a run folder (or the folder itself): drop that run and re-list its experiment.
    this.runs.forgetRun(expDir, `${expDir}/${expSegs[1]}`);
  }

  private dropAll(): void {
    this.experimentsMemo = undefined;
    this.registryMemo = undefined;
    this.runs.clear();
    this.metrics.clear();
    this.runSearch.clear();
  }

  /** Resolves once the background reads (run counts, unfinished runs' data) are done. */
  settled(): Promise<void> {
    return this.runs.settled();
  }

  /** Writes the persistent index now if it changed (the CLI calls this before exiting). */
  async flush(): Promise<void> {
    await this.runs.flush();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.runs.dispose();
    this.dropAll();
  }
}
