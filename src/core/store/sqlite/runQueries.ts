/**
 * The SQL of run reads: which runs (experiments, view type, a SQL pre-filter) and their params,
 * latest metrics, tags and dataset inputs, loaded in bulk per table rather than per run.
 * Every value is a bound parameter; identifiers come from the schema, never from input.
 */
import type { DatasetInput, KeyValue, Metric, RunInfo, ViewType } from '../../model/entities';
import type { FilterAst, FilterClause } from '../../search/filterAst';
import { hasColumn, optionalColumn, type SchemaInfo } from './schema';
import type { SqlRow, SqlValue, SqliteConnection } from './sqliteDriver';
import { isLaterMetric, metricFromRow, runInfoFromRow, text } from './rowMapping';

/** A `WHERE` clause over `runs r` with its parameters. */
export interface RunScope {
  where: string;
  params: SqlValue[];
}

/** Most SQLite builds allow 32766 bound variables, old ones 999: stay well under. */
const CHUNK = 500;

function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

function runNameExpression(schema: SchemaInfo): string {
  const fromTag = "(SELECT t.value FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = 'mlflow.runName')";
  return hasColumn(schema, 'runs', 'name') ? `COALESCE(NULLIF(r.name, ''), ${fromTag}, '')` : `COALESCE(${fromTag}, '')`;
}

function runColumns(schema: SchemaInfo): string {
  return [
    'r.run_uuid',
    `${runNameExpression(schema)} AS run_name`,
    'r.experiment_id',
    `${optionalColumn(schema, 'runs', 'r', 'user_id', "''")} AS user_id`,
    'r.status',
    'r.start_time',
    `${optionalColumn(schema, 'runs', 'r', 'end_time')} AS end_time`,
    `${optionalColumn(schema, 'runs', 'r', 'artifact_uri', "''")} AS artifact_uri`,
    `${optionalColumn(schema, 'runs', 'r', 'lifecycle_stage', "'active'")} AS lifecycle_stage`,
  ].join(', ');
}

/** SQL integer ids from the REST form; ids that are not integers cannot match. */
function experimentIdValues(ids: readonly string[]): number[] {
  return ids.filter((id) => /^\d+$/.test(id)).map(Number);
}

function viewTypeCondition(viewType: ViewType | undefined, schema: SchemaInfo): string | undefined {
  if (!hasColumn(schema, 'runs', 'lifecycle_stage') || viewType === 'ALL') return undefined;
  return viewType === 'DELETED_ONLY' ? "r.lifecycle_stage = 'deleted'" : "r.lifecycle_stage = 'active'";
}

const SQL_NUMERIC: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);

/**
 * A condition that every run matching `clause` satisfies (possibly a few more), or undefined when
 * the clause is left to the evaluator. The evaluator always runs after it, so it only narrows.
 */
function prefilterCondition(clause: FilterClause, schema: SchemaInfo): RunScope | undefined {
  const { comparator, value } = clause;
  if (clause.entity === 'parameter' || clause.entity === 'tag') {
    const table = clause.entity === 'parameter' ? 'params' : 'tags';
    if (value.kind !== 'string') return undefined;
    const base = `SELECT 1 FROM ${table} x WHERE x.run_uuid = r.run_uuid AND x."key" = ?`;
    if (comparator === '=' || comparator === '!=' || comparator === 'LIKE') {
      // case_sensitive_like is on for this connection, so LIKE agrees with the evaluator.
      const op = comparator === 'LIKE' ? 'LIKE' : comparator;
      return { where: `EXISTS (${base} AND x.value ${op} ?)`, params: [clause.key, value.value] };
    }
    return { where: `EXISTS (${base})`, params: [clause.key] };
  }
  if (clause.entity === 'metric') {
    if (!schema.tables.has('latest_metrics') || value.kind !== 'number' || !SQL_NUMERIC.has(comparator)) return undefined;
    const isNan = optionalColumn(schema, 'latest_metrics', 'm', 'is_nan', '0');
    // A NaN latest value satisfies only `!=` in the evaluator (IEEE comparisons).
    const test = comparator === '!=' ? `(${isNan} = 1 OR m.value != ?)` : `(${isNan} = 0 AND m.value ${comparator} ?)`;
    return {
      where: `EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m."key" = ? AND ${test})`,
      params: [clause.key, value.value],
    };
  }
  if (clause.entity === 'attribute') {
    if (clause.key === 'run_id' && value.kind === 'list' && comparator === 'IN') {
      if (value.values.length === 0 || value.values.length > CHUNK) return undefined;
      return { where: `r.run_uuid IN (${placeholders(value.values.length)})`, params: [...value.values] };
    }
    const column: Record<string, string> = { run_id: 'run_uuid', status: 'status', user_id: 'user_id', start_time: 'start_time', end_time: 'end_time' };
    const name = column[clause.key];
    if (!name || !hasColumn(schema, 'runs', name)) return undefined;
    if (value.kind === 'number' && SQL_NUMERIC.has(comparator)) {
      return { where: `r.${name} ${comparator} ?`, params: [value.value] };
    }
    if (value.kind === 'string' && (comparator === '=' || comparator === '!=')) {
      return { where: `r.${name} ${comparator} ?`, params: [value.value] };
    }
  }
  return undefined;
}

