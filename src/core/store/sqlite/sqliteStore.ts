/**
 * A read-only view of an MLflow SQLite tracking database (`sqlite:///mlflow.db`), schemas of MLflow
 * 1.x–3.x. It never writes: the file is opened read-only, each call runs in one short read
 * transaction (a consistent snapshot that never blocks a training process for long), and a
 * writer's lock is waited for up to `busy_timeout`. Filters are narrowed in SQL where that is exact
 * and always decided by the shared evaluator, so results equal the other stores'.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Experiment, FileInfo, Metric, ModelVersion, RegisteredModel, Run } from '../../model/entities';
import { type Logger, silentLogger } from '../../log';
import { resolveArtifactPath } from '../../artifacts/artifactPath';
import { FilterSyntaxError } from '../../search/filterAst';
import { parseFilter } from '../../search/filterParser';
import { parseOrderBy } from '../../search/orderBy';
import { StoreError, type StoreProblem, throwIfAborted } from '../storeErrors';
import type {
  ArtifactRoot,
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
import { resolveSqliteArtifactRoot } from './artifactLocation';
import type { LoggedModel } from '../../registry/loggedModel';
import { nameMatches } from '../../registry/registryFacts';
import { readLoggedModels } from './loggedModelQueries';
import { readRegistry } from './registryQueries';
import { countRunsByExperiment } from './runCounts';
import { experimentFromRow, metricColumnsFromRows, text } from './rowMapping';
import { loadDatasetInputs, loadLatestMetrics, loadParams, loadTags, selectMetricHistory, selectMetricHistoryRows, selectRunInfo } from './runQueries';
import { type SearchCache, buildSearchCache, copyRun, loadPageData, releaseServed } from './runSearch';
import { pageOf, plainPage } from './sqlitePaging';
import { REQUIRED_TABLES, type SchemaInfo, hasColumn, readSchema } from './schema';
import { type OpenOptions, type SqliteConnection, type SqliteEngine, openSqlite, sqliteErrorMessage } from './sqliteDriver';
import { isSqliteUri, sqlitePathFromUri } from './sqliteUri';

export interface SqliteStoreOptions extends OpenOptions {
  /** Folder a relative `sqlite:///x.db` is resolved against (the workspace folder). */
  baseDir?: string;
  logger?: Logger;
}

const DEFAULT_MAX_RUNS = 1000;
const MAX_RUNS = 50000;

function invalidSearch(error: unknown, location: string): never {
  if (error instanceof FilterSyntaxError) {
    throw new StoreError('invalidArgument', error.message, location, { cause: error });
  }
  throw error;
}

interface OpenDatabase {
  db: SqliteConnection;
  schema: SchemaInfo;
}

export class SqliteStore implements TrackingStore {
  readonly kind = 'sqlite';
  readonly uri: string;
  /** Absolute path of the database file. */
  readonly databasePath: string;
  private readonly logger: Logger;
  private readonly opening: Promise<OpenDatabase>;
  private opened?: OpenDatabase;
  /** Notices about the database itself (newer schema, …), reported once with the first listing. */
  private notices: StoreProblem[] = [];
  /** The last search's matching runs in order, so its next pages do not search again. */
  private searchCache?: SearchCache;
  private disposed = false;

  /**
   * Starts opening `sqlite:///…` (or a plain path to a database file); every call waits for it,
   * and an open failure (a `StoreError` naming the file) rejects every call. `SqliteStore.open`
   * waits for it up front.
   */
  constructor(uriOrPath: string, options: SqliteStoreOptions = {}) {
    const baseDir = options.baseDir ?? process.cwd();
    this.databasePath = isSqliteUri(uriOrPath) ? sqlitePathFromUri(uriOrPath, baseDir) : path.resolve(baseDir, uriOrPath);
    this.uri = isSqliteUri(uriOrPath) ? uriOrPath.trim() : `sqlite:///${this.databasePath}`;
    this.logger = options.logger ?? silentLogger;
    this.opening = this.openDatabase(options);
    // Callers see the failure on their first call; this only keeps it from being "unhandled".
    this.opening.catch(() => undefined);
  }

  static async open(uriOrPath: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const store = new SqliteStore(uriOrPath, options);
    await store.opening;
    return store;
  }

