/**
 * Shapes metric histories for the wire: sorted columns downsampled to the point budget, with the
 * extremes of everything read. Pure (no `vscode`).
 */
import { downsample } from '../core/metrics/downsample';
import { summarizeSeries, type MetricSeries } from '../core/metrics/metricSeries';
import { toWireNumber, type SeriesPayload } from '../shared/webviewProtocol';

export { readMetricSeries, type SeriesRead } from '../core/metrics/readSeries';

/** The payload the chart draws: at most `maxPoints` points, with the full series' extremes. */
export function toSeriesPayload(runId: string, key: string, full: MetricSeries, maxPoints: number, sampled = false): SeriesPayload {
  const drawn = downsample(full, maxPoints);
  const summary = summarizeSeries(full);
  const payload: SeriesPayload = {
    runId,
    key,
    steps: Array.from(drawn.steps),
    timestamps: Array.from(drawn.timestamps),
    values: Array.from(drawn.values, toWireNumber),
    totalPoints: full.steps.length,
    downsampled: drawn.steps.length < full.steps.length,
    nonFinite: summary.nonFiniteCount,
  };
  if (sampled) payload.sampled = true;
  if (summary.min !== undefined) payload.min = summary.min;
  if (summary.max !== undefined) payload.max = summary.max;
  let startTime = Infinity;
  const timestamps = full.timestamps;
  for (let i = 0; i < timestamps.length; i++) if ((timestamps[i] as number) < startTime) startTime = timestamps[i] as number;
  if (Number.isFinite(startTime)) payload.startTime = startTime;
  return payload;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
