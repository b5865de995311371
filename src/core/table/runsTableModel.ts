/**
 * The runs table as plain data: the listed runs (in the store's order), their columns, each cell's
 * value, the rows shown (child runs under their parent, or runs grouped by a param or tag value, or
 * by dataset: a run that logged two datasets is listed under each, as in MLflow's UI),
 * group aggregates and the best value of a metric column. Pure: the store is read elsewhere.
 */
import { runDatasetLabels } from '../datasets/datasetInputs';
import type { Run } from '../model/entities';
import { compareText } from '../search/orderBy';
import { attributeValue, collectColumns, columnId, DATASETS_COLUMN, parentRunId, parseColumnId, type ColumnKind, type TableColumn } from './columns';
import type { Extremes } from './metricExtremes';

export type MetricMode = 'latest' | 'min' | 'max';
export type BetterDirection = 'lower' | 'higher';
export type CellValue = string | number | undefined;

export type DisplayRow =
  | { kind: 'run'; id: string; run: Run; depth: number; childCount: number; expanded: boolean }
  | { kind: 'group'; id: string; value: string | undefined; runs: Run[]; depth: 0; childCount: number; expanded: boolean };

export interface RowOptions {
  /** Column id whose value groups the runs; nesting is off while grouping. */
  groupBy?: string;
  /** Ids of expanded parent runs and groups (`group:<value>`). */
  expanded: ReadonlySet<string>;
  /** Set when the store could not order the runs (duration, a metric's min or max). */
  localSort?: { columnId: string; ascending: boolean; mode: MetricMode };
}

export interface GroupStats {
  count: number;
  mean?: number;
  min?: number;
  max?: number;
}

interface RunIndex {
  params: Map<string, string>;
  metrics: Map<string, number>;
  tags: Map<string, string>;
}

export const MISSING_GROUP_ID = 'group:';

export function groupRowId(value: string | undefined): string {
  return value === undefined ? MISSING_GROUP_ID : `group:=${value}`;
}

export class RunsTableModel {
  columns: TableColumn[];
  private columnIds: Set<string>;
  private readonly byId = new Map<string, Run>();
  private readonly index = new WeakMap<Run, RunIndex>();
  private readonly extremes = new Map<string, Map<string, Extremes>>();

  constructor(
    readonly runs: readonly Run[],
    private readonly now: () => number = Date.now,
  ) {
    for (const run of runs) this.byId.set(run.info.run_id, run);
    this.columns = collectColumns(runs);
    this.columnIds = new Set(this.columns.map((c) => c.id));
  }

  run(runId: string): Run | undefined {
    return this.byId.get(runId);
  }

  /** Replaces a run in place (a RUNNING run re-read); false when it is not listed. */
  replaceRun(updated: Run): boolean {
    const i = this.runs.findIndex((r) => r.info.run_id === updated.info.run_id);
    if (i < 0) return false;
    (this.runs as Run[])[i] = updated;
    this.byId.set(updated.info.run_id, updated);
    // A RUNNING run may log a key no listed run had: it gets its column.
    const known = (kind: ColumnKind, key: string) => this.columnIds.has(columnId(kind, key));
    const data = updated.data;
    const newDatasets = (updated.inputs?.dataset_inputs.length ?? 0) > 0 && !this.columnIds.has(DATASETS_COLUMN.id);
    if (newDatasets || !data.params.every((p) => known('param', p.key)) || !data.metrics.every((m) => known('metric', m.key)) || !data.tags.every((t) => known('tag', t.key))) {
      this.columns = collectColumns(this.runs);
      this.columnIds = new Set(this.columns.map((c) => c.id));
    }
    return true;
  }

  /** Metric keys whose min/max per run are known. */
  hasExtremes(metricKey: string): boolean {
    return this.extremes.has(metricKey);
  }

  setExtremes(metricKey: string, perRun: Map<string, Extremes>): void {
    this.extremes.set(metricKey, perRun);
  }

  private indexOf(run: Run): RunIndex {
    let found = this.index.get(run);
    if (!found) {
      found = {
        params: new Map(run.data.params.map((p) => [p.key, p.value])),
        metrics: new Map(run.data.metrics.map((m) => [m.key, m.value])),
        tags: new Map(run.data.tags.map((t) => [t.key, t.value])),
      };
      this.index.set(run, found);
    }
    return found;
  }

  /** What a cell holds: text for params and tags, a number for metrics and times; undefined when absent. */
  value(run: Run, columnId: string, mode: MetricMode = 'latest'): CellValue {
    const column = parseColumnId(columnId);
    if (!column) return undefined;
    switch (column.kind) {
      case 'attribute':
        return attributeValue(run, column.key, this.now());
      case 'param':
        return this.indexOf(run).params.get(column.key);
      case 'tag':
        return this.indexOf(run).tags.get(column.key);
      case 'metric': {
        if (mode === 'latest') return this.indexOf(run).metrics.get(column.key);
        const extremes = this.extremes.get(column.key)?.get(run.info.run_id);
        return extremes?.[mode];
      }
    }
  }

