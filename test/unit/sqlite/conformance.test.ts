/**
 * The SQLite store and the file store over the same data (MLflow 2.12.2 wrote both from one
 * generator): same experiments, runs, params, tags, latest metrics, registry and search results.
 * Ids differ between the stores, so everything is compared by names. Documented differences
 * (fixtures README): `train/loss` has 50,000 steps in SQLite and 100,000 in mlruns, values drawn
 * after it differ, ±inf is clipped to ±1.7976931348623157e308 in SQLite.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment, KeyValue, Metric, Run } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { fixtureDb, repoRoot } from './sqliteFixture';

const mlruns = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');
/** Experiments whose values were all drawn before the long metric: identical in both stores. */
const SAME_VALUES = new Set(['Default', 'iris-classification', 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end']);

interface Snapshot {
  experiments: Experiment[];
  /** Runs keyed by `<experiment name> / <run name>`. */
  runs: Map<string, { experiment: string; run: Run }>;
}

async function snapshot(store: TrackingStore): Promise<Snapshot> {
  const experiments = await collectPages((pageToken) => store.searchExperiments({ viewType: 'ALL', pageToken }));
  const names = new Map(experiments.map((e) => [e.experiment_id, e.name]));
  const all = await collectPages((pageToken) =>
    store.searchRuns({ experimentIds: experiments.map((e) => e.experiment_id), viewType: 'ALL', pageToken }),
  );
  const runs = new Map<string, { experiment: string; run: Run }>();
  for (const run of all) {
    const experiment = names.get(run.info.experiment_id) ?? '?';
    runs.set(`${experiment} / ${run.info.run_name}`, { experiment, run });
  }
  return { experiments, runs };
}

const sorted = (kv: readonly KeyValue[]): string[] => kv.map((p) => `${p.key}=${p.value}`).sort();

/** ±inf as SQLite stores it, so both encodings compare equal. */
function clip(value: number): number {
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

const latest = (metrics: readonly Metric[]): string[] => metrics.map((m) => `${m.key}@${m.step}=${clip(m.value)}`).sort();

void describe('conformance: SQLite store vs file store over the same MLflow data', () => {
  let file: FileStore;
  let sqlite: SqliteStore;
  let a: Snapshot;
  let b: Snapshot;
  let runIdToName: Map<string, string>;

  before(async () => {
    file = new FileStore(mlruns, { workerScript: false });
    sqlite = await SqliteStore.open(fixtureDb);
    [a, b] = await Promise.all([snapshot(file), snapshot(sqlite)]);
    runIdToName = new Map([...a.runs.values(), ...b.runs.values()].map(({ run }) => [run.info.run_id, run.info.run_name]));
  });
  after(() => {
    file.dispose();
    sqlite.dispose();
  });

  void it('has the same experiments, stages and experiment tags', () => {
    const view = (s: Snapshot): string[] => s.experiments.map((e) => `${e.name}|${e.lifecycle_stage}|${sorted(e.tags).join(',')}`).sort();
    assert.equal(a.experiments.length, 7);
    assert.deepEqual(view(b), view(a));
  });

  void it('has the same runs with the same status, user, lifecycle, params and tags', () => {
    assert.equal(a.runs.size, 20);
    assert.deepEqual([...b.runs.keys()].sort(), [...a.runs.keys()].sort());
    // Tags that hold ids or paths of their own store; the parent link is compared by run name.
    const storeSpecific = new Set(['best_run_id', 'mlflow.log-model.history', 'mlflow.parentRunId']);
    for (const [key, { run: fromFile }] of a.runs) {
      const fromSqlite = b.runs.get(key)?.run;
      assert.ok(fromSqlite, key);
      const info = (r: Run): unknown[] => [r.info.status, r.info.user_id, r.info.lifecycle_stage, r.info.end_time === undefined];
      assert.deepEqual(info(fromSqlite), info(fromFile), key);
      assert.deepEqual(sorted(fromSqlite.data.params), sorted(fromFile.data.params), key);
      const comparable = (r: Run): string[] => sorted(r.data.tags.filter((t) => !storeSpecific.has(t.key)));
      assert.deepEqual(comparable(fromSqlite), comparable(fromFile), key);
      const parent = (r: Run): string | undefined => {
        const id = r.data.tags.find((t) => t.key === 'mlflow.parentRunId')?.value;
        return id === undefined ? undefined : runIdToName.get(id);
      };
      assert.equal(parent(fromSqlite), parent(fromFile), key);
    }
  });

  void it('has the same latest metrics where the data is the same, and the same metric keys elsewhere', () => {
    let compared = 0;
    for (const [key, { experiment, run: fromFile }] of a.runs) {
      const fromSqlite = b.runs.get(key)?.run;
      assert.ok(fromSqlite);
      if (SAME_VALUES.has(experiment)) {
        assert.deepEqual(latest(fromSqlite.data.metrics), latest(fromFile.data.metrics), key);
        compared++;
      } else {
        assert.deepEqual(fromSqlite.data.metrics.map((m) => m.key).sort(), fromFile.data.metrics.map((m) => m.key).sort(), key);
      }
    }
    assert.equal(compared, 12);
  });

  void it('has the same metric histories, NaN included; train/loss is 50,000 vs 100,000 steps', async () => {
    const hostile = (s: Snapshot): Run => {
      const found = [...s.runs.values()].find(({ run }) => run.info.run_name.startsWith('run with spaces'))?.run;
      assert.ok(found);
      return found;
    };
    for (const key of ['eval/loss', 'special/nan', 'special/dup_step', 'точность']) {
      const [h1, h2] = await Promise.all([
        file.getMetricHistory(hostile(a).info.run_id, key),
        sqlite.getMetricHistory(hostile(b).info.run_id, key),
      ]);
      // Timestamps differ (each store was written at its own time); steps and values do not.
      const points = (ms: readonly Metric[]): string[] => ms.map((m) => `${m.step}:${m.value}`).sort();
      assert.deepEqual(points(h2.items), points(h1.items), key);
    }
    const resnet = (s: Snapshot): string => s.runs.get('long-training / resnet50-full-training')?.run.info.run_id ?? '';
    const [long1, long2] = await Promise.all([file.getMetricHistory(resnet(a), 'train/loss'), sqlite.getMetricHistory(resnet(b), 'train/loss')]);
    assert.equal(long1.items.length, 100000);
    assert.equal(long2.items.length, 50000);
  });

  void it('gives the same run names for the same filters and orders', async () => {
    const experimentIds = (s: Snapshot): string[] => s.experiments.filter((e) => e.lifecycle_stage === 'active').map((e) => e.experiment_id);
    const cases: { filter?: string; orderBy?: string[]; count?: number }[] = [
      { filter: 'metrics.accuracy > 0.9', count: 3 },
      { filter: "metrics.accuracy >= 0.9 and params.solver = 'lbfgs'", count: 3 },
      { filter: 'params.C = "0.1"', count: 1 },
      { filter: "params.C = '0.1' AND", count: 1 },
      { filter: "tags.mlflow.runName = 'C=0.1'", count: 1 },
      { filter: 'metrics.`train_loss` < 1', count: 4 },
      { filter: "status = 'FAILED'", count: 1 },
      { filter: "status = 'failed'", count: 0 },
      { filter: "attributes.run_name LIKE 'c=%'", count: 0 },
      { filter: "attributes.run_name ILIKE 'c=%'", count: 8 },
      { filter: "`Run Name` = 'C=0.1'", count: 1 },
      { filter: 'attributes.created > 1700000000000', count: 18 },
      { filter: "datasets.context = 'training'", count: 4 },
      { filter: "tags.error != 'x'", count: 1 },
      { filter: 'end_time > 0', count: 16 },
      { filter: "params.empty = ''", count: 1 },
      { filter: "user_id = 'root' and metrics.accuracy < 0.9", count: 1 },
      { filter: 'metrics.`special/nan` > 1', count: 1 },
      { filter: "tags.`quote tag` LIKE \"%'single'%\"", count: 1 },
      { filter: "params.`learning rate` LIKE '0.00_'", count: 1 },
      { filter: "metrics.loss <= 0.5 and params.debug LIKE '%'", count: 1 },
      { orderBy: ['metrics.accuracy DESC'] },
      { orderBy: ['params.C ASC', 'attributes.run_name DESC'] },
      { filter: "params.debug LIKE '%'", orderBy: ['metrics.loss DESC'] },
      { filter: "params.status_under_test LIKE '%'", orderBy: ['attributes.status'] },
      { orderBy: ['tags.mlflow.runName ASC'] },
    ];
    for (const c of cases) {
      const names = async (store: TrackingStore, s: Snapshot): Promise<string[]> => {
        const runs = await collectPages((pageToken) => store.searchRuns({ experimentIds: experimentIds(s), filter: c.filter, orderBy: c.orderBy, pageToken }));
        return runs.map((r) => r.info.run_name);
      };
      const [fromFile, fromSqlite] = await Promise.all([names(file, a), names(sqlite, b)]);
      const label = JSON.stringify(c);
      if (c.orderBy && !c.filter) {
        // Only the runs whose order is decided by the clauses (not by generation time) compare.
        const decided = (list: string[]): string[] => list.filter((n) => n.startsWith('C='));
        assert.deepEqual(decided(fromSqlite), decided(fromFile), label);
      } else if (c.orderBy) {
        assert.deepEqual(fromSqlite, fromFile, label);
      } else {
        assert.deepEqual([...fromSqlite].sort(), [...fromFile].sort(), label);
      }
      if (c.count !== undefined) assert.equal(fromSqlite.length, c.count, label);
    }
  });

  void it('has the same registry: models, visible versions, stages, aliases', async () => {
    const view = async (store: TrackingStore): Promise<unknown> => {
      const models = await collectPages((pageToken) => store.searchRegisteredModels!({ pageToken }));
      return models.map((m) => [m.name, m.description, sorted(m.tags), m.aliases, m.latest_versions.map((v) => [v.version, v.current_stage, v.aliases, sorted(v.tags)])]);
    };
    assert.deepEqual(await view(sqlite), await view(file));
    const versions = async (store: FileStore | SqliteStore): Promise<unknown> =>
      (await store.listModelVersions('iris-classifier')).map((v) => [v.version, v.current_stage, v.description, v.status, v.aliases, sorted(v.tags)]);
    assert.deepEqual(await versions(sqlite), await versions(file));
    await assert.rejects(sqlite.listModelVersions('no such model'), (e: unknown) => StoreError.is(e, 'notFound'));
  });

  void it('lists the same artifacts for the same run', async () => {
    const parent = (s: Snapshot): string => s.runs.get('iris-classification / hyperparam-search')?.run.info.run_id ?? '';
    for (const dir of [undefined, 'reports', 'reports/2024/details/deeper']) {
      const [l1, l2] = await Promise.all([file.listArtifacts(parent(a), dir), sqlite.listArtifacts(parent(b), dir)]);
      const view = (list: readonly { path: string; is_dir: boolean }[]): string[] => list.map((f) => `${f.path}${f.is_dir ? '/' : ''}`).sort();
      assert.deepEqual(view(l2), view(l1), dir);
    }
    const [n1, n2] = await Promise.all([file.readArtifact(parent(a), 'notes.txt'), sqlite.readArtifact(parent(b), 'notes.txt')]);
    assert.equal(Buffer.from(n2).toString('utf8'), Buffer.from(n1).toString('utf8'));
  });
});
