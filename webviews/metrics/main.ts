/** The metric chart panel: toolbar (x axis, y scale, smoothing, export), run legend, one chart per metric. */
import '../styles/base.css';
import { applyAppendPoints, type EventMessage, type MetricChartState, type XAxisMode } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { assignRunColors, colorOf } from '../shared/runColors';
import { onThemeChange } from '../shared/theme';
import { button, checkbox, linkButton, select, slider } from '../shared/ui';
import { HostConnection } from '../shared/vscodeApi';
import type { YScale } from './chartData';
import { MetricChart, type ChartView } from './metricChart';

const app = document.getElementById('app') as HTMLElement;
const host = new HostConnection<'metrics'>(render, onEvent);
let charts: MetricChart[] = [];
let current: MetricChartState | undefined;
const view = restoreView(host.saved().view);

function restoreView(saved: Record<string, unknown> | undefined): ChartView {
  const xAxis = saved?.['xAxis'];
  const yScale = saved?.['yScale'];
  const smoothing = saved?.['smoothing'];
  const hidden = saved?.['hiddenRunIds'];
  return {
    xAxis: xAxis === 'wallTime' || xAxis === 'relativeTime' ? xAxis : 'step',
    yScale: yScale === 'log' ? 'log' : 'linear',
    smoothing: typeof smoothing === 'number' && smoothing >= 0 && smoothing < 1 ? smoothing : 0,
    hiddenRunIds: new Set(Array.isArray(hidden) ? hidden.filter((h): h is string => typeof h === 'string') : []),
  };
}

function save(): void {
  if (!current) return;
  host.save({
    restore: current.restore,
    view: { xAxis: view.xAxis, yScale: view.yScale, smoothing: view.smoothing, hiddenRunIds: [...view.hiddenRunIds] },
  });
}

function changeView(change: Partial<ChartView>): void {
  Object.assign(view, change);
  for (const chart of charts) chart.setView({ ...view });
  save();
}

function render(state: MetricChartState): void {
  current = state;
  save();
  for (const chart of charts) chart.destroy();
  charts = [];
  app.setAttribute('aria-busy', String(state.loading));
  if (state.error) {
    replaceChildren(app, el('p', { className: 'error', attrs: { role: 'alert' } }, state.error), toolbar());
    return;
  }
  if (state.loading) {
    replaceChildren(app, el('p', { className: 'loading' }, `Loading ${state.metricKeys.join(', ')}…`));
    return;
  }
  charts = state.metricKeys.map(
    (key) =>
      new MetricChart(key, state.runs, state.series.filter((s) => s.key === key), { ...view }, {
        readRange: (runId, metricKey, startStep, endStep) => host.request('readRange', { runId, key: metricKey, startStep, endStep }),
        exportPng: (metricKey, dataUrl) => host.intent('exportPng', { metricKey, dataUrl }),
        drawn: announceDrawn,
      }),
  );
  replaceChildren(
    app,
    toolbar(),
    legend(state),
    state.problems.length
      ? el('details', { className: 'problems' }, el('summary', {}, `${state.problems.length} problem(s) while reading`), el('ul', {}, ...state.problems.map((p) => el('li', {}, p))))
      : null,
    state.metricKeys.length === 0 ? el('p', { className: 'empty' }, 'No metrics to chart: this run logged none.') : null,
    el('div', { className: 'chart-grid' }, ...charts.map((c) => c.element)),
  );
}

let announcing = false;
/** Tells the host what is on the canvases now (see the `drawn` intent), once for charts painted together. */
function announceDrawn(): void {
  if (announcing) return;
  announcing = true;
  queueMicrotask(() => {
    announcing = false;
    host.intent('drawn', { series: charts.flatMap((c) => c.drawnEnds()) });
  });
}

/** Live points of running runs, and whole histories replacing first-paint samples: applied in place, no rebuild. */
function onEvent(event: EventMessage<'metrics'>): void {
  if (!current) return;
  if (event.name === 'refineSeries') {
    for (const series of event.params.series) {
      const index = current.series.findIndex((s) => s.runId === series.runId && s.key === series.key);
      if (index >= 0) current.series[index] = series;
    }
    if (event.params.problems.length) {
      current.problems.push(...event.params.problems);
      render(current);
      return;
    }
    for (const chart of charts) chart.refresh(current);
    return;
  }
  applyAppendPoints(current, event.params);
  for (const chart of charts) chart.refresh(current);
  // Appending never downsamples; once a live series doubles the budget, ask for a fresh overview.
  if (current.series.some((s) => s.steps.length > 2 * current!.maxPointsPerSeries)) host.intent('refresh', {});
}

function toolbar(): HTMLElement {
  const axes: { value: XAxisMode; label: string }[] = [
    { value: 'step', label: 'Step' },
    { value: 'wallTime', label: 'Wall time' },
    { value: 'relativeTime', label: 'Relative time' },
  ];
  const scales: { value: YScale; label: string }[] = [
    { value: 'linear', label: 'Linear' },
    { value: 'log', label: 'Log' },
  ];
  return el(
    'div',
    { className: 'toolbar chart-toolbar' },
    select('X axis', axes, view.xAxis, (xAxis) => changeView({ xAxis })),
    select('Y scale', scales, view.yScale, (yScale) => changeView({ yScale })),
    slider('Smoothing', 0, 0.99, 0.01, view.smoothing, (smoothing) => changeView({ smoothing })),
    button('Export CSV', () => host.intent('exportCsv', {}), { secondary: true, title: 'All points at full resolution' }),
    button('Refresh', () => host.intent('refresh', {}), { secondary: true }),
  );
}

function legend(state: MetricChartState): HTMLElement {
  const colors = assignRunColors(state.runs.map((r) => r.runId));
  return el(
    'div',
    { className: 'legend', attrs: { role: 'group', 'aria-label': 'Runs' } },
    ...state.runs.map((run) => {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.backgroundColor = colorOf(colors, run.runId);
      const entry = checkbox([swatch, el('span', { className: 'run-name' }, run.runName)], !view.hiddenRunIds.has(run.runId), (shown) => {
        const hidden = new Set(view.hiddenRunIds);
        if (shown) hidden.delete(run.runId);
        else hidden.add(run.runId);
        changeView({ hiddenRunIds: hidden });
      }, `Show or hide ${run.runName}`);
      entry.setAttribute('data-run-id', run.runId);
      return el('span', { className: 'legend-entry' }, entry, linkButton('open', () => host.intent('openRun', { runId: run.runId }), `Open run ${run.runName}`));
    }),
  );
}

onThemeChange(() => {
  if (current) render(current);
});
host.ready();
