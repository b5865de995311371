/**
 * One step window of one metric history, as a chart zoom and `mlflow-lens history --start-step`
 * both read it: from the shared history cache when it holds the whole history, from a local store
 * directly, or from a tracking server's sampled endpoint when its answer is provably right — and
 * from the whole history when it is not (MLflow 2.12.2 samples windows away from step 0 wrongly).
 */
import type { MetricWindowRead } from '../store/rest/restStore';
import type { StepWindow } from '../store/rest/stepWindow';
import type { TrackingStore } from '../store/trackingStore';
import type { HistoryCache } from './historyCache';
import { seriesFromMetrics, sliceByStep, type MetricSeries } from './metricSeries';
import { readMetricSeries, type SeriesRead } from './readSeries';

export interface HistoryWindowRequest extends StepWindow {
  /** Shares whole histories with other readers; `version` (see `historyVersion`) must come with it. */
  cache?: HistoryCache;
  version?: string;
}

export type WindowSource = 'cache' | 'store' | 'server window' | 'server sample' | 'whole history';

export interface HistoryWindow {
  /** The points read in the window, sorted by step: all of them unless `complete` is false. */
  points: MetricSeries;
  /** False when `points` is the server's (correct) even sample of a window wider than it samples. */
  complete: boolean;
  source: WindowSource;
  /** Why the server's sampled answer was not used, when it was not. */
  rejected?: string;
  problems: string[];
}

interface WindowReader {
  readMetricWindow(runId: string, key: string, window: StepWindow, signal?: AbortSignal): Promise<MetricWindowRead>;
}

function windowReader(store: TrackingStore): WindowReader | undefined {
  const reader = store as Partial<WindowReader>;
  return typeof reader.readMetricWindow === 'function' ? (reader as WindowReader) : undefined;
}

/** The whole history, through the cache when one is given. */
export function readWholeHistory(
  store: TrackingStore,
  runId: string,
  key: string,
  options: { cache?: HistoryCache; version?: string; signal?: AbortSignal } = {},
): Promise<SeriesRead> {
  const { cache, version, signal } = options;
  if (!cache || version === undefined) return readMetricSeries(store, runId, key, {}, signal);
  return cache.get(runId, key, version, (loadSignal) => readMetricSeries(store, runId, key, {}, loadSignal), signal);
}

export async function readHistoryWindow(
  store: TrackingStore,
  runId: string,
  key: string,
  request: HistoryWindowRequest,
  signal?: AbortSignal,
): Promise<HistoryWindow> {
  const { startStep, endStep, cache, version } = request;
  if (!(Number.isFinite(startStep) && Number.isFinite(endStep) && startStep <= endStep)) {
    throw new RangeError(`The step window ${startStep}–${endStep} is not a window: give finite steps with the start not after the end.`);
  }
  const slice = (read: SeriesRead, source: WindowSource, rejected?: string): HistoryWindow => ({
    points: sliceByStep(read.series, startStep, endStep),
    complete: true,
    source,
    problems: read.problems,
    ...(rejected !== undefined && { rejected }),
  });
  if (cache && version !== undefined) {
    const held = cache.peek(runId, key, version);
    if (held) return slice(held, 'cache');
    // Another reader is fetching the whole history: waiting costs less than asking the server again.
    if (cache.loading(runId, key, version)) return slice(await readWholeHistory(store, runId, key, { cache, version, signal }), 'cache');
  }
  const reader = windowReader(store);
  if (!reader) {
    const read = await readMetricSeries(store, runId, key, { startStep, endStep }, signal);
    return { points: read.series, complete: true, source: 'store', problems: read.problems };
  }
  const answer = await reader.readMetricWindow(runId, key, request, signal);
  if (answer.verdict.kind === 'wrong') {
    return slice(await readWholeHistory(store, runId, key, { cache, version, signal }), 'whole history', answer.verdict.reason);
  }
  const complete = answer.verdict.kind === 'all';
  return { points: seriesFromMetrics(answer.items), complete, source: complete ? 'server window' : 'server sample', problems: [] };
}
