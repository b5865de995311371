/**
 * A `TrackingStore` over an MLflow tracking server's REST API. Read-only: it calls search/get/list
 * endpoints only. Filters and `order_by` go to the server unchanged (MLflow evaluates them);
 * paging follows `next_page_token` behind a loop guard; entries that cannot be read become problem
 * records instead of failing the listing.
 */
import { normalizeArtifactPath } from '../../artifacts/artifactPath';
import type { Experiment, FileInfo, Metric, ModelVersion, RegisteredModel, Run } from '../../model/entities';
import { StoreError, type StoreProblem } from '../storeErrors';
import type {
  ArtifactRoot,
  MetricHistoryRequest,
  ProblemPage,
  SearchExperimentsRequest,
  SearchLoggedModelsRequest,
  SearchRegisteredModelsRequest,
  SearchRunsRequest,
  TrackingStore,
} from '../trackingStore';
import { collectPages } from '../../model/paging';
import type { LoggedModel } from '../../registry/loggedModel';
import { exactNameFilter, nameFilter, nameMatches, withAliases } from '../../registry/registryFacts';
import { AnswerReader, asObjectOrEmpty, idOf } from './answerReader';
import { ConcurrencyLimit } from './concurrencyLimit';
import { MlflowApi } from './endpoints';
import { toLoggedModel } from './loggedModelMapping';
import { HttpClient, type HttpClientOptions } from './http';
import {
  optionalString,
  toExperiment,
  toFileInfo,
  toMetric,
  toModelVersion,
  toRegisteredModel,
  toRun,
} from './mapping';
import { PageGuard } from './pageGuard';
import { RestStoreError } from './restErrors';
import { EXACT_WINDOW_STEPS, insideWindow, judgeWindowAnswer, type StepWindow, type WindowVerdict } from './stepWindow';

export interface RestStoreOptions extends Omit<HttpClientOptions, 'baseUrl' | 'headers'> {
  /** Sent as `X-MLFLOW-WORKSPACE`, only when set: servers without workspaces may reject it. */
  workspace?: string;
  /** Extra headers for every request. */
  headers?: Readonly<Record<string, string>>;
  /** Most pages one metric history may take before reading stops with a problem (default 1000). */
  maxHistoryPages?: number;
  /** Most points one metric history may hold in memory before reading stops with a problem (default 5,000,000). */
  maxHistoryPoints?: number;
  /** Most `runs/search` requests in flight at once (default 4): expanded experiments are listed concurrently, within this bound. */
  maxConcurrentSearches?: number;
}

/** One step window of a history as the sampled endpoint answered it, with the verdict on that answer. */
export interface MetricWindowRead {
  /** The answer's points inside the window, in the server's order. */
  items: Metric[];
  verdict: WindowVerdict;
}

export interface RegistrySearchRequest extends SearchRegisteredModelsRequest {
  /** A raw MLflow filter; `nameContains` is added to it. */
  filter?: string;
  orderBy?: string[];
}

export interface SampledHistoryRequest {
  /** Points per run, 1–2500 (the server's limit); default 2500. */
  maxResults?: number;
  startStep?: number;
  endStep?: number;
}

/** What MLflow's own clients ask for per page of `get-history`. */
const HISTORY_PAGE_SIZE = 25_000;
const DEFAULT_MAX_HISTORY_PAGES = 1_000;
const DEFAULT_MAX_HISTORY_POINTS = 5_000_000;
const EXPERIMENTS_PAGE_SIZE = 1_000;
const BULK_INTERVAL_MAX_RUNS = 100;
const BULK_INTERVAL_MAX_POINTS = 2_500;
const ARTIFACT_URI_CACHE_SIZE = 10_000;
const DEFAULT_MAX_CONCURRENT_SEARCHES = 4;
/** MLflow's step bounds are int64; these are the widest a JSON number carries exactly. */
const LOWEST_STEP = -Number.MAX_SAFE_INTEGER;
const HIGHEST_STEP = Number.MAX_SAFE_INTEGER;

