/**
 * One run search over the SQLite store, kept across its pages: SQL narrows the candidates, the
 * shared evaluator decides, the order is MLflow's; data the pages show is read in blocks and
 * dropped once served.
 */
import type { Run } from '../../model/entities';
import type { FilterAst } from '../../search/filterAst';
import { evaluateFilter, requiredData } from '../../search/filterEval';
import { compileOrderClauses, orderRequiredData, type OrderClause } from '../../search/orderBy';
import type { SearchRunsRequest } from '../trackingStore';
import { loadDatasetInputs, loadLatestMetrics, loadParams, loadTags, runScope, selectRunInfos } from './runQueries';
import type { SchemaInfo } from './schema';
import type { SqliteConnection } from './sqliteDriver';

export type RunPart = 'params' | 'metrics' | 'tags' | 'inputs';

/** One search's matching runs in order; `loaded[part][i]` says whether `runs[i]` has that part. */
export interface SearchCache {
  queryKey: string;
  version: string;
  runs: Run[];
  loaded: Record<RunPart, Uint8Array>;
  /** Parts kept for every run once read (a dataset filter's inputs); the others only until served. */
  kept: Record<RunPart, boolean>;
  /** Whether the database holds any dataset input at all (most do not: their pages skip the query). */
  anyInputs: boolean;
}

/**
 * Runs whose data is read in one go when a page needs it, on a database whose table has no index
 * on run_uuid (before MLflow 2.x): each read then scans the table, so reading ahead of small pages
 * saves scans when the next pages come (a listing), and costs little when they do not. With the
 * index a page reads only its own runs, so a first page costs the same at 100,000 runs as at 100.
 */
const UNINDEXED_LOAD_BLOCK = 2500;

const PART_TABLE: Record<Exclude<RunPart, 'inputs'>, string> = { params: 'params', tags: 'tags', metrics: 'latest_metrics' };

/** The keys of each kind the filter and the order read: only those are loaded to decide and sort. */
function keysRead(filter: FilterAst, order: readonly OrderClause[]): Record<Exclude<RunPart, 'inputs'>, string[]> {
  const keys = { params: new Set<string>(), metrics: new Set<string>(), tags: new Set<string>() };
  for (const clause of [...filter.clauses, ...order]) {
    if (clause.entity === 'parameter') keys.params.add(clause.key);
    else if (clause.entity === 'metric') keys.metrics.add(clause.key);
    else if (clause.entity === 'tag') keys.tags.add(clause.key);
  }
  return { params: [...keys.params], metrics: [...keys.metrics], tags: [...keys.tags] };
}

/**
 * Runs the search: the matching runs in order. Only the keys the filter and the order read are
 * loaded (one param of 20,000 candidates, not all 400,000 rows); pages then read their runs whole.
 */
export function buildSearchCache(
  db: SqliteConnection,
  schema: SchemaInfo,
  request: SearchRunsRequest,
  filter: FilterAst,
  order: OrderClause[],
  queryKey: string,
  version: string,
): SearchCache {
  const needs = requiredData(filter);
  const orderNeeds = orderRequiredData(order);
  const infos = selectRunInfos(db, schema, runScope(schema, request.experimentIds, request.viewType, filter));
  const ids = infos.map((i) => i.run_id);
  const keys = keysRead(filter, order);
  const params = needs.params || orderNeeds.params ? loadParams(db, schema, ids, keys.params) : undefined;
  const metrics = needs.metrics || orderNeeds.metrics ? loadLatestMetrics(db, schema, ids, keys.metrics) : undefined;
  const tags = needs.tags || orderNeeds.tags ? loadTags(db, schema, ids, keys.tags) : undefined;
  const inputs = needs.datasets ? loadDatasetInputs(db, schema, ids) : undefined;
  let runs: Run[] = infos.map((info) => ({
    info,
    data: {
      metrics: metrics?.get(info.run_id) ?? [],
      params: params?.get(info.run_id) ?? [],
      tags: tags?.get(info.run_id) ?? [],
    },
    inputs: { dataset_inputs: inputs?.get(info.run_id) ?? [] },
  }));
  if (filter.clauses.length > 0) runs = runs.filter((run) => evaluateFilter(filter, run));
  runs.sort(compileOrderClauses(order));
  // The keys read above are a part of each run's data: a page reads its runs whole.
  for (const run of runs) run.data = { metrics: [], params: [], tags: [] };
  const flags = (done: boolean): Uint8Array => new Uint8Array(runs.length).fill(done ? 1 : 0);
  const kept = { params: false, metrics: false, tags: false, inputs: needs.datasets };
  return {
    queryKey,
    version,
    runs,
    loaded: { params: flags(false), metrics: flags(false), tags: flags(false), inputs: flags(needs.datasets) },
    kept,
    anyInputs: schema.tables.has('inputs') && db.all('SELECT 1 AS one FROM inputs LIMIT 1').length > 0,
  };
}