  private async openDatabase(options: OpenOptions): Promise<OpenDatabase> {
    const file = this.databasePath;
    const db = await openSqlite(file, options);
    let schema: SchemaInfo;
    try {
      schema = readSchema(db);
    } catch (error) {
      db.close();
      throw new StoreError('corrupt', `Cannot read the schema of ${file}: ${sqliteErrorMessage(error)}`, file, { cause: error });
    }
    const missing = REQUIRED_TABLES.filter((t) => !schema.tables.has(t));
    if (missing.length > 0) {
      db.close();
      throw new StoreError('corrupt', `${file} is not an MLflow tracking database: it has no ${missing.join(' or ')} table.`, file);
    }
    if (this.disposed) db.close();
    this.opened = { db, schema };
    this.collectNotices();
    this.logger.info(`[sqlite] opened ${file} with ${db.engine}, schema revision ${schema.revision ?? 'unknown'}`);
    return this.opened;
  }

  /** Which SQLite engine reads this database (`node:sqlite` or the `sql.js` fallback), once open. */
  get engine(): SqliteEngine | undefined {
    return this.opened?.db.engine;
  }

  /** The schema found in the database, once open. */
  get schema(): SchemaInfo | undefined {
    return this.opened?.schema;
  }

  private collectNotices(): void {
    const { schema, db } = this.opened ?? {};
    if (!schema || !db) return;
    if (schema.unknownRevision) {
      this.notices.push({
        scope: 'store',
        location: this.databasePath,
        message: `This database was written by a newer MLflow (schema revision ${schema.revision}) than MLflow Lens knows; it is read as far as its tables allow.`,
      });
    }
    if (db.engine === 'sql.js' && fs.existsSync(`${this.databasePath}-wal`) && fs.statSync(`${this.databasePath}-wal`).size > 0) {
      this.notices.push({
        scope: 'store',
        location: `${this.databasePath}-wal`,
        message: 'The database has changes in its write-ahead log that this VS Code (no built-in node:sqlite) cannot see until MLflow checkpoints them.',
      });
    }
    for (const n of this.notices) this.logger.warn(`[sqlite] ${n.message} (${n.location})`);
  }

  private takeNotices(): StoreProblem[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** Runs `fn` in one read transaction on the latest state of the file; maps SQLite errors. */
  private async read<T>(signal: AbortSignal | undefined, fn: (db: SqliteConnection, schema: SchemaInfo) => T): Promise<T> {
    throwIfAborted(signal);
    const { db, schema } = await this.opening;
    throwIfAborted(signal);
    if (this.disposed) throw new StoreError('cancelled', `The store ${this.uri} is closed.`, this.databasePath);
    try {
      await db.refresh();
      db.all('BEGIN');
      try {
        return fn(db, schema);
      } finally {
        db.all('COMMIT');
      }
    } catch (error) {
      if (StoreError.is(error)) throw error;
      const message = sqliteErrorMessage(error);
      if (/database is locked|SQLITE_BUSY|database table is locked/i.test(message)) {
        throw new StoreError('unreachable', `${this.databasePath} is locked by another process (${message}); try again.`, this.databasePath, { cause: error });
      }
      throw new StoreError('corrupt', `Cannot read ${this.databasePath}: ${message}`, this.databasePath, { cause: error });
    }
  }

  async searchExperiments(request: SearchExperimentsRequest, signal?: AbortSignal): Promise<ProblemPage<Experiment>> {
    const experiments = await this.read(signal, (db, schema) => this.selectExperiments(db, schema, request.viewType));
    return { ...plainPage(experiments, request, this.databasePath, 1000, 50000), problems: this.takeNotices(), totalCount: experiments.length };
  }

  private selectExperiments(db: SqliteConnection, schema: SchemaInfo, viewType: SearchExperimentsRequest['viewType'], experimentId?: string): Experiment[] {
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (experimentId !== undefined) {
      if (!/^\d+$/.test(experimentId)) return [];
      conditions.push('e.experiment_id = ?');
      params.push(Number(experimentId));
    } else if (viewType !== 'ALL') {
      conditions.push(viewType === 'DELETED_ONLY' ? "e.lifecycle_stage = 'deleted'" : "e.lifecycle_stage = 'active'");
    }
    const created = hasColumn(schema, 'experiments', 'creation_time');
    const columns = ['e.experiment_id', 'e.name', 'e.artifact_location', 'e.lifecycle_stage'];
    if (created) columns.push('e.creation_time', 'e.last_update_time');
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = created ? 'ORDER BY e.creation_time DESC, e.experiment_id ASC' : 'ORDER BY e.experiment_id ASC';
    const experiments = db.all(`SELECT ${columns.join(', ')} FROM experiments e ${where} ${order}`, params).map(experimentFromRow);
    if (schema.tables.has('experiment_tags') && experiments.length > 0) {
      const byId = new Map(experiments.map((e) => [e.experiment_id, e]));
      const tagWhere = experimentId !== undefined ? 'WHERE experiment_id = ?' : '';
      for (const row of db.all(`SELECT experiment_id, "key", value FROM experiment_tags ${tagWhere} ORDER BY "key"`, params)) {
        byId.get(text(row['experiment_id']))?.tags.push({ key: text(row['key']), value: text(row['value']) });
      }
    }
    return experiments;
  }

  async getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
    const [experiment] = await this.read(signal, (db, schema) => this.selectExperiments(db, schema, 'ALL', experimentId));
    if (!experiment) throw new StoreError('notFound', `No experiment with id '${experimentId}' in ${this.databasePath}.`, this.databasePath);
    return experiment;
  }

