/** The run panel: overview, description, params / metrics / tags tables, dataset inputs, artifacts. */
import '../styles/base.css';
import type { KeyValue, MetricSummaryRow, RunDatasetRow, RunDetailsState, RunOverview } from '../../src/shared/webviewProtocol';
import { el, replaceChildren, type Child } from '../shared/dom';
import { formatDate, formatDuration, formatValue } from '../shared/format';
import { renderMarkdown } from '../shared/markdown';
import { newTableView, sortableTable, type Column } from '../shared/table';
import { badge, button, linkButton } from '../shared/ui';
import { keyCell, valueCell } from '../shared/valueCell';
import { HostConnection } from '../shared/vscodeApi';
import { artifactTree } from './artifactTree';

const app = document.getElementById('app') as HTMLElement;
const views = { params: newTableView(), metrics: newTableView(), tags: newTableView() };
/** Long values the user opened with "Show all", by table and key: kept across refreshes. */
const expanded = { params: new Set<string>(), tags: new Set<string>() };
const host = new HostConnection<'runDetails'>(render);

function render(state: RunDetailsState): void {
  host.save({ restore: state.restore });
  app.setAttribute('aria-busy', 'false');
  if (state.error) {
    replaceChildren(app, el('p', { className: 'error', attrs: { role: 'alert' } }, state.error), toolbar());
    return;
  }
  if (!state.overview) {
    replaceChildren(app, el('p', { className: 'loading' }, 'Loading run…'));
    return;
  }
  const o = state.overview;
  replaceChildren(
    app,
    el('header', { className: 'panel-header' }, el('h1', { attrs: { 'data-field': 'runName' } }, o.runName), badge(o.status, o.status), toolbar()),
    problems(state.problems),
    section('Overview', overview(o)),
    state.description ? section('Description', renderMarkdown(state.description, (url) => host.intent('openLink', { url }))) : null,
    section(`Parameters (${state.params.length})`, keyValueTable('parameters', 'params', state.params)),
    section(`Metrics (${state.metrics.length})`, metricsTable(state.metrics)),
    section(`Tags (${state.tags.length})`, keyValueTable('tags', 'tags', state.tags)),
    state.datasets ? section(`Datasets (${state.datasets.length})`, datasetList(state.datasets)) : null,
    section(
      'Artifacts',
      state.artifactsNote ? el('p', { className: 'note' }, state.artifactsNote) : null,
      artifactTree(state.artifacts, {
        list: (path) => host.request('listArtifacts', { path }),
        open: (path) => host.intent('openArtifact', { path }),
      }),
    ),
  );
}

function toolbar(): HTMLElement {
  return el('div', { className: 'toolbar' }, button('Refresh', () => host.intent('refresh', {}), { secondary: true }));
}

function section(title: string, ...content: Child[]): HTMLElement {
  return el('section', { className: 'section' }, el('h2', {}, title), ...content);
}

function problems(lines: readonly string[]): Child {
  if (lines.length === 0) return null;
  return el('details', { className: 'problems' }, el('summary', {}, `${lines.length} problem(s) while reading this run`), el('ul', {}, ...lines.map((p) => el('li', {}, p))));
}

function overview(o: RunOverview): HTMLElement {
  const rows: [string, Child][] = [
    ['Run ID', el('code', {}, o.runId)],
    ['Experiment', o.experimentName ? `${o.experimentName} (${o.experimentId})` : o.experimentId],
    ['Status', o.lifecycleStage === 'deleted' ? `${o.status} (deleted)` : o.status],
    ['Started', formatDate(o.startTime)],
    ['Duration', o.startTime !== undefined ? (o.endTime !== undefined ? formatDuration(o.endTime - o.startTime) : 'still running') : ''],
    ['User', o.user],
    ['Source', o.sourceName ? `${o.sourceName}${o.sourceType ? ` (${o.sourceType})` : ''}` : ''],
    ['Git commit', o.gitCommit ? el('code', {}, `${o.gitCommit}${o.gitBranch ? ` on ${o.gitBranch}` : ''}`) : ''],
    ['Artifact URI', el('code', {}, o.artifactUri)],
    ['Parent run', o.parent ? runLink(o.parent.runId, o.parent.runName) : ''],
    ['Child runs', o.children.length ? el('ul', { className: 'inline-list' }, ...o.children.map((c) => el('li', {}, runLink(c.runId, c.runName)))) : ''],
  ];
  return el('dl', { className: 'overview' }, ...rows.filter(([, v]) => v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function runLink(runId: string, name: string): HTMLElement {
  return linkButton(name, () => host.intent('openRun', { runId }), runId);
}

function keyValueTable(name: string, table: 'params' | 'tags', rows: readonly KeyValue[]): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'empty' }, `No ${name}.`);
  const opened = expanded[table];
  const columns: Column<KeyValue>[] = [
    { label: 'Key', value: (r) => r.key, cell: (r) => keyCell(r.key) },
    {
      label: 'Value',
      value: (r) => r.value,
      cell: (r) =>
        valueCell(r.value, {
          expanded: opened.has(r.key),
          onToggle: (open) => {
            if (open) opened.add(r.key);
            else opened.delete(r.key);
          },
          copy: () => host.intent('copyValue', { table, key: r.key }),
        }),
    },
  ];
  return sortableTable(name, rows, columns, views[table]);
}