export function runScope(
  schema: SchemaInfo,
  experimentIds: readonly string[],
  viewType: ViewType | undefined,
  filter: FilterAst | undefined,
): RunScope {
  const ids = experimentIdValues(experimentIds);
  const conditions = [ids.length ? `r.experiment_id IN (${placeholders(ids.length)})` : '0'];
  const params: SqlValue[] = [...ids];
  const view = viewTypeCondition(viewType, schema);
  if (view) conditions.push(view);
  for (const clause of filter?.clauses ?? []) {
    const condition = prefilterCondition(clause, schema);
    if (!condition) continue;
    conditions.push(condition.where);
    params.push(...condition.params);
  }
  return { where: conditions.join(' AND '), params };
}

export function selectRunInfos(db: SqliteConnection, schema: SchemaInfo, scope: RunScope): RunInfo[] {
  return db.all(`SELECT ${runColumns(schema)} FROM runs r WHERE ${scope.where}`, scope.params).map(runInfoFromRow);
}

export function selectRunInfo(db: SqliteConnection, schema: SchemaInfo, runId: string): RunInfo | undefined {
  const row = db.all(`SELECT ${runColumns(schema)} FROM runs r WHERE r.run_uuid = ?`, [runId])[0];
  return row ? runInfoFromRow(row) : undefined;
}

/**
 * Rows of `table` for the given runs (only the rows of `keys` when given). With SQLite's JSON
 * functions each id list is one bound parameter (`json_each`), else it is sent in chunks of placeholders.
 */
function rowsFor(db: SqliteConnection, schema: SchemaInfo, columns: string, table: string, runIds: readonly string[], keys?: readonly string[]): SqlRow[] {
  if (runIds.length === 0 || keys?.length === 0) return [];
  if (schema.json) {
    const keyCondition = keys ? ' AND x."key" IN (SELECT value FROM json_each(?))' : '';
    return db.all(`SELECT ${columns} FROM ${table} x WHERE x.run_uuid IN (SELECT value FROM json_each(?))${keyCondition}`, keys ? [JSON.stringify(runIds), JSON.stringify(keys)] : [JSON.stringify(runIds)]);
  }
  const rows: SqlRow[] = [];
  // More keys than one statement can bind: read every key (a superset; callers pick what they need).
  const keyParams = keys && keys.length <= CHUNK ? keys : [];
  const keyCondition = keyParams.length ? ` AND x."key" IN (${placeholders(keyParams.length)})` : '';
  for (let i = 0; i < runIds.length; i += CHUNK) {
    const ids = runIds.slice(i, i + CHUNK);
    rows.push(...db.all(`SELECT ${columns} FROM ${table} x WHERE x.run_uuid IN (${placeholders(ids.length)})${keyCondition}`, [...ids, ...keyParams]));
  }
  return rows;
}