  /** The rows shown, top to bottom. */
  rows(options: RowOptions): DisplayRow[] {
    const ordered = options.localSort ? this.sortedLocally(options.localSort) : [...this.runs];
    return options.groupBy ? this.groupedRows(ordered, options.groupBy, options.expanded) : this.nestedRows(ordered, options.expanded);
  }

  private sortedLocally(sort: NonNullable<RowOptions['localSort']>): Run[] {
    const keyed = this.runs.map((run, position) => ({ run, position, value: this.value(run, sort.columnId, sort.mode) }));
    keyed.sort((a, b) => compareCells(a.value, b.value, sort.ascending) || a.position - b.position);
    return keyed.map((k) => k.run);
  }

  private nestedRows(ordered: readonly Run[], expanded: ReadonlySet<string>): DisplayRow[] {
    const children = new Map<string, Run[]>();
    const roots: Run[] = [];
    for (const run of ordered) {
      const parent = parentRunId(run);
      if (parent !== undefined && parent !== run.info.run_id && this.byId.has(parent)) {
        const list = children.get(parent);
        if (list) list.push(run);
        else children.set(parent, [run]);
      } else roots.push(run);
    }
    const rows: DisplayRow[] = [];
    const visited = new Set<string>();
    const visit = (run: Run, depth: number): void => {
      const id = run.info.run_id;
      // A parent cycle (A under B under A) is shown once, not forever.
      if (visited.has(id)) return;
      visited.add(id);
      const kids = children.get(id) ?? [];
      const open = kids.length > 0 && expanded.has(id);
      rows.push({ kind: 'run', id, run, depth, childCount: kids.length, expanded: open });
      if (open) for (const kid of kids) visit(kid, depth + 1);
      else for (const kid of kids) markVisited(kid);
    };
    const markVisited = (run: Run): void => {
      if (visited.has(run.info.run_id)) return;
      visited.add(run.info.run_id);
      for (const kid of children.get(run.info.run_id) ?? []) markVisited(kid);
    };
    for (const root of roots) visit(root, 0);
    // Runs only reachable through a cycle have no root: list them at the top level.
    for (const run of ordered) if (!visited.has(run.info.run_id)) visit(run, 0);
    return rows;
  }

  private groupedRows(ordered: readonly Run[], groupBy: string, expanded: ReadonlySet<string>): DisplayRow[] {
    const groups = new Map<string | undefined, Run[]>();
    for (const run of ordered) {
      for (const key of this.groupKeys(run, groupBy)) {
        const list = groups.get(key);
        if (list) list.push(run);
        else groups.set(key, [run]);
      }
    }
    const values = [...groups.keys()].sort((a, b) => compareCells(a, b, true));
    const rows: DisplayRow[] = [];
    for (const value of values) {
      const runs = groups.get(value) ?? [];
      const id = groupRowId(value);
      const open = expanded.has(id);
      rows.push({ kind: 'group', id, value, runs, depth: 0, childCount: runs.length, expanded: open });
      if (open) for (const run of runs) rows.push({ kind: 'run', id: run.info.run_id, run, depth: 1, childCount: 0, expanded: false });
    }
    return rows;
  }

  /** The groups a run belongs to: one per dataset it logged when grouping by dataset, else its value's. */
  private groupKeys(run: Run, groupBy: string): (string | undefined)[] {
    if (groupBy === DATASETS_COLUMN.id) {
      const labels = runDatasetLabels(run);
      return labels.length ? labels : [undefined];
    }
    const raw = this.value(run, groupBy);
    return [raw === undefined ? undefined : String(raw)];
  }

  /** Count of the runs, and mean / min / max of a metric column over their finite values. */
  groupStats(runs: readonly Run[], columnId: string, mode: MetricMode): GroupStats {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const run of runs) {
      const v = this.value(run, columnId, mode);
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return count === 0 ? { count: runs.length } : { count: runs.length, mean: sum / count, min, max };
  }

  /** The best finite value of a metric column over every listed run, or undefined when none has one. */
  best(columnId: string, mode: MetricMode, better: BetterDirection): number | undefined {
    let best: number | undefined;
    for (const run of this.runs) {
      const v = this.value(run, columnId, mode);
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (best === undefined || (better === 'lower' ? v < best : v > best)) best = v;
    }
    return best;
  }
}

/** 0 for a value, 1 for NaN, 2 for a missing value: MLflow sorts these last in both directions. */
function rank(value: CellValue): number {
  if (value === undefined) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

/** MLflow's `order_by` comparison of two cells: numbers numerically, text by code point, NaN and missing last. */
export function compareCells(a: CellValue, b: CellValue, ascending: boolean): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra !== 0 || a === undefined || b === undefined) return 0;
  const c = typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : compareText(String(a), String(b));
  return ascending ? c : -c;
}
