/** The comparison panel: params and metrics side by side, only-differences filter, best values, scatter, parallel coordinates. */
import '../styles/base.css';
import type { CompareRow, CompareRunsState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren, type Child } from '../shared/dom';
import { formatValue } from '../shared/format';
import { assignRunColors, colorOf } from '../shared/runColors';
import { onThemeChange } from '../shared/theme';
import { button, checkbox, linkButton } from '../shared/ui';
import { valueCell } from '../shared/valueCell';
import { HostConnection } from '../shared/vscodeApi';
import { ParallelCoordsView } from '../shared/parallelCoords/parallelView';
import { bestIndices, differs } from './compareRows';
import { defaultParallelAxes, parallelCandidates, parallelData, parallelSources } from './parallelData';
import { ScatterView } from './scatterView';

const app = document.getElementById('app') as HTMLElement;
const host = new HostConnection<'compareRuns'>(render);
let onlyDifferences = host.saved().view?.['onlyDifferences'] === true;
const savedView = host.saved().view ?? {};
let parallelAxes = stringList(savedView['parallelAxes']);
let parallelLog = stringList(savedView['parallelLog']) ?? [];
let scatter: ScatterView | undefined;
let parallel: ParallelCoordsView | undefined;
/** The runs inside the parallel coordinates' brushes (undefined: no brush, every run shown). */
let brushedRuns: ReadonlySet<string> | undefined;
let current: CompareRunsState | undefined;

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function save(): void {
  if (current) host.save({ restore: current.restore, view: { onlyDifferences, ...(parallelAxes ? { parallelAxes } : {}), parallelLog } });
}

function render(state: CompareRunsState): void {
  current = state;
  save();
  scatter?.destroy();
  scatter = undefined;
  parallel?.destroy();
  parallel = undefined;
  brushedRuns = undefined;
  app.setAttribute('aria-busy', 'false');
  if (state.error) {
    replaceChildren(app, el('p', { className: 'error', attrs: { role: 'alert' } }, state.error));
    return;
  }
  if (state.runs.length === 0) {
    replaceChildren(app, state.problems.length ? problems(state.problems) : el('p', { className: 'loading' }, 'Loading runs…'));
    return;
  }
  const colors = assignRunColors(state.runs.map((r) => r.runId));
  scatter = new ScatterView(state, colors);
  const tables = el('div', { className: 'compare-tables' });
  const drawTables = () =>
    replaceChildren(
      tables,
      brushedRuns
        ? el('p', { className: 'note', attrs: { role: 'status' } }, `Showing ${brushedRuns.size} of ${state.runs.length} runs: those inside the parallel coordinates' brushes.`)
        : null,
      el('h2', {}, 'Parameters'),
      compareTable(state, colors, 'parameters', state.params, paramValue, () => undefined),
      el('h2', {}, 'Metrics'),
      compareTable(state, colors, 'metrics', state.metrics, (v) => formatValue(v), (row) => bestIndices(row as (typeof state.metrics)[number])),
    );
  drawTables();
  const sources = parallelSources(state);
  parallel = new ParallelCoordsView({
    candidates: parallelCandidates(sources),
    axes: parallelAxes?.filter((id) => sources.some((s) => s.id === id)) ?? defaultParallelAxes(sources),
    logAxes: parallelLog,
    load: (axisIds) => parallelData(state, sources, colors, axisIds),
    onBrush(kept) {
      brushedRuns = kept;
      drawTables();
    },
    onAxesChange(axes, logAxes) {
      parallelAxes = [...axes];
      parallelLog = [...logAxes];
      save();
    },
  });
  replaceChildren(
    app,
    el(
      'header',
      { className: 'panel-header' },
      el('h1', {}, `Comparing ${state.runs.length} runs`),
      el(
        'div',
        { className: 'toolbar' },
        checkbox(['Only differences'], onlyDifferences, (checked) => {
          onlyDifferences = checked;
          save();
          drawTables();
        }),
        button('Chart all metrics', () => host.intent('openMetricChart', { runIds: state.runs.map((r) => r.runId), metricKeys: state.metrics.map((m) => m.key).slice(0, 100) }), { secondary: true }),
      ),
    ),
    problems(state.problems),
    tables,
    el('h2', {}, 'Scatter'),
    scatter.element,
    el('h2', {}, 'Parallel coordinates'),
    parallel.element,
  );
  scatter.draw();
  void parallel.reload();
}

