import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import { openStore } from '../../../src/core/store/openStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { availableEngine } from '../../../src/core/store/sqlite/sqliteDriver';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { sqlitePathFromUri } from '../../../src/core/store/sqlite/sqliteUri';
import { fixtureDb, fixtureDir, fixtureUri, fixtureVariant, removeVariant, repoRoot } from './sqliteFixture';

const ALL_EXPERIMENTS = ['0', '1', '2', '3', '4', '5', '6'];

function byName(runs: readonly Run[], name: string): Run {
  const run = runs.find((r) => r.info.run_name === name);
  assert.ok(run, `run ${name} not found among ${runs.map((r) => r.info.run_name).join(', ')}`);
  return run;
}

async function allRuns(store: SqliteStore, request: Partial<Parameters<SqliteStore['searchRuns']>[0]> = {}): Promise<Run[]> {
  return collectPages(async (pageToken) => store.searchRuns({ experimentIds: ALL_EXPERIMENTS, ...request, pageToken }));
}

void describe(`SqliteStore over the MLflow 2.12.2 fixture (engine here: ${availableEngine()})`, () => {
  let store: SqliteStore;
  before(async () => {
    store = await SqliteStore.open(fixtureUri, { baseDir: repoRoot });
  });
  after(() => store.dispose());

  void it('uses node:sqlite where the runtime has it, else sql.js', () => {
    assert.equal(store.engine, typeof process.getBuiltinModule?.('node:sqlite') === 'object' ? 'node:sqlite' : 'sql.js');
    assert.equal(store.schema?.revision, 'acf3f17fdcc7');
    assert.equal(store.schema?.unknownRevision, false);
  });

  void it('lists experiments newest first with tags, and hides the deleted one by default', async () => {
    const active = await store.searchExperiments({});
    assert.deepEqual(
      active.items.map((e) => e.experiment_id),
      ['5', '4', '3', '2', '1', '0'],
    );
    assert.deepEqual(active.problems, []);
    const iris = active.items.find((e) => e.name === 'iris-classification');
    assert.deepEqual(iris?.tags.map((t) => t.key).sort(), ['mlflow.note.content', 'project/stage', 'team']);
    const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((e) => [e.name, e.lifecycle_stage]), [['to-be-deleted', 'deleted']]);
    assert.equal((await store.getExperiment('2')).name, 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end');
    await assert.rejects(store.getExperiment('99'), (e: unknown) => StoreError.is(e, 'notFound') && e.message.includes(fixtureDb));
  });

  void it('reads 18 active runs, 20 in all, with statuses, names and times as MLflow wrote them', async () => {
    const active = await allRuns(store);
    assert.equal(active.length, 18);
    const all = await allRuns(store, { viewType: 'ALL' });
    assert.equal(all.length, 20);
    const deletedOnly = await allRuns(store, { viewType: 'DELETED_ONLY' });
    assert.deepEqual(deletedOnly.map((r) => r.info.run_name).sort(), ['deleted-run', 'orphan-run']);
    const running = byName(active, 'running-run');
    assert.equal(running.info.status, 'RUNNING');
    assert.equal(running.info.end_time, undefined);
    assert.equal(byName(active, 'killed-run').info.status, 'KILLED');
    assert.equal(byName(active, 'scheduled-run').info.status, 'SCHEDULED');
    const hostile = byName(active, `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`);
    assert.equal(hostile.info.experiment_id, '2');
    assert.equal(hostile.data.params.find((p) => p.key === 'long_value')?.value.length, 5000);
    assert.equal(hostile.data.params.find((p) => p.key === 'empty')?.value, '');
    assert.match(hostile.data.tags.find((t) => t.key === 'multiline')?.value ?? '', /\n/);
  });

  void it('decodes NaN (is_nan), keeps clipped infinities, and picks the latest value by (step, timestamp, value)', async () => {
    const [hostile] = await store.searchRuns({ experimentIds: ['2'] }).then((p) => p.items);
    assert.ok(hostile);
    const latest = new Map(hostile.data.metrics.map((m) => [m.key, m]));
    assert.equal(latest.get('special/nan')?.value, 1.5);
    assert.equal(latest.get('special/inf')?.value, 1.7976931348623157e308);
    assert.equal(latest.get('special/neg_inf')?.value, -1.7976931348623157e308);
    assert.equal(latest.get('special/tiny')?.value, 5e-324);
    assert.deepEqual([latest.get('special/dup_step')?.step, latest.get('special/dup_step')?.value], [5, 2]);
    const nanHistory = await store.getMetricHistory(hostile.info.run_id, 'special/nan');
    assert.deepEqual(nanHistory.items.map((m) => [m.step, m.value]), [[0, Number.NaN], [1, 1.5]]);
    const dup = await store.getMetricHistory(hostile.info.run_id, 'special/dup_step');
    assert.deepEqual(dup.items.map((m) => [m.step, m.value]).sort(), [[-1, 0.5], [5, 1], [5, 2]]);
  });

  void it('reads the 50,000-step history of train/loss, also a step range and in pages', async () => {
    const [resnet] = (await store.searchRuns({ experimentIds: ['3'] })).items;
    assert.ok(resnet);
    const history = await store.getMetricHistory(resnet.info.run_id, 'train/loss');
    assert.equal(history.items.length, 50000);
    assert.deepEqual(history.items.slice(0, 3).map((m) => m.step), [0, 1, 2]);
    const range = await store.getMetricHistory(resnet.info.run_id, 'train/loss', { startStep: 100, endStep: 109 });
    assert.deepEqual(range.items.map((m) => m.step), [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const paged = await collectPages((pageToken) => store.getMetricHistory(resnet.info.run_id, 'train/loss', { maxResults: 20000, pageToken }));
    assert.equal(paged.length, 50000);
    await assert.rejects(store.getMetricHistory('0'.repeat(32), 'x'), (e: unknown) => StoreError.is(e, 'notFound'));
  });

  void it('returns dataset inputs with their context tags', async () => {
    const runs = await allRuns(store, { filter: "tags.mlflow.runName = 'C=1.0'" });
    assert.equal(runs.length, 1);
    const inputs = runs[0]?.inputs?.dataset_inputs ?? [];
    assert.deepEqual(
      inputs.map((i) => [i.dataset.name, i.tags.find((t) => t.key === 'mlflow.data.context')?.value]).sort(),
      [['iris-test', 'evaluation'], ['iris-train', 'training']],
    );
  });

  void it('pages runs with tokens that cover every run exactly once', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await store.searchRuns({ experimentIds: ALL_EXPERIMENTS, viewType: 'ALL', maxResults: 6, pageToken });
      seen.push(...page.items.map((r) => r.info.run_id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    assert.equal(pages, 4);
    assert.equal(new Set(seen).size, 20);
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], pageToken: 'not-a-token' }), (e: unknown) => StoreError.is(e, 'invalidArgument'));
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], maxResults: 50001 }), (e: unknown) => StoreError.is(e, 'invalidArgument'));
  });

  void it('small pages, skipped parts and a filter give the same runs as one big page', async () => {
    const request = { experimentIds: ALL_EXPERIMENTS, viewType: 'ALL' as const, filter: 'metrics.loss >= 0', orderBy: ['params.status_under_test DESC'] };
    const whole = (await store.searchRuns({ ...request, maxResults: 1000 })).items;
    assert.equal(whole.length, 9);
    const paged = await collectPages((pageToken) => store.searchRuns({ ...request, maxResults: 2, pageToken }));
    assert.deepEqual(paged, whole);
    const bare = await collectPages((pageToken) =>
      store.searchRuns({ ...request, maxResults: 4, pageToken, include: { params: false, tags: false, metrics: false } }),
    );
    assert.deepEqual(bare.map((r) => r.info), whole.map((r) => r.info));
    // Parts not asked for are skipped, even those the filter and the order read (only their keys were read, to decide).
    assert.ok(bare.every((r) => r.data.tags.length === 0 && r.data.metrics.length === 0 && r.data.params.length === 0));
    assert.deepEqual((await store.searchRuns({ ...request, maxResults: 1000 })).items, whole);
  });

  void it('rejects a bad filter or order_by as invalidArgument with MLflow wording', async () => {
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], filter: "params.C > '0.1'" }), (e: unknown) =>
      StoreError.is(e, 'invalidArgument') && e.message === "Invalid comparator '>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'",
    );
    await assert.rejects(store.searchRuns({ experimentIds: ['1'], orderBy: ['metrics.accuracy DESCENDING'] }), (e: unknown) =>
      StoreError.is(e, 'invalidArgument'),
    );
  });

  void it('orders by a metric with missing values last, then by MLflow base order', async () => {
    const runs = await allRuns(store, { experimentIds: ['1'], orderBy: ['metrics.accuracy DESC'] });
    assert.deepEqual(
      runs.map((r) => r.info.run_name),
      ['C=10.0', 'C=1.0', 'C=0.1', 'C=0.01', 'C=10.0 / fold-0', 'C=1.0 / fold-0', 'C=0.1 / fold-0', 'C=0.01 / fold-0', 'hyperparam-search'],
    );
    const asc = await allRuns(store, { experimentIds: ['1'], orderBy: ['metrics.accuracy ASC'] });
    assert.deepEqual(asc.slice(-5).map((r) => r.info.run_name), ['C=10.0 / fold-0', 'C=1.0 / fold-0', 'C=0.1 / fold-0', 'C=0.01 / fold-0', 'hyperparam-search']);
    const byParam = await allRuns(store, { experimentIds: ['1'], filter: "params.C LIKE '%'", orderBy: ['params.C ASC'] });
    // Params sort as text: '0.01' < '0.1' < '1.0' < '10.0'.
    assert.deepEqual(byParam.map((r) => r.data.params.find((p) => p.key === 'C')?.value), ['0.01', '0.1', '1.0', '10.0']);
  });

  void it('resolves artifacts of a moved store next to the database, and keeps paths inside the root', async () => {
    const [parent] = (await store.searchRuns({ experimentIds: ['1'], filter: "attributes.run_name = 'hyperparam-search'" })).items;
    assert.ok(parent);
    const root = await store.getArtifactRoot(parent.info.run_id);
    assert.match(root.recordedUri, /^\/home\/dev\/mlflow-demo\/mlartifacts\/1\//);
    assert.equal(root.localPath, path.join(fixtureDir, 'mlartifacts', '1', parent.info.run_id, 'artifacts'));
    const top = await store.listArtifacts(parent.info.run_id);
    assert.ok(top.some((f) => f.path === 'notes.txt' && !f.is_dir && f.file_size !== undefined));
    assert.ok(top.some((f) => f.path === 'reports' && f.is_dir));
    const deeper = await store.listArtifacts(parent.info.run_id, 'reports/2024/details/deeper');
    assert.deepEqual(deeper.map((f) => f.path), ['reports/2024/details/deeper/file with spaces & ünïcödé.txt']);
    const bytes = await store.readArtifact(parent.info.run_id, 'blobs/weights.bin');
    assert.equal(bytes.length, 256 * 1024);
    await assert.rejects(store.readArtifact(parent.info.run_id, '../../../../mlflow.db'), (e: unknown) => StoreError.is(e, 'invalidArgument'));
    const [quick] = (await store.searchRuns({ experimentIds: ['0'] })).items;
    assert.ok(quick);
    const none = await store.getArtifactRoot(quick.info.run_id);
    assert.equal(none.localPath, undefined);
    assert.match(none.unavailableReason ?? '', /not available locally/);
  });

  void it('reads the registry: versions, stages, aliases, tags; the deleted version is hidden', async () => {
    const { items } = await store.searchRegisteredModels({});
    assert.deepEqual(items.map((m) => m.name), ['empty-model', 'iris-classifier', `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`]);
    const iris = items[1];
    assert.deepEqual(iris?.latest_versions.map((v) => [v.version, v.current_stage]), [['1', 'Archived'], ['2', 'Staging'], ['3', 'Production']]);
    assert.deepEqual(iris?.aliases, [
      { alias: 'challenger', version: '2' },
      { alias: 'champion', version: '3' },
      { alias: 'old-but-gold', version: '1' },
    ]);
    const versions = await store.listModelVersions('iris-classifier');
    assert.deepEqual(versions.map((v) => v.version), ['1', '2', '3']);
    assert.deepEqual(versions[2]?.tags, [{ key: 'validated', value: 'true' }]);
    assert.equal(versions[2]?.description, 'Best model; C=1.0');
    assert.equal(items[2]?.latest_versions[0]?.source, 's3://example-bucket/models/odd-model/1');
  });
});

