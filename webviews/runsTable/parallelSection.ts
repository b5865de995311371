/**
 * The runs table's parallel coordinates: a section shown on demand above the grid, over every listed
 * run (up to ProtocolLimits.maxParallelRuns) and the param and metric columns the user picks among
 * the shown ones. Brushing selects the runs inside the brushes in the table.
 */
import { fromWireNumber, type RunsTableParallelRuns, type RunsTableState, type WireNumber } from '../../src/shared/webviewProtocol';
import { el } from '../shared/dom';
import type { PcAxisSource, PcCandidate } from '../shared/parallelCoords/axisModel';
import { ParallelCoordsView, type PcData } from '../shared/parallelCoords/parallelView';
import { assignRunColors, colorOf } from '../shared/runColors';
import type { ShownColumns } from './columnLayout';

export interface ParallelSectionHost {
  fetch(columnIds: string[]): Promise<RunsTableParallelRuns>;
  direction(columnId: string): 'lower' | 'higher';
  /** The runs inside the brushes (undefined: brushes cleared). */
  brushed(runIds: ReadonlySet<string> | undefined): void;
  /** The chosen axes changed or the section opened/closed (to remember them). */
  changed(): void;
}

const DEFAULT_PARAMS = 4;
const DEFAULT_METRICS = 4;

export class ParallelSection {
  readonly element = el('section', { className: 'rt-parallel', attrs: { 'aria-label': 'Parallel coordinates', hidden: true } });
  private view: ParallelCoordsView | undefined;
  private candidates: PcCandidate[] = [];
  /** The rows' version the view last read, and the newest one the host announced. */
  private version = -1;
  private latestVersion = -1;
  axes: string[] | undefined;
  logAxes: string[];

  constructor(
    private readonly host: ParallelSectionHost,
    saved: { open?: boolean; axes?: string[]; logAxes?: string[] },
  ) {
    this.axes = saved.axes;
    this.logAxes = saved.logAxes ?? [];
    this.element.hidden = !saved.open;
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    // Closed, the plot's brushes (and the selection they made) go.
    if (this.open) this.ensureView();
    else this.view?.clearBrushes();
    this.host.changed();
  }

  /** New state or columns from the host: the candidates follow the shown columns; new rows are read again. */
  update(state: RunsTableState, shown: ShownColumns): void {
    this.candidates = shown.all
      .filter((c) => c.kind === 'param' || c.kind === 'metric')
      .map((c) => ({ id: c.id, kind: c.kind as 'param' | 'metric', key: c.key, ...(c.kind === 'metric' ? { better: this.host.direction(c.id) } : {}) }));
    this.latestVersion = state.version;
    if (!this.open || state.loading) return;
    if (!this.view) return this.ensureView();
    this.view.setCandidates(this.candidates);
    if (state.version !== this.version) {
      this.version = state.version;
      void this.view.reload();
    }
  }

  refreshTheme(): void {
    this.view?.refreshTheme();
  }

  private ensureView(): void {
    if (this.view) return;
    this.version = this.latestVersion;
    const params = this.candidates.filter((c) => c.kind === 'param').slice(0, DEFAULT_PARAMS);
    const metrics = this.candidates.filter((c) => c.kind === 'metric').slice(0, DEFAULT_METRICS);
    this.view = new ParallelCoordsView({
      candidates: this.candidates,
      axes: this.axes ?? [...params, ...metrics].map((c) => c.id),
      logAxes: this.logAxes,
      load: (axisIds) => this.load(axisIds),
      onBrush: (kept) => this.host.brushed(kept),
      onAxesChange: (axes, logAxes) => {
        this.axes = [...axes];
        this.logAxes = [...logAxes];
        this.host.changed();
      },
    });
    this.element.appendChild(this.view.element);
    void this.view.reload();
  }

  private async load(axisIds: readonly string[]): Promise<PcData> {
    const result = await this.host.fetch([...axisIds]);
    const colors = assignRunColors(result.runs.map((r) => r.id));
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    const axes = result.columns.flatMap((column): PcAxisSource[] => {
      const candidate = byId.get(column.id);
      if (!candidate) return [];
      const values = column.values.map((v) => (v === null ? null : candidate.kind === 'metric' ? fromWireNumber(v as WireNumber) : String(v)));
      return [{ ...candidate, values }];
    });
    return {
      runs: result.runs.map((r) => ({ id: r.id, name: r.name, color: colorOf(colors, r.id) })),
      axes,
      ...(result.total > result.runs.length ? { note: `Only the first ${result.runs.length.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} runs are drawn.` } : {}),
    };
  }
}