function addKeyValue(byRun: Map<string, KeyValue[]>, runId: string, key: string, value: string): void {
  let list = byRun.get(runId);
  if (!list) byRun.set(runId, (list = []));
  list.push({ key, value });
}

/**
 * Key/value rows (params, tags) of the given runs, only those of `keys` when given (what a filter or
 * an order reads). Building one JS object per SQL row dominates the cost of large listings, so
 * SQLite packs the rows into one JSON text when it can.
 */
function loadKeyValues(db: SqliteConnection, schema: SchemaInfo, table: 'params' | 'tags', runIds: readonly string[], keys?: readonly string[]): Map<string, KeyValue[]> {
  const byRun = new Map<string, KeyValue[]>();
  if (runIds.length === 0 || keys?.length === 0) return byRun;
  if (schema.json) {
    try {
      const keyCondition = keys ? ' AND x."key" IN (SELECT value FROM json_each(?))' : '';
      const [row] = db.all(
        `SELECT json_group_array(json_array(x.run_uuid, x."key", x.value)) AS packed FROM ${table} x
          WHERE x.run_uuid IN (SELECT value FROM json_each(?))${keyCondition}`,
        keys ? [JSON.stringify(runIds), JSON.stringify(keys)] : [JSON.stringify(runIds)],
      );
      const packed = JSON.parse(text(row?.['packed']) || '[]') as [string, string, string | null][];
      for (const [runId, key, value] of packed) addKeyValue(byRun, runId, key, value ?? '');
      return byRun;
    } catch {
      // A value JSON cannot hold (a BLOB): read row by row instead.
      byRun.clear();
    }
  }
  for (const row of rowsFor(db, schema, 'x.run_uuid, x."key", x.value', table, runIds, keys)) {
    addKeyValue(byRun, text(row['run_uuid']), text(row['key']), text(row['value']));
  }
  return byRun;
}

export function loadParams(db: SqliteConnection, schema: SchemaInfo, runIds: readonly string[], keys?: readonly string[]): Map<string, KeyValue[]> {
  return loadKeyValues(db, schema, 'params', runIds, keys);
}

export function loadTags(db: SqliteConnection, schema: SchemaInfo, runIds: readonly string[], keys?: readonly string[]): Map<string, KeyValue[]> {
  return loadKeyValues(db, schema, 'tags', runIds, keys);
}

/**
 * Latest value per key (only of `keys` when given): `latest_metrics` when the schema has it (1.3+),
 * else reduced from history.
 */
export function loadLatestMetrics(db: SqliteConnection, schema: SchemaInfo, runIds: readonly string[], keys?: readonly string[]): Map<string, Metric[]> {
  const table = schema.tables.has('latest_metrics') ? 'latest_metrics' : 'metrics';
  const isNan = optionalColumn(schema, table, 'x', 'is_nan', '0');
  const step = optionalColumn(schema, table, 'x', 'step', '0');
  const byRun = new Map<string, Map<string, Metric>>();
  const add = (runId: string, metric: Metric): void => {
    let latest = byRun.get(runId);
    if (!latest) byRun.set(runId, (latest = new Map()));
    const current = latest.get(metric.key);
    if (!current || isLaterMetric(metric, current)) latest.set(metric.key, metric);
  };
  if (keys?.length === 0) return new Map();
  if (schema.jsonExactReals && runIds.length > 0) {
    const keyCondition = keys ? ' AND x."key" IN (SELECT value FROM json_each(?))' : '';
    const [row] = db.all(
      `SELECT json_group_array(json_array(x.run_uuid, x."key", x.value, x.timestamp, ${step}, ${isNan})) AS packed FROM ${table} x
        WHERE x.run_uuid IN (SELECT value FROM json_each(?))${keyCondition}`,
      keys ? [JSON.stringify(runIds), JSON.stringify(keys)] : [JSON.stringify(runIds)],
    );
    const packed = JSON.parse(text(row?.['packed']) || '[]') as [string, string, number, number | null, number | null, number][];
    for (const [runId, key, value, timestamp, stepValue, nan] of packed) {
      add(runId, { key, value: nan === 1 ? Number.NaN : value, timestamp: timestamp ?? 0, step: stepValue ?? 0 });
    }
  } else {
    const rows = rowsFor(db, schema, `x.run_uuid, x."key", x.value, x.timestamp, ${step} AS step, ${isNan} AS is_nan`, table, runIds, keys);
    for (const row of rows) add(text(row['run_uuid']), metricFromRow(row));
  }
  const result = new Map<string, Metric[]>();
  for (const [runId, latest] of byRun) result.set(runId, [...latest.values()]);
  return result;
}

