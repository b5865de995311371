/**
 * The dataset inputs MLflow 2.12.2 logged for the iris children (`iris-train`, context training, tag
 * split=train; `iris-test`, context evaluation, a code source) read the same from the file store,
 * the SQLite store and the recorded server: in the run panel's state, the explorer's Datasets
 * section and the runs table's Datasets column and grouping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { RunsTableModel } from '../../../src/core/table/runsTableModel';
import { runDetailsState } from '../../../src/panels/runDetailsState';
import { RunsTableSession } from '../../../src/panels/runsTableState';
import type { RunDatasetRow } from '../../../src/shared/webviewProtocol';
import { buildRunForest, datasetNodes, runChildNodes, type RunSectionNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';
import { openFileBackend, openRestBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const COLUMNS = ['sepal length (cm): double', 'sepal width (cm): double', 'petal length (cm): double', 'petal width (cm): double', 'target: long'];

/** What the run panel shows for each iris child, on every store. */
const CHILD_DATASETS: RunDatasetRow[] = [
  {
    name: 'iris-test',
    digest: 'c4567977',
    context: 'evaluation',
    sourceType: 'code',
    source: '/home/dev/mlflow-demo/gen.py',
    rawSource: '{"tags": {"mlflow.user": "root", "mlflow.source.name": "/home/dev/mlflow-demo/gen.py", "mlflow.source.type": "LOCAL"}}',
    tags: [],
    schemaColumns: COLUMNS,
    profile: 'num_rows: 45, num_elements: 225',
  },
  {
    name: 'iris-train',
    digest: '2edc8d19',
    context: 'training',
    sourceType: 'local',
    source: 'file:///data/iris/train.csv',
    rawSource: '{"uri": "file:///data/iris/train.csv"}',
    tags: [{ key: 'split', value: 'train' }],
    schemaColumns: COLUMNS,
    profile: 'num_rows: 105, num_elements: 525',
  },
];

/** A listing of the iris experiment that the server was asked when it was recorded (ids differ per store). */
async function irisRuns(backend: Backend): Promise<Run[]> {
  const irisId = backend.kind === 'rest' ? '1' : (await backend.store.searchExperiments({})).items.find((e) => e.name === 'iris-classification')?.experiment_id;
  assert.ok(irisId, 'iris-classification experiment');
  const page = await backend.store.searchRuns({
    experimentIds: [irisId],
    orderBy: ['metrics.accuracy DESC', 'attributes.start_time ASC'],
    include: { tags: true, metrics: true, params: true, inputs: true },
  });
  assert.equal(page.items.length, 9);
  return page.items;
}

const named = (runs: readonly Run[], name: string): Run => {
  const found = runs.find((r) => r.info.run_name === name);
  assert.ok(found, `run ${name}`);
  return found;
};

