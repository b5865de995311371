// Bench case (metric-1m): one metric history read through the store and downsampled to the chart's
// point budget, in a fresh process, exactly as the chart panel does it (readMetricSeries +
// toSeriesPayload). Prints the figures as JSON for cases/metricChart.mjs to check.
// Usage: node out/bench/metricDownsample.bench.js <store dir> <run id> <metric key> <point budget>
import { summarizeSeries } from '../../src/core/metrics/metricSeries';
import { openStore } from '../../src/core/store/openStore';
import { readMetricSeries, toSeriesPayload } from '../../src/panels/metricHistory';

async function main(): Promise<void> {
  const [storeDir, runId, key, budget] = process.argv.slice(2);
  if (!storeDir || !runId || !key || !budget) throw new Error('usage: metricDownsample.bench.js <store dir> <run id> <metric key> <point budget>');
  const t0 = performance.now();
  const store = openStore(storeDir, { workerScript: false });
  const read = await readMetricSeries(store, runId, key);
  const t1 = performance.now();
  const payload = toSeriesPayload(runId, key, read.series, Number(budget));
  const t2 = performance.now();
  store.dispose();
  const drawn = summarizeSeries({
    steps: Float64Array.from(payload.steps),
    timestamps: Float64Array.from(payload.timestamps),
    values: Float64Array.from(payload.values, Number),
  });
  process.stdout.write(
    JSON.stringify({
      totalPoints: payload.totalPoints,
      drawnPoints: payload.steps.length,
      fullMin: payload.min,
      fullMax: payload.max,
      drawnMin: drawn.min,
      drawnMax: drawn.max,
      nonFinite: payload.nonFinite,
      drawnNonFinite: drawn.nonFiniteCount,
      problems: read.problems,
      readMs: t1 - t0,
      downsampleMs: t2 - t1,
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
