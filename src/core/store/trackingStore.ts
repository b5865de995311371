import type {
  Experiment,
  FileInfo,
  Metric,
  ModelVersion,
  RegisteredModel,
  Run,
  ViewType,
} from '../model/entities';
import type { LoggedModel } from '../registry/loggedModel';
import type { Page, PageRequest } from '../model/paging';
import type { StoreProblem } from './storeErrors';

/** Which parts of `run.data` a caller needs; stores may skip reading the others (all by default). */
export interface RunDataSelection {
  params?: boolean;
  metrics?: boolean;
  tags?: boolean;
  /** Dataset inputs: with an `include`, only the file store skips them unless asked (the others always send them). */
  inputs?: boolean;
}

export interface SearchExperimentsRequest extends PageRequest {
  viewType?: ViewType;
}

export interface SearchRunsRequest extends PageRequest {
  /** Experiments to search; an empty list matches nothing (as MLflow's REST API). */
  experimentIds: string[];
  viewType?: ViewType;
  /** MLflow search filter (`metrics.acc > 0.9 and params.lr = '0.1'`), where the store supports it. */
  filter?: string;
  /** MLflow `order_by` clauses; default `start_time DESC, run_id ASC`. */
  orderBy?: string[];
  include?: RunDataSelection;
}

/** Results plus the per-entry problems met while producing them (never thrown). */
export interface ProblemPage<T> extends Page<T> {
  problems: StoreProblem[];
  /** The matches over all pages, when the store knows it without another query (a server does not say). */
  totalCount?: number;
}

export interface CountRunsRequest {
  experimentIds: string[];
  viewType?: ViewType;
}

export interface SearchRegisteredModelsRequest extends PageRequest {
  /** Only models whose name contains this, ignoring case (MLflow's `name ILIKE '%text%'`). */
  nameContains?: string;
}

export interface SearchLoggedModelsRequest extends PageRequest {
  experimentIds: string[];
}

export interface MetricHistoryRequest extends PageRequest {
  /** Inclusive step range, when only part of a long history is wanted. */
  startStep?: number;
  endStep?: number;
}

/**
 * One metric history as parallel columns, in the same points and order as `getMetricHistory`
 * (all pages), with the same problems. The arrays may be shared with the store's cache: read only.
 */
export interface MetricColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  /** NaN and ±Infinity exactly as logged. */
  values: Float64Array;
  problems: StoreProblem[];
}

/** Where a run's artifacts live and whether they can be read from here. */
export interface ArtifactRoot {
  /** The `artifact_uri` recorded by MLflow. */
  recordedUri: string;
  /** A local folder holding the artifacts, when one was found (the recorded URI may be stale). */
  localPath?: string;
  /** Why the artifacts cannot be read, when they cannot. */
  unavailableReason?: string;
}

/**
 * How far the reads a store does on its own have got (the file store's run listings that count each
 * experiment's runs for the tree, then its read-ahead of their tags): runs done of those known so far.
 */
export interface BackgroundProgress {
  /** Runs listed (meta.yaml read, or checked against the index) of the runs queued for listing. */
  listed: number;
  toList: number;
  /** Runs whose read-ahead (finished runs' tags, unfinished runs' data) is done, of those queued. */
  readAhead: number;
  toReadAhead: number;
  /** `running` while reads remain; `done` once none do; `cancelled` after `cancel()`. */
  state: 'running' | 'done' | 'cancelled';
}

/** The store's own background reads: their progress, and a way to stop them. */
export interface BackgroundWork {
  /** Calls `listener` on every change of progress until disposed. */
  onProgress(listener: (progress: BackgroundProgress) => void): { dispose(): void };
  /**
   * Drops the queued background reads and stops the running one at its next batch; counts not
   * read stay unknown. What is asked later is read on demand; background reads start again only
   * after the whole store is dropped (Refresh).
   */
  cancel(): void;
}

/**
 * A read-only view of one MLflow tracking store. Implemented by the file store (`mlruns/`), the
 * SQLite store and the REST store; every method returns MLflow's REST entity shapes.
 * Errors are `StoreError`s with a `reason`; cancelled calls reject with reason `cancelled`.
 */
export interface TrackingStore {
  readonly kind: 'file' | 'sqlite' | 'rest';
  /** The tracking URI this store was opened from, for display (never holds credentials). */
  readonly uri: string;

  searchExperiments(
    request: SearchExperimentsRequest,
    signal?: AbortSignal,
  ): Promise<ProblemPage<Experiment>>;
  getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment>;

  searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>>;
  /**
   * How many runs each experiment holds, for stores that can tell without reading the runs' data
   * (the file store's run listings, one SQL count); unknown experiments are left out.
   */
  countRuns?(request: CountRunsRequest, signal?: AbortSignal): Promise<Map<string, number>>;
  getRun(runId: string, signal?: AbortSignal): Promise<Run>;

  /** The full history of one metric, in the store's order (file order for the file store). */
  getMetricHistory(
    runId: string,
    metricKey: string,
    request?: MetricHistoryRequest,
    signal?: AbortSignal,
  ): Promise<ProblemPage<Metric>>;

  /**
   * The whole history (optionally an inclusive step range) as typed arrays, for stores that can
   * read it without one object per point (a 1,000,000-step chart); callers fall back to
   * `getMetricHistory` when a store lacks it.
   */
  readMetricColumns?(
    runId: string,
    metricKey: string,
    range?: Pick<MetricHistoryRequest, 'startStep' | 'endStep'>,
    signal?: AbortSignal,
  ): Promise<MetricColumns>;

  /** Where the run's artifacts are. */
  getArtifactRoot(runId: string, signal?: AbortSignal): Promise<ArtifactRoot>;
  /** One level of the run's artifact tree; `path` is relative to the artifact root. */
  listArtifacts(runId: string, path?: string, signal?: AbortSignal): Promise<FileInfo[]>;
  readArtifact(runId: string, path: string, signal?: AbortSignal): Promise<Uint8Array>;

  /**
   * Registered models (prompts included: `isPrompt` tells them apart) by name, as MLflow's
   * `registered-models/search`; a broken entry of a local registry is a problem on the first page.
   * The file, SQLite and REST stores all have the registry methods; they are optional for wrappers.
   */
  searchRegisteredModels?(
    request: SearchRegisteredModelsRequest,
    signal?: AbortSignal,
  ): Promise<ProblemPage<RegisteredModel>>;
  /**
   * Every visible version of one registered model in version order, each with its aliases (deleted
   * versions are hidden as MLflow hides them); `notFound` when there is no such model.
   */
  listModelVersions?(modelName: string, signal?: AbortSignal): Promise<ModelVersion[]>;
  /** MLflow 3 logged models of these experiments (none on stores written by MLflow 2). */
  searchLoggedModels?(
    request: SearchLoggedModelsRequest,
    signal?: AbortSignal,
  ): Promise<ProblemPage<LoggedModel>>;

  /**
   * Tells the store that files under `path` changed (from a file watcher), so cached entries
   * for the runs there are dropped and the next read sees the change.
   */
  notifyChanged?(path: string): void;

  /** Reads the store does on its own in the background, for stores that do any (the file store). */
  readonly backgroundWork?: BackgroundWork;

  dispose(): void;
}
