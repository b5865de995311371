/**
 * Parallel coordinates of runs (Compare Runs, the runs table): one axis per chosen param or metric,
 * one line per run in its run colour, brushing on any axis by dragging along it (runs outside every
 * brush fade; the panel hears which runs stay), the best runs by a metric drawn thick.
 *
 * Lines are painted on a canvas (canvasPainter.ts); everything that is text (axis names, ticks,
 * categories, the tooltip) is DOM text set through textContent, never markup. Keyboard: every axis
 * control is a button (add, move, log, remove, clear its brush), Escape on the plot clears the brushes.
 * The figure carries `data-*` figures of what it shows, for the tests.
 */
import { el, replaceChildren } from '../dom';
import { chartTheme, cssVar } from '../theme';
import { button, select } from '../ui';
import { axisHeads, axisLabels, brushBox, tooltipContent } from './axisDom';
import { bestRuns, buildAxis, type PcAxis, type PcAxisSource, type PcCandidate } from './axisModel';
import { keptMask, type Brush } from './brushes';
import { paint } from './canvasPainter';
import { nearestAxis, nearestRun, plotGeometry, type PlotGeometry } from './plotGeometry';
import './parallelCoords.css';

export interface PcRun {
  id: string;
  name: string;
  color: string;
}

export interface PcData {
  runs: PcRun[];
  /** One per requested axis id that exists (unknown ids are left out). */
  axes: PcAxisSource[];
  /** Said under the plot (runs left out by the panel, say). */
  note?: string;
}

export interface ParallelOptions {
  candidates: readonly PcCandidate[];
  axes: readonly string[];
  logAxes?: readonly string[];
  load(axisIds: readonly string[]): PcData | Promise<PcData>;
  /** After each brush gesture: the ids of the runs inside every brush, or undefined when nothing is brushed. */
  onBrush(kept: ReadonlySet<string> | undefined): void;
  /** The chosen axes changed (to remember them). */
  onAxesChange?(axes: readonly string[], logAxes: readonly string[]): void;
}

const MAX_AXIS_OPTIONS = 500;

export class ParallelCoordsView {
  readonly element: HTMLElement;
  private readonly toolbar = el('div', { className: 'toolbar chart-toolbar pc-toolbar' });
  private readonly heads = el('div', { className: 'pc-heads' });
  private readonly canvas = el('canvas', { className: 'pc-canvas', attrs: { 'aria-hidden': 'true' } });
  private readonly overlay = el('div', { className: 'pc-overlay', attrs: { 'aria-hidden': 'true' } });
  private readonly tooltip = el('div', { className: 'pc-tooltip', attrs: { role: 'tooltip', hidden: true } });
  private readonly plot: HTMLElement;
  private readonly caption = el('figcaption', { className: 'chart-caption pc-caption' });
  private readonly notes = el('p', { className: 'note pc-notes', attrs: { role: 'status' } });
  private candidates: readonly PcCandidate[];
  /** The axes the user chose, in order (kept while the runs lack some of them). */
  private wanted: string[];
  /** The chosen axes the runs have values for: those drawn. */
  private axisIds: string[] = [];
  private readonly logAxes: Set<string>;
  private runs: PcRun[] = [];
  private axes: PcAxis[] = [];
  private brushes = new Map<string, Brush>();
  private kept: Uint8Array = new Uint8Array(0);
  private best = new Set<number>();
  private bestBy: string | undefined;
  private palette: string[] = [];
  private colorIndex: Uint8Array = new Uint8Array(0);
  private hovered = -1;
  private geometry: PlotGeometry = plotGeometry(0, 0, 0);
  private frame = 0;
  private loadTicket = 0;
  /** Data sets shown so far (a figure for the tests: a reload has landed). */
  private loads = 0;
  private drag: { axisId: string; y0: number; moved: boolean } | undefined;
  private readonly resize: ResizeObserver;

