/**
 * One runs table's session on the host: what it lists (experiments, filter, sort, grouping), the
 * runs read through the `TrackingStore`, the user's column layout, and the rows it serves to the
 * webview slice by slice. Pure (no `vscode`): the panel wires it to the webview and the workbench.
 */
import type { Run } from '../core/model/entities';
import type { TrackingStore } from '../core/store/trackingStore';
import { parseColumnId } from '../core/table/columns';
import { toCsv } from '../core/table/csv';
import { readMetricExtremes } from '../core/table/metricExtremes';
import { loadTableRuns } from '../core/table/runsSource';
import { RunsTableModel, type CellValue, type DisplayRow, type MetricMode } from '../core/table/runsTableModel';
import {
  ProtocolLimits,
  toWireNumber,
  type RunsTableCell,
  type RunsTableParallelRuns,
  type RunsTableLayout,
  type RunsTableRow,
  type RunsTableRows,
  type RunsTableSort,
  type RunsTableState,
  type WireNumber,
} from '../shared/webviewProtocol';
import { filterProblem } from '../views/explorer/runQuery';
import { betterDirection } from './compareRunsState';
import { emptyLayout, planSort } from './runsTableQuery';

export interface RunsTableQuery {
  filter: string;
  sort?: RunsTableSort;
  groupBy?: string;
}

export class RunsTableSession {
  private model = new RunsTableModel([]);
  private displayRows: DisplayRow[] = [];
  private readonly expanded = new Set<string>();
  private version = 0;
  private loading = true;
  private busy: string | undefined;
  private error: string | undefined;
  private filterError: string | undefined;
  private problems: string[] = [];
  private experiments: { id: string; name: string }[] = [];
  layout: RunsTableLayout = emptyLayout();
  query: RunsTableQuery = { filter: '' };

  constructor(
    readonly experimentIds: readonly string[],
    private readonly options: { pageSize?: number; now?: () => number } = {},
  ) {}

  modeOf(columnId: string): MetricMode {
    return this.layout.metricModes[columnId] ?? 'latest';
  }

  private directionOf(columnId: string): 'lower' | 'higher' {
    return this.layout.directions[columnId] ?? betterDirection(parseColumnId(columnId)?.key ?? '');
  }