for (const open of [openFileBackend, openSqliteBackend, openRestBackend]) {
  void describe(`dataset inputs on the ${open === openFileBackend ? 'file' : open === openSqliteBackend ? 'SQLite' : 'recorded REST'} store`, () => {
    let backend: Backend;
    let store: TrackingStore;
    let runs: Run[];
    before(async () => {
      backend = await open();
      store = backend.store;
      runs = await irisRuns(backend);
    });
    after(() => backend.close());

    void it("the run panel lists a child's two datasets with context, source, tags, schema and profile", async () => {
      const child = await store.getRun(named(runs, 'C=1.0').info.run_id);
      const state = runDetailsState(child, { children: [], metrics: [], artifacts: [], problems: [] });
      assert.deepEqual(state.datasets, CHILD_DATASETS);
      const parent = await store.getRun(named(runs, 'hyperparam-search').info.run_id);
      assert.deepEqual(runDetailsState(parent, { children: [], metrics: [], artifacts: [], problems: [] }).datasets, []);
    });

    void it('the explorer shows a Datasets section under the children only, one row per dataset', async () => {
      const [parent] = buildRunForest(runs);
      assert.equal(parent?.run.info.run_name, 'hyperparam-search');
      const sections = (children: ReturnType<typeof runChildNodes>) => children.filter((n): n is RunSectionNode => n.kind === 'section').map((n) => n.section);
      assert.deepEqual(sections(runChildNodes(parent)), ['params', 'metrics', 'tags', 'artifacts']);
      const child = parent.childRuns.find((c) => c.run.info.run_name === 'C=1.0')!;
      assert.deepEqual(sections(runChildNodes(child)), ['params', 'metrics', 'tags', 'datasets', 'artifacts']);
      const fold = child.childRuns[0]!;
      assert.deepEqual(sections(runChildNodes(fold)), ['params', 'metrics', 'tags', 'artifacts']);

      const rows = datasetNodes(await store.getRun(child.runId)).map((n) => present(n, 0));
      assert.deepEqual(rows.map((r) => [r.label, r.description]), [['iris-test', 'evaluation · c4567977'], ['iris-train', 'training · 2edc8d19']]);
      assert.match(rows[1]!.tooltipMarkdown ?? '', /\*\*Source:\*\* file\\:\\\/\\\/\\\/data\\\/iris\\\/train\\\.csv/);
      assert.match(rows[1]!.tooltipMarkdown ?? '', /\*\*Tag split:\*\* train/);
      assert.match(rows[1]!.tooltipMarkdown ?? '', /- target\\: long/);
    });

    void it('the runs table has a Datasets column and groups the runs by dataset', () => {
      const model = new RunsTableModel(runs);
      assert.deepEqual(model.columns.filter((c) => c.kind === 'attribute').map((c) => c.id).slice(-1), ['attr:datasets']);
      assert.equal(model.value(named(runs, 'C=0.1'), 'attr:datasets'), 'iris-test (c4567977), iris-train (2edc8d19)');
      assert.equal(model.value(named(runs, 'hyperparam-search'), 'attr:datasets'), undefined);
      const groups = model.rows({ groupBy: 'attr:datasets', expanded: new Set() });
      const names = (rs: readonly Run[]) => rs.map((r) => r.info.run_name).sort();
      assert.deepEqual(
        groups.map((g) => (g.kind === 'group' ? [g.value ?? null, names(g.runs)] : g.id)),
        [
          ['iris-test (c4567977)', ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']],
          ['iris-train (2edc8d19)', ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']],
          [null, ['C=0.01 / fold-0', 'C=0.1 / fold-0', 'C=1.0 / fold-0', 'C=10.0 / fold-0', 'hyperparam-search']],
        ],
      );
      const trainGroup = groups[1]!;
      assert.ok(trainGroup.kind === 'group');
      const accuracy = model.groupStats(trainGroup.runs, 'metric:accuracy', 'latest');
      assert.equal(accuracy.count, 4);
      assert.ok(accuracy.max !== undefined && accuracy.max > 0.97 && accuracy.max < 0.98, `max accuracy ${accuracy.max}`);
    });

    // A session lists the experiment unfiltered: a request the server was never recorded answering.
    if (open !== openRestBackend) void it('the runs table panel sends the dataset groups, their run counts and metric stats to the webview', async () => {
      const session = new RunsTableSession([runs[0]!.info.experiment_id]);
      await session.load(store);
      assert.ok(session.state().columns.some((c) => c.id === 'attr:datasets' && c.label === 'Datasets'));
      session.setGroupBy('attr:datasets');
      const state = session.state();
      assert.equal(state.groupBy, 'attr:datasets');
      const { rows } = session.rows({ version: state.version, start: 0, count: 100, columnIds: ['attr:datasets', 'metric:accuracy'] });
      assert.deepEqual(
        rows.map((r) => [r.kind, r.childCount, r.cells[0], (r.cells[1] as { count: number } | null)?.count]),
        [
          ['group', 4, 'iris-test (c4567977)', 4],
          ['group', 4, 'iris-train (2edc8d19)', 4],
          ['group', 5, null, 5],
        ],
      );
    });

    void it("MLflow's dataset filters select the runs by name, digest and context", async (t) => {
      if (backend.kind === 'rest') {
        // Only this dataset search was recorded from the server (its first page of two runs).
        const page = await store.searchRuns({ experimentIds: ['1'], filter: "datasets.name = 'iris-test'", maxResults: 2 });
        assert.deepEqual(page.items.map((r) => r.info.run_name), ['C=10.0', 'C=1.0']);
        assert.deepEqual(runDetailsState(page.items[0]!, { children: [], metrics: [], artifacts: [], problems: [] }).datasets, CHILD_DATASETS);
        return;
      }
      t.diagnostic('the full set of dataset filters is compared with MLflow itself in mlflowParity.test.ts');
      const iris = runs[0]!.info.experiment_id;
      const search = async (filter: string) => (await store.searchRuns({ experimentIds: [iris], filter })).items.map((r) => r.info.run_name).sort();
      const children = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0'];
      assert.deepEqual(await search("datasets.digest = '2edc8d19'"), children);
      assert.deepEqual(await search("datasets.context = 'evaluation' and params.C = '0.1'"), ['C=0.1']);
      assert.deepEqual(await search("datasets.name = 'iris-train' and datasets.digest = 'c4567977'"), children);
      assert.deepEqual(await search("datasets.digest = 'nope'"), []);
    });
  });
}