  async searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<ProblemPage<Run>> {
    let filter: ReturnType<typeof parseFilter>;
    let order: ReturnType<typeof parseOrderBy>;
    try {
      filter = parseFilter(request.filter);
      order = parseOrderBy(request.orderBy);
    } catch (error) {
      invalidSearch(error, this.databasePath);
    }
    const include = { params: true, metrics: true, tags: true, ...request.include };
    const queryKey = JSON.stringify([[...request.experimentIds].sort(), request.viewType ?? 'ACTIVE_ONLY', request.filter?.trim() ?? '', request.orderBy ?? []]);
    const result = await this.read(signal, (db, schema) => {
      const version = db.snapshotId();
      let cached = this.searchCache;
      if (!cached || cached.queryKey !== queryKey || cached.version !== version) {
        cached = buildSearchCache(db, schema, request, filter, order, queryKey, version);
        this.searchCache = cached;
      }
      const page = pageOf(cached.runs, request, this.databasePath, DEFAULT_MAX_RUNS, MAX_RUNS);
      loadPageData(db, schema, cached, page.start, page.items.length, include);
      const items = page.items.map(copyRun);
      releaseServed(cached, page.start, page.items.length);
      const totalCount = cached.runs.length;
      return page.nextPageToken === undefined ? { items, totalCount } : { items, totalCount, nextPageToken: page.nextPageToken };
    });
    return { ...result, problems: this.takeNotices() };
  }

