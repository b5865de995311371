// Bench entry (server-*): the 100,000-step train/loss of resnet50-full-training behind a live
// `mlflow server` (../shared/mlflow, over a copy of the generated server fixture), read through the
// code the panels use: openRunDetails (run panel), loadMetricChart + refineSampledSeries (chart),
// readZoomWindow (a zoom). Each figure starts from a new store, so its history cache is cold unless
// the figure says otherwise. Prints JSON for test/bench/cases/serverHistory.mjs.
// Usage: node out/bench/serverHistory.bench.js
import { RestStore } from '../../src/core/store/rest/restStore';
import { loadMetricChart, readZoomWindow, refineSampledSeries, type RefineJob } from '../../src/panels/metricChartState';
import { openRunDetails } from '../../src/panels/runDetailsState';
import { startLiveMlflowServer } from '../shared/mlflowServer';

const RESNET = '12e798eec02d449a90c0c2f544dee2ee';
const KEY = 'train/loss';
const ZOOM = { runId: RESNET, key: KEY, startStep: 38_549, endStep: 41_804 };
const NARROW = { runId: RESNET, key: KEY, startStep: 50_000, endStep: 52_000 };
const BUDGET = 1000;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

async function chart(store: RestStore) {
  const refineJobs: RefineJob[] = [];
  const versions = new Map<string, string>();
  const state = await loadMetricChart(store, { runIds: [RESNET], metricKeys: [KEY] }, BUDGET, undefined, { refineJobs, versions });
  return { state, refineJobs, versions };
}

/** `runs/get`, then the sampled `get-history-bulk-interval` the chart asks for, each parsed: no MLflow Lens code. */
async function rawChartRequests(base: string): Promise<void> {
  const get = async (path: string, query: Record<string, string>) => {
    const response = await fetch(`${base}${path}?${new URLSearchParams(query).toString()}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as unknown;
  };
  await get('/api/2.0/mlflow/runs/get', { run_id: RESNET });
  const bounds = { start_step: String(-Number.MAX_SAFE_INTEGER), end_step: String(Number.MAX_SAFE_INTEGER) };
  await get('/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval', { run_ids: RESNET, metric_key: KEY, ...bounds, max_results: '2500' });
}

async function main(): Promise<void> {
  const server = await startLiveMlflowServer({ workers: 2 });
  const fresh = () => new RestStore(server.url);
  try {
    // Warm the server process (imports, SQLite page cache) so every figure meets the same server.
    await chart(fresh());

    const runStore = fresh();
    const [opened, runDetailsMs] = await timed(() => openRunDetails(runStore, RESNET));
    const atOpen = opened.state.metrics.find((m) => m.key === KEY);
    const shownAtOnce = { summary: atOpen?.summary, last: atOpen?.last, lastStep: atOpen?.lastStep };
    const [, summariesMs] = await timed(() => opened.summaries);
    const row = opened.state.metrics.find((m) => m.key === KEY);
    const [afterRunDetails, chartAfterRunDetailsMs] = await timed(() => chart(runStore));

    // The server's own share: the same two requests the chart's first paint makes, as plain HTTP.
    const [, rawFirstPaintMs] = await timed(() => rawChartRequests(server.url));
    const chartStore = fresh();
    const [first, firstPaintMs] = await timed(() => chart(chartStore));
    const [narrow, narrowZoomColdMs] = await timed(() => readZoomWindow(chartStore, first.state, first.versions, NARROW));
    const [, refineMs] = await timed(() => refineSampledSeries(chartStore, first.refineJobs, BUDGET, () => undefined));
    const [zoom, zoomWarmMs] = await timed(() => readZoomWindow(chartStore, first.state, first.versions, ZOOM));

    const coldStore = fresh();
    const cold = await chart(coldStore);
    const [coldZoom, zoomColdMs] = await timed(() => readZoomWindow(coldStore, cold.state, cold.versions, ZOOM));

    process.stdout.write(
      JSON.stringify({
        runDetailsMs,
        summariesMs,
        shownAtOnce,
        summary: { steps: row?.steps, min: row?.min, max: row?.max, state: row?.summary ?? 'filled' },
        chartAfterRunDetailsMs,
        chartAfterRunDetails: { sampled: afterRunDetails.state.series[0]?.sampled ?? false, totalPoints: afterRunDetails.state.series[0]?.totalPoints },
        firstPaintMs,
        rawFirstPaintMs,
        firstPaint: { sampled: first.state.series[0]?.sampled ?? false, drawn: first.state.series[0]?.steps.length, problems: first.state.problems },
        refineMs,
        zoomWarmMs,
        zoom: { totalPoints: zoom.totalPoints, drawn: zoom.steps.length, first: zoom.steps[0], last: zoom.steps.at(-1) },
        narrowZoomColdMs,
        narrow: { totalPoints: narrow.totalPoints },
        zoomColdMs,
        coldZoom: { totalPoints: coldZoom.totalPoints },
      }),
    );
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
