/**
 * The file store (`mlruns/`) reader. Read-only: it never creates, moves or writes anything under
 * the store root. Listings are cached in memory (the tree refreshes without re-reading the store;
 * `notifyChanged` drops only what a file watcher reports), finished runs are kept in a persistent
 * index outside the store (`cacheDir`), and large batches are read by worker threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInput, Experiment, FileInfo, KeyValue, Metric, ModelVersion, RegisteredModel, Run, RunInfo, ViewType } from '../../model/entities';
import type { PageRequest } from '../../model/paging';
import { silentLogger, type Logger } from '../../log';
import { normalizeArtifactPath, resolveArtifactPath, isInside } from '../../artifacts/artifactPath';
import { StoreError, throwIfAborted, type StoreProblem } from '../storeErrors';
import type {
  ArtifactRoot,
  MetricColumns,
  MetricHistoryRequest,
  ProblemPage,
  RunDataSelection,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
} from '../trackingStore';
import { decodePageToken, encodePageToken, pageSize, queryFingerprint } from '../pageToken';
import { resolveArtifactRoot } from './artifactRoot';
import { listExperimentFolders, listRunFolders, readExperiment, type ExperimentEntry } from './experimentReader';
import { parseMetricFile, type MetricLineProblem, type ParsedMetricFile } from './metricFile';
import { parseMetricColumns, selectStepRange, type ParsedMetricColumns } from './metricColumns';
import { asyncReadFs, unchangedStamps, type FileStamp } from './readFs';
import { readRegistry, type RegistryListing } from './registryReader';
import { readRunInfo, type PartProblems, type ReadSelection, type RunLocation } from './runReader';
import { InThreadLoader, type RunLoader } from './runLoader';
import { FilterSyntaxError, type FilterAst } from '../../search/filterAst';
import { evaluateFilter, requiredData } from '../../search/filterEval';
import { parseFilter } from '../../search/filterParser';
import { compileOrderClauses, orderRequiredData, parseOrderBy, type OrderClause } from '../../search/orderBy';
import { RunIndex, type IndexedRun } from './runIndex';
import { WorkerPoolLoader, defaultWorkerScript } from './workerPool';
import { isTerminalStatus } from './yamlMeta';

export interface FileStoreOptions {
  /** The URI shown to users (defaults to the root path). */
  uri?: string;
  /** Folder for the persistent index of finished runs, outside the store; none = no index. */
  cacheDir?: string;
  /** Worker script (`dist/indexWorker.js`); `false` = read in this thread only. */
  workerScript?: string | false;
  /** Number of worker threads (default: two per core, from 2 to 8). */
  workers?: number;
  logger?: Logger;
}

/** What the store keeps per run folder. */
interface RunEntry {
  loc: RunLocation;
  info: RunInfo;
  stamp: FileStamp;
  params?: KeyValue[];
  metrics?: Metric[];
  tags?: KeyValue[];
  inputs?: DatasetInput[];
  /** Problems met while reading the loaded parts of the data. */
  dataProblems: PartProblems;
}

interface ExperimentListing {
  entries: ExperimentEntry[];
  problems: StoreProblem[];
}

interface RunListing {
  entries: RunEntry[];
  problems: StoreProblem[];
}

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
type Parts = Required<ReadSelection>;
/** A whole run, as getRun and an unrestricted search return it. */
const ALL_DATA: Parts = { params: true, metrics: true, tags: true, inputs: true };
const PARTS = ['params', 'metrics', 'tags', 'inputs'] as const;

/** Batches at least this large go to the worker pool. */
const WORKER_THRESHOLD = 8;

function viewMatches(stage: string, view: ViewType | undefined): boolean {
  const v = view ?? 'ACTIVE_ONLY';
  return v === 'ALL' || (v === 'ACTIVE_ONLY' ? stage === 'active' : stage === 'deleted');
}

