/**
 * Reads one metric history (optionally an inclusive step range) from any store as sorted columns:
 * as typed arrays when the store can read them so (no object per point), else page by page.
 */
import type { Metric } from '../model/entities';
import type { MetricHistoryRequest, TrackingStore } from '../store/trackingStore';
import { seriesFromColumns, seriesFromMetrics, type MetricSeries } from './metricSeries';

export interface SeriesRead {
  series: MetricSeries;
  /** Problems met while reading, as `location: message` lines. */
  problems: string[];
}

export type StepRange = Pick<MetricHistoryRequest, 'startStep' | 'endStep'>;

export async function readMetricSeries(store: TrackingStore, runId: string, key: string, range: StepRange = {}, signal?: AbortSignal): Promise<SeriesRead> {
  if (store.readMetricColumns) {
    const columns = await store.readMetricColumns(runId, key, range, signal);
    return { series: seriesFromColumns(columns), problems: columns.problems.map((p) => `${p.location}: ${p.message}`) };
  }
  return readMetricPages(store, runId, key, range, signal);
}

async function readMetricPages(store: TrackingStore, runId: string, key: string, range: StepRange, signal?: AbortSignal): Promise<SeriesRead> {
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
