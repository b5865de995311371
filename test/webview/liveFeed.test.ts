/**
 * Live updates on a real file store being written: a RUNNING run gains metric lines and then
 * finishes, as MLflow's client does it; the feed must hand over exactly the new points, once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/core/store/openStore';
import { LiveChartFeed } from '../../src/panels/liveChartFeed';
import { loadMetricChart } from '../../src/panels/metricChartState';
import { applyAppendPoints } from '../../src/shared/webviewProtocol';
import { withWebview } from './browser';
import { test } from './testing';

const RUN_ID = 'feedfacefeedfacefeedfacefeedface';

function runMeta(root: string, status: number): string {
  return [
    `artifact_uri: file://${root}/1/${RUN_ID}/artifacts`,
    ...(status === 1 ? [] : ['end_time: 1700000900000']),
    "entry_point_name: ''",
    "experiment_id: '1'",
    'lifecycle_stage: active',
    `run_id: ${RUN_ID}`,
    'run_name: live-run',
    `run_uuid: ${RUN_ID}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    'start_time: 1700000000000',
    `status: ${status}`,
    'tags: []',
    'user_id: test',
    '',
  ].join('\n');
}

function writeStore(): { root: string; runDir: string; metric: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-live-'));
  const runDir = path.join(root, '1', RUN_ID);
  fs.mkdirSync(path.join(runDir, 'metrics'), { recursive: true });
  fs.mkdirSync(path.join(runDir, 'tags'), { recursive: true });
  fs.writeFileSync(path.join(root, '1', 'meta.yaml'), `artifact_location: file://${root}/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: live\n`);
  fs.writeFileSync(path.join(runDir, 'meta.yaml'), runMeta(root, 1));
  fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.runName'), 'live-run');
  const metric = path.join(runDir, 'metrics', 'loss');
  fs.writeFileSync(metric, [0, 1, 2, 3, 4].map((s) => `${1700000000000 + s * 1000} ${1 / (s + 1)} ${s}\n`).join(''));
  return { root, runDir, metric };
}

test('live: a RUNNING run in a file store streams only its new points, then stops when it finishes', async () => {
  const { root, runDir, metric } = writeStore();
  const store = openStore(root, { workerScript: false });
  try {
    const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: ['loss'] }, 1000);
    assert.equal(state.runs[0]?.status, 'RUNNING');
    const feed = new LiveChartFeed(store, state);
    assert.equal(feed.active, true);
    await feed.start();
    assert.deepEqual((await feed.tick()).points, [], 'nothing new yet');

    // Step 4 logged again later, then steps 5 and 6 (one NaN), appended as MLflow appends lines.
    fs.appendFileSync(metric, `1700000005000 0.19 4\n1700000006000 nan 5\n1700000007000 0.12 6\n`);
    store.notifyChanged?.(runDir);
    const update = await feed.tick();
    assert.deepEqual(update.points, [{ runId: RUN_ID, key: 'loss', steps: [4, 5, 6], timestamps: [1700000005000, 1700000006000, 1700000007000], values: [0.19, 'NaN', 0.12] }]);
    applyAppendPoints(state, update);
    assert.deepEqual(state.series[0]?.steps, [0, 1, 2, 3, 4, 4, 5, 6]);
    assert.equal(state.series[0]?.nonFinite, 1);
    assert.deepEqual((await feed.tick()).points, [], 'the same points are never sent twice');

    fs.appendFileSync(metric, `1700000008000 0.1 7\n`);
    fs.writeFileSync(path.join(runDir, 'meta.yaml'), runMeta(root, 3));
    store.notifyChanged?.(runDir);
    const last = await feed.tick();
    assert.deepEqual(last.points.map((p) => p.steps), [[7]], 'the points logged before finishing still arrive');
    assert.equal(last.runs[0]?.status, 'FINISHED');
    assert.equal(feed.active, false, 'a finished run is no longer polled');
  } finally {
    store.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('live: points from the feed are appended to the drawn chart in place', async () => {
  const { root, runDir, metric } = writeStore();
  const store = openStore(root, { workerScript: false });
  try {
    const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: ['loss'] }, 1000);
    const feed = new LiveChartFeed(store, state);
    await feed.start();
    await withWebview('metrics', async (view) => {
      await view.pushState(state);
      const card = 'figure[data-metric-key="loss"]';
      await view.page.waitForSelector(`${card}[data-points="5"]`);
      const rendersBefore = Number(await view.page.getAttribute(card, 'data-renders'));
      fs.appendFileSync(metric, `1700000006000 0.15 5\n1700000007000 0.12 6\n`);
      store.notifyChanged?.(runDir);
      const update = await feed.tick();
      await view.post({ kind: 'event', name: 'appendPoints', params: update });
      await view.page.waitForSelector(`${card}[data-points="7"]`);
      assert.ok(Number(await view.page.getAttribute(card, 'data-renders')) > rendersBefore);
      assert.equal(await view.page.getAttribute(card, 'data-y-min'), '0.12');
      assert.equal(view.received.filter((m) => m.kind === 'intent' && m.name === 'refresh').length, 0, 'no full reload for a few points');
      assert.deepEqual(await view.incidents(), []);
    });
  } finally {
    store.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('live: the chart tells the host which last step of each series it painted (the `drawn` message), hidden runs left out', async () => {
  const { root, runDir, metric } = writeStore();
  const store = openStore(root, { workerScript: false });
  try {
    const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: ['loss'] }, 1000);
    const feed = new LiveChartFeed(store, state);
    await feed.start();
    await withWebview('metrics', async (view) => {
      const card = 'figure[data-metric-key="loss"]';
      const drawnReports = () => view.received.flatMap((m) => (m.kind === 'intent' && m.name === 'drawn' ? [m.params.series] : []));
      const reported = (lastStep: number | undefined) =>
        view.waitForMessage((m) => m.kind === 'intent' && m.name === 'drawn' && (lastStep === undefined ? m.params.series.length === 0 : m.params.series[0]?.lastStep === lastStep));

      await view.pushState(state);
      await reported(4);
      assert.equal(await view.page.getAttribute(card, 'data-points'), '5');
      assert.deepEqual(drawnReports(), [[{ runId: RUN_ID, key: 'loss', lastStep: 4 }]], 'one report for the first paint');

      fs.appendFileSync(metric, `1700000006000 0.15 5\n1700000007000 0.12 6\n`);
      store.notifyChanged?.(runDir);
      await view.post({ kind: 'event', name: 'appendPoints', params: await feed.tick() });
      await reported(6);
      assert.equal(await view.page.getAttribute(card, 'data-points'), '7', 'reported once the appended points are on the canvas');

      await view.page.click(`.legend .toggle[data-run-id="${RUN_ID}"]`);
      await reported(undefined);
      assert.equal(await view.page.getAttribute(card, 'data-series'), '0');
      assert.deepEqual(drawnReports().map((series) => series.map((s) => s.lastStep)), [[4], [6], []], 'a hidden run is not reported as painted');
      assert.deepEqual(await view.incidents(), []);
    });
  } finally {
    store.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
