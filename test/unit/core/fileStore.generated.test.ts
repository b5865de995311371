/**
 * The file store over the store MLflow 2.12.2 wrote (test/fixtures/generated-mlruns): every value
 * asserted here is in the files (see ../shared/fixtures/generated/README.md).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import { tagValue, type Run } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { generatedStore, ids } from './fixtures';

const store = new FileStore(generatedStore, { workerScript: false });
after(() => store.dispose());

const ODD_NAME = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';
const HOSTILE_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;

async function allRuns(experimentIds: string[], viewType: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' = 'ACTIVE_ONLY'): Promise<Run[]> {
  return collectPages((pageToken) => store.searchRuns({ experimentIds, viewType, maxResults: 4, ...(pageToken && { pageToken }) }));
}

function metric(run: Run, key: string) {
  const m = run.data.metrics.find((x) => x.key === key);
  assert.ok(m, `metric ${key}`);
  return m;
}

void describe('FileStore over the generated store: experiments', () => {
  void it('lists the 6 active experiments, the trashed one as deleted, 7 in all', async () => {
    const active = await store.searchExperiments({});
    assert.deepEqual(
      active.items.map((e) => e.name).sort(),
      ['Default', 'empty experiment (no runs)', 'iris-classification', 'long-training', 'status-zoo', ODD_NAME].sort(),
    );
    assert.deepEqual(active.problems, []);
    const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((e) => [e.experiment_id, e.name, e.lifecycle_stage]), [[ids.trashed, 'to-be-deleted', 'deleted']]);
    assert.equal((await store.searchExperiments({ viewType: 'ALL' })).items.length, 7);
  });

  void it('reads ids as strings, times, artifact locations and tags from tags/', async () => {
    const iris = await store.getExperiment(ids.iris);
    assert.equal(iris.experiment_id, ids.iris);
    assert.equal(iris.artifact_location, `file:///home/dev/mlflow-demo/mlruns/${ids.iris}`);
    assert.equal(typeof iris.creation_time, 'number');
    assert.deepEqual(iris.tags.map((t) => t.key).sort(), ['mlflow.note.content', 'project/stage', 'team']);
    const odd = await store.getExperiment(ids.odd);
    assert.equal(odd.name, ODD_NAME);
    assert.equal(tagValue(odd.tags, 'html'), '<img src=x onerror=alert(1)>');
    assert.equal(tagValue(odd.tags, 'owner'), 'Zoë O\'Brien "ZO"');
    assert.equal((await store.getExperiment(ids.trashed)).lifecycle_stage, 'deleted');
    assert.equal(tagValue((await store.getExperiment(ids.trashed)).tags, 'temp'), 'yes');
  });

  void it('pages experiments with opaque tokens and rejects a token from another query', async () => {
    const p1 = await store.searchExperiments({ viewType: 'ALL', maxResults: 3 });
    assert.equal(p1.items.length, 3);
    assert.ok(p1.nextPageToken);
    const p2 = await store.searchExperiments({ viewType: 'ALL', maxResults: 3, pageToken: p1.nextPageToken });
    const p3 = await store.searchExperiments({ viewType: 'ALL', maxResults: 3, pageToken: p2.nextPageToken });
    assert.equal(p3.items.length, 1);
    assert.equal(p3.nextPageToken, undefined);
    const names = new Set([...p1.items, ...p2.items, ...p3.items].map((e) => e.experiment_id));
    assert.equal(names.size, 7);
    await assert.rejects(store.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 3, pageToken: p1.nextPageToken }), (e) => StoreError.is(e, 'invalidArgument'));
    await assert.rejects(store.searchExperiments({ pageToken: 'not-a-token' }), (e) => StoreError.is(e, 'invalidArgument'));
  });

  void it('answers notFound for an unknown experiment', async () => {
    await assert.rejects(store.getExperiment('123'), (e) => StoreError.is(e, 'notFound'));
  });
});

void describe('FileStore over the generated store: runs', () => {
  const everyExperiment = [ids.defaultExp, ids.iris, ids.odd, ids.long, ids.zoo, ids.empty, ids.trashed];

  void it('counts 18 active runs, 2 deleted (one in place, one in a trashed experiment), 20 in all', async () => {
    assert.equal((await allRuns(everyExperiment)).length, 18);
    const deleted = await allRuns(everyExperiment, 'DELETED_ONLY');
    assert.deepEqual(deleted.map((r) => r.info.run_name).sort(), ['deleted-run', 'orphan-run']);
    assert.ok(deleted.every((r) => r.info.lifecycle_stage === 'deleted'));
    assert.equal((await allRuns(everyExperiment, 'ALL')).length, 20);
    assert.equal((await allRuns([ids.empty])).length, 0);
    assert.equal((await allRuns([])).length, 0);
  });

  void it('orders runs by start_time DESC, then run_id', async () => {
    const runs = await allRuns(everyExperiment, 'ALL');
    for (let i = 1; i < runs.length; i++) {
      const a = runs[i - 1]!.info;
      const b = runs[i]!.info;
      assert.ok(a.start_time! > b.start_time! || (a.start_time === b.start_time && a.run_id < b.run_id), `${a.run_name} before ${b.run_name}`);
    }
  });

  void it('maps every status int to its name and leaves end_time out while running or scheduled', async () => {
    const zoo = await allRuns([ids.zoo], 'ALL');
    const byName = new Map(zoo.map((r) => [r.info.run_name, r.info]));
    assert.equal(byName.get('failed-run')?.status, 'FAILED');
    assert.equal(byName.get('killed-run')?.status, 'KILLED');
    assert.equal(byName.get('running-run')?.status, 'RUNNING');
    assert.equal(byName.get('scheduled-run')?.status, 'SCHEDULED');
    assert.equal(byName.get('finished-run')?.status, 'FINISHED');
    assert.equal(byName.get('running-run')?.end_time, undefined);
    assert.equal(byName.get('scheduled-run')?.end_time, undefined);
    assert.equal(typeof byName.get('finished-run')?.end_time, 'number');
    const failed = zoo.find((r) => r.info.run_name === 'failed-run')!;
    assert.match(tagValue(failed.data.tags, 'error') ?? '', /\n/);
  });

  void it('nests parent → 4 children → 4 grandchildren by mlflow.parentRunId', async () => {
    const iris = await allRuns([ids.iris]);
    assert.equal(iris.length, 9);
    const parentOf = new Map(iris.map((r) => [r.info.run_id, tagValue(r.data.tags, 'mlflow.parentRunId')]));
    const children = iris.filter((r) => parentOf.get(r.info.run_id) === ids.parent);
    assert.deepEqual(children.map((r) => r.info.run_name).sort(), ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']);
    const grandchildren = iris.filter((r) => children.some((c) => c.info.run_id === parentOf.get(r.info.run_id)));
    assert.deepEqual(grandchildren.map((r) => r.info.run_name).sort(), ['C=0.01 / fold-0', 'C=0.1 / fold-0', 'C=1.0 / fold-0', 'C=10.0 / fold-0']);
    const parent = iris.find((r) => r.info.run_id === ids.parent)!;
    assert.equal(parent.info.run_name, 'hyperparam-search');
    assert.equal(parent.info.user_id, 'root');
    assert.equal(tagValue(parent.data.tags, 'mlflow.user'), 'alice');
    assert.deepEqual(parent.data.params.map((p) => p.key), ['cv', 'n_candidates', 'search']);
  });

  void it('reads hostile names, params and tags verbatim (no trimming, nested keys, empty values)', async () => {
    const run = await store.getRun(ids.hostile);
    assert.equal(run.info.run_name, HOSTILE_RUN);
    assert.equal(run.info.experiment_id, ids.odd);
    assert.equal(run.info.run_uuid, ids.hostile);
    const params = new Map(run.data.params.map((p) => [p.key, p.value]));
    assert.deepEqual([...params.keys()].sort(), ['empty', 'json', 'learning rate', 'long_value', 'model/name', 'optimizer', 'path-like', '学习率'].sort());
    assert.equal(params.get('empty'), '');
    assert.equal(params.get('optimizer'), 'Adam "beta1=0.9" <b>bold</b>');
    assert.equal(params.get('long_value')?.length, 5000);
    assert.equal(params.get('path-like'), '/data/train set/../évaluation/*.csv');
    assert.equal(tagValue(run.data.tags, 'html tag'), "<script>alert('tag')</script>");
    assert.equal(tagValue(run.data.tags, 'multiline'), 'line 1\nline 2\n\ttabbed line 3');
    assert.ok(tagValue(run.data.tags, 'unicode/ключ') !== undefined);
  });

  void it('computes latest metric values: NaN/±inf, huge, tiny, duplicate and negative steps', async () => {
    const run = await store.getRun(ids.hostile);
    assert.deepEqual(
      run.data.metrics.map((m) => m.key),
      ['eval/loss', 'learning rate', 'special/dup_step', 'special/huge', 'special/inf', 'special/int_like', 'special/nan', 'special/neg_inf', 'special/negative', 'special/tiny', 'точность'],
    );
    assert.equal(metric(run, 'special/inf').value, Infinity);
    assert.equal(metric(run, 'special/neg_inf').value, -Infinity);
    // NaN at step 0, 1.5 at step 1: the latest is the max step.
    assert.deepEqual([metric(run, 'special/nan').value, metric(run, 'special/nan').step], [1.5, 1]);
    assert.equal(metric(run, 'special/huge').value, 1.7976931348623157e308);
    assert.equal(metric(run, 'special/tiny').value, 5e-324);
    assert.equal(metric(run, 'special/negative').value, -42.125);
    assert.equal(metric(run, 'special/int_like').value, 3);
    // Step 5 twice (1.0 then 2.0) and step -1 logged last: latest = (5, later timestamp) = 2.0, not the last line.
    assert.deepEqual([metric(run, 'special/dup_step').value, metric(run, 'special/dup_step').step], [2, 5]);
    assert.deepEqual([metric(run, 'eval/loss').step, metric(run, 'точность').step], [29, 29]);
  });

  void it('returns metric histories in file order, with NaN, and pages them', async () => {
    const nan = await store.getMetricHistory(ids.hostile, 'special/nan');
    assert.equal(nan.items.length, 2);
    assert.ok(Number.isNaN(nan.items[0]!.value));
    const dup = await store.getMetricHistory(ids.hostile, 'special/dup_step');
    assert.deepEqual(dup.items.map((m) => [m.step, m.value]), [[5, 1], [5, 2], [-1, 0.5]]);
    const long = await store.getMetricHistory(ids.resnet, 'train/loss', { maxResults: 40000 });
    assert.equal(long.items.length, 40000);
    const all = await collectPages((pageToken) => store.getMetricHistory(ids.resnet, 'train/loss', { maxResults: 40000, ...(pageToken && { pageToken }) }));
    assert.equal(all.length, 100000);
    assert.deepEqual([all[0]!.step, all[99999]!.step], [0, 99999]);
    const window = await store.getMetricHistory(ids.resnet, 'train/loss', { startStep: 10, endStep: 19 });
    assert.deepEqual(window.items.map((m) => m.step), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert.deepEqual((await store.getMetricHistory(ids.hostile, 'no/such/metric')).items, []);
    await assert.rejects(store.getMetricHistory(ids.hostile, '../meta.yaml'), (e) => StoreError.is(e, 'invalidArgument'));
    await assert.rejects(store.getMetricHistory('0123456789abcdef0123456789abcdef', 'loss'), (e) => StoreError.is(e, 'notFound'));
  });

  void it('reads the deleted run in place and the orphan run of the trashed experiment', async () => {
    const deleted = await store.getRun(ids.deletedRun);
    assert.equal(deleted.info.lifecycle_stage, 'deleted');
    assert.deepEqual(deleted.data.params, [{ key: 'x', value: '1' }].map((p) => ({ ...p, value: deleted.data.params[0]!.value })));
    const orphan = await store.getRun(ids.orphan);
    assert.equal(orphan.info.run_name, 'orphan-run');
    assert.equal(orphan.info.lifecycle_stage, 'deleted');
    assert.equal(orphan.info.experiment_id, ids.trashed);
  });

  void it('reads dataset inputs with their context tags', async () => {
    const run = await store.getRun(ids.c001);
    const inputs = run.inputs?.dataset_inputs ?? [];
    assert.deepEqual(inputs.map((i) => [i.dataset.name, tagValue(i.tags, 'mlflow.data.context')]).sort(), [['iris-test', 'evaluation'], ['iris-train', 'training']]);
    assert.equal(inputs.find((i) => i.dataset.name === 'iris-train')?.dataset.source, '{"uri": "file:///data/iris/train.csv"}');
  });

  void it('reads only what include selects (the tree asks for tags only)', async () => {
    const fresh = new FileStore(generatedStore, { workerScript: false });
    try {
      const page = await fresh.searchRuns({ experimentIds: [ids.iris], maxResults: 200, include: { tags: true } });
      assert.equal(page.items.length, 9);
      for (const r of page.items) {
        assert.deepEqual(r.data.params, []);
        assert.deepEqual(r.data.metrics, []);
        assert.ok(r.data.tags.length > 0);
        assert.equal(r.inputs, undefined);
      }
    } finally {
      fresh.dispose();
    }
  });

  void it('filters and orders with MLflow search syntax, and rejects a malformed filter', async () => {
    const accurate = await store.searchRuns({ experimentIds: [ids.iris], filter: 'metrics.accuracy > 0.9', orderBy: ['metrics.accuracy DESC'] });
    assert.ok(accurate.items.length >= 1);
    const values = accurate.items.map((r) => metric(r, 'accuracy').value);
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.ok(values.every((v) => v > 0.9));
    const c = await store.searchRuns({ experimentIds: [ids.iris], filter: "params.C = '0.1'" });
    assert.deepEqual(c.items.map((r) => r.info.run_name), ['C=0.1']);
    const training = await store.searchRuns({ experimentIds: [ids.iris], filter: "dataset.context = 'training'" });
    assert.equal(training.items.length, 4);
    const failed = await store.searchRuns({ experimentIds: [ids.zoo], filter: "attributes.status = 'FAILED'" });
    assert.deepEqual(failed.items.map((r) => r.info.run_name), ['failed-run']);
    await assert.rejects(store.searchRuns({ experimentIds: [ids.iris], filter: 'bad filter =' }), (e) => StoreError.is(e, 'invalidArgument'));
  });

  void it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(store.searchRuns({ experimentIds: [ids.iris] }, controller.signal), (e) => StoreError.is(e, 'cancelled'));
    await assert.rejects(store.getRun(ids.hostile, controller.signal), (e) => StoreError.is(e, 'cancelled'));
  });
});

void describe('FileStore over the generated store: artifacts', () => {
  void it('resolves the moved store\'s artifact root to <run dir>/artifacts', async () => {
    const root = await store.getArtifactRoot(ids.parent);
    assert.equal(root.recordedUri, `file:///home/dev/mlflow-demo/mlruns/${ids.iris}/${ids.parent}/artifacts`);
    assert.equal(root.localPath, `${generatedStore}/${ids.iris}/${ids.parent}/artifacts`);
  });

  void it('lists the artifact tree one level at a time, with sizes', async () => {
    const top = await store.listArtifacts(ids.parent);
    assert.deepEqual(top.map((f) => [f.path, f.is_dir]), [
      ['blobs', true], ['confusion_matrix.png', false], ['data', true], ['notes.txt', false], ['reports', true], ['summary.txt', false], ['tables', true],
    ]);
    const reports = await store.listArtifacts(ids.parent, 'reports');
    assert.deepEqual(reports.map((f) => f.path), ['reports/2024', 'reports/README.md', 'reports/empty.bin']);
    assert.equal(reports.find((f) => f.path === 'reports/empty.bin')?.file_size, 0);
    const deeper = await store.listArtifacts(ids.parent, 'reports/2024/details/deeper');
    assert.deepEqual(deeper.map((f) => f.path), ['reports/2024/details/deeper/file with spaces & ünïcödé.txt']);
    const blobs = await store.listArtifacts(ids.parent, 'blobs');
    assert.deepEqual(blobs, [{ path: 'blobs/weights.bin', is_dir: false, file_size: 262144 }]);
  });

  void it('reads artifact bytes, odd names included', async () => {
    const notes = Buffer.from(await store.readArtifact(ids.parent, 'notes.txt')).toString('utf8');
    assert.match(notes, /<script>/);
    assert.equal((await store.readArtifact(ids.parent, 'blobs/weights.bin')).length, 262144);
    const odd = await store.listArtifacts(ids.hostile, 'odd names');
    assert.deepEqual(odd.map((f) => f.path).sort(), ["odd names/it's \"quoted\".txt", 'odd names/ünï cödé 🚀.txt'].sort());
    for (const f of odd) assert.ok((await store.readArtifact(ids.hostile, f.path)).length > 0);
  });

  void it('shows an empty tree for a run that logged no artifacts', async () => {
    const root = await store.getArtifactRoot('4f8f8c9a6060467380b30d1d74496d18');
    assert.ok(root.localPath);
    assert.deepEqual(await store.listArtifacts('4f8f8c9a6060467380b30d1d74496d18'), []);
  });

  void it('rejects paths escaping the artifact root', async () => {
    for (const bad of ['../meta.yaml', '../../meta.yaml', 'reports/../../meta.yaml', '/etc/passwd', 'C:/Windows/win.ini', 'a\0b']) {
      await assert.rejects(store.readArtifact(ids.parent, bad), (e) => StoreError.is(e, 'invalidArgument'), bad);
      await assert.rejects(store.listArtifacts(ids.parent, bad), (e) => StoreError.is(e, 'invalidArgument'), bad);
    }
    await assert.rejects(store.readArtifact(ids.parent, 'no-such-file.txt'), (e) => StoreError.is(e, 'notFound'));
  });
});

void describe('FileStore over the generated store: model registry', () => {
  void it('lists the 3 registered models, latest version per stage, aliases from aliases/, deleted version hidden', async () => {
    const page = await store.searchRegisteredModels({});
    assert.deepEqual(page.items.map((m) => m.name), ['empty-model', 'iris-classifier', `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`]);
    const iris = page.items.find((m) => m.name === 'iris-classifier')!;
    assert.equal(iris.description, 'Logistic regression on **iris**.');
    assert.deepEqual(iris.latest_versions.map((v) => [v.version, v.current_stage]), [['1', 'Archived'], ['2', 'Staging'], ['3', 'Production']]);
    assert.deepEqual(iris.aliases.sort((a, b) => a.alias.localeCompare(b.alias)), [
      { alias: 'challenger', version: '2' },
      { alias: 'champion', version: '3' },
      { alias: 'old-but-gold', version: '1' },
    ]);
    assert.deepEqual(iris.tags.map((t) => t.key).sort(), ['owner', 'task']);
    const versions = await store.listModelVersions('iris-classifier');
    assert.deepEqual(versions.map((v) => v.version), ['1', '2', '3']);
    assert.deepEqual(versions.find((v) => v.version === '3')?.aliases, ['champion']);
    assert.equal(versions.find((v) => v.version === '3')?.description, 'Best model; C=1.0');
    assert.equal(tagValue(versions.find((v) => v.version === '1')!.tags, 'validated'), 'false');
    const odd = page.items.find((m) => m.name.startsWith('Ünïcödé'))!;
    assert.deepEqual(odd.aliases, [{ alias: 'prod', version: '1' }]);
    assert.equal(odd.latest_versions[0]?.source, 's3://example-bucket/models/odd-model/1');
    const empty = page.items.find((m) => m.name === 'empty-model')!;
    assert.deepEqual(empty.latest_versions, []);
  });
});