  constructor(private readonly options: ParallelOptions) {
    this.candidates = options.candidates;
    this.wanted = [...options.axes];
    this.logAxes = new Set(options.logAxes ?? []);
    this.plot = el(
      'div',
      { className: 'pc-plot', attrs: { tabindex: 0, role: 'group', 'aria-label': 'Parallel coordinates: drag along an axis to brush, Escape clears the brushes' } },
      this.canvas,
      this.overlay,
      this.tooltip,
    );
    this.element = el('figure', { className: 'chart-card pc-card' }, this.toolbar, this.heads, this.plot, this.caption, this.notes);
    this.plot.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.brushes.size > 0) {
        event.preventDefault();
        this.clearBrushes();
      }
    });
    this.canvas.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.canvas.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.canvas.addEventListener('pointerup', (event) => this.onPointerUp(event));
    this.canvas.addEventListener('pointerleave', () => {
      if (!this.drag) this.setHovered(-1, 0, 0);
    });
    this.resize = new ResizeObserver(() => this.layout());
    this.resize.observe(this.plot);
  }

  /** The axes a user may add (the panel's columns changed). */
  setCandidates(candidates: readonly PcCandidate[]): void {
    this.candidates = candidates;
    this.renderToolbar();
  }

  /** Reads the chosen axes' values again (the runs changed). */
  async reload(): Promise<void> {
    const ticket = ++this.loadTicket;
    const data = await this.options.load(this.wanted);
    if (ticket === this.loadTicket) this.setData(data);
  }

  refreshTheme(): void {
    this.schedulePaint();
  }

  destroy(): void {
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.loadTicket++;
  }

  clearBrushes(): void {
    if (this.brushes.size === 0) return;
    this.brushes.clear();
    this.finishBrush();
  }

  private setData(data: PcData): void {
    // Brush positions hold for the same runs in any order (a sort); other runs would land elsewhere.
    const before = new Set(this.runs.map((r) => r.id));
    const sameRuns = data.runs.length === before.size && data.runs.every((r) => before.has(r.id));
    const notes: string[] = [];
    if (!sameRuns && this.brushes.size > 0) {
      this.brushes.clear();
      notes.push('The runs changed: brushes cleared.');
    }
    this.runs = data.runs;
    this.loads++;
    this.palette = [...new Set(data.runs.map((r) => r.color))];
    const slot = new Map(this.palette.map((c, i) => [c, i]));
    this.colorIndex = Uint8Array.from(data.runs, (r) => slot.get(r.color) as number);
    const byId = new Map(data.axes.map((a) => [a.id, a]));
    this.axisIds = this.wanted.filter((id) => byId.has(id));
    this.axes = this.axisIds.map((id) => buildAxis(byId.get(id) as PcAxisSource, this.logAxes.has(id)));
    for (const axis of this.axes) {
      if (axis.logRefused) {
        this.logAxes.delete(axis.id);
        notes.push(`${axis.key}: ${axis.scale === 'category' ? 'Log scale needs numbers: this axis holds text.' : (axis.logRefusal ?? '')}`);
      }
    }
    for (const id of this.brushes.keys()) if (!byId.has(id)) this.brushes.delete(id);
    const metricAxes = this.axes.filter((a) => a.numeric && a.kind === 'metric');
    if (this.bestBy !== '' && !metricAxes.some((a) => a.id === this.bestBy)) this.bestBy = metricAxes[0]?.id;
    this.best = bestRuns(this.axes.find((a) => a.id === this.bestBy));
    this.hovered = -1;
    this.notes.textContent = [...notes, data.note ?? ''].filter(Boolean).join(' ');
    this.kept = keptMask(this.axes, this.brushes, this.runs.length, this.kept);
    this.renderToolbar();
    this.layout();
    this.updateFigures();
  }

  private changeAxes(axisIds: string[]): void {
    this.wanted = axisIds;
    for (const id of [...this.logAxes]) if (!axisIds.includes(id)) this.logAxes.delete(id);
    this.options.onAxesChange?.(this.wanted, [...this.logAxes]);
    const hadBrushes = [...this.brushes.keys()].some((id) => !axisIds.includes(id));
    void this.reload().then(() => {
      if (hadBrushes) this.finishBrush();
    });
  }

  private renderToolbar(): void {
    const shown = new Set(this.wanted);
    const addable = this.candidates.filter((c) => !shown.has(c.id)).slice(0, MAX_AXIS_OPTIONS);
    const metricAxes = this.axes.filter((a) => a.numeric && a.kind === 'metric');
    const clear = button('Clear brushes', () => this.clearBrushes(), { secondary: true, title: 'Clear every brush (Escape on the plot)' });
    clear.disabled = this.brushes.size === 0;
    replaceChildren(
      this.toolbar,
      addable.length
        ? select('Add axis', [{ value: '', label: 'Add an axis…' }, ...addable.map((c) => ({ value: c.id, label: `${c.kind} ${c.key}` }))], '', (id) => {
            if (id) this.changeAxes([...this.wanted, id]);
          })
        : null,
      metricAxes.length
        ? select('Best by', [...metricAxes.map((a) => ({ value: a.id, label: `${a.key} (${a.better ?? 'higher'} is better)` })), { value: '', label: 'No highlight' }], this.bestBy ?? '', (id) => {
            this.bestBy = id;
            this.best = bestRuns(this.axes.find((a) => a.id === id));
            this.updateFigures();
            this.schedulePaint();
          })
        : null,
      clear,
    );
  }

  /** Sizes the canvas to the plot and places the axis heads, ticks and brushes. */
  private layout(): void {
    const width = this.plot.clientWidth;
    const height = this.plot.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.geometry = plotGeometry(width, height, this.axes.length);
    this.renderHeads();
    this.renderOverlay();
    this.paintNow();
  }

  private renderHeads(): void {
    replaceChildren(
      this.heads,
      ...axisHeads(this.axes, this.geometry, this.brushes, {
        move: (index, delta) => this.move(index, delta),
        toggleLog: (axis) => this.toggleLog(axis),
        clearBrush: (axisId) => this.clearBrush(axisId),
        remove: (axisId) => this.changeAxes(this.wanted.filter((id) => id !== axisId)),
      }),
    );
  }

  private renderOverlay(): void {
    replaceChildren(this.overlay, ...axisLabels(this.axes, this.geometry, this.brushes));
  }

  private move(index: number, delta: -1 | 1): void {
    const ids = [...this.axisIds];
    const to = index + delta;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to] as string, ids[index] as string];
    this.axisIds = ids;
    this.axes = ids.map((id) => this.axes.find((a) => a.id === id) as PcAxis);
    // The drawn axes in their new order, then the chosen ones these runs lack.
    this.wanted = [...ids, ...this.wanted.filter((id) => !ids.includes(id))];
    this.options.onAxesChange?.(this.wanted, [...this.logAxes]);
    this.layout();
    this.updateFigures();
    (this.heads.querySelector(`[data-axis-id="${CSS.escape(ids[to] as string)}"] button[aria-label^="${delta < 0 ? 'Move left' : 'Move right'}"]:not([disabled])`) as HTMLElement | null)?.focus();
  }

  private toggleLog(axis: PcAxis): void {
    if (axis.scale === 'log') this.logAxes.delete(axis.id);
    else this.logAxes.add(axis.id);
    // Positions change with the scale, so a brush on this axis would select other runs: it goes.
    this.brushes.delete(axis.id);
    this.options.onAxesChange?.(this.wanted, [...this.logAxes]);
    void this.reload().then(() => {
      this.finishBrush();
      (this.heads.querySelector(`[data-axis-id="${CSS.escape(axis.id)}"] button[aria-pressed]`) as HTMLElement | null)?.focus();
    });
  }

  private clearBrush(axisId: string): void {
    this.brushes.delete(axisId);
    this.finishBrush();
  }

  private local(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private positionAt(y: number): number {
    const g = this.geometry;
    return Math.min(1, Math.max(0, (g.bottom - y) / (g.bottom - g.top)));
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const { x, y } = this.local(event);
    const axis = this.axes[nearestAxis(this.geometry, x)];
    if (!axis) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.drag = { axisId: axis.id, y0: y, moved: false };
    this.setHovered(-1, 0, 0);
  }

  private onPointerMove(event: PointerEvent): void {
    const { x, y } = this.local(event);
    const drag = this.drag;
    if (!drag) {
      this.setHovered(nearestRun(this.axes, this.geometry, this.kept, x, y), x, y);
      return;
    }
    if (Math.abs(y - drag.y0) >= 3) drag.moved = true;
    if (!drag.moved) return;
    const a = this.positionAt(drag.y0);
    const b = this.positionAt(y);
    this.brushes.set(drag.axisId, { lo: Math.min(a, b), hi: Math.max(a, b) });
    this.kept = keptMask(this.axes, this.brushes, this.runs.length, this.kept);
    const axisX = this.geometry.xs[this.axes.findIndex((ax) => ax.id === drag.axisId)] as number;
    const old = this.overlay.querySelector(`.pc-brush[data-axis-id="${CSS.escape(drag.axisId)}"]`);
    const box = brushBox(drag.axisId, axisX, this.geometry, this.brushes.get(drag.axisId) as Brush);
    if (old) old.replaceWith(box);
    else this.overlay.appendChild(box);
    this.schedulePaint();
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    // A click on an axis without dragging clears its brush.
    if (!drag.moved) this.brushes.delete(drag.axisId);
    this.finishBrush();
  }

  /** After a brush gesture: repaint, redraw the controls, and tell the panel which runs stay. */
  private finishBrush(): void {
    this.kept = keptMask(this.axes, this.brushes, this.runs.length, this.kept);
    this.renderToolbar();
    this.renderHeads();
    this.renderOverlay();
    this.paintNow();
    this.updateFigures();
    this.options.onBrush(this.brushes.size > 0 ? new Set(this.keptIds()) : undefined);
  }

  keptIds(): string[] {
    return this.runs.flatMap((r, i) => (this.kept[i] ? [r.id] : []));
  }

  private setHovered(index: number, x: number, y: number): void {
    if (index !== this.hovered) {
      this.hovered = index;
      this.schedulePaint();
    }
    const run = this.runs[index];
    this.tooltip.hidden = !run;
    if (!run) {
      this.element.removeAttribute('data-hovered-run');
      return;
    }
    this.element.setAttribute('data-hovered-run', run.id);
    replaceChildren(this.tooltip, ...tooltipContent(run.name, this.axes, index));
    const flip = x > this.geometry.width - 240;
    this.tooltip.style.left = flip ? '' : `${x + 14}px`;
    this.tooltip.style.right = flip ? `${this.geometry.width - x + 14}px` : '';
    this.tooltip.style.top = `${Math.min(y + 14, Math.max(0, this.geometry.height - 120))}px`;
  }

  private schedulePaint(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paintNow();
    });
  }

  private paintNow(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.geometry.width === 0) return;
    const theme = chartTheme();
    paint(ctx, window.devicePixelRatio || 1, {
      geometry: this.geometry,
      axes: this.axes,
      colorIndex: this.colorIndex,
      palette: this.palette,
      kept: this.kept,
      brushed: this.brushes.size > 0,
      best: this.best,
      hovered: this.hovered,
      theme: { foreground: theme.foreground, background: theme.background, faded: cssVar('--vscode-disabledForeground', cssVar('--vscode-descriptionForeground', theme.grid)) },
    });
  }

  private updateFigures(): void {
    const n = this.runs.length;
    const keptCount = this.kept.reduce((sum, k) => sum + k, 0);
    const bestAxis = this.axes.find((a) => a.id === this.bestBy);
    const incomplete = this.runs.filter((_, i) => this.axes.some((a) => Number.isNaN(a.positions[i] as number))).length;
    const figures: Record<string, string> = {
      'data-axes': JSON.stringify(this.axisIds),
      'data-scales': JSON.stringify(this.axes.map((a) => a.scale)),
      'data-runs': String(n),
      'data-kept': String(keptCount),
      'data-kept-ids': JSON.stringify(this.brushes.size ? this.keptIds() : []),
      'data-best-ids': JSON.stringify([...this.best].map((i) => this.runs[i]?.id)),
      'data-incomplete': String(incomplete),
      'data-loads': String(this.loads),
    };
    for (const [name, value] of Object.entries(figures)) this.element.setAttribute(name, value);
    const parts = [
      this.axes.length < 2 ? (this.wanted.length >= 2 ? 'The listed runs lack the chosen columns: add axes above.' : 'Choose at least two axes.') : this.brushes.size ? `${keptCount} of ${n} runs inside the brushes.` : `${n} runs; drag along an axis to brush.`,
      incomplete ? `${incomplete} run(s) lack a value on some axis: their lines end dashed at “no value”.` : '',
      bestAxis && this.best.size ? `Thick lines: the best ${this.best.size} run(s) by ${bestAxis.key} (${bestAxis.better ?? 'higher'} is better).` : '',
    ];
    this.caption.textContent = parts.filter(Boolean).join(' ');
  }
}
