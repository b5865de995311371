/**
 * Reads metric histories for the panels and shapes them for the wire: all pages, sorted columns,
 * downsampled to the point budget. Pure over `TrackingStore` (no `vscode`).
 */
import { downsample } from '../core/metrics/downsample';
import { seriesFromColumns, seriesFromMetrics, summarizeSeries, type MetricSeries } from '../core/metrics/metricSeries';
import type { Metric } from '../core/model/entities';
import type { MetricHistoryRequest, TrackingStore } from '../core/store/trackingStore';
import { toWireNumber, type SeriesPayload } from '../shared/webviewProtocol';

export interface SeriesRead {
  series: MetricSeries;
  problems: string[];
}

/**
 * Every page of one metric's history (optionally an inclusive step range), sorted by step: as
 * typed columns when the store can read them so (no object per point), else page by page.
 */
export async function readMetricSeries(
  store: TrackingStore,
  runId: string,
  key: string,
  range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'> = {},
  signal?: AbortSignal,
): Promise<SeriesRead> {
  if (store.readMetricColumns) {
    const columns = await store.readMetricColumns(runId, key, range, signal);
    return { series: seriesFromColumns(columns), problems: columns.problems.map((p) => `${p.location}: ${p.message}`) };
  }
  return readMetricPages(store, runId, key, range, signal);
}

async function readMetricPages(
  store: TrackingStore,
  runId: string,
  key: string,
  range: Pick<MetricHistoryRequest, 'startStep' | 'endStep'>,
  signal?: AbortSignal,
): Promise<SeriesRead> {
  let metrics: Metric[] = [];
  const problems: string[] = [];
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await store.getMetricHistory(runId, key, { ...range, pageToken }, signal);
    // One page is the common case (file and SQLite stores): no copy of a long history.
    if (metrics.length === 0 && page.nextPageToken === undefined) metrics = page.items;
    else for (const m of page.items) metrics.push(m);
    for (const p of page.problems) problems.push(`${p.location}: ${p.message}`);
    pageToken = page.nextPageToken;
    if (pageToken !== undefined) {
      if (seenTokens.has(pageToken)) throw new Error(`metric history of ${key}: page token repeated`);
      seenTokens.add(pageToken);
    }
  } while (pageToken !== undefined);
  return { series: seriesFromMetrics(metrics), problems };
}

/** The payload the chart draws: at most `maxPoints` points, with the full series' extremes. */
export function toSeriesPayload(runId: string, key: string, full: MetricSeries, maxPoints: number): SeriesPayload {
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
