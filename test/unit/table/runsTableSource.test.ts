/**
 * The runs table's core over the three stores MLflow 2.12.2 wrote (file, SQLite, recorded REST
 * replay): the same listing, filter and order through the `TrackingStore` interface, nesting,
 * grouping with aggregates, best values, min/max from histories, and the CSV export.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { collectColumns, parseColumnId } from '../../../src/core/table/columns';
import { readMetricExtremes } from '../../../src/core/table/metricExtremes';
import { loadTableRuns } from '../../../src/core/table/runsSource';
import { groupRowId, RunsTableModel } from '../../../src/core/table/runsTableModel';
import { RunsTableSession } from '../../../src/panels/runsTableState';
import { filterProblem } from '../../../src/views/explorer/runQuery';
import { openFileBackend, openRestBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const HOSTILE_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
const HOSTILE_EXPERIMENT = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';

async function experimentId(store: TrackingStore, name: string): Promise<string> {
  const found = (await store.searchExperiments({ maxResults: 100 })).items.find((e) => e.name === name);
  assert.ok(found, `no experiment ${name} in ${store.uri}`);
  return found.experiment_id;
}

const accuracy = (run: Run) => run.data.metrics.find((m) => m.key === 'accuracy')?.value;

for (const open of [openFileBackend, openSqliteBackend]) {
  void describe(`runs table over the ${open === openFileBackend ? 'file' : 'SQLite'} store MLflow wrote`, () => {
    let backend: Backend;
    let store: TrackingStore;
    let iris: string;
    before(async () => {
      backend = await open();
      store = backend.store;
      iris = await experimentId(store, 'iris-classification');
    });
    after(() => backend.close());

    void it('lists every run with a column per param, metric and tag key, attributes first', async () => {
      const { runs, problems, truncated } = await loadTableRuns(store, { experimentIds: [iris], pageSize: 3 });
      assert.deepEqual(problems, []);
      assert.equal(truncated, false);
      assert.equal(runs.length, 9, 'paged three at a time to the end');
      const columns = collectColumns(runs);
      assert.deepEqual(columns.slice(0, 7).map((c) => c.id), ['attr:name', 'attr:status', 'attr:start', 'attr:duration', 'attr:user', 'attr:source', 'attr:version']);
      const kinds = columns.map((c) => c.kind);
      assert.deepEqual(kinds, [...kinds].sort((a, b) => ['attribute', 'param', 'metric', 'tag'].indexOf(a) - ['attribute', 'param', 'metric', 'tag'].indexOf(b)));
      for (const id of ['param:C', 'metric:accuracy', 'metric:fold_accuracy', 'tag:mlflow.parentRunId']) assert.ok(columns.some((c) => c.id === id), id);
      assert.deepEqual(parseColumnId('metric:val/loss'), { kind: 'metric', key: 'val/loss' });
      assert.deepEqual(parseColumnId('param:a:b'), { kind: 'param', key: 'a:b' });
      assert.equal(parseColumnId('attr:nope'), undefined);
    });

    void it('filters and sorts in the store, as the tree does (missing values last both ways)', async () => {
      const session = new RunsTableSession([iris]);
      session.query = { filter: 'metrics.accuracy > 0.9' };
      await session.load(store);
      const state = session.state();
      assert.equal(state.filterError, undefined);
      assert.equal(state.runCount, 3);
      const nameColumn = ['attr:name', 'metric:accuracy'];
      const rows = session.rows({ version: state.version, start: 0, count: 100, columnIds: nameColumn }).rows;
      for (const row of rows) assert.ok((row.cells[1] as number) > 0.9);

      session.query = { filter: '' };
      assert.equal(session.setSort({ columnId: 'metric:accuracy', ascending: false }), true, 'a metric sort goes to the store');
      await session.load(store);
      // Flatten the tree: expand the parent so every run is a row.
      const parent = session.rows({ version: 0, start: 0, count: 100, columnIds: nameColumn }).rows.find((r) => r.childCount > 0);
      assert.ok(parent);
      session.setExpanded(parent.id, true);
      const sorted = session.rows({ version: 0, start: 0, count: 100, columnIds: nameColumn }).rows;
      const topLevel = sorted.filter((r) => r.depth === 0).map((r) => r.cells[1]);
      assert.equal(topLevel.at(-1), null, 'the parent (no accuracy) is last even descending');
      const values = sorted.filter((r) => r.depth === 1 && r.cells[1] !== null).map((r) => r.cells[1] as number);
      assert.deepEqual(values, [...values].sort((a, b) => b - a));
    });

    void it('names the filter problem in the tree\'s words instead of listing', async () => {
      const session = new RunsTableSession([iris]);
      session.query = { filter: 'metrics.accuracy >>> 0.9' };
      await session.load(store);
      assert.equal(session.state().filterError, filterProblem('metrics.accuracy >>> 0.9'));
      assert.match(session.state().filterError ?? '', /^Column \d+: .*'>>>'/, 'names the column and the bad operator');
      assert.equal(session.state().runCount, 0);
    });

    void it('nests child runs under their parent, collapsed until expanded', () => {
      return (async () => {
        const { runs } = await loadTableRuns(store, { experimentIds: [iris] });
        const model = new RunsTableModel(runs);
        const collapsed = model.rows({ expanded: new Set() });
        assert.equal(collapsed.length, 1, 'only hyperparam-search is a root');
        const root = collapsed[0];
        assert.ok(root?.kind === 'run');
        assert.equal(root.run.info.run_name, 'hyperparam-search');
        assert.equal(root.childCount, 4);
        const candidates = model.rows({ expanded: new Set([root.id]) });
        assert.equal(candidates.length, 5);
        const c10 = candidates.find((r) => r.kind === 'run' && r.run.info.run_name === 'C=10.0');
        assert.ok(c10);
        const deep = model.rows({ expanded: new Set([root.id, c10.id]) });
        const fold = deep.find((r) => r.kind === 'run' && r.run.info.run_name === 'C=10.0 / fold-0');
        assert.equal(fold?.depth, 2);
        assert.equal(deep.indexOf(fold!), deep.findIndex((r) => r.id === c10.id) + 1, 'the fold right under its candidate');
      })();
    });

    void it('groups by a param with the count and mean / min / max of each metric', async () => {
      const { runs } = await loadTableRuns(store, { experimentIds: [iris] });
      const model = new RunsTableModel(runs);
      const groups = model.rows({ groupBy: 'param:solver', expanded: new Set() });
      assert.deepEqual(groups.map((g) => [g.kind, g.id, g.childCount]), [['group', groupRowId('lbfgs'), 4], ['group', groupRowId(undefined), 5]]);
      const lbfgs = groups[0];
      assert.ok(lbfgs?.kind === 'group');
      const values = lbfgs.runs.map(accuracy).filter((v): v is number => v !== undefined);
      const stats = model.groupStats(lbfgs.runs, 'metric:accuracy', 'latest');
      assert.equal(stats.count, 4);
      assert.equal(stats.mean, values.reduce((a, b) => a + b, 0) / values.length);
      assert.equal(stats.min, Math.min(...values));
      assert.equal(stats.max, Math.max(...values));
      const open = model.rows({ groupBy: 'param:solver', expanded: new Set([groupRowId('lbfgs')]) });
      assert.equal(open.length, 2 + 4);
      assert.equal(model.best('metric:accuracy', 'latest', 'higher'), Math.max(...values));
      assert.equal(model.best('metric:train_loss', 'latest', 'lower'), Math.min(...runs.map((r) => r.data.metrics.find((m) => m.key === 'train_loss')?.value ?? Infinity)));
    });

    void it('reads min and max over each run\'s history for a metric column', async () => {
      const { runs } = await loadTableRuns(store, { experimentIds: [iris] });
      const withLoss = runs.filter((r) => r.data.metrics.some((m) => m.key === 'train_loss'));
      const { extremes, problems } = await readMetricExtremes(store, withLoss.map((r) => r.info.run_id), 'train_loss');
      assert.deepEqual(problems, []);
      for (const run of withLoss) {
        const history = (await store.getMetricHistory(run.info.run_id, 'train_loss')).items.map((p) => p.value);
        assert.deepEqual(extremes.get(run.info.run_id), { min: Math.min(...history), max: Math.max(...history) });
      }
      const session = new RunsTableSession([iris]);
      await session.load(store);
      session.setLayout({ ...session.layout, metricModes: { 'metric:train_loss': 'max' } });
      await session.readExtremes(store);
      session.setSort({ columnId: 'metric:train_loss', ascending: true });
      const rows = session.rows({ version: 0, start: 0, count: 10, columnIds: ['metric:train_loss'] });
      assert.equal(rows.best['metric:train_loss'], Math.min(...[...extremes.values()].map((e) => e.max)), 'best of the max values, lower is better for a loss');
    });

    void it('exports the shown rows and columns with exact values and defused formulas', async () => {
      const oddExperiment = await experimentId(store, HOSTILE_EXPERIMENT);
      const session = new RunsTableSession([oddExperiment]);
      await session.load(store);
      const csv = session.csv(['attr:name', 'param:long_value', 'metric:special/negative']);
      const lines = csv.split('\r\n');
      assert.equal(lines[0], 'run_id,attr:name,param:long_value,metric:special/negative');
      const hostile = lines.find((l) => l.includes('apostrophes'));
      assert.ok(hostile, csv.slice(0, 500));
      assert.ok(hostile.includes(`"${HOSTILE_RUN.replace(/"/g, '""')}"`), 'quotes doubled inside a quoted cell');
      assert.ok(hostile.endsWith(',-42.125'), 'a negative number is data, not a formula');
      assert.ok(hostile.length > 5000, 'the 5,000-character value is whole');
    });
  });
}

void describe('runs table over the recorded REST exchanges', () => {
  let backend: Backend;
  before(async () => {
    backend = await openRestBackend();
  });
  after(() => backend.close());

  void it('lists, filters and orders through the server exactly as recorded', async () => {
    const store = backend.store;
    const session = new RunsTableSession(['4']);
    await session.load(store);
    const state = session.state();
    assert.equal(state.error, undefined);
    const rows = session.rows({ version: state.version, start: 0, count: 100, columnIds: ['attr:status'] }).rows;
    assert.deepEqual(rows.map((r) => r.status).sort(), ['FAILED', 'FINISHED', 'KILLED', 'RUNNING', 'SCHEDULED']);
    assert.deepEqual(session.runningRunIds().length, 1);

    const filtered = await loadTableRuns(store, { experimentIds: ['1'], filter: 'metrics.accuracy > 0.9' });
    assert.ok(filtered.runs.length > 0);
    for (const run of filtered.runs) assert.ok((accuracy(run) ?? 0) > 0.9);
    const ordered = await loadTableRuns(store, { experimentIds: ['1'], orderBy: ['metrics.accuracy DESC', 'attributes.start_time ASC'] });
    const model = new RunsTableModel(ordered.runs);
    const values = ordered.runs.map(accuracy).filter((v) => v !== undefined);
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.equal(model.rows({ expanded: new Set() }).length, 1, 'nested under hyperparam-search as in the other stores');
    assert.deepEqual(backend.replay?.unmatched.filter((r) => r.path.endsWith('/runs/search')), [], 'only requests MLflow answered');
  });
});
