/**
 * Scatter of one param or metric (x) against a metric (y), one dot per run in the run's colour.
 * A categorical param (`solver=lbfgs`) is drawn on a category axis; runs without a value on both
 * axes (or a NaN) are left out and counted. The card carries `data-*` figures of what was drawn.
 */
import { CategoryScale, Chart, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { CompareRunsState } from '../../src/shared/webviewProtocol';
import { el } from '../shared/dom';
import { formatValue } from '../shared/format';
import { colorOf } from '../shared/runColors';
import { chartTheme } from '../shared/theme';
import { select } from '../shared/ui';
import { axisId, categories, defaultAxes, scatterAxes, type ScatterAxis } from './scatterAxes';

Chart.register(ScatterController, PointElement, LinearScale, CategoryScale, Tooltip);

const MAX_TICK_LABEL = 24;

const shortLabel = (label: string) => (label.length > MAX_TICK_LABEL ? `${label.slice(0, MAX_TICK_LABEL - 1)}…` : label);

export class ScatterView {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { attrs: { role: 'img', 'aria-label': 'Scatter of the compared runs' } });
  private readonly caption = el('figcaption', { className: 'chart-caption' });
  private chart: Chart<'scatter', { x: number | string; y: number }[]> | undefined;
  private x: ScatterAxis | undefined;
  private y: ScatterAxis | undefined;

  constructor(
    private readonly state: CompareRunsState,
    private readonly colors: ReadonlyMap<string, string>,
  ) {
    const { xs, ys } = scatterAxes(state);
    ({ x: this.x, y: this.y } = defaultAxes(xs, ys));
    const option = (a: ScatterAxis) => ({ value: axisId(a), label: `${a.kind} ${a.key}${a.scale === 'category' ? ' (categorical)' : ''}` });
    const pick = (list: ScatterAxis[], id: string) => list.find((a) => axisId(a) === id);
    this.element = el(
      'figure',
      { className: 'chart-card scatter-card' },
      xs.length && ys.length
        ? el(
            'div',
            { className: 'toolbar chart-toolbar' },
            select('X', xs.map(option), this.x ? axisId(this.x) : '', (id) => {
              this.x = pick(xs, id);
              this.draw();
            }),
            select('Y', ys.map(option), this.y ? axisId(this.y) : '', (id) => {
              this.y = pick(ys, id);
              this.draw();
            }),
          )
        : null,
      el('div', { className: 'chart-box' }, this.canvas),
      this.caption,
    );
  }

  draw(): void {
    this.chart?.destroy();
    this.chart = undefined;
    const { x, y } = this;
    if (!x || !y) {
      this.caption.textContent = 'No metric to plot.';
      this.element.setAttribute('data-points', '0');
      return;
    }
    const points = this.state.runs.flatMap((run, i) => {
      const px = x.values[i];
      const py = y.values[i];
      return px !== undefined && typeof py === 'number' ? [{ run, x: px, y: py }] : [];
    });
    const labels = x.scale === 'category' ? categories(x) : [];
    const theme = chartTheme();
    const xLabel = (value: number | string) => (typeof value === 'string' ? value : x.scale === 'category' ? (labels[value] ?? '') : formatValue(value));
    this.chart = new Chart(this.canvas, {
      type: 'scatter',
      data: {
        datasets: points.map((p) => {
          const color = colorOf(this.colors, p.run.runId);
          return { label: p.run.runName, data: [{ x: p.x, y: p.y }], backgroundColor: color, borderColor: color, pointRadius: 5, pointHoverRadius: 6 };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x:
            x.scale === 'category'
              ? { type: 'category', labels, offset: true, ticks: { color: theme.foreground, callback: (v) => shortLabel(labels[Number(v)] ?? '') }, grid: { color: theme.grid } }
              : { type: 'linear', ticks: { color: theme.foreground }, grid: { color: theme.grid } },
          y: { type: 'linear', ticks: { color: theme.foreground }, grid: { color: theme.grid } },
        },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: (${xLabel(item.parsed.x ?? NaN)}, ${formatValue(item.parsed.y ?? NaN)})` } } },
      },
    });
    const left = this.state.runs.length - points.length;
    const figures: Record<string, string> = {
      'data-points': String(points.length),
      'data-x': axisId(x),
      'data-y': axisId(y),
      'data-x-scale': x.scale,
      'data-x-categories': JSON.stringify(labels),
    };
    for (const [name, value] of Object.entries(figures)) this.element.setAttribute(name, value);
    this.caption.textContent =
      x.scale === 'category'
        ? `${x.key} (categorical: ${labels.length} ${labels.length === 1 ? 'value' : 'values'}) against ${y.key}: ${points.length} run(s)${left ? `; ${left} without a value on both axes left out` : ''}.`
        : `${x.key} against ${y.key}: ${points.length} run(s)${left ? `; ${left} without numeric values left out` : ''}.`;
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