void describe('SqliteStore: never writes, and fails clearly on bad input', () => {
  void it('leaves the database file byte-identical and creates no journal', async () => {
    const hash = (): string => crypto.createHash('sha256').update(fs.readFileSync(fixtureDb)).digest('hex');
    const before = hash();
    const mtime = fs.statSync(fixtureDb).mtimeMs;
    const store = await SqliteStore.open(fixtureDb);
    await allRuns(store, { viewType: 'ALL' });
    store.dispose();
    assert.equal(hash(), before);
    assert.equal(fs.statSync(fixtureDb).mtimeMs, mtime);
    assert.deepEqual(fs.readdirSync(fixtureDir).sort(), ['mlartifacts', 'mlflow.db']);
  });

  void it('names the file when it is missing, not a database, or not an MLflow database', async () => {
    await assert.rejects(SqliteStore.open('sqlite:////nonexistent/dir/mlflow.db'), (e: unknown) =>
      StoreError.is(e, 'notFound') && e.message.includes('/nonexistent/dir/mlflow.db'),
    );
    const notDb = path.join(fixtureDir, 'mlartifacts', '1');
    await assert.rejects(SqliteStore.open(notDb), (e: unknown) => StoreError.is(e, 'notFound'));
    const text = await fixtureVariant('text', 'SELECT 1');
    fs.writeFileSync(text, 'this is not a database, just text '.repeat(100));
    await assert.rejects(SqliteStore.open(text), (e: unknown) => StoreError.is(e, 'corrupt') && e.message.includes(text));
    removeVariant(text);
    const other = await fixtureVariant('other', 'DROP TABLE runs');
    await assert.rejects(SqliteStore.open(other), (e: unknown) => StoreError.is(e, 'corrupt') && /not an MLflow tracking database/.test(e.message));
    removeVariant(other);
  });

  void it('the sql.js fallback refuses a database over its size limit with a clear message', async () => {
    await assert.rejects(SqliteStore.open(fixtureDb, { engine: 'sql.js', maxInMemoryBytes: 1024 * 1024 }), (e: unknown) => {
      assert.ok(StoreError.is(e, 'unsupported'));
      assert.match(e.message, /is 10 MB, more than the 1 MB/);
      assert.ok(e.message.includes(fixtureDb));
      return true;
    });
  });

  void it('openStore opens sqlite:/// URIs relative to cwd; an open failure rejects the first call', async () => {
    const store = openStore(fixtureUri, { cwd: repoRoot });
    try {
      assert.equal(store.kind, 'sqlite');
      assert.equal((await store.searchExperiments({ viewType: 'ALL' })).items.length, 7);
    } finally {
      store.dispose();
    }
    const missing = openStore('sqlite:///nope/mlflow.db', { cwd: repoRoot });
    await assert.rejects(missing.searchExperiments({}), (e: unknown) => StoreError.is(e, 'notFound') && e.message.includes(path.join(repoRoot, 'nope/mlflow.db')));
    missing.dispose();
  });

  void it('resolves sqlite URIs as MLflow does (relative, absolute)', () => {
    assert.equal(sqlitePathFromUri('sqlite:///mlflow.db', '/work/x'), '/work/x/mlflow.db');
    assert.equal(sqlitePathFromUri('sqlite:////abs/dir/mlflow.db', '/work/x'), '/abs/dir/mlflow.db');
    assert.equal(sqlitePathFromUri('sqlite:///sub/my%20db.db?mode=ro', '/w'), '/w/sub/my db.db');
    assert.throws(() => sqlitePathFromUri('sqlite://', '/w'), (e: unknown) => StoreError.is(e, 'invalidArgument'));
  });
});