export class RestStore implements TrackingStore {
  readonly kind = 'rest' as const;
  readonly uri: string;
  private readonly http: HttpClient;
  private readonly api: MlflowApi;
  private readonly answers: AnswerReader;
  private readonly maxHistoryPages: number;
  private readonly maxHistoryPoints: number;
  private readonly searches: ConcurrencyLimit;
  /** Artifact URIs of runs already fetched; a run's artifact URI never changes. */
  private readonly artifactUris = new Map<string, string>();

  constructor(trackingUri: string, options: RestStoreOptions = {}) {
    const { workspace, headers, maxHistoryPages, maxHistoryPoints, maxConcurrentSearches, ...httpOptions } = options;
    this.searches = new ConcurrencyLimit(maxConcurrentSearches ?? DEFAULT_MAX_CONCURRENT_SEARCHES);
    this.maxHistoryPages = maxHistoryPages ?? DEFAULT_MAX_HISTORY_PAGES;
    this.maxHistoryPoints = maxHistoryPoints ?? DEFAULT_MAX_HISTORY_POINTS;
    this.http = new HttpClient({
      ...httpOptions,
      baseUrl: trackingUri,
      headers: { ...headers, ...(workspace ? { 'X-MLFLOW-WORKSPACE': workspace } : {}) },
    });
    this.uri = trackingUri.replace(/\/+$/, '');
    this.api = new MlflowApi(this.http);
    this.answers = new AnswerReader(this.uri, new PageGuard(this.uri), (message) => this.http.clean(message));
  }

  async searchExperiments(request: SearchExperimentsRequest, signal?: AbortSignal): Promise<ProblemPage<Experiment>> {
    const body = {
      // Required in practice: without it MLflow's REST handler reads 0 and answers 400.
      max_results: request.maxResults ?? EXPERIMENTS_PAGE_SIZE,
      view_type: request.viewType,
      page_token: request.pageToken,
    };
    const answer = await this.api.searchExperiments(body, signal);
    const query = JSON.stringify(['experiments', body.max_results, body.view_type]);
    return this.answers.page(answer, 'experiments', toExperiment, query, request.pageToken, (item) => ({ experimentId: idOf(item, 'experiment_id') }));
  }