/** The parts a search returns: everything without `include` (inputs too), else what it names. */
function selection(include: RunDataSelection | undefined): Parts {
  if (!include) return ALL_DATA;
  return { params: !!include.params, metrics: !!include.metrics, tags: !!include.tags, inputs: false };
}

function union(a: Parts, b: Partial<Parts>): Parts {
  return { params: a.params || !!b.params, metrics: a.metrics || !!b.metrics, tags: a.tags || !!b.tags, inputs: a.inputs || !!b.inputs };
}

function missingParts(e: RunEntry, want: Parts): ReadSelection | undefined {
  const need = {
    params: want.params && !e.params,
    metrics: want.metrics && !e.metrics,
    tags: want.tags && !e.tags,
    inputs: want.inputs && !e.inputs,
  };
  return need.params || need.metrics || need.tags || need.inputs ? need : undefined;
}

/** The run as stored (shared arrays): for filtering and ordering only. */
function runView(e: RunEntry): Run {
  return {
    info: e.info,
    data: { metrics: e.metrics ?? [], params: e.params ?? [], tags: e.tags ?? [] },
    inputs: { dataset_inputs: e.inputs ?? [] },
  };
}

/** A copy the caller may keep, with the selected parts only. */
function toRun(e: RunEntry, want: Parts): Run {
  const run: Run = {
    info: { ...e.info },
    data: {
      metrics: want.metrics ? [...(e.metrics ?? [])] : [],
      params: want.params ? [...(e.params ?? [])] : [],
      tags: want.tags ? [...(e.tags ?? [])] : [],
    },
  };
  if (want.inputs) run.inputs = { dataset_inputs: [...(e.inputs ?? [])] };
  return run;
}

function invalidSearch(e: unknown): never {
  if (e instanceof FilterSyntaxError) throw new StoreError('invalidArgument', e.message, undefined, { cause: e });
  throw e;
}

export class FileStore implements TrackingStore {
  readonly kind = 'file' as const;
  readonly uri: string;
  /** Absolute path of the store root (the `mlruns` folder). */
  readonly root: string;

  private readonly log: Logger;
  private readonly inThread = new InThreadLoader();
  private pool: WorkerPoolLoader | undefined;
  private readonly index: RunIndex | undefined;

  private experimentsMemo: Promise<ExperimentListing> | undefined;
  private readonly runListings = new Map<string, Promise<RunListing>>();
  private readonly runEntries = new Map<string, RunEntry>();
  private readonly runDirById = new Map<string, string>();
  private registryMemo: Promise<RegistryListing> | undefined;
  private readonly histories = new Map<string, { stamp: FileStamp; parsed: ParsedMetricFile }>();
  private readonly columnHistories = new Map<string, { stamp: FileStamp; parsed: ParsedMetricColumns }>();
  /** The last search's order, reused for its next pages while its listings are unchanged. */
  private lastSearch: { fingerprint: string; listings: RunListing[]; ordered: RunEntry[] } | undefined;
  private disposed = false;

  constructor(root: string, options: FileStoreOptions = {}) {
    this.root = path.resolve(root);
    this.uri = options.uri ?? this.root;
    this.log = options.logger ?? silentLogger;
    const script = options.workerScript === undefined ? defaultWorkerScript() : options.workerScript;
    if (script) this.pool = new WorkerPoolLoader(script, options.workers, this.log);
    if (options.cacheDir) this.index = new RunIndex(options.cacheDir, this.root, this.log);
  }

  // ---------------------------------------------------------------- experiments