/** Long param values the user opened with "Show all", by run and key: kept across refreshes. */
const expandedValues = new Set<string>();

function paramValue(value: string, runId: string, key: string): Child {
  const id = JSON.stringify([runId, key]);
  return valueCell(value, {
    expanded: expandedValues.has(id),
    onToggle: (open) => {
      if (open) expandedValues.add(id);
      else expandedValues.delete(id);
    },
  });
}

function problems(lines: readonly string[]): Child {
  if (lines.length === 0) return null;
  return el('details', { className: 'problems' }, el('summary', {}, `${lines.length} problem(s)`), el('ul', {}, ...lines.map((p) => el('li', {}, p))));
}

function compareTable<V>(
  state: CompareRunsState,
  colors: ReadonlyMap<string, string>,
  name: string,
  rows: readonly CompareRow<V>[],
  show: (value: V, runId: string, key: string) => Child,
  best: (row: CompareRow<V>) => ReadonlySet<number> | undefined,
): HTMLElement {
  const shown = onlyDifferences ? rows.filter(differs) : rows;
  if (rows.length === 0) return el('p', { className: 'empty' }, `No ${name}.`);
  const columns = state.runs.flatMap((run, i) => (!brushedRuns || brushedRuns.has(run.runId) ? [i] : []));
  const head = el(
    'tr',
    {},
    el('th', { attrs: { scope: 'col' } }, 'Key'),
    ...columns.map((i) => state.runs[i] as (typeof state.runs)[number]).map((run) => {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.backgroundColor = colorOf(colors, run.runId);
      return el(
        'th',
        { attrs: { scope: 'col', 'data-run-id': run.runId } },
        swatch,
        ' ',
        linkButton(run.runName, () => host.intent('openRun', { runId: run.runId }), run.runId),
        run.experimentName ? el('div', { className: 'note' }, run.experimentName) : null,
      );
    }),
  );
  const body = shown.map((row) => {
    const winners = best(row);
    const keyCell =
      name === 'metrics'
        ? linkButton(row.key, () => host.intent('openMetricChart', { runIds: columns.map((i) => state.runs[i]?.runId ?? ''), metricKeys: [row.key] }), `Chart ${row.key} for these runs`)
        : row.key;
    return el(
      'tr',
      { attrs: { 'data-key': row.key } },
      el('th', { attrs: { scope: 'row' } }, keyCell),
      ...columns.map((i) => {
        const v = row.values[i] ?? null;
        const runId = state.runs[i]?.runId ?? '';
        return winners?.has(i)
          ? el('td', { className: 'best', attrs: { title: 'best value' } }, el('span', { className: 'cell-value' }, show(v as V, runId, row.key), el('span', { className: 'best-mark' }, ' (best)')))
          : el('td', { className: v === null ? 'absent' : '' }, el('span', { className: 'cell-value' }, v === null ? '—' : show(v, runId, row.key)));
      }),
    );
  });
  const hidden = rows.length - shown.length;
  return el(
    'div',
    { className: 'table-scroll' },
    el('table', { className: 'data-table compare-table', attrs: { 'data-table': name } }, el('thead', {}, head), el('tbody', {}, ...body)),
    hidden ? el('p', { className: 'note' }, `${hidden} ${name} with the same value in every run hidden.`) : null,
  );
}

// Canvas charts read their colours when they paint: repaint them (the user's axes and brushes stay).
onThemeChange(() => {
  scatter?.draw();
  parallel?.refreshTheme();
});
host.ready();