  async getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
    const answer = await this.api.getExperiment(experimentId, signal);
    return this.answers.one(answer, 'experiment', toExperiment);
  }

  async searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>> {
    // MLflow answers `{}` for no experiments; spare the round trip.
    if (request.experimentIds.length === 0) return { items: [], problems: [] };
    const body = {
      experiment_ids: request.experimentIds,
      filter: request.filter?.trim() ? request.filter : undefined,
      run_view_type: request.viewType,
      max_results: request.maxResults,
      order_by: request.orderBy?.length ? request.orderBy : undefined,
      page_token: request.pageToken,
    };
    const answer = await this.searches.run(() => this.api.searchRuns(body, signal));
    const query = JSON.stringify(['runs', body.experiment_ids, body.filter, body.run_view_type, body.max_results, body.order_by]);
    const page = this.answers.page(answer, 'runs', toRun, query, request.pageToken, (item) => {
      const info = asObjectOrEmpty(asObjectOrEmpty(item)['info']);
      return { experimentId: idOf(info, 'experiment_id'), runId: idOf(info, 'run_id') ?? idOf(info, 'run_uuid') };
    });
    for (const run of page.items) this.rememberArtifactUri(run);
    return page;
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    const run = this.answers.one(await this.api.getRun(runId, signal), 'run', toRun);
    this.rememberArtifactUri(run);
    return run;
  }

  /**
   * Without a step range: the exact history, page by page (`max_results` always sent; servers
   * before 3.1.1 ignore it and answer everything at once). With `maxResults` or `pageToken`, one
   * page; otherwise all pages, up to `maxHistoryPoints`. With a step range: every point of the
   * range, from the sampled chart endpoint when its answer is provably complete (see
   * `stepWindow.ts`), else from the whole history.
   */
  async getMetricHistory(
    runId: string,
    metricKey: string,
    request: MetricHistoryRequest = {},
    signal?: AbortSignal,
  ): Promise<ProblemPage<Metric>> {
    if (request.startStep !== undefined || request.endStep !== undefined) {
      const window = { startStep: request.startStep ?? LOWEST_STEP, endStep: request.endStep ?? HIGHEST_STEP };
      const read = await this.readMetricWindow(runId, metricKey, window, signal);
      if (read.verdict.kind === 'all') return { items: read.items, problems: [] };
      const whole = await this.getMetricHistory(runId, metricKey, {}, signal);
      return { items: insideWindow(whole.items, window), problems: whole.problems };
    }
    const onePage = request.maxResults !== undefined || request.pageToken !== undefined;
    const maxResults = request.maxResults ?? HISTORY_PAGE_SIZE;
    const query = JSON.stringify(['history', runId, metricKey, maxResults]);
    const items: Metric[] = [];
    const problems: StoreProblem[] = [];
    let token = request.pageToken;
    for (let pages = 0; pages < this.maxHistoryPages; pages++) {
      const answer = await this.api.getMetricHistory({ run_id: runId, metric_key: metricKey, max_results: maxResults, page_token: token }, signal);
      const page = this.answers.page(answer, 'metrics', toMetric, query, token, () => ({ runId }));
      for (const item of page.items) items.push(item);
      problems.push(...page.problems);
      if (onePage) return { items, problems, nextPageToken: page.nextPageToken };
      if (!page.nextPageToken) return { items, problems };
      if (items.length >= this.maxHistoryPoints) {
        problems.push({ location: this.uri, scope: 'value', runId, message: `The history of "${metricKey}" has more than ${this.maxHistoryPoints.toLocaleString('en-US')} points; only the first ${items.length.toLocaleString('en-US')} were read.` });
        return { items, problems };
      }
      token = page.nextPageToken;
    }
    problems.push({ location: this.uri, scope: 'value', runId, message: `The history of "${metricKey}" has more than ${this.maxHistoryPages} pages; the rest was not read.` });
    return { items, problems };
  }

  /**
   * One step window through the sampled endpoint (at most 2500 points), judged: `all` when the
   * answer is every point of the window, `sample` when it is a correct even sample, `wrong` when
   * it cannot be right (MLflow 2.12.2's sampling of windows away from the first step).
   */
  async readMetricWindow(runId: string, metricKey: string, window: StepWindow, signal?: AbortSignal): Promise<MetricWindowRead> {
    if (!(window.startStep <= window.endStep)) {
      throw new StoreError('invalidArgument', `The step window ${window.startStep}–${window.endStep} is empty: the start step must not be after the end step.`, this.uri);
    }
    const bounds = { startStep: Math.max(LOWEST_STEP, Math.floor(window.startStep)), endStep: Math.min(HIGHEST_STEP, Math.ceil(window.endStep)) };
    const answer = await this.getSampledMetricHistories([runId], metricKey, { ...bounds, maxResults: EXACT_WINDOW_STEPS }, signal);
    const items = insideWindow(answer.get(runId) ?? [], bounds);
    return { items, verdict: judgeWindowAnswer(items, { ...window, ...bounds }, EXACT_WINDOW_STEPS) };
  }

  /**
   * Sampled histories of one metric for many runs (for charts), through `get-history-bulk-interval`.
   * Sends both step bounds whenever either is known, because without them MLflow drops negative steps.
   */
  async getSampledMetricHistories(
    runIds: readonly string[],
    metricKey: string,
    request: SampledHistoryRequest = {},
    signal?: AbortSignal,
  ): Promise<Map<string, Metric[]>> {
    const byRun = new Map<string, Metric[]>(runIds.map((id) => [id, []]));
    const maxResults = Math.min(BULK_INTERVAL_MAX_POINTS, Math.max(1, Math.floor(request.maxResults ?? BULK_INTERVAL_MAX_POINTS)));
    const ranged = request.startStep !== undefined || request.endStep !== undefined;
    for (let i = 0; i < runIds.length; i += BULK_INTERVAL_MAX_RUNS) {
      const answer = await this.api.getMetricHistoryBulkInterval(
        {
          run_ids: runIds.slice(i, i + BULK_INTERVAL_MAX_RUNS),
          metric_key: metricKey,
          max_results: maxResults,
          start_step: ranged ? (request.startStep ?? LOWEST_STEP) : undefined,
          end_step: ranged ? (request.endStep ?? HIGHEST_STEP) : undefined,
        },
        signal,
      );
      for (const point of this.answers.items(answer, 'metrics')) {
        const runId = optionalString(asObjectOrEmpty(point), 'run_id');
        const target = runId === undefined ? undefined : byRun.get(runId);
        if (target) target.push(this.answers.map(point, toMetric));
      }
    }
    return byRun;
  }

  async getArtifactRoot(runId: string, signal?: AbortSignal): Promise<ArtifactRoot> {
    return { recordedUri: await this.artifactUriOf(runId, signal) };
  }

  async listArtifacts(runId: string, path?: string, signal?: AbortSignal): Promise<FileInfo[]> {
    const relative = normalizeArtifactPath(path);
    const answer = await this.api.listArtifacts(runId, relative, signal);
    return this.answers.items(answer, 'files').map((entry) => this.answers.map(entry, toFileInfo));
  }

  /**
   * `mlflow-artifacts:` roots are read through the artifact proxy (not moved by `--static-prefix`);
   * when the proxy fails (`--no-serve-artifacts`, or the connection MLflow drops for non-Latin-1
   * file names) and for every other root, through `/get-artifact`.
   */
  async readArtifact(runId: string, path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const relative = normalizeArtifactPath(path);
    if (relative === '') throw new StoreError('invalidArgument', 'No artifact path given.', this.uri);
    const proxied = proxyLocation(await this.artifactUriOf(runId, signal));
    if (proxied !== undefined) {
      try {
        return await this.api.downloadProxiedArtifact(`${proxied}/${relative}`, signal);
      } catch (error) {
        if (!(error instanceof RestStoreError)) throw error;
        if (error.failure === 'mlflowError' && error.status === 500 && /no such file/i.test(error.message)) {
          throw new StoreError('notFound', `Run ${runId} has no artifact "${relative}".`, error.location, { cause: error });
        }
        const proxyUnavailable = error.failure === 'connection' || [404, 501, 503].includes(error.status ?? 0);
        if (!proxyUnavailable) throw error;
      }
    }
    try {
      return await this.api.getArtifact(runId, relative, signal);
    } catch (error) {
      // `/get-artifact` answers a missing file or a folder with a bare HTML 500.
      if (error instanceof RestStoreError && error.status === 500) {
        throw new StoreError('notFound', `The server cannot send artifact "${relative}" of run ${runId}: it is missing or a folder.`, error.location, { cause: error });
      }
      throw error;
    }
  }

  async searchRegisteredModels(request: RegistrySearchRequest, signal?: AbortSignal): Promise<ProblemPage<RegisteredModel>> {
    const clauses = [request.filter, request.nameContains ? nameFilter(request.nameContains) : undefined].filter(Boolean);
    const query = { filter: clauses.join(' AND ') || undefined, max_results: request.maxResults, order_by: request.orderBy, page_token: request.pageToken };
    const answer = await this.api.searchRegisteredModels(query, signal);
    const key = JSON.stringify(['registered-models', query.filter, query.max_results, query.order_by]);
    const page = this.answers.page(answer, 'registered_models', toRegisteredModel, key, request.pageToken, () => ({}));
    // The server matched a quote-free part of the text (see nameFilter); keep only the real matches.
    return { ...page, items: page.items.filter((m) => nameMatches(m.name, request.nameContains)) };
  }

  /**
   * `model-versions/search` leaves aliases out, so they are taken from the registered model; a name
   * with a quote is searched by its quote-free prefix (MLflow matches nothing with a quote in a filter).
   */
  async listModelVersions(modelName: string, signal?: AbortSignal): Promise<ModelVersion[]> {
    const model = await this.getRegisteredModel(modelName, signal);
    const filter = exactNameFilter(modelName);
    const versions = await collectPages(async (pageToken) => (await this.searchModelVersions({ filter, ...(pageToken && { pageToken }) }, signal)));
    const own = versions.filter((v) => v.name === modelName).sort((a, b) => Number(a.version) - Number(b.version));
    return withAliases(own, model.aliases);
  }

  /** MLflow 3's `logged-models/search`; a 2.x server has no such endpoint (404) and no logged models. */
  async searchLoggedModels(request: SearchLoggedModelsRequest, signal?: AbortSignal): Promise<ProblemPage<LoggedModel>> {
    const body = { experiment_ids: request.experimentIds, max_results: request.maxResults, page_token: request.pageToken };
    let answer: Record<string, unknown>;
    try {
      answer = await this.api.searchLoggedModels(body, signal);
    } catch (error) {
      if (error instanceof RestStoreError && error.status === 404 && error.errorCode === undefined) return { items: [], problems: [] };
      throw error;
    }
    const key = JSON.stringify(['logged-models', [...request.experimentIds].sort(), body.max_results]);
    return this.answers.page(answer, 'models', toLoggedModel, key, request.pageToken, (item) => ({ experimentId: idOf(asObjectOrEmpty(asObjectOrEmpty(item)['info']), 'experiment_id') }));
  }

  async getRegisteredModel(name: string, signal?: AbortSignal): Promise<RegisteredModel> {
    return this.answers.one(await this.api.getRegisteredModel(name, signal), 'registered_model', toRegisteredModel);
  }

  async searchModelVersions(request: RegistrySearchRequest, signal?: AbortSignal): Promise<ProblemPage<ModelVersion>> {
    const query = { filter: request.filter || undefined, max_results: request.maxResults, order_by: request.orderBy, page_token: request.pageToken };
    const answer = await this.api.searchModelVersions(query, signal);
    const key = JSON.stringify(['model-versions', query.filter, query.max_results, query.order_by]);
    return this.answers.page(answer, 'model_versions', toModelVersion, key, request.pageToken, (item) => ({ runId: idOf(asObjectOrEmpty(item), 'run_id') }));
  }

  async getModelVersion(name: string, version: string, signal?: AbortSignal): Promise<ModelVersion> {
    return this.answers.one(await this.api.getModelVersion(name, version, signal), 'model_version', toModelVersion);
  }

  dispose(): void {
    this.http.dispose();
  }

  private rememberArtifactUri(run: Run): void {
    this.artifactUris.delete(run.info.run_id);
    this.artifactUris.set(run.info.run_id, run.info.artifact_uri);
    // Oldest first out: a long session browsing many runs must not grow this without bound.
    if (this.artifactUris.size > ARTIFACT_URI_CACHE_SIZE) {
      const oldest = this.artifactUris.keys().next().value;
      if (oldest !== undefined) this.artifactUris.delete(oldest);
    }
  }

  private async artifactUriOf(runId: string, signal?: AbortSignal): Promise<string> {
    return this.artifactUris.get(runId) ?? (await this.getRun(runId, signal)).info.artifact_uri;
  }
}

/** `mlflow-artifacts:/1/abc/artifacts` (or `mlflow-artifacts://host/1/…`) → `1/abc/artifacts`. */
function proxyLocation(artifactUri: string): string | undefined {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*?)\/*$/.exec(artifactUri);
  return match?.[1] || undefined;
}