  /** Reads the runs with the current filter and sort; a filter the store refuses is shown on the filter field. */
  async load(store: TrackingStore, signal?: AbortSignal): Promise<void> {
    this.loading = true;
    this.error = undefined;
    const problem = this.query.filter.trim() ? filterProblem(this.query.filter) : undefined;
    this.filterError = problem;
    const names: { id: string; name: string }[] = [];
    for (const id of this.experimentIds) {
      try {
        names.push({ id, name: (await store.getExperiment(id, signal)).name });
      } catch {
        names.push({ id, name: id });
      }
    }
    this.experiments = names;
    if (problem) {
      this.setModel(new RunsTableModel([], this.options.now), []);
      return;
    }
    const planned = planSort(this.query.sort, (id) => this.modeOf(id));
    try {
      const result = await loadTableRuns(
        store,
        {
          experimentIds: [...this.experimentIds],
          filter: this.query.filter,
          ...(planned.orderBy ? { orderBy: planned.orderBy } : {}),
          ...(this.options.pageSize !== undefined ? { pageSize: this.options.pageSize } : {}),
        },
        signal,
      );
      const problems = result.problems.map((p) => `${p.location}: ${p.message}`);
      if (result.truncated) problems.unshift(`Only the first ${result.runs.length} runs are listed.`);
      this.setModel(new RunsTableModel(result.runs, this.options.now), problems);
      await this.readExtremes(store, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      // A filter that parses here but that the store refuses (a server's own rules) belongs to the filter field.
      if (this.query.filter.trim() && /filter|INVALID_PARAMETER_VALUE/i.test(message)) this.filterError = message;
      else this.error = `Cannot list the runs of ${this.experimentIds.join(', ')}: ${message}`;
      this.setModel(new RunsTableModel([], this.options.now), []);
    }
  }

  private setModel(model: RunsTableModel, problems: string[]): void {
    this.model = model;
    this.problems = problems;
    this.loading = false;
    this.rebuild();
  }

  /** Reads min/max of the metric columns switched to them (once per load). */
  async readExtremes(store: TrackingStore, signal?: AbortSignal): Promise<void> {
    const wanted = Object.entries(this.layout.metricModes)
      .filter(([id, mode]) => mode !== 'latest' && parseColumnId(id)?.kind === 'metric')
      .map(([id]) => parseColumnId(id)?.key as string)
      .filter((key) => !this.model.hasExtremes(key));
    if (wanted.length === 0) return;
    const runIds = this.model.runs.filter((r) => r.data.metrics.length > 0).map((r) => r.info.run_id);
    for (const key of wanted) {
      this.busy = `Reading min and max of ${key}…`;
      const { extremes, problems } = await readMetricExtremes(store, runIds, key, signal);
      this.model.setExtremes(key, extremes);
      this.problems.push(...problems);
    }
    this.busy = undefined;
    this.rebuild();
  }

  /** Recomputes the shown rows (after a sort, grouping, expansion or data change) and bumps the version. */
  rebuild(): void {
    const planned = planSort(this.query.sort, (id) => this.modeOf(id));
    this.displayRows = this.model.rows({
      ...(this.query.groupBy ? { groupBy: this.query.groupBy } : {}),
      expanded: this.expanded,
      ...(planned.localSort ? { localSort: planned.localSort } : {}),
    });
    this.version++;
  }

  /** True when the change needs the store to be read again (the order it applies changed). */
  setSort(sort: RunsTableSort | undefined): boolean {
    const before = JSON.stringify(planSort(this.query.sort, (id) => this.modeOf(id)).orderBy ?? null);
    this.query = { ...this.query, ...(sort ? { sort } : { sort: undefined }) };
    if (!sort) delete this.query.sort;
    const after = JSON.stringify(planSort(this.query.sort, (id) => this.modeOf(id)).orderBy ?? null);
    if (before === after) this.rebuild();
    return before !== after;
  }

  setGroupBy(columnId: string | undefined): void {
    if (columnId) this.query.groupBy = columnId;
    else delete this.query.groupBy;
    this.rebuild();
  }

  setExpanded(rowId: string, expanded: boolean): void {
    if (expanded) this.expanded.add(rowId);
    else this.expanded.delete(rowId);
    this.rebuild();
  }

  /** True when a metric column's mode changed (its extremes may need reading and the rows re-sorting). */
  setLayout(layout: RunsTableLayout): boolean {
    const modesChanged = JSON.stringify(layout.metricModes) !== JSON.stringify(this.layout.metricModes);
    const directionsChanged = JSON.stringify(layout.directions) !== JSON.stringify(this.layout.directions);
    this.layout = layout;
    if (modesChanged || directionsChanged) this.rebuild();
    return modesChanged;
  }

  /** Replaces re-read runs (live updates of RUNNING runs); true when any was listed. */
  replaceRuns(runs: readonly Run[]): boolean {
    let changed = false;
    for (const run of runs) changed = this.model.replaceRun(run) || changed;
    if (changed) this.rebuild();
    return changed;
  }

  /**
   * Re-reads the RUNNING runs (at most `max`) so their status, metrics and duration follow the
   * training; true when the rows changed. A run that cannot be read now keeps its last known row.
   */
  async refreshRunning(store: TrackingStore, signal?: AbortSignal, max = 50): Promise<boolean> {
    const ids = this.runningRunIds().slice(0, max);
    if (ids.length === 0) return false;
    const runs = await Promise.all(ids.map((id) => store.getRun(id, signal).catch(() => undefined)));
    signal?.throwIfAborted();
    return this.replaceRuns(runs.filter((r): r is Run => r !== undefined));
  }

  runningRunIds(): string[] {
    return this.model.runs.filter((r) => r.info.status === 'RUNNING').map((r) => r.info.run_id);
  }

  state(): RunsTableState {
    return {
      experiments: this.experiments,
      columns: this.model.columns.map((c) => ({ id: c.id, kind: c.kind, key: c.key, label: c.label })),
      layout: this.layout,
      filter: this.query.filter,
      ...(this.filterError ? { filterError: this.filterError } : {}),
      ...(this.query.sort ? { sort: this.query.sort } : {}),
      ...(this.query.groupBy ? { groupBy: this.query.groupBy } : {}),
      runCount: this.model.runs.length,
      rowCount: this.displayRows.length,
      version: this.version,
      loading: this.loading,
      ...(this.busy ? { busy: this.busy } : {}),
      ...(this.error ? { error: this.error } : {}),
      problems: this.problems,
      restore: { experimentIds: [...this.experimentIds] },
    };
  }

  markLoading(): void {
    this.loading = true;
  }

  /** A slice of the shown rows with the cells of `columnIds`. */
  rows(request: { version: number; start: number; count: number; columnIds: readonly string[] }): RunsTableRows {
    const slice = this.displayRows.slice(request.start, request.start + request.count);
    const best: Record<string, number | 'NaN' | 'Infinity' | '-Infinity'> = {};
    for (const id of request.columnIds) {
      if (parseColumnId(id)?.kind !== 'metric') continue;
      const value = this.model.best(id, this.modeOf(id), this.directionOf(id));
      if (value !== undefined) best[id] = toWireNumber(value);
    }
    return { version: this.version, start: request.start, rows: slice.map((row) => this.wireRow(row, request.columnIds)), best };
  }

  /** The listed runs (the first `maxParallelRuns`, in the store's order) and their values in `columnIds`. */
  parallelRuns(request: { version: number; columnIds: readonly string[] }): RunsTableParallelRuns {
    const runs = this.model.runs.slice(0, ProtocolLimits.maxParallelRuns);
    const columns = request.columnIds
      .filter((id) => this.model.columns.some((c) => c.id === id))
      .map((id) => ({ id, values: runs.map((run) => wireCell(this.model.value(run, id, this.modeOf(id)))) }));
    return { version: this.version, runs: runs.map((run) => ({ id: run.info.run_id, name: run.info.run_name || run.info.run_id })), columns, total: this.model.runs.length };
  }

  private wireRow(row: DisplayRow, columnIds: readonly string[]): RunsTableRow {
    if (row.kind === 'group') {
      const cells = columnIds.map((id): RunsTableCell => {
        if (id === this.query.groupBy) return row.value ?? null;
        if (parseColumnId(id)?.kind !== 'metric') return null;
        const stats = this.model.groupStats(row.runs, id, this.modeOf(id));
        return {
          count: stats.count,
          ...(stats.mean !== undefined ? { mean: toWireNumber(stats.mean) } : {}),
          ...(stats.min !== undefined ? { min: toWireNumber(stats.min) } : {}),
          ...(stats.max !== undefined ? { max: toWireNumber(stats.max) } : {}),
        };
      });
      return { kind: 'group', id: row.id, depth: 0, childCount: row.childCount, expanded: row.expanded, cells };
    }
    return {
      kind: 'run',
      id: row.id,
      depth: row.depth,
      childCount: row.childCount,
      expanded: row.expanded,
      status: row.run.info.status,
      cells: columnIds.map((id) => wireCell(this.model.value(row.run, id, this.modeOf(id)))),
    };
  }

  /** The shown run rows (group rows left out) and these columns as CSV, values exact, as each column's mode shows them. */
  csv(columnIds: readonly string[]): string {
    const columns = columnIds.map((id) => ({ id, parsed: parseColumnId(id) })).filter((c) => c.parsed !== undefined);
    const header = ['run_id', ...columns.map((c) => {
      const mode = this.modeOf(c.id);
      return c.parsed?.kind === 'metric' && mode !== 'latest' ? `${c.id} (${mode})` : c.id;
    })];
    const rows = this.displayRows
      .filter((r): r is Extract<DisplayRow, { kind: 'run' }> => r.kind === 'run')
      .map((r) => [r.id, ...columns.map((c) => this.model.value(r.run, c.id, this.modeOf(c.id)))]);
    return toCsv(header, rows);
  }

  runName(runId: string): string | undefined {
    const run = this.model.run(runId);
    return run ? run.info.run_name || runId : undefined;
  }
}

function wireCell(value: CellValue): string | WireNumber | null {
  if (value === undefined) return null;
  return typeof value === 'number' ? toWireNumber(value) : value;
}