void describe('SqliteStore: other schemas', () => {
  void it('a newer, unknown schema revision is read and reported once', async () => {
    const file = await fixtureVariant('newer', "UPDATE alembic_version SET version_num = 'd3e4f5a6b7c8'; CREATE TABLE workspaces (name TEXT)");
    const store = await SqliteStore.open(file);
    try {
      const first = await store.searchExperiments({});
      assert.equal(first.problems.length, 1);
      assert.match(first.problems[0]?.message ?? '', /newer MLflow \(schema revision d3e4f5a6b7c8\)/);
      assert.equal(first.problems[0]?.location, file);
      assert.deepEqual((await store.searchExperiments({})).problems, []);
      assert.equal((await allRuns(store)).length, 18);
    } finally {
      store.dispose();
      removeVariant(file);
    }
  });

  void it('an old schema without latest_metrics, datasets, aliases, runs.name and newer columns still reads', async () => {
    const file = await fixtureVariant(
      'old',
      `DROP TABLE latest_metrics; DROP TABLE inputs; DROP TABLE input_tags; DROP TABLE datasets;
       DROP TABLE registered_model_aliases; ALTER TABLE runs DROP COLUMN deleted_time; ALTER TABLE runs DROP COLUMN name;
       ALTER TABLE experiments DROP COLUMN creation_time; ALTER TABLE experiments DROP COLUMN last_update_time;
       ALTER TABLE model_versions DROP COLUMN storage_location; ALTER TABLE model_versions DROP COLUMN run_link;
       UPDATE alembic_version SET version_num = '0a8213491aaa';`,
    );
    const store = await SqliteStore.open(file);
    try {
      const experiments = await store.searchExperiments({});
      assert.deepEqual(experiments.items.map((e) => e.experiment_id), ['0', '1', '2', '3', '4', '5']);
      assert.equal(experiments.items[0]?.creation_time, undefined);
      const runs = await allRuns(store, { filter: 'metrics.accuracy > 0.9' });
      assert.deepEqual(runs.map((r) => r.info.run_name).sort(), ['C=0.1', 'C=1.0', 'C=10.0']);
      const [hostile] = (await store.searchRuns({ experimentIds: ['2'] })).items;
      // Latest values reduced from the full history: NaN at step 0, 1.5 at step 1.
      assert.equal(hostile?.data.metrics.find((m) => m.key === 'special/nan')?.value, 1.5);
      assert.deepEqual(hostile?.inputs?.dataset_inputs, []);
      const models = await store.searchRegisteredModels({});
      assert.deepEqual(models.items[1]?.aliases, []);
    } finally {
      store.dispose();
      removeVariant(file);
    }
  });

  void it('an empty run name falls back to the mlflow.runName tag', async () => {
    const file = await fixtureVariant('noname', "UPDATE runs SET name = '' WHERE name = 'C=0.1'; UPDATE runs SET name = NULL WHERE name = 'C=1.0'");
    const store = await SqliteStore.open(file);
    try {
      const runs = await allRuns(store, { experimentIds: ['1'] });
      assert.ok(runs.some((r) => r.info.run_name === 'C=0.1'));
      assert.ok(runs.some((r) => r.info.run_name === 'C=1.0'));
      assert.equal((await allRuns(store, { filter: "attributes.run_name = 'C=0.1'" })).length, 1);
    } finally {
      store.dispose();
      removeVariant(file);
    }
  });

  void it('rebases a relative 1.x artifact_uri and an absolute one onto a sibling mlartifacts/', async () => {
    const file = await fixtureVariant(
      'moved',
      "UPDATE runs SET artifact_uri = './mlartifacts/1/' || run_uuid || '/artifacts' WHERE name = 'C=0.1'",
      true,
    );
    const store = await SqliteStore.open(file);
    try {
      const runs = await allRuns(store, { experimentIds: ['1'] });
      for (const name of ['C=0.1', 'C=1.0']) {
        const run = byName(runs, name);
        const root = await store.getArtifactRoot(run.info.run_id);
        assert.equal(root.localPath, path.join(path.dirname(file), 'mlartifacts', '1', run.info.run_id, 'artifacts'));
        assert.ok((await store.listArtifacts(run.info.run_id, 'model')).some((f) => f.path === 'model/MLmodel'));
      }
    } finally {
      store.dispose();
      removeVariant(file);
    }
  });
});

