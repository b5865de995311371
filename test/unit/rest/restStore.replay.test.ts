// The REST store against a replay of real MLflow 2.12.2 exchanges (test/fixtures/rest). Expected
// values come from ../shared/fixtures/generated/README.md, which describes the data behind them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import { tagValue } from '../../../src/core/model/entities';
import { HttpClient } from '../../../src/core/store/rest/http';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { loadExchanges, mainServerExchange, repoRoot, restFixtures, startReplayServer, type ReplayServer } from './replayServer';

const ODD_EXPERIMENT = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';
const HOSTILE_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
const ODD_MODEL = `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`;
const PARENT = '4fa5f835e91d4af7ad88c7f6c23bd3b1';
const HOSTILE = '65c62a9d8f6a4250b7a657b5f50e7dcd';
const ACTIVE_EXPERIMENTS = ['5', '4', '3', '2', '1', '0'];

void describe('RestStore over recorded MLflow 2.12.2 exchanges', () => {
  let server: ReplayServer;
  let store: RestStore;

  before(async () => {
    server = await startReplayServer(loadExchanges(restFixtures(), mainServerExchange));
    store = new RestStore(server.url, { retry: { maxRetries: 0 } });
  });
  after(async () => {
    store.dispose();
    await server.close();
  });

  void it('lists the six active experiments with their tags, defaulting omitted ones', async () => {
    const page = await store.searchExperiments({ maxResults: 100 });
    assert.deepEqual(page.problems, []);
    assert.equal(page.nextPageToken, undefined);
    assert.deepEqual(
      page.items.map((e) => e.name).sort(),
      ['Default', ODD_EXPERIMENT, 'empty experiment (no runs)', 'iris-classification', 'long-training', 'status-zoo'].sort(),
    );
    const iris = page.items.find((e) => e.name === 'iris-classification');
    assert.equal(iris?.experiment_id, '1');
    assert.equal(iris && tagValue(iris.tags, 'team'), 'ml-platform');
    assert.equal(iris?.artifact_location, 'mlflow-artifacts:/1');
    assert.deepEqual(page.items.find((e) => e.name === 'empty experiment (no runs)')?.tags, []);
    assert.equal(tagValue(page.items.find((e) => e.name === 'long-training')?.tags ?? [], 'gpu'), 'A100');
  });

  void it('adds the deleted experiment with view type ALL', async () => {
    const page = await store.searchExperiments({ maxResults: 100, viewType: 'ALL' });
    assert.equal(page.items.length, 7);
    const deleted = page.items.filter((e) => e.lifecycle_stage === 'deleted');
    assert.deepEqual(deleted.map((e) => e.name), ['to-be-deleted']);
  });

  void it('pages experiments two at a time and ends on a full last page without a token', async () => {
    const tokens: (string | undefined)[] = [];
    const all = await collectPages(async (token) => {
      tokens.push(token);
      return store.searchExperiments({ maxResults: 2, pageToken: token });
    });
    assert.equal(tokens.length, 3);
    assert.deepEqual(all.map((e) => e.experiment_id).sort(), ACTIVE_EXPERIMENTS.slice().sort());
  });

  void it('gets one experiment, and a missing one is notFound', async () => {
    const iris = await store.getExperiment('1');
    assert.equal(iris.name, 'iris-classification');
    assert.match(tagValue(iris.tags, 'mlflow.note.content') ?? '', /^# Iris/);
    await assert.rejects(store.getExperiment('999999'), (error: unknown) => StoreError.is(error, 'notFound'));
  });

  void it('searches the 18 active runs of all experiments, newest first', async () => {
    const page = await store.searchRuns({ experimentIds: ACTIVE_EXPERIMENTS });
    assert.deepEqual(page.problems, []);
    assert.equal(page.items.length, 18);
    const names = page.items.map((r) => r.info.run_name);
    for (const name of ['quick-test-0', 'quick-test-1', 'hyperparam-search', 'C=0.01', 'C=10.0 / fold-0', HOSTILE_RUN, 'resnet50-full-training', 'failed-run', 'killed-run', 'running-run', 'finished-run', 'scheduled-run']) {
      assert.ok(names.includes(name), `missing run ${name}`);
    }
    assert.ok(!names.includes('deleted-run') && !names.includes('orphan-run'));
    const starts = page.items.map((r) => r.info.start_time ?? 0);
    assert.deepEqual(starts, starts.slice().sort((a, b) => b - a));
    const running = page.items.find((r) => r.info.run_name === 'running-run');
    assert.equal(running?.info.status, 'RUNNING');
    assert.equal(running?.info.end_time, undefined);
  });

  void it('passes filters and order_by to the server', async () => {
    const filtered = await store.searchRuns({ experimentIds: ['1'], filter: 'metrics.accuracy > 0.9' });
    assert.ok(filtered.items.length > 0);
    for (const run of filtered.items) {
      const accuracy = run.data.metrics.find((m) => m.key === 'accuracy')?.value ?? Number.NaN;
      assert.ok(accuracy > 0.9, `${run.info.run_name} has accuracy ${accuracy}`);
    }
    const ordered = await store.searchRuns({ experimentIds: ['1'], orderBy: ['metrics.accuracy DESC', 'attributes.start_time ASC'] });
    const accuracies = ordered.items.map((r) => r.data.metrics.find((m) => m.key === 'accuracy')?.value).filter((v) => v !== undefined);
    assert.deepEqual(accuracies, accuracies.slice().sort((a, b) => b - a));
    const malformed = await store.searchRuns({ experimentIds: ACTIVE_EXPERIMENTS, filter: 'metrics.accuracy >>> 0.9' }).catch((e: unknown) => e);
    assert.ok(StoreError.is(malformed, 'invalidArgument'));
    assert.match(malformed.message, /INVALID_PARAMETER_VALUE.*Invalid comparator '>>>'/);
  });

  void it('pages the five status-zoo runs two at a time', async () => {
    const all = await collectPages((token) => store.searchRuns({ experimentIds: ['4'], maxResults: 2, pageToken: token }));
    assert.deepEqual(all.map((r) => r.info.status).sort(), ['FAILED', 'FINISHED', 'KILLED', 'RUNNING', 'SCHEDULED']);
  });

  void it('reads the hostile-name run with every odd value intact', async () => {
    const run = await store.getRun(HOSTILE);
    assert.equal(run.info.run_name, HOSTILE_RUN);
    const params = new Map(run.data.params.map((p) => [p.key, p.value]));
    assert.equal(params.get('empty'), '');
    assert.equal(params.get('long_value')?.length, 5000);
    assert.equal(params.get('optimizer'), 'Adam "beta1=0.9" <b>bold</b>');
    assert.equal(params.get('path-like'), '/data/train set/../évaluation/*.csv');
    const metrics = new Map(run.data.metrics.map((m) => [m.key, m.value]));
    assert.equal(metrics.get('special/huge'), 1.7976931348623157e308);
    assert.equal(metrics.get('special/negative'), -42.125);
    assert.equal(metrics.get('special/tiny'), 5e-324);
    assert.equal(tagValue(run.data.tags, 'html tag'), "<script>alert('tag')</script>");
    assert.deepEqual(run.inputs, { dataset_inputs: [] });
  });

  void it('reads a deleted run and maps an unknown run id to notFound', async () => {
    const deleted = await store.getRun('248d64331d794b4098b9c335278ea885');
    assert.deepEqual([deleted.info.run_name, deleted.info.lifecycle_stage], ['deleted-run', 'deleted']);
    await assert.rejects(store.getRun('0123456789abcdef0123456789abcdef'), (error: unknown) =>
      StoreError.is(error, 'notFound') && /Run with id=0123456789abcdef0123456789abcdef not found/.test(error.message));
  });

  void it('reads metric histories: NaN strings, duplicate and negative steps', async () => {
    const nan = await store.getMetricHistory(HOSTILE, 'special/nan');
    assert.equal(nan.items.length, 2);
    assert.ok(Number.isNaN(nan.items[0]?.value));
    assert.equal(nan.items[1]?.value, 1.5);
    const dup = await store.getMetricHistory(HOSTILE, 'special/dup_step');
    assert.deepEqual(dup.items.map((m) => [m.step, m.value]), [[5, 1], [5, 2], [-1, 0.5]]);
    const short = await store.getMetricHistory(HOSTILE, 'eval/loss');
    assert.equal(short.items.length, 30);
    assert.deepEqual(short.items.map((m) => m.step), Array.from({ length: 30 }, (_, i) => i));
    // Every get-history request carried max_results, as the brief and MLflow's clients require.
    const historyRequests = server.received.filter((r) => r.path.endsWith('/metrics/get-history'));
    assert.ok(historyRequests.length >= 3);
    for (const r of historyRequests) assert.equal(r.query['max_results'], '25000');
  });

  void it('samples a step window through get-history-bulk-interval', async () => {
    const window = (await store.getSampledMetricHistories(['12e798eec02d449a90c0c2f544dee2ee'], 'train/loss', { startStep: 0, endStep: 1000, maxResults: 20 })).get('12e798eec02d449a90c0c2f544dee2ee') ?? [];
    assert.equal(window.length, 21);
    assert.equal(window[0]?.step, 0);
    assert.equal(window.at(-1)?.step, 1000);
    const multi = await store.getSampledMetricHistories(
      ['817b5670e20449839555259fb23398c7', '7f7adf8256cc4c28835b8fcdef3ae78d', '6fef2131618e4c43816236d094298c8b', '0964dfe2b5064779959b3a31c26e1186'],
      'train_loss',
      { maxResults: 10 },
    );
    assert.equal(multi.size, 4);
    for (const points of multi.values()) assert.equal(points.length, 11);
  });

  void it('lists artifacts with paths relative to the run root', async () => {
    const root = await store.listArtifacts(PARENT);
    const byPath = new Map(root.map((f) => [f.path, f]));
    assert.deepEqual(byPath.get('notes.txt'), { path: 'notes.txt', is_dir: false, file_size: 505 });
    assert.deepEqual(byPath.get('blobs'), { path: 'blobs', is_dir: true });
    const reports = await store.listArtifacts(PARENT, 'reports');
    assert.deepEqual(reports.find((f) => f.path === 'reports/empty.bin'), { path: 'reports/empty.bin', is_dir: false, file_size: 0 });
    assert.deepEqual(await store.listArtifacts('92e8ef075dce4533be20850b14830ef3'), []);
    await assert.rejects(store.listArtifacts(PARENT, '../..'), (error: unknown) => StoreError.is(error, 'invalidArgument'));
  });

  void it('downloads artifacts through the mlflow-artifacts proxy', async () => {
    const notes = Buffer.from(await store.readArtifact(PARENT, 'notes.txt')).toString('utf8');
    assert.match(notes, /^Training notes\n/);
    assert.ok(notes.includes('<script>alert(1)</script>'));
    assert.equal(server.received.at(-1)?.path, `/api/2.0/mlflow-artifacts/artifacts/1/${PARENT}/artifacts/notes.txt`);
  });

  void it('falls back to /get-artifact when the proxy drops the connection (non-Latin-1 name)', async () => {
    const text = Buffer.from(await store.readArtifact(HOSTILE, 'odd names/ünï cödé 🚀.txt')).toString('utf8');
    assert.equal(text, 'Ünïcödé artifact 🚀 <script>alert(1)</script>\n');
    assert.deepEqual(server.received.slice(-2).map((r) => r.answeredBy), ['mlflow-artifacts-download__unicode-name', 'get-artifact__unicode-name']);
  });

  void it('reports a missing proxied artifact as notFound', async () => {
    await assert.rejects(store.readArtifact(PARENT, 'nope.txt'), (error: unknown) => StoreError.is(error, 'notFound'));
  });

  void it('lists registered models with aliases, paging one at a time', async () => {
    const page = await store.searchRegisteredModels({});
    assert.deepEqual(page.items.map((m) => m.name).sort(), ['empty-model', 'iris-classifier', ODD_MODEL].sort());
    const iris = page.items.find((m) => m.name === 'iris-classifier');
    assert.deepEqual(
      iris?.aliases.slice().sort((a, b) => a.alias.localeCompare(b.alias)),
      [{ alias: 'challenger', version: '2' }, { alias: 'champion', version: '3' }, { alias: 'old-but-gold', version: '1' }],
    );
    assert.deepEqual(page.items.find((m) => m.name === 'empty-model')?.latest_versions, []);
    const paged = await collectPages((token) => store.searchRegisteredModels({ maxResults: 1, pageToken: token }));
    assert.equal(paged.length, 3);
  });

  void it('lists model versions and reads one with its aliases', async () => {
    const versions = await store.searchModelVersions({});
    const odd = versions.items.find((v) => v.name === ODD_MODEL);
    assert.equal(odd?.source, 's3://example-bucket/models/odd-model/1');
    assert.equal(odd?.run_id, undefined);
    assert.ok(!versions.items.some((v) => v.name === 'iris-classifier' && v.version === '4'), 'deleted version 4 is hidden');
    const v3 = await store.getModelVersion('iris-classifier', '3');
    assert.equal(v3.current_stage, 'Production');
    assert.equal(v3.description, 'Best model; C=1.0');
    assert.ok(v3.aliases.includes('champion'));
    const model = await store.getRegisteredModel('iris-classifier');
    assert.equal(model.description, 'Logistic regression on **iris**.');
  });

  void it('maps the HTML pages of a wrong method and an unknown route to plain-words errors', async () => {
    const http = new HttpClient({ baseUrl: server.url, retry: { maxRetries: 0 } });
    try {
      const wrongMethod = await http.json({ method: 'GET', path: '/api/2.0/mlflow/runs/search', query: { experiment_ids: '3' } }).catch((e: unknown) => e);
      assert.ok(StoreError.is(wrongMethod, 'unsupported'));
      assert.match(wrongMethod.message, /has no \/api\/2\.0\/mlflow\/runs\/search endpoint \(HTTP 405 \("405 Method Not Allowed"\)\)/);
      const unknown = await http.json({ method: 'GET', path: '/api/2.1/mlflow/experiments/search' }).catch((e: unknown) => e);
      assert.ok(StoreError.is(unknown, 'unsupported'));
      assert.match(unknown.message, /HTTP 404/);
    } finally {
      http.dispose();
    }
  });

  void it('sent only requests that the real server received', () => {
    assert.deepEqual(server.unmatched, []);
  });
});

void describe('RestStore over the recorded file-store server', () => {
  void it('reads "Infinity" and "-Infinity" metric strings as numbers', async () => {
    const server = await startReplayServer(loadExchanges(restFixtures(), (n) => n.startsWith('file-store-server__')));
    const store = new RestStore(server.url);
    try {
      const run = await store.getRun('235b9d8bdd5f436493fc6978fb02bffe');
      assert.equal(run.info.artifact_uri.startsWith('file:///home/dev/mlflow-demo/mlruns/'), true);
      const inf = await store.getMetricHistory(run.info.run_id, 'special/inf');
      const negInf = await store.getMetricHistory(run.info.run_id, 'special/neg_inf');
      assert.deepEqual([inf.items[0]?.value, negInf.items[0]?.value], [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      assert.equal(run.data.metrics.find((m) => m.key === 'special/inf')?.value, Number.POSITIVE_INFINITY);
      assert.deepEqual(server.unmatched, []);
    } finally {
      store.dispose();
      await server.close();
    }
  });
});

const SHARED_LONG_HISTORY = path.join(path.resolve(repoRoot(), '../shared'), 'fixtures/rest/metrics-get-history__long-100k.json');
const longHistoryMissing = fs.existsSync(SHARED_LONG_HISTORY) ? false : `SKIPPED: ${SHARED_LONG_HISTORY} not found (../shared is absent)`;

void describe('RestStore over the recorded 100,000-point history', () => {
  void it('reads all 100,000 points of train/loss in one answer', { skip: longHistoryMissing }, async () => {
    const [exchange] = loadExchanges(path.dirname(SHARED_LONG_HISTORY), (n) => n === 'metrics-get-history__long-100k');
    assert.ok(exchange);
    const server = await startReplayServer([exchange]);
    const store = new RestStore(server.url);
    try {
      const runId = String(exchange.request.query['run_id']);
      const history = await store.getMetricHistory(runId, 'train/loss');
      assert.equal(history.items.length, 100_000);
      assert.equal(history.items[99_999]?.step, 99_999);
      assert.deepEqual(server.unmatched, []);
    } finally {
      store.dispose();
      await server.close();
    }
  });
});