/** Each dataset input: name, digest and context, then where it comes from; schema and profile open on demand. */
function datasetList(rows: readonly RunDatasetRow[]): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'empty' }, 'No dataset inputs logged.');
  return el('ul', { className: 'datasets', attrs: { 'aria-label': 'Dataset inputs' } }, ...rows.map(datasetItem));
}

function datasetItem(row: RunDatasetRow): HTMLElement {
  const fields: [string, Child][] = [
    ['Digest', el('code', {}, row.digest)],
    ['Context', row.context ?? ''],
    ['Source type', row.sourceType],
    ['Source', el('code', { attrs: { title: row.rawSource ?? row.source } }, row.source)],
    ['Tags', row.tags.length ? row.tags.map((t) => `${t.key}=${t.value}`).join(', ') : ''],
    ['Profile', row.profile ?? ''],
  ];
  const schema = row.schemaColumns
    ? el('details', { className: 'dataset-schema' }, el('summary', {}, `Schema (${row.schemaColumns.length} columns)`), el('ul', {}, ...row.schemaColumns.map((c) => el('li', {}, el('code', {}, c)))))
    : row.schema
      ? el('details', { className: 'dataset-schema' }, el('summary', {}, 'Schema'), el('pre', {}, row.schema))
      : null;
  return el(
    'li',
    { className: 'dataset', attrs: { 'data-dataset': row.name, title: row.profile ? `${row.name}: ${row.profile}` : row.name } },
    el('strong', { className: 'dataset-name' }, row.name),
    row.context ? ' ' : null,
    row.context ? badge(row.context, 'context') : null,
    el('dl', { className: 'overview' }, ...fields.filter(([, v]) => v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    schema,
  );
}

/** Min, max and steps come from the whole history, read after the panel shows: say so meanwhile. */
function summaryCell(row: MetricSummaryRow): string | undefined {
  if (row.summary === 'pending') return '…';
  if (row.summary === 'unavailable') return '—';
  return undefined;
}

function metricsTable(rows: readonly MetricSummaryRow[]): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'empty' }, 'No metrics logged.');
  const num = (v: number | string | undefined) => (typeof v === 'string' ? Number(v) : v);
  const columns: Column<MetricSummaryRow>[] = [
    { label: 'Key', value: (r) => r.key, cell: (r) => keyCell(linkButton(r.key, () => host.intent('openMetricChart', { metricKeys: [r.key] }), `Chart ${r.key}`)) },
    { label: 'Last', value: (r) => num(r.last), cell: (r) => formatValue(r.last), numeric: true },
    { label: 'Min', value: (r) => r.min, cell: (r) => summaryCell(r) ?? formatValue(r.min), numeric: true },
    { label: 'Max', value: (r) => r.max, cell: (r) => summaryCell(r) ?? formatValue(r.max), numeric: true },
    { label: 'Steps', value: (r) => r.steps, cell: (r) => summaryCell(r) ?? (r.nonFinite ? `${r.steps} (${r.nonFinite} non-finite)` : String(r.steps)), numeric: true },
  ];
  return el(
    'div',
    {},
    button('Chart all metrics', () => host.intent('openMetricChart', { metricKeys: rows.map((r) => r.key).slice(0, 100) }), { secondary: true }),
    sortableTable('metrics', rows, columns, views.metrics),
  );
}

host.ready();