/** Dataset inputs (2.4+ schemas); an empty map on older ones. */
export function loadDatasetInputs(db: SqliteConnection, schema: SchemaInfo, runIds: readonly string[]): Map<string, DatasetInput[]> {
  const byRun = new Map<string, DatasetInput[]>();
  if (!schema.tables.has('inputs') || !schema.tables.has('datasets') || runIds.length === 0) return byRun;
  const tagsByInput = new Map<string, KeyValue[]>();
  const rows = [];
  for (let i = 0; i < runIds.length; i += CHUNK) {
    const ids = runIds.slice(i, i + CHUNK);
    rows.push(
      ...db.all(
        `SELECT i.input_uuid, i.destination_id AS run_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source,
                d.dataset_schema, d.dataset_profile
           FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
          WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN (${placeholders(ids.length)})`,
        ids,
      ),
    );
  }
  if (schema.tables.has('input_tags') && rows.length > 0) {
    const inputIds = rows.map((r) => text(r['input_uuid']));
    for (let i = 0; i < inputIds.length; i += CHUNK) {
      const ids = inputIds.slice(i, i + CHUNK);
      for (const t of db.all(`SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN (${placeholders(ids.length)})`, ids)) {
        const key = text(t['input_uuid']);
        let list = tagsByInput.get(key);
        if (!list) tagsByInput.set(key, (list = []));
        list.push({ key: text(t['name']), value: text(t['value']) });
      }
    }
  }
  for (const row of rows) {
    const runId = text(row['run_uuid']);
    let list = byRun.get(runId);
    if (!list) byRun.set(runId, (list = []));
    const input: DatasetInput = {
      tags: tagsByInput.get(text(row['input_uuid'])) ?? [],
      dataset: {
        name: text(row['name']),
        digest: text(row['digest']),
        source_type: text(row['dataset_source_type']),
        source: text(row['dataset_source']),
      },
    };
    if (row['dataset_schema'] !== null && row['dataset_schema'] !== undefined) input.dataset.schema = text(row['dataset_schema']);
    if (row['dataset_profile'] !== null && row['dataset_profile'] !== undefined) input.dataset.profile = text(row['dataset_profile']);
    list.push(input);
  }
  return byRun;
}

/** One metric's history rows, in the order `getMetricHistory` returns them. */
export function selectMetricHistoryRows(
  db: SqliteConnection,
  schema: SchemaInfo,
  runId: string,
  key: string,
  startStep: number | undefined,
  endStep: number | undefined,
): SqlRow[] {
  const step = optionalColumn(schema, 'metrics', 'x', 'step', '0');
  const isNan = optionalColumn(schema, 'metrics', 'x', 'is_nan', '0');
  const conditions = ['x.run_uuid = ?', 'x."key" = ?'];
  const params: SqlValue[] = [runId, key];
  if (startStep !== undefined) {
    conditions.push(`${step} >= ?`);
    params.push(startStep);
  }
  if (endStep !== undefined) {
    conditions.push(`${step} <= ?`);
    params.push(endStep);
  }
  return db.all(
    `SELECT x."key", x.value, x.timestamp, ${step} AS step, ${isNan} AS is_nan FROM metrics x
      WHERE ${conditions.join(' AND ')} ORDER BY x.timestamp, ${step}`,
    params,
  );
}

export function selectMetricHistory(
  db: SqliteConnection,
  schema: SchemaInfo,
  runId: string,
  key: string,
  startStep: number | undefined,
  endStep: number | undefined,
): Metric[] {
  return selectMetricHistoryRows(db, schema, runId, key, startStep, endStep).map(metricFromRow);
}
