/**
 * Scatter of one param or metric (x) against a metric (y), one dot per run in the run's colour.
 * Values that are not numbers (a param like `solver=lbfgs`, NaN) are left out and counted.
 */
import { Chart, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { fromWireNumber, type CompareRunsState } from '../../src/shared/webviewProtocol';
import { el } from '../shared/dom';
import { formatValue } from '../shared/format';
import { chartTheme, runColor } from '../shared/theme';
import { select } from '../shared/ui';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

type Axis = { kind: 'param' | 'metric'; key: string };

const axisId = (a: Axis) => `${a.kind}:${a.key}`;

export class ScatterView {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { attrs: { role: 'img', 'aria-label': 'Scatter of the compared runs' } });
  private readonly caption = el('figcaption', { className: 'chart-caption' });
  private chart: Chart<'scatter'> | undefined;
  private x: Axis | undefined;
  private y: Axis | undefined;

  constructor(private readonly state: CompareRunsState) {
    const xs: Axis[] = [...state.params.map((p): Axis => ({ kind: 'param', key: p.key })), ...state.metrics.map((m): Axis => ({ kind: 'metric', key: m.key }))];
    const ys: Axis[] = state.metrics.map((m) => ({ kind: 'metric', key: m.key }));
    this.x = xs[0];
    this.y = ys.find((a) => !this.x || axisId(a) !== axisId(this.x)) ?? ys[0];
    const option = (a: Axis) => ({ value: axisId(a), label: `${a.kind === 'param' ? 'param' : 'metric'} ${a.key}` });
    const pick = (list: Axis[], id: string) => list.find((a) => axisId(a) === id);
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

  private values(axis: Axis): number[] {
    if (axis.kind === 'param') return (this.state.params.find((p) => p.key === axis.key)?.values ?? []).map((v) => (v === null || v.trim() === '' ? NaN : Number(v)));
    return (this.state.metrics.find((m) => m.key === axis.key)?.values ?? []).map((v) => (v === null ? NaN : fromWireNumber(v)));
  }

  draw(): void {
    if (!this.x || !this.y) {
      this.caption.textContent = 'No metric to plot.';
      this.element.setAttribute('data-points', '0');
      return;
    }
    const xs = this.values(this.x);
    const ys = this.values(this.y);
    const points = this.state.runs.flatMap((run, i) => {
      const x = xs[i] ?? NaN;
      const y = ys[i] ?? NaN;
      return Number.isFinite(x) && Number.isFinite(y) ? [{ run, x, y }] : [];
    });
    const theme = chartTheme();
    const data = {
      datasets: points.map((p) => ({ label: p.run.runName, data: [{ x: p.x, y: p.y }], backgroundColor: runColor(p.run.runId), pointRadius: 5 })),
    };
    if (!this.chart) {
      this.chart = new Chart<'scatter'>(this.canvas, {
        type: 'scatter',
        data,
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { ticks: { color: theme.foreground }, grid: { color: theme.grid } },
            y: { ticks: { color: theme.foreground }, grid: { color: theme.grid } },
          },
          plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: (${formatValue(item.parsed.x ?? NaN)}, ${formatValue(item.parsed.y ?? NaN)})` } } },
        },
      });
    } else {
      this.chart.data = data;
      this.chart.update('none');
    }
    const left = this.state.runs.length - points.length;
    this.element.setAttribute('data-points', String(points.length));
    this.caption.textContent = `${this.x.key} against ${this.y.key}: ${points.length} run(s)${left ? `; ${left} without numeric values left out` : ''}.`;
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
