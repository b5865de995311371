// Long histories against a live `mlflow server` (the real MLflow 2.12.2 of ../shared/mlflow) over a
// copy of the generated server fixture: the 100,000-step train/loss of resnet50-full-training.
// MLflow 2.12.2 samples a window wider than 2,500 steps away from step 0 to its last step alone; a
// zoom, the CLI's --start-step and the run panel must still get every point right.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HistoryCache } from '../../../src/core/metrics/historyCache';
import { readHistoryWindow, readWholeHistory } from '../../../src/core/metrics/historyWindow';
import { sliceByStep, summarizeSeries, type MetricSeries } from '../../../src/core/metrics/metricSeries';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { loadMetricChart, readZoomWindow, seriesId, type RefineJob } from '../../../src/panels/metricChartState';
import { openRunDetails } from '../../../src/panels/runDetailsState';
import { skipWithoutLiveServer, startLiveMlflowServer, type LiveMlflowServer } from '../../shared/mlflowServer';
import { repoRoot } from '../core/fixtures';

const RESNET = '12e798eec02d449a90c0c2f544dee2ee';
const KEY = 'train/loss';
const ZOOM = { startStep: 38_549, endStep: 41_804 };
const skip = skipWithoutLiveServer();
if (skip) console.log(`# live MLflow server tests ${skip}`);

void describe('long histories over a live MLflow 2.12.2 server', { skip }, () => {
  let server: LiveMlflowServer;
  let whole: MetricSeries;

  before(async () => {
    server = await startLiveMlflowServer();
    const store = new RestStore(server.url);
    try {
      whole = (await readWholeHistory(store, RESNET, KEY)).series;
    } finally {
      store.dispose();
    }
    assert.equal(whole.steps.length, 100_000);
  });
  after(async () => server?.stop());

  const open = () => new RestStore(server.url);

  void it("rejects the server's one-point answer for a wide window and reads every point of it instead", async () => {
    const store = open();
    try {
      const raw = await store.readMetricWindow(RESNET, KEY, ZOOM);
      // The bug as MLflow 2.12.2 has it: the last step only.
      assert.deepEqual(raw.items.map((m) => m.step), [ZOOM.endStep]);
      assert.equal(raw.verdict.kind, 'wrong');

      const read = await readHistoryWindow(store, RESNET, KEY, ZOOM);
      assert.equal(read.source, 'whole history');
      assert.equal(read.complete, true);
      assert.match(read.rejected ?? '', /sampled 1 step of steps 38549–41804/);
      assertSameSeries(read.points, sliceByStep(whole, ZOOM.startStep, ZOOM.endStep));
      assert.equal(read.points.steps.length, 3_256);

      // The range API of the store is exact too.
      const ranged = await store.getMetricHistory(RESNET, KEY, ZOOM);
      assert.equal(ranged.items.length, 3_256);
    } finally {
      store.dispose();
    }
  });

  void it('trusts windows of at most 2,500 steps, which the server answers whole', async () => {
    const store = open();
    try {
      for (const window of [{ startStep: 0, endStep: 2_399 }, { startStep: 50_000, endStep: 52_499 }]) {
        const read = await readHistoryWindow(store, RESNET, KEY, window);
        assert.equal(read.source, 'server window');
        assertSameSeries(read.points, sliceByStep(whole, window.startStep, window.endStep));
      }
    } finally {
      store.dispose();
    }
  });

  void it('charts from the sample first, zooms right, and the CLI prints the same window', async () => {
    const store = open();
    try {
      const refineJobs: RefineJob[] = [];
      const versions = new Map<string, string>();
      const cache = new HistoryCache();
      const state = await loadMetricChart(store, { runIds: [RESNET], metricKeys: [KEY] }, 1000, undefined, { refineJobs, versions, cache });
      const overview = state.series[0];
      assert.ok(overview?.sampled, 'the first paint comes from the server sample');
      assert.ok(overview.steps.length <= 1000);
      assert.deepEqual(refineJobs.map((j) => j.key), [KEY]);

      const zoom = await readZoomWindow(store, state, versions, { runId: RESNET, key: KEY, ...ZOOM });
      assert.equal(zoom.totalPoints, 3_256);
      assert.equal(zoom.sampled, undefined);
      assert.ok(zoom.steps.length <= 1000 && zoom.steps.length > 500, `${zoom.steps.length} points drawn`);
      assert.equal(zoom.steps[0], ZOOM.startStep);
      assert.equal(zoom.steps.at(-1), ZOOM.endStep);
      const truth = summarizeSeries(sliceByStep(whole, ZOOM.startStep, ZOOM.endStep));
      assert.equal(zoom.min, truth.min);
      assert.equal(zoom.max, truth.max);

      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'history', '--tracking-uri', server.url, '--run-id', RESNET, '--metric', KEY, '--start-step', String(ZOOM.startStep), '--end-step', String(ZOOM.endStep), '--max-points', '1000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(cli.status, 0, cli.stderr);
      const printed = (JSON.parse(cli.stdout) as { metrics: { step: number; value: number }[] }).metrics;
      assert.deepEqual(printed.map((m) => m.step), zoom.steps);
      assert.deepEqual(printed.map((m) => m.value), zoom.values);
      assert.match(cli.stderr, /all 3256 points \(from the whole history, downsampled to \d+\)/);
      assert.equal(versions.has(seriesId(RESNET, KEY)), true);
    } finally {
      store.dispose();
    }
  });

  void it('shows the run with last values at once and fills min, max and steps into the shared cache', async () => {
    const store = open();
    const cache = new HistoryCache();
    try {
      const opened = await openRunDetails(store, RESNET, { cache });
      const row = opened.state.metrics.find((m) => m.key === KEY);
      assert.equal(row?.summary, 'pending');
      assert.equal(row.lastStep, 99_999);
      assert.equal(row.last, whole.values[99_999]);
      await opened.summaries;
      const truth = summarizeSeries(whole);
      assert.deepEqual({ steps: row.steps, min: row.min, max: row.max, summary: row.summary }, { steps: 100_000, min: truth.min, max: truth.max, summary: undefined });
      assert.equal(cache.heldPoints >= 100_000, true);

      // The chart opened next finds the whole history in the cache: no sample, no second download.
      const jobs: RefineJob[] = [];
      const state = await loadMetricChart(store, { runIds: [RESNET], metricKeys: [KEY] }, 1000, undefined, { cache, refineJobs: jobs });
      assert.equal(state.series[0]?.sampled, undefined);
      assert.equal(state.series[0]?.totalPoints, 100_000);
      assert.deepEqual(jobs, []);
    } finally {
      store.dispose();
    }
  });
});

function assertSameSeries(actual: MetricSeries, expected: MetricSeries): void {
  assert.equal(actual.steps.length, expected.steps.length);
  assert.deepEqual(Array.from(actual.steps), Array.from(expected.steps));
  assert.deepEqual(Array.from(actual.values), Array.from(expected.values));
  assert.deepEqual(Array.from(actual.timestamps), Array.from(expected.timestamps));
}

// The CLI half needs the built bundle; say so plainly instead of failing obscurely.
if (!skip && !fs.existsSync(path.join(repoRoot, 'dist', 'cli.js'))) console.log('# dist/cli.js missing: run `npm run build` first');
