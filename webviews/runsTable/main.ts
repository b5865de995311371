/**
 * The runs table panel: a toolbar (MLflow filter checked as you type, column chooser, grouping,
 * actions on the selected rows, CSV export), then the virtual grid. Rows come from the host in
 * slices (rowCache.ts); every name and value is untrusted and reaches the page as text only.
 */
import '../styles/base.css';
import './runsTable.css';
import type { RunsTableLayout, RunsTableState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { button, textField } from '../shared/ui';
import { onThemeChange } from '../shared/theme';
import { HostConnection } from '../shared/vscodeApi';
import { ColumnChooser } from './columnChooser';
import { moveColumnTo, shownColumns, type ShownColumns } from './columnLayout';
import { RunsGrid } from './grid';
import { ParallelSection } from './parallelSection';
import { RowCache } from './rowCache';

const app = document.getElementById('app') as HTMLElement;
const host = new HostConnection<'runsTable'>(render);
let current: RunsTableState | undefined;
let layout: RunsTableLayout | undefined;
let shown: ShownColumns | undefined;
let shownKey = '';
let filterText = '';
let filterCheck = 0;

const cache = new RowCache(
  (params) => host.request('rows', params),
  () => grid.schedule(),
  (message) => showError(message),
);

const grid = new RunsGrid(cache, {
  sort(columnId) {
    const sort = current?.sort;
    const next = sort?.columnId !== columnId ? { columnId, ascending: true } : sort.ascending ? { columnId, ascending: false } : null;
    host.intent('setSort', { sort: next });
  },
  resize(columnId, width) {
    if (layout) changeLayout({ ...layout, widths: { ...layout.widths, [columnId]: width } });
  },
  toggleExpanded(rowId, expanded) {
    host.intent('setExpanded', { rowId, expanded });
  },
  open(rowIndex) {
    const meta = cache.get(rowIndex)?.meta;
    if (meta?.kind === 'run') host.intent('openRun', { runId: meta.id });
    else if (meta) host.intent('setExpanded', { rowId: meta.id, expanded: !meta.expanded });
  },
  selectionChanged: () => updateActions(),
  copy(text) {
    if (text) host.intent('copyText', { text });
  },
  cycleMode(columnId) {
    if (!layout) return;
    const order = ['latest', 'min', 'max'] as const;
    const mode = layout.metricModes[columnId] ?? 'latest';
    const next = order[(order.indexOf(mode) + 1) % order.length] ?? 'latest';
    const metricModes = { ...layout.metricModes };
    if (next === 'latest') delete metricModes[columnId];
    else metricModes[columnId] = next;
    changeLayout({ ...layout, metricModes });
  },
  reorder(columnId, targetId) {
    if (current && layout) changeLayout(moveColumnTo(current.columns, layout, columnId, targetId));
  },
  toggleDirection(columnId) {
    if (!layout) return;
    const now = (document.querySelector(`.rt-head[data-column-id="${CSS.escape(columnId)}"] [data-direction]`)?.getAttribute('data-direction') ?? 'higher') as 'lower' | 'higher';
    changeLayout({ ...layout, directions: { ...layout.directions, [columnId]: now === 'lower' ? 'higher' : 'lower' } });
  },
});

const savedParallel = host.saved().view?.['parallel'];
const parallel = new ParallelSection(
  {
    fetch: (columnIds) => host.request('parallelRuns', { version: Math.max(0, cache.version), columnIds }),
    direction: (columnId) => grid.direction(columnId),
    brushed(runIds) {
      // Brushing picks the runs: the table's selection becomes the runs inside the brushes.
      grid.selected.clear();
      for (const id of runIds ?? []) grid.selected.add(id);
      grid.schedule();
      updateActions();
    },
    changed: () => saveView(),
  },
  typeof savedParallel === 'object' && savedParallel !== null ? (savedParallel as { open?: boolean; axes?: string[]; logAxes?: string[] }) : {},
);
onThemeChange(() => parallel.refreshTheme());

function saveView(): void {
  if (current) host.save({ restore: current.restore, view: { parallel: { open: parallel.open, ...(parallel.axes ? { axes: parallel.axes } : {}), logAxes: parallel.logAxes } } });
}

const chooser = new ColumnChooser({
  layoutChanged: (next) => changeLayout(next),
  groupBy: (columnId) => host.intent('setGroupBy', { columnId }),
});

const title = el('h1', {}, 'Runs');
const counts = el('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
const filterError = el('p', { className: 'error rt-filter-error', attrs: { role: 'alert', hidden: true } });
const errorBox = el('p', { className: 'error', attrs: { role: 'alert', hidden: true } });
const problemsBox = el('div', { className: 'rt-problems' });
const groupNote = el('span', { className: 'rt-group-note' });
const filterField = textField('Filter runs: metrics.accuracy > 0.9 and params.C = \'1.0\'', '', (value) => {
  filterText = value;
  void checkFilter(value);
});
filterField.classList.add('rt-filter');
filterField.addEventListener('keydown', (event) => {
  if ((event as KeyboardEvent).key === 'Enter') applyFilter();
});

const actions = {
  compare: button('Compare', () => host.intent('compareRuns', { runIds: selectedRunIds().slice(0, 100) }), { secondary: true, title: 'Compare the selected runs (two or more)' }),
  chart: button('Chart metrics', () => chartSelected(), { secondary: true, title: 'Chart the shown metric columns for the selected runs' }),
  details: button('Open details', () => {
    const [runId] = selectedRunIds();
    if (runId) host.intent('openRun', { runId });
  }, { secondary: true }),
  copyIds: button('Copy run ids', () => host.intent('copyText', { text: selectedRunIds().join('\n') }), { secondary: true }),
};

const toolbar = el(
  'div',
  { className: 'rt-toolbar' },
  filterField,
  button('Apply', () => applyFilter(), { title: 'Apply the filter (Enter)' }),
  button('Clear', () => {
    (filterField as HTMLElement & { value: string }).value = '';
    filterText = '';
    applyFilter();
  }, { secondary: true }),
  button('Columns…', () => chooser.toggle(), { secondary: true, title: 'Show, hide, pin and reorder columns' }),
  button('Parallel coordinates', () => {
    parallel.toggle();
    if (current && shown) parallel.update(current, shown);
  }, { secondary: true, title: 'Show or hide the parallel coordinates of the listed runs (brushing selects runs)' }),
  groupNote,
  button('Export CSV', () => host.intent('exportCsv', { columnIds: (shown?.all ?? []).map((c) => c.id) }), { secondary: true, title: 'The shown rows and columns, values exact' }),
  button('Refresh', () => host.intent('refresh', {}), { secondary: true }),
);
const actionBar = el('div', { className: 'rt-actions' }, el('span', { className: 'rt-selection' }), actions.compare, actions.chart, actions.details, actions.copyIds);

replaceChildren(
  app,
  el('header', { className: 'panel-header' }, title, counts),
  toolbar,
  filterError,
  chooser.element,
  actionBar,
  errorBox,
  problemsBox,
  parallel.element,
  grid.element,
);
grid.mount();
updateActions();

function selectedRunIds(): string[] {
  return [...grid.selected];
}

function chartSelected(): void {
  const metricKeys = (shown?.all ?? []).filter((c) => c.kind === 'metric').map((c) => c.key).slice(0, 100);
  if (metricKeys.length === 0) return showError('No metric column is shown.');
  host.intent('openMetricChart', { runIds: selectedRunIds().slice(0, 100), metricKeys });
}

function updateActions(): void {
  const n = grid.selected.size;
  (actionBar.querySelector('.rt-selection') as HTMLElement).textContent = n ? `${n} selected` : 'Select rows (Ctrl/Shift-click, Space)';
  actions.compare.disabled = n < 2;
  actions.chart.disabled = n < 1;
  actions.details.disabled = n !== 1;
  actions.copyIds.disabled = n < 1;
}

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  errorBox.textContent = message ?? '';
}

async function checkFilter(value: string): Promise<void> {
  const ticket = ++filterCheck;
  const result = await host.request('checkFilter', { filter: value }).catch((error: unknown) => ({ error: String(error) }));
  // A slower answer to an older keystroke must not overwrite a newer one.
  if (ticket !== filterCheck) return;
  setFilterError(result.error);
}

function setFilterError(message: string | undefined): void {
  filterError.hidden = !message;
  filterError.textContent = message ?? '';
}

function applyFilter(): void {
  host.intent('setFilter', { filter: filterText });
}

function changeLayout(next: RunsTableLayout): void {
  layout = next;
  if (current) {
    current = { ...current, layout: next };
    applyColumns(current);
    chooser.update(current.columns, next, current.groupBy);
  }
  host.intent('setLayout', { layout: next });
}

function applyColumns(state: RunsTableState): void {
  const key = `${state.columns.length}|${state.columns[0]?.id ?? ''}|${state.columns[state.columns.length - 1]?.id ?? ''}|${JSON.stringify(state.layout)}`;
  if (key !== shownKey || !shown) {
    shownKey = key;
    shown = shownColumns(state.columns, state.layout);
  }
  grid.update(state, shown);
  parallel.update(state, shown);
}

function render(state: RunsTableState): void {
  const versionChanged = state.version !== cache.version;
  current = state;
  layout = state.layout;
  saveView();
  app.setAttribute('aria-busy', String(state.loading));
  const names = state.experiments.map((e) => e.name);
  title.textContent = names.length ? `Runs of ${names.join(', ')}` : 'Runs';
  counts.textContent = state.loading
    ? 'Loading runs…'
    : `${state.runCount.toLocaleString('en-US')} runs · ${state.columns.length.toLocaleString('en-US')} columns${state.busy ? ` · ${state.busy}` : ''}`;
  if (filterText === '' && state.filter !== '' && document.activeElement !== filterField) {
    (filterField as HTMLElement & { value: string }).value = state.filter;
    filterText = state.filter;
  }
  setFilterError(state.filterError);
  showError(state.error);
  groupNote.textContent = state.groupBy ? `Grouped by ${state.groupBy.slice(state.groupBy.indexOf(':') + 1)}` : '';
  replaceChildren(
    problemsBox,
    state.problems.length
      ? el('details', { className: 'problems' }, el('summary', {}, `${state.problems.length} problem(s)`), el('ul', {}, ...state.problems.slice(0, 200).map((p) => el('li', {}, p))))
      : null,
  );
  if (versionChanged) {
    cache.reset(state.version);
    if (state.loading) grid.selected.clear();
  }
  chooser.update(state.columns, state.layout, state.groupBy);
  applyColumns(state);
  updateActions();
}

host.ready();