const sharedServer = path.join(path.resolve(repoRoot, '../shared'), 'fixtures/generated/server/mlflow.db');
const serverMissing = fs.existsSync(sharedServer) ? false : `SKIPPED: ${sharedServer} not found (../shared is absent)`;

void describe('SqliteStore over the server fixture (mlflow-artifacts: URIs)', { skip: serverMissing }, () => {
  void it('maps mlflow-artifacts:/<exp>/<run>/artifacts onto the sibling mlartifacts/', async () => {
    const store = await SqliteStore.open(sharedServer);
    try {
      const [parent] = (await store.searchRuns({ experimentIds: ['1'], filter: "run_name = 'hyperparam-search'" })).items;
      assert.ok(parent);
      assert.match(parent.info.artifact_uri, /^mlflow-artifacts:\/1\//);
      const root = await store.getArtifactRoot(parent.info.run_id);
      assert.equal(root.localPath, path.join(path.dirname(sharedServer), 'mlartifacts', '1', parent.info.run_id, 'artifacts'));
      const [resnet] = (await store.searchRuns({ experimentIds: ['3'] })).items;
      assert.ok(resnet);
      assert.equal((await store.getMetricHistory(resnet.info.run_id, 'train/loss')).items.length, 100000);
    } finally {
      store.dispose();
    }
  });
});