  async countRuns(request: CountRunsRequest, signal?: AbortSignal): Promise<Map<string, number>> {
    return this.read(signal, (db, schema) => countRunsByExperiment(db, schema, request.experimentIds, request.viewType));
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<Run> {
    return this.read(signal, (db, schema) => {
      const info = selectRunInfo(db, schema, runId);
      if (!info) throw new StoreError('notFound', `No run with id '${runId}' in ${this.databasePath}.`, this.databasePath);
      const ids = [runId];
      return {
        info,
        data: {
          metrics: loadLatestMetrics(db, schema, ids).get(runId) ?? [],
          params: loadParams(db, schema, ids).get(runId) ?? [],
          tags: loadTags(db, schema, ids).get(runId) ?? [],
        },
        inputs: { dataset_inputs: loadDatasetInputs(db, schema, ids).get(runId) ?? [] },
      };
    });
  }

  async getMetricHistory(runId: string, metricKey: string, request: MetricHistoryRequest = {}, signal?: AbortSignal): Promise<ProblemPage<Metric>> {
    const history = await this.read(signal, (db, schema) => {
      if (!selectRunInfo(db, schema, runId)) {
        throw new StoreError('notFound', `No run with id '${runId}' in ${this.databasePath}.`, this.databasePath);
      }
      return selectMetricHistory(db, schema, runId, metricKey, request.startStep, request.endStep);
    });
    const page = plainPage(history, request, this.databasePath, Math.max(1, history.length), Number.MAX_SAFE_INTEGER);
    return { ...page, problems: [] };
  }

  async readMetricColumns(runId: string, metricKey: string, range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'> = {}, signal?: AbortSignal): Promise<MetricColumns> {
    const columns = await this.read(signal, (db, schema) => {
      if (!selectRunInfo(db, schema, runId)) {
        throw new StoreError('notFound', `No run with id '${runId}' in ${this.databasePath}.`, this.databasePath);
      }
      return metricColumnsFromRows(selectMetricHistoryRows(db, schema, runId, metricKey, range.startStep, range.endStep));
    });
    return { ...columns, problems: [] };
  }

  async getArtifactRoot(runId: string, signal?: AbortSignal): Promise<ArtifactRoot> {
    const info = await this.read(signal, (db, schema) => selectRunInfo(db, schema, runId));
    if (!info) throw new StoreError('notFound', `No run with id '${runId}' in ${this.databasePath}.`, this.databasePath);
    return resolveSqliteArtifactRoot({
      databaseDir: path.dirname(this.databasePath),
      experimentId: info.experiment_id,
      runId,
      recordedUri: info.artifact_uri,
    });
  }

  private async localArtifactRoot(runId: string, signal?: AbortSignal): Promise<string> {
    const root = await this.getArtifactRoot(runId, signal);
    if (!root.localPath) throw new StoreError('notFound', root.unavailableReason ?? `No artifacts for run '${runId}'.`, root.recordedUri);
    return root.localPath;
  }

  async listArtifacts(runId: string, artifactPath?: string, signal?: AbortSignal): Promise<FileInfo[]> {
    const root = await this.localArtifactRoot(runId, signal);
    const resolved = await resolveArtifactPath(root, artifactPath);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(resolved.path, { withFileTypes: true });
    } catch (error) {
      throw new StoreError('notFound', `Cannot list artifacts in ${resolved.path}: ${sqliteErrorMessage(error)}`, resolved.path, { cause: error });
    }
    const infos: FileInfo[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = resolved.relative === '' ? entry.name : `${resolved.relative}/${entry.name}`;
      const stat = await fs.promises.stat(path.join(resolved.path, entry.name)).catch(() => undefined);
      if (!stat) continue;
      infos.push(stat.isDirectory() ? { path: rel, is_dir: true } : { path: rel, is_dir: false, file_size: stat.size });
    }
    return infos;
  }

  async readArtifact(runId: string, artifactPath: string, signal?: AbortSignal): Promise<Uint8Array> {
    const root = await this.localArtifactRoot(runId, signal);
    const resolved = await resolveArtifactPath(root, artifactPath);
    try {
      return await fs.promises.readFile(resolved.path);
    } catch (error) {
      throw new StoreError('notFound', `Cannot read artifact ${resolved.path}: ${sqliteErrorMessage(error)}`, resolved.path, { cause: error });
    }
  }

  async searchRegisteredModels(request: SearchRegisteredModelsRequest, signal?: AbortSignal): Promise<ProblemPage<RegisteredModel>> {
    const { models } = await this.read(signal, (db, schema) => readRegistry(db, schema));
    const matching = models.filter((m) => nameMatches(m.name, request.nameContains));
    return { ...plainPage(matching, request, this.databasePath, 100, 1000), problems: [], totalCount: matching.length };
  }

  async searchLoggedModels(request: SearchLoggedModelsRequest, signal?: AbortSignal): Promise<ProblemPage<LoggedModel>> {
    const models = await this.read(signal, (db, schema) => readLoggedModels(db, schema, request.experimentIds));
    return { ...plainPage(models, request, this.databasePath, 100, 1000), problems: [], totalCount: models.length };
  }

  /** Every visible version of one registered model, in version order (as FileStore.listModelVersions). */
  async listModelVersions(modelName: string, signal?: AbortSignal): Promise<ModelVersion[]> {
    const { models, versions } = await this.read(signal, (db, schema) => readRegistry(db, schema));
    if (!models.some((m) => m.name === modelName)) {
      throw new StoreError('notFound', `No registered model named '${modelName}' in ${this.databasePath}.`, this.databasePath);
    }
    return versions.get(modelName) ?? [];
  }

  /** The name this method was first committed under (kept: the conformance suite calls it). */
  getModelVersions(modelName: string, signal?: AbortSignal): Promise<ModelVersion[]> {
    return this.listModelVersions(modelName, signal);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A store still opening closes its connection when the open completes (openDatabase).
    this.opened?.db.close();
  }
}