  async searchExperiments(request: SearchExperimentsRequest, signal?: AbortSignal): Promise<ProblemPage<Experiment>> {
    throwIfAborted(signal);
    const listing = await this.experiments();
    const matching = listing.entries
      .filter((e) => viewMatches(e.experiment.lifecycle_stage, request.viewType))
      .map((e) => e.experiment)
      .sort(experimentOrder);
    const fingerprint = queryFingerprint(['experiments', request.viewType ?? 'ACTIVE_ONLY']);
    const size = pageSize(request.maxResults, 1000, 50000);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const items = matching.slice(offset, offset + size).map((e) => ({ ...e, tags: [...e.tags] }));
    const page: ProblemPage<Experiment> = { items, problems: offset === 0 ? [...listing.problems] : [] };
    if (offset + size < matching.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  async getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
    throwIfAborted(signal);
    const e = await this.experimentEntry(experimentId);
    return { ...e.experiment, tags: [...e.experiment.tags] };
  }

  private experiments(): Promise<ExperimentListing> {
    if (!this.experimentsMemo) {
      const memo = this.readExperiments();
      this.experimentsMemo = memo;
      memo.catch(() => {
        if (this.experimentsMemo === memo) this.experimentsMemo = undefined;
      });
    }
    return this.experimentsMemo;
  }

  private async readExperiments(): Promise<ExperimentListing> {
    let folders;
    try {
      folders = await listExperimentFolders(asyncReadFs, this.root);
    } catch (e) {
      throw new StoreError('unreachable', `Cannot read the MLflow store ${this.root}: ${e instanceof Error ? e.message : String(e)}`, this.root, { cause: e });
    }
    if (!folders) {
      const isFile = await fs.promises.stat(this.root).then((s) => !s.isDirectory(), () => false);
      throw new StoreError('notFound', isFile ? `${this.root} is a file, not an MLflow store folder.` : `No MLflow store at ${this.root}: the folder does not exist.`, this.root);
    }
    const problems: StoreProblem[] = [];
    const entries: ExperimentEntry[] = [];
    const read = await Promise.all(folders.map((f) => readExperiment(asyncReadFs, f, problems)));
    const seen = new Set<string>();
    for (const e of read) {
      if (!e) continue;
      // An id both active and in .trash: MLflow sees the active one.
      if (seen.has(e.name)) {
        problems.push({ scope: 'experiment', location: e.dir, experimentId: e.name, message: `experiment '${e.name}' exists both in the store and in .trash; the active one is shown` });
        continue;
      }
      seen.add(e.name);
      entries.push(e);
    }
    return { entries, problems };
  }

  private async experimentEntry(experimentId: string): Promise<ExperimentEntry> {
    const listing = await this.experiments();
    const found = listing.entries.find((e) => e.name === experimentId);
    if (!found) throw new StoreError('notFound', `No experiment with id '${experimentId}' in ${this.root}.`, this.root);
    return found;
  }

  // ---------------------------------------------------------------- runs

  async searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>> {
    throwIfAborted(signal);
    let filter: FilterAst;
    let order: OrderClause[];
    try {
      filter = parseFilter(request.filter);
      order = parseOrderBy(request.orderBy);
    } catch (e) {
      invalidSearch(e);
    }
    const want = selection(request.include);
    const size = pageSize(request.maxResults, 1000, 50000);
    const fingerprint = queryFingerprint(['runs', [...request.experimentIds].sort(), request.viewType ?? 'ACTIVE_ONLY', request.filter?.trim() ?? '', request.orderBy ?? []]);
    const offset = decodePageToken(request.pageToken, fingerprint);

    const problems: StoreProblem[] = [];
    const matching: RunEntry[] = [];
    const experiments = await this.experiments();
    // Unknown ids match nothing, as MLflow's runs/search answers `{}` for them. The experiments
    // are listed together so their reads share the workers.
    const wanted = [...new Set(request.experimentIds)].map((id) => experiments.entries.find((e) => e.name === id)).filter((e): e is ExperimentEntry => !!e);
    const listings = await Promise.all(wanted.map((exp) => this.runListing(exp, signal)));
    if (offset === 0) for (const listing of listings) problems.push(...listing.problems);
    // The next page of the same query over the same listings reuses the filtered, sorted order.
    const cached = this.lastSearch;
    const reuse = cached && cached.fingerprint === fingerprint && cached.listings.length === listings.length && cached.listings.every((l, i) => l === listings[i]);
    if (!reuse) {
      for (const listing of listings) {
        for (const e of listing.entries) if (viewMatches(e.info.lifecycle_stage, request.viewType)) matching.push(e);
      }
    }
    // What the filter and the order read is loaded for every candidate; the rest for the page only.
    const filterNeeds = requiredData(filter);
    const needed: Partial<Parts> = { ...orderRequiredData(order) };
    needed.params ||= filterNeeds.params;
    needed.metrics ||= filterNeeds.metrics;
    needed.tags ||= filterNeeds.tags;
    needed.inputs = filterNeeds.datasets;
    const before = union({ params: false, metrics: false, tags: false, inputs: false }, needed);
    let ordered: RunEntry[];
    if (reuse) ordered = cached.ordered;
    else {
      if (before.params || before.metrics || before.tags || before.inputs) await this.ensureData(matching, before, signal);
      let views = matching.map((entry) => ({ entry, run: runView(entry) }));
      if (filter.clauses.length > 0) views = views.filter((v) => evaluateFilter(filter, v.run));
      const compare = isDefaultOrder(order) ? (a: Run, b: Run) => defaultOrder(a.info, b.info) : compileOrderClauses(order);
      views.sort((a, b) => compare(a.run, b.run));
      ordered = views.map((v) => v.entry);
      this.lastSearch = { fingerprint, listings, ordered };
    }
    const total = ordered.length;
    const pageEntries = ordered.slice(offset, offset + size);
    await this.ensureData(pageEntries, want, signal);
    const items = pageEntries.map((e) => toRun(e, want));
    for (const e of pageEntries) {
      for (const part of PARTS) if (want[part]) problems.push(...(e.dataProblems[part] ?? []));
    }
    const page: ProblemPage<Run> = { items, problems };
    if (offset + size < total) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    this.index?.scheduleSave();
    return page;
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    throwIfAborted(signal);
    const entry = await this.findRun(runId, signal);
    await this.ensureData([entry], ALL_DATA, signal);
    return toRun(entry, ALL_DATA);
  }

  private loaderFor(count: number): RunLoader {
    return this.pool && count >= WORKER_THRESHOLD ? this.pool : this.inThread;
  }

  private runListing(exp: ExperimentEntry, signal?: AbortSignal): Promise<RunListing> {
    let memo = this.runListings.get(exp.dir);
    if (!memo) {
      const m = this.readRunListing(exp, signal);
      memo = m;
      this.runListings.set(exp.dir, m);
      m.catch(() => {
        if (this.runListings.get(exp.dir) === m) this.runListings.delete(exp.dir);
      });
    }
    return memo;
  }

  private async readRunListing(exp: ExperimentEntry, signal?: AbortSignal): Promise<RunListing> {
    const folders = (await listRunFolders(asyncReadFs, exp.dir)) ?? [];
    const problems: StoreProblem[] = [];
    const entries: RunEntry[] = [];
    const toRead: { loc: RunLocation; indexed?: IndexedRun }[] = [];
    if (this.index) {
      await this.index.load();
      this.index.retainOnly(this.relative(exp.dir), new Set(folders));
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
      this.loaderFor(unknown.length).readInfos(unknown.map((r) => ({ loc: r.loc })), signal),
      unchangedStamps(
        checked.map((r) => `${r.loc.runDir}/meta.yaml`),
        checked.map((r) => r.indexed!.stamp),
      ),
    ]);
    throwIfAborted(signal);
    const changed = checked.filter((_, i) => !unchanged[i]);
    const readChanged = await this.loaderFor(changed.length).readInfos(changed.map((r) => ({ loc: r.loc })), signal);
    const readByRequest = new Map([...unknown.map((r, i) => [r, readUnknown[i]!] as const), ...changed.map((r, i) => [r, readChanged[i]!] as const)]);
    for (const request of toRead) {
      const { loc, indexed } = request;
      const res = readByRequest.get(request) ?? { kind: 'unchanged' };
      let entry: RunEntry | undefined;
      if (res.kind === 'unchanged' && indexed) {
        entry = { loc, info: indexed.info, stamp: indexed.stamp, params: indexed.params, metrics: indexed.metrics, tags: indexed.tags, inputs: indexed.inputs, dataProblems: indexed.problems };
      } else if (res.kind === 'info') {
        entry = { loc, info: res.info, stamp: res.stamp, dataProblems: {} };
      } else if (res.kind === 'problem') {
        problems.push(res.problem);
      }
      if (entry) {
        this.runEntries.set(loc.runDir, entry);
        entries.push(entry);
      }
    }
    for (const e of entries) this.rememberRunDir(e);
    return { entries, problems };
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
  private async ensureData(entries: RunEntry[], want: Parts, signal?: AbortSignal): Promise<void> {
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
      const results = await this.loaderFor(g.entries.length).readData(
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
        if (this.index && isTerminalStatus(e.info.status)) {
          this.index.put(this.relative(e.loc.runDir), { stamp: e.stamp, info: e.info, params: e.params, metrics: e.metrics, tags: e.tags, inputs: e.inputs, problems: e.dataProblems });
        }
      });
    }
  }

  private async findRun(runId: string, signal?: AbortSignal): Promise<RunEntry> {
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
      const res = await readRunInfo(asyncReadFs, loc);
      if (res.kind === 'info') {
        const entry: RunEntry = { loc, info: res.info, stamp: res.stamp, dataProblems: {} };
        this.runEntries.set(loc.runDir, entry);
        this.rememberRunDir(entry);
        return entry;
      }
      if (res.kind === 'problem') throw new StoreError('corrupt', res.problem.message, res.problem.location);
    }
    // A run whose folder name differs from its id: the full listing knows it.
    for (const exp of listing.entries) {
      const runs = await this.runListing(exp, signal);
      const hit = runs.entries.find((e) => e.info.run_id === runId);
      if (hit) return hit;
    }
    throw new StoreError('notFound', `Run '${runId}' not found in ${this.root}.`, this.root);
  }

  // ---------------------------------------------------------------- metrics

  async getMetricHistory(runId: string, metricKey: string, request: MetricHistoryRequest = {}, signal?: AbortSignal): Promise<ProblemPage<Metric>> {
    throwIfAborted(signal);
    const entry = await this.findRun(runId, signal);
    const key = validateKey(metricKey);
    const file = path.join(entry.loc.runDir, 'metrics', ...key.split('/'));
    const parsed = await this.parsedMetricFile(file, this.histories, (text) => parseMetricFile(key, text));
    if (!parsed) return { items: [], problems: [] };
    throwIfAborted(signal);
    let points = parsed.points;
    if (request.startStep !== undefined || request.endStep !== undefined) {
      const lo = request.startStep ?? -Infinity;
      const hi = request.endStep ?? Infinity;
      points = points.filter((p) => p.step >= lo && p.step <= hi);
    }
    const fingerprint = queryFingerprint(['history', runId, key, request.startStep ?? null, request.endStep ?? null]);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const size = pageSize(request.maxResults, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const page: ProblemPage<Metric> = {
      items: points.slice(offset, offset + size),
      problems: offset === 0 ? historyProblems(parsed.problems, file, key, entry.info.experiment_id, runId) : [],
    };
    if (offset + size < points.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  async readMetricColumns(runId: string, metricKey: string, range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'> = {}, signal?: AbortSignal): Promise<MetricColumns> {
    throwIfAborted(signal);
    const entry = await this.findRun(runId, signal);
    const key = validateKey(metricKey);
    const file = path.join(entry.loc.runDir, 'metrics', ...key.split('/'));
    const parsed = await this.parsedMetricFile(file, this.columnHistories, (text) => parseMetricColumns(key, text));
    throwIfAborted(signal);
    if (!parsed) return { steps: new Float64Array(0), timestamps: new Float64Array(0), values: new Float64Array(0), problems: [] };
    const { steps, timestamps, values } = selectStepRange(parsed, range);
    return { steps, timestamps, values, problems: historyProblems(parsed.problems, file, key, entry.info.experiment_id, runId) };
  }

  /** A parsed metric file; the last few are kept (keyed by mtime and size) so paging is cheap. */
  private async parsedMetricFile<T>(file: string, cache: Map<string, { stamp: FileStamp; parsed: T }>, parse: (text: string) => T): Promise<T | undefined> {
    let read: { text: string; stamp: FileStamp } | undefined;
    try {
      const stamp = await asyncReadFs.stamp(file);
      if (!stamp) return undefined;
      const hit = cache.get(file);
      if (hit && hit.stamp.mtimeMs === stamp.mtimeMs && hit.stamp.size === stamp.size) return hit.parsed;
      read = await asyncReadFs.readTextWithStamp(file);
    } catch (e) {
      throw new StoreError('unreachable', `Cannot read metric file ${file}: ${e instanceof Error ? e.message : String(e)}`, file, { cause: e });
    }
    if (!read) return undefined;
    const parsed = parse(read.text);
    cache.delete(file);
    cache.set(file, { stamp: read.stamp, parsed });
    while (cache.size > 4) cache.delete(cache.keys().next().value!);
    return parsed;
  }

  // ---------------------------------------------------------------- artifacts

  async getArtifactRoot(runId: string, signal?: AbortSignal): Promise<ArtifactRoot> {
    throwIfAborted(signal);
    const entry = await this.findRun(runId, signal);
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
    const rel = normalizeArtifactPath(relPath);
    const root = await this.localArtifactRoot(runId, signal);
    if (rel === '' && !(await fs.promises.stat(root).then((s) => s.isDirectory(), () => false))) return [];
    const target = await resolveArtifactPath(root, relPath);
    const realRoot = await fs.promises.realpath(root);
    let dirents: fs.Dirent[];
    try {
      dirents = await fs.promises.readdir(target.path, { withFileTypes: true });
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOTDIR') return [];
      throw new StoreError('notFound', `Cannot list artifacts in ${target.path}.`, target.path, { cause: e });
    }
    const out: FileInfo[] = [];
    for (const d of dirents) {
      throwIfAborted(signal);
      const abs = path.join(target.path, d.name);
      const rel = target.relative === '' ? d.name : `${target.relative}/${d.name}`;
      let st: fs.Stats;
      try {
        if (d.isSymbolicLink()) {
          const real = await fs.promises.realpath(abs);
          if (!isInside(realRoot, real)) continue; // a link leading out of the artifact root is not shown
        }
        st = await fs.promises.stat(abs);
      } catch {
        continue;
      }
      if (st.isDirectory()) out.push({ path: rel, is_dir: true });
      else if (st.isFile()) out.push({ path: rel, is_dir: false, file_size: st.size });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readArtifact(runId: string, relPath: string, signal?: AbortSignal): Promise<Uint8Array> {
    normalizeArtifactPath(relPath);
    const root = await this.localArtifactRoot(runId, signal);
    const target = await resolveArtifactPath(root, relPath);
    throwIfAborted(signal);
    try {
      return await fs.promises.readFile(target.path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EISDIR') throw new StoreError('invalidArgument', `Artifact '${target.relative}' is a folder.`, target.path);
      throw new StoreError('notFound', `Cannot read artifact ${target.path}.`, target.path, { cause: e });
    }
  }

  // ---------------------------------------------------------------- registry

  async searchRegisteredModels(request: PageRequest, signal?: AbortSignal): Promise<ProblemPage<RegisteredModel>> {
    throwIfAborted(signal);
    const reg = await this.registry();
    const fingerprint = queryFingerprint(['models']);
    const offset = decodePageToken(request.pageToken, fingerprint);
    const size = pageSize(request.maxResults, 100, 1000);
    const page: ProblemPage<RegisteredModel> = {
      items: reg.models.slice(offset, offset + size),
      problems: offset === 0 ? [...reg.problems] : [],
    };
    if (offset + size < reg.models.length) page.nextPageToken = encodePageToken(offset + size, fingerprint);
    return page;
  }

  /** Every visible version of a registered model (not in the interface: file-store extra). */
  async listModelVersions(name: string, signal?: AbortSignal): Promise<ModelVersion[]> {
    throwIfAborted(signal);
    const reg = await this.registry();
    const versions = reg.versions.get(name);
    if (!versions) throw new StoreError('notFound', `No registered model named '${name}'.`);
    return versions;
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
      if (expSegs.length === 1) this.dropExperimentRuns(expDir);
      return;
    }
    // Inside a run folder (or the folder itself): drop that run and re-list its experiment.
    const runDir = `${expDir}/${expSegs[1]}`;
    this.runListings.delete(expDir);
    const entry = this.runEntries.get(runDir);
    if (entry) {
      this.runEntries.delete(runDir);
      if (this.runDirById.get(entry.info.run_id) === runDir) this.runDirById.delete(entry.info.run_id);
    }
    this.index?.delete(this.relative(runDir));
  }

  private dropExperimentRuns(expDir: string): void {
    this.runListings.delete(expDir);
    for (const [dir, e] of this.runEntries) {
      if (dir.startsWith(`${expDir}/`)) {
        this.runEntries.delete(dir);
        if (this.runDirById.get(e.info.run_id) === dir) this.runDirById.delete(e.info.run_id);
      }
    }
  }

  private dropAll(): void {
    this.experimentsMemo = undefined;
    this.registryMemo = undefined;
    this.runListings.clear();
    this.runEntries.clear();
    this.runDirById.clear();
    this.histories.clear();
    this.columnHistories.clear();
    this.lastSearch = undefined;
  }

  /** Writes the persistent index now if it changed (the CLI calls this before exiting). */
  async flush(): Promise<void> {
    await this.index?.save();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.index?.saveSync();
    this.pool?.dispose();
    this.pool = undefined;
    this.dropAll();
  }
}

/** `start_time DESC, run_id ASC` only: MLflow's default, compared without the generic machinery. */
function isDefaultOrder(order: readonly OrderClause[]): boolean {
  return (
    order.length === 2 &&
    order[0]!.entity === 'attribute' && order[0]!.key === 'start_time' && !order[0]!.ascending &&
    order[1]!.entity === 'attribute' && order[1]!.key === 'run_id' && order[1]!.ascending
  );
}

function defaultOrder(a: RunInfo, b: RunInfo): number {
  if (a.start_time !== b.start_time) {
    if (a.start_time === undefined) return 1;
    if (b.start_time === undefined) return -1;
    return b.start_time - a.start_time;
  }
  return a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0;
}

/** MLflow's default experiment order: `creation_time DESC, experiment_id ASC` (missing times last). */
function experimentOrder(a: Experiment, b: Experiment): number {
  if (a.creation_time !== b.creation_time) {
    if (a.creation_time === undefined) return 1;
    if (b.creation_time === undefined) return -1;
    return b.creation_time - a.creation_time;
  }
  return a.experiment_id < b.experiment_id ? -1 : a.experiment_id > b.experiment_id ? 1 : 0;
}

/** A metric key as a relative path under `metrics/`; rejects escapes. */
function historyProblems(problems: readonly MetricLineProblem[], file: string, key: string, experimentId: string, runId: string): StoreProblem[] {
  return problems.map((p) => ({ scope: 'value' as const, location: file, experimentId, runId, message: `metric '${key}': ${p.message}` }));
}

function validateKey(key: string): string {
  if (key === '' || key.startsWith('/') || key.includes('\0') || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new StoreError('invalidArgument', `Invalid metric key '${key}'.`);
  }
  return key;
}
