/**
 * One chart: one metric key, one line per run (coloured by run), drawn with Chart.js. Smoothing
 * draws the EMA over the raw series, which stays faint behind it. Drag-zoom narrows the x axis and
 * asks the host for the visible range at full resolution for every series that was downsampled.
 * The card carries `data-*` figures of what was drawn (series, points, y extremes) for tests and a
 * text caption for screen readers.
 */
import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { ChartRun, DrawnSeriesEnd, SeriesPayload, XAxisMode } from '../../src/shared/webviewProtocol';
import { el } from '../shared/dom';
import { formatCount, formatDate, formatDuration, formatValue } from '../shared/format';
import { assignRunColors, colorOf } from '../shared/runColors';
import { chartTheme, withAlpha } from '../shared/theme';
import { button, type UiButton } from '../shared/ui';
import { decodeValues, ema, stepRangeFor, toPoints, type Point, type YScale } from './chartData';
import { attachDragZoom } from './dragZoom';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export interface ChartView {
  xAxis: XAxisMode;
  yScale: YScale;
  smoothing: number;
  hiddenRunIds: ReadonlySet<string>;
}

export interface ChartActions {
  readRange(runId: string, key: string, startStep: number, endStep: number): Promise<SeriesPayload>;
  exportPng(key: string, dataUrl: string): void;
  /** A paint on a visible canvas changed the series' last steps (see `drawnEnds`). */
  drawn(): void;
}

type LineDataset = ChartDataset<'line', Point[]>;

