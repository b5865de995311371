// Long histories from misbehaving servers: one that answers windows with fewer points than it
// should, one whose history has 10,000,000 points, and one that dies in the middle of a page.
// The chart, the zoom and the run panel must stay right, bounded in memory, and never hang.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { HistoryCache } from '../../../src/core/metrics/historyCache';
import { readHistoryWindow, readWholeHistory } from '../../../src/core/metrics/historyWindow';
import { RestStore, type RestStoreOptions } from '../../../src/core/store/rest/restStore';
import { loadMetricChart, readZoomWindow, refineSampledSeries, type RefineJob } from '../../../src/panels/metricChartState';
import { openRunDetails } from '../../../src/panels/runDetailsState';
import type { SeriesPayload } from '../../../src/shared/webviewProtocol';
import { sendJson, startFaultServer, type ArrivedRequest, type FaultHandler } from './faultServer';

const RUN_ID = 'feedfacefeedfacefeedfacefeedface';
const KEY = 'loss';
const valueAt = (step: number) => 1 / (1 + step / 1000) + ((step * 7919) % 101) / 1e4;
const point = (step: number) => ({ key: KEY, value: valueAt(step), timestamp: 1_700_000_000_000 + step, step });

interface History {
  /** Steps 0..count-1, one point each. */
  count: number;
  /** get-history page size a paging server (MLflow ≥ 3.1.1) uses. */
  pageSize: number;
  /** How window requests are answered: right, or as MLflow 2.12.2 (the last step alone when the window is wide). */
  windows: 'right' | 'buggy' | 'short';
  /** get-history page (1-based, in every read of the history) on which the connection dies mid-body. */
  dieOnPage?: number;
}

function query(req: ArrivedRequest): URLSearchParams {
  return new URL(req.url, 'http://x').searchParams;
}

/** A tracking server holding one run with a `count`-step metric, generated on demand. */
function historyServer(history: History): FaultHandler {
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    const q = query(req);
    if (url.pathname.endsWith('/runs/get')) {
      const last = point(history.count - 1);
      return sendJson(res, 200, { run: { info: { run_id: RUN_ID, experiment_id: '1', status: 'FINISHED', lifecycle_stage: 'active', run_name: 'long' }, data: { metrics: [last] } } });
    }
    if (url.pathname.endsWith('/metrics/get-history-bulk-interval')) {
      const start = Math.max(0, Number(q.get('start_step') ?? 0));
      const end = Math.min(history.count - 1, Number(q.get('end_step') ?? history.count - 1));
      const max = Number(q.get('max_results') ?? 2500);
      const n = end - start + 1;
      let steps: number[];
      if (n <= max) steps = history.windows === 'short' ? [start, end] : Array.from({ length: n }, (_, i) => start + i);
      else if (history.windows === 'right' || start === 0) steps = [...Array.from({ length: max }, (_, i) => start + Math.floor((i * n) / max)), end];
      else steps = [end];
      return sendJson(res, 200, { metrics: [...new Set(steps)].map((s) => ({ ...point(s), run_id: RUN_ID })) });
    }
    if (url.pathname.endsWith('/metrics/get-history')) {
      const from = Number(q.get('page_token') ?? 0);
      const to = Math.min(history.count, from + history.pageSize);
      const body: Record<string, unknown> = { metrics: Array.from({ length: to - from }, (_, i) => point(from + i)) };
      if (to < history.count) body['next_page_token'] = String(to);
      if (from / history.pageSize + 1 === history.dieOnPage) return dieMidBody(res, JSON.stringify(body));
      return sendJson(res, 200, body);
    }
    if (url.pathname.endsWith('/experiments/get')) return sendJson(res, 200, { experiment: { experiment_id: '1', name: 'e', lifecycle_stage: 'active' } });
    if (url.pathname.endsWith('/runs/search')) return sendJson(res, 200, {});
    if (url.pathname.endsWith('/artifacts/list')) return sendJson(res, 200, {});
    sendJson(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: url.pathname });
  };
}