function readsAhead(schema: SchemaInfo, part: RunPart): boolean {
  if (part === 'inputs') return false;
  const table = part === 'metrics' && !schema.tables.has('latest_metrics') ? 'metrics' : PART_TABLE[part];
  return !schema.runUuidIndexed.has(table);
}

/** Reads the parts `include` asks for of the runs `[start, start + count)` that lack them. */
export function loadPageData(
  db: SqliteConnection,
  schema: SchemaInfo,
  cache: SearchCache,
  start: number,
  count: number,
  include: { params: boolean; metrics: boolean; tags: boolean },
): void {
  const parts: RunPart[] = cache.anyInputs ? ['inputs'] : [];
  if (include.params) parts.push('params');
  if (include.metrics) parts.push('metrics');
  if (include.tags) parts.push('tags');
  for (const part of parts) {
    const flags = cache.loaded[part];
    const end = start + count;
    let first = start;
    while (first < end && flags[first]) first++;
    if (first >= end) continue;
    const blockEnd = Math.min(cache.runs.length, readsAhead(schema, part) ? first + Math.max(count, UNINDEXED_LOAD_BLOCK) : end);
    const block: Run[] = [];
    for (let i = first; i < blockEnd; i++) {
      const run = cache.runs[i];
      if (run && !flags[i]) block.push(run);
      flags[i] = 1;
    }
    const ids = block.map((r) => r.info.run_id);
    if (part === 'params') {
      const values = loadParams(db, schema, ids);
      for (const run of block) run.data.params = values.get(run.info.run_id) ?? [];
    } else if (part === 'tags') {
      const values = loadTags(db, schema, ids);
      for (const run of block) run.data.tags = values.get(run.info.run_id) ?? [];
    } else if (part === 'metrics') {
      const values = loadLatestMetrics(db, schema, ids);
      for (const run of block) run.data.metrics = values.get(run.info.run_id) ?? [];
    } else {
      const values = loadDatasetInputs(db, schema, ids);
      for (const run of block) run.inputs = { dataset_inputs: values.get(run.info.run_id) ?? [] };
    }
  }
}

/** Drops the data of served runs that only the page needed, so a long listing is held once (by the caller). */
export function releaseServed(cache: SearchCache, start: number, count: number): void {
  for (let i = start; i < start + count; i++) {
    const run = cache.runs[i];
    if (!run) continue;
    if (!cache.kept.params) run.data.params = [];
    if (!cache.kept.metrics) run.data.metrics = [];
    if (!cache.kept.tags) run.data.tags = [];
    if (!cache.kept.inputs) run.inputs = { dataset_inputs: [] };
    for (const part of ['params', 'metrics', 'tags', 'inputs'] as const) if (!cache.kept[part]) cache.loaded[part][i] = 0;
  }
}

/** A page's copy of a cached run, so callers never share arrays with the cache. */
export function copyRun(run: Run): Run {
  return {
    info: { ...run.info },
    data: { params: [...run.data.params], metrics: [...run.data.metrics], tags: [...run.data.tags] },
    inputs: { dataset_inputs: [...(run.inputs?.dataset_inputs ?? [])] },
  };
}