/** Paints the theme background under the chart, so exported PNGs are readable. */
const backgroundPlugin: Plugin<'line'> = {
  id: 'mlflowLensBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = chartTheme().background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export class MetricChart {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', Point[]>;
  private readonly caption: HTMLElement;
  private readonly resetButton: UiButton;
  private zoom: { min: number; max: number } | undefined;
  private readonly zoomed = new Map<string, SeriesPayload>();
  private zoomGeneration = 0;
  /** What a zoom could not read, shown in the caption until the next zoom. */
  private zoomProblem: string | undefined;
  private renders = 0;
  /** Each series' last step in the datasets handed to Chart.js, and as last painted on a visible canvas. */
  private handedEnds: DrawnSeriesEnd[] = [];
  private lastDrawn: DrawnSeriesEnd[] = [];

  constructor(
    readonly key: string,
    private runs: readonly ChartRun[],
    private series: readonly SeriesPayload[],
    private view: ChartView,
    private readonly actions: ChartActions,
  ) {
    const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': `Chart of ${key}` } });
    const box = el('div', { className: 'chart-box' }, canvas);
    this.caption = el('figcaption', { className: 'chart-caption' });
    this.resetButton = button('Reset zoom', () => this.resetZoom(), { secondary: true });
    this.resetButton.disabled = true;
    this.element = el(
      'figure',
      { className: 'chart-card', attrs: { 'data-metric-key': key } },
      el(
        'div',
        { className: 'chart-head' },
        el('h2', {}, key),
        el('div', { className: 'toolbar' }, this.resetButton, button('Export PNG', () => this.exportPng(), { secondary: true })),
      ),
      box,
      this.caption,
    );
    const theme = chartTheme();
    const onRendered: Plugin<'line'> = {
      id: 'mlflowLensRendered',
      afterRender: (chart) => {
        this.element.setAttribute('data-renders', String(++this.renders));
        // A detached or hidden canvas renders nothing: only a real paint counts as drawn.
        if (!chart.attached || chart.width <= 0 || chart.height <= 0 || sameEnds(this.handedEnds, this.lastDrawn)) return;
        this.lastDrawn = this.handedEnds;
        this.actions.drawn();
      },
    };
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5 } },
        scales: {
          x: { type: 'linear', ticks: { color: theme.foreground, maxRotation: 0, callback: (v) => this.formatX(Number(v)) }, grid: { color: theme.grid } },
          y: { type: 'linear', ticks: { color: theme.foreground }, grid: { color: theme.grid } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? this.formatX(items[0].parsed.x ?? NaN) : ''),
              label: (item) => `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y ?? NaN)}`,
            },
          },
        },
      },
      plugins: [backgroundPlugin, onRendered],
    });
    attachDragZoom(box, canvas, {
      plotArea: () => this.chart.chartArea,
      valueAt: (px) => this.chart.scales['x']?.getValueForPixel(px) ?? NaN,
      zoomTo: (min, max) => this.zoomTo(min, max),
      reset: () => this.resetZoom(),
    });
    this.draw();
  }

  setView(view: ChartView): void {
    const axisChanged = view.xAxis !== this.view.xAxis;
    this.view = view;
    if (axisChanged) this.clearZoom();
    this.draw();
  }

  /** Redraws after live points were appended to this chart's series (same objects, grown in place). */
  refresh(state: { runs: readonly ChartRun[]; series: readonly SeriesPayload[] }): void {
    this.runs = state.runs;
    this.series = state.series.filter((s) => s.key === this.key);
    this.draw();
  }

  /** What the last paint put on the canvas: each shown series' last step. */
  drawnEnds(): readonly DrawnSeriesEnd[] {
    return this.lastDrawn;
  }

  destroy(): void {
    this.zoomGeneration++;
    this.chart.destroy();
  }

  private formatX(value: number): string {
    if (this.view.xAxis === 'wallTime') return formatDate(value);
    if (this.view.xAxis === 'relativeTime') return formatDuration(value * 1000);
    return formatValue(value);
  }

  private shown(): SeriesPayload[] {
    return this.series.filter((s) => !this.view.hiddenRunIds.has(s.runId)).map((s) => this.zoomed.get(s.runId) ?? s);
  }

  private draw(): void {
    const { xAxis, yScale, smoothing } = this.view;
    const names = new Map(this.runs.map((r) => [r.runId, r.runName]));
    const colors = assignRunColors(this.runs.map((r) => r.runId));
    const datasets: LineDataset[] = [];
    let points = 0;
    let seriesDrawn = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    const ends: DrawnSeriesEnd[] = [];
    for (const payload of this.shown()) {
      const values = decodeValues(payload);
      const raw = toPoints(payload, values, xAxis, yScale);
      if (raw.length > 0) seriesDrawn++;
      const lastStep = payload.steps[payload.steps.length - 1];
      if (lastStep !== undefined) ends.push({ runId: payload.runId, key: this.key, lastStep });
      points += raw.length;
      for (const p of raw) {
        if (p.y === null) continue;
        if (p.y < yMin) yMin = p.y;
        if (p.y > yMax) yMax = p.y;
      }
      const color = colorOf(colors, payload.runId);
      const label = names.get(payload.runId) ?? payload.runId;
      datasets.push({
        label: smoothing > 0 ? `${label} (raw)` : label,
        data: raw,
        borderColor: smoothing > 0 ? withAlpha(color, 0.25) : color,
        backgroundColor: color,
        pointRadius: isolatedPointRadius(raw),
      });
      if (smoothing > 0) {
        const smooth = toPoints(payload, ema(values, smoothing), xAxis, yScale);
        datasets.push({ label, data: smooth, borderColor: color, backgroundColor: color, pointRadius: isolatedPointRadius(smooth), borderWidth: 2 });
      }
    }
    const options = this.chart.options;
    if (options.scales?.['y']) options.scales['y'].type = yScale === 'log' ? 'logarithmic' : 'linear';
    const x = options.scales?.['x'];
    if (x) {
      x.min = this.zoom?.min;
      x.max = this.zoom?.max;
    }
    this.chart.data.datasets = datasets;
    this.handedEnds = ends;
    this.chart.update('none');

    const attrs: Record<string, string> = {
      'data-series': String(seriesDrawn),
      'data-datasets': String(datasets.length),
      'data-points': String(points),
      'data-y-min': Number.isFinite(yMin) ? String(yMin) : '',
      'data-y-max': Number.isFinite(yMax) ? String(yMax) : '',
      'data-zoomed': String(this.zoom !== undefined),
    };
    for (const [name, value] of Object.entries(attrs)) this.element.setAttribute(name, value);
    this.caption.textContent = this.describe(seriesDrawn, points);
  }

  private describe(seriesDrawn: number, points: number): string {
    const shown = this.shown();
    if (shown.every((s) => s.totalPoints === 0)) return `No points logged for ${this.key} in the selected runs.`;
    const total = shown.reduce((sum, s) => sum + s.totalPoints, 0);
    const parts = [`${seriesDrawn} ${seriesDrawn === 1 ? 'run' : 'runs'}, ${formatCount(points)} ${points === 1 ? 'point' : 'points'} drawn`];
    if (points < total) parts.push(`of ${formatCount(total)} (downsampled, spikes kept; drag to zoom for full resolution)`);
    if (shown.some((s) => s.sampled)) parts.push("· from the server's even sample (not every point; extremes between samples may be missing)");
    if (this.zoomProblem) parts.push(`· ${this.zoomProblem}`);
    const nonFinite = shown.reduce((sum, s) => sum + s.nonFinite, 0);
    if (nonFinite > 0) parts.push(`· ${formatCount(nonFinite)} NaN/±Infinity values shown as gaps`);
    if (this.view.yScale === 'log') parts.push('· values ≤ 0 are not drawn on the log scale');
    return parts.join(' ');
  }

  private zoomTo(min: number, max: number): void {
    this.zoom = { min, max };
    this.resetButton.disabled = false;
    this.zoomed.clear();
    this.zoomProblem = undefined;
    const generation = ++this.zoomGeneration;
    this.draw();
    const names = new Map(this.runs.map((r) => [r.runId, r.runName]));
    for (const s of this.series) {
      if (!(s.downsampled || s.sampled) || this.view.hiddenRunIds.has(s.runId)) continue;
      const range = stepRangeFor(s, this.view.xAxis, min, max);
      if (!range) continue;
      this.actions.readRange(s.runId, this.key, range.startStep, range.endStep).then(
        (detail) => {
          if (generation !== this.zoomGeneration) return;
          this.zoomed.set(s.runId, detail);
          this.draw();
        },
        (error: unknown) => {
          if (generation !== this.zoomGeneration) return;
          const why = error instanceof Error ? error.message : String(error);
          this.zoomProblem = `steps ${range.startStep}–${range.endStep} of ${names.get(s.runId) ?? s.runId} could not be read (${why}); the overview is shown there`;
          this.draw();
        },
      );
    }
  }

  private clearZoom(): void {
    this.zoom = undefined;
    this.zoomProblem = undefined;
    this.zoomed.clear();
    this.zoomGeneration++;
    this.resetButton.disabled = true;
  }

  private resetZoom(): void {
    this.clearZoom();
    this.draw();
  }

  private exportPng(): void {
    this.actions.exportPng(this.key, this.chart.toBase64Image('image/png', 1));
  }
}

function sameEnds(a: readonly DrawnSeriesEnd[], b: readonly DrawnSeriesEnd[]): boolean {
  return a.length === b.length && a.every((e, i) => e.runId === b[i]?.runId && e.key === b[i]?.key && e.lastStep === b[i]?.lastStep);
}

/** Points with no drawn neighbour would be invisible as a line: give them a dot. */
function isolatedPointRadius(points: readonly Point[]): number[] | number {
  let any = false;
  const radius = points.map((p, i) => {
    const alone = p.y !== null && (points[i - 1]?.y ?? null) === null && (points[i + 1]?.y ?? null) === null;
    any ||= alone;
    return alone ? 3 : 0;
  });
  return any ? radius : 0;
}