/** Announces the whole body, sends half of it, then drops the connection. */
function dieMidBody(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

async function withHistory<T>(history: History, body: (store: RestStore, arrived: ArrivedRequest[]) => Promise<T>, options: RestStoreOptions = {}): Promise<T> {
  const server = await startFaultServer(historyServer(history));
  const store = new RestStore(server.url, { retry: { maxRetries: 0 }, timeoutMs: 20_000, ...options });
  try {
    return await body(store, server.arrived);
  } finally {
    store.dispose();
    await server.close();
  }
}

const historyRequests = (arrived: ArrivedRequest[]) => arrived.filter((r) => r.url.includes('/metrics/get-history?')).length;

void describe('long histories from misbehaving servers', () => {
  void it('rejects a window answer with fewer points than the chart knows are there, and reads them all', async () => {
    await withHistory({ count: 20_000, pageSize: 25_000, windows: 'short' }, async (store, arrived) => {
      const cache = new HistoryCache();
      const versions = new Map<string, string>();
      const jobs: RefineJob[] = [];
      const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: [KEY] }, 500, undefined, { cache, versions, refineJobs: jobs });
      assert.equal(state.series[0]?.sampled, true);
      // A window narrow enough to be answered whole, answered with its two ends only.
      const zoom = await readZoomWindow(store, state, versions, { runId: RUN_ID, key: KEY, startStep: 10_000, endStep: 11_999 });
      assert.equal(zoom.totalPoints, 2_000);
      assert.equal(zoom.steps[0], 10_000);
      assert.equal(zoom.steps.at(-1), 11_999);
      assert.ok(zoom.steps.length <= 500);
      assert.equal(historyRequests(arrived), 1, 'fell back to the whole history once');

      // Without anything known about the window, a short answer to a narrow window is taken as whole:
      // that is what the server promises for it.
      const blind = await readHistoryWindow(store, RUN_ID, KEY, { startStep: 10_000, endStep: 11_999 });
      assert.equal(blind.source, 'server window');
      assert.equal(blind.points.steps.length, 2);
      // …but a wide window sampled short is never trusted blindly.
      const wide = await readHistoryWindow(store, RUN_ID, KEY, { startStep: 5_000, endStep: 15_000 });
      assert.equal(wide.source, 'whole history');
      assert.equal(wide.points.steps.length, 10_001);
    });
  });

  void it('charts a 10,000,000-point history from the sample only, zooms by windows, and bounds what it reads', async () => {
    const count = 10_000_000;
    await withHistory({ count, pageSize: 25_000, windows: 'right' }, async (store, arrived) => {
      const cache = new HistoryCache(200_000);
      const versions = new Map<string, string>();
      const jobs: RefineJob[] = [];
      const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: [KEY] }, 1000, undefined, { cache, versions, refineJobs: jobs });
      const series = state.series[0];
      assert.ok(series?.sampled);
      assert.ok(series.steps.length <= 1000);
      assert.deepEqual(jobs, [], 'no attempt to read 10,000,000 points');
      assert.match(state.problems.join('\n'), /up to 10,000,000 points, more than the 200,000 kept in memory/);
      assert.equal(historyRequests(arrived), 0);

      const zoom = await readZoomWindow(store, state, versions, { runId: RUN_ID, key: KEY, startStep: 5_000_000, endStep: 5_001_999 });
      assert.equal(zoom.totalPoints, 2_000);
      assert.equal(zoom.sampled, undefined);
      const wide = await readZoomWindow(store, state, versions, { runId: RUN_ID, key: KEY, startStep: 3_000_000, endStep: 7_000_000 });
      assert.equal(wide.sampled, true, 'a correct even sample of a wide window is used as such');
      assert.ok(wide.steps.length <= 1000);
      assert.equal(historyRequests(arrived), 0);
    });
  });

  void it('stops reading a whole history at the point bound and keeps nothing over the cache bound', async () => {
    await withHistory(
      { count: 10_000_000, pageSize: 25_000, windows: 'right' },
      async (store, arrived) => {
        const cache = new HistoryCache(50_000);
        const read = await readWholeHistory(store, RUN_ID, KEY, { cache, version: 'v1' });
        assert.equal(read.series.steps.length, 100_000);
        assert.match(read.problems.join('\n'), /more than 100,000 points; only the first 100,000 were read/);
        assert.equal(historyRequests(arrived), 4);
        assert.equal(cache.heldPoints, 0, 'a history larger than the cache is handed over, not kept');
      },
      { maxHistoryPoints: 100_000 },
    );
  });

  void it('says what it could not read when the server dies in the middle of a page, and never hangs', async () => {
    await withHistory({ count: 60_000, pageSize: 25_000, windows: 'buggy', dieOnPage: 2 }, async (store) => {
      const cache = new HistoryCache();
      const versions = new Map<string, string>();
      const jobs: RefineJob[] = [];
      const state = await loadMetricChart(store, { runIds: [RUN_ID], metricKeys: [KEY] }, 1000, undefined, { cache, versions, refineJobs: jobs });
      assert.equal(jobs.length, 1);
      const refined: (SeriesPayload | undefined)[] = [];
      const problems: string[] = [];
      await refineSampledSeries(store, jobs, 1000, (series, lines) => (refined.push(series), problems.push(...lines)), undefined, cache);
      assert.deepEqual(refined, [undefined]);
      assert.match(problems.join('\n'), /loss of run feedface\w+: the whole history could not be read, the chart shows the server's sample \(.*dropped the connection.*\)/);

      // A zoom the buggy server samples wrongly falls back to the whole history, which dies again: a clear error.
      await assert.rejects(
        readZoomWindow(store, state, versions, { runId: RUN_ID, key: KEY, startStep: 30_000, endStep: 40_000 }),
        (error: unknown) => error instanceof Error && /dropped the connection/.test(error.message),
      );

      const opened = await openRunDetails(store, RUN_ID, { cache });
      await opened.summaries;
      assert.equal(opened.state.metrics[0]?.summary, 'unavailable');
      assert.match(opened.state.problems.join('\n'), /history of loss: .*dropped the connection/);
    });
  });
});
