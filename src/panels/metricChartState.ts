/**
 * Builds the chart panel's state: the runs' names and, for each (run, metric key), the history
 * downsampled to the point budget. A run or series that cannot be read becomes a problem line; the
 * other series still draw. Over a tracking server the first paint comes from the server's sample
 * (one request per metric for all runs) and `refineSampledSeries` reads the whole histories after,
 * through the store's shared history cache. Pure (no `vscode`).
 */
import { historyCacheOf, historyVersion, type HistoryCache } from '../core/metrics/historyCache';
import { readHistoryWindow, readWholeHistory } from '../core/metrics/historyWindow';
import { seriesFromMetrics, type MetricSeries } from '../core/metrics/metricSeries';
import type { Metric, Run } from '../core/model/entities';
import type { RestStore } from '../core/store/rest/restStore';
import type { TrackingStore } from '../core/store/trackingStore';
import type { ChartRun, MetricChartRestore, MetricChartState, SeriesPayload } from '../shared/webviewProtocol';
import { mapLimited, toSeriesPayload } from './metricHistory';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Points per run the server's sample is asked for: its most, so short histories arrive whole. */
const OVERVIEW_POINTS = 2_500;
/** MLflow answers at most this many rows per run from the sampled endpoint. */
const OVERVIEW_ROW_LIMIT = 25_000;
const LOWEST_STEP = -Number.MAX_SAFE_INTEGER;
const HIGHEST_STEP = Number.MAX_SAFE_INTEGER;

/** A series drawn from the server's sample whose whole history is still to be read. */
export interface RefineJob {
  runId: string;
  key: string;
  version: string;
}

export interface ChartLoadOptions {
  /** Filled with the series to read whole after the first paint (server stores only). */
  refineJobs?: RefineJob[];
  /** Defaults to the store's shared cache for a tracking server, none for local stores. */
  cache?: HistoryCache;
  /** Filled with each series' history version (see `historyVersion`), keyed by `seriesId`. */
  versions?: Map<string, string>;
}

export function seriesId(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}

type SampledReader = Pick<RestStore, 'getSampledMetricHistories'>;

function sampledReader(store: TrackingStore): SampledReader | undefined {
  const reader = store as Partial<SampledReader>;
  return store.kind === 'rest' && typeof reader.getSampledMetricHistories === 'function' ? (reader as SampledReader) : undefined;
}

export function chartCacheOf(store: TrackingStore): HistoryCache | undefined {
  return store.kind === 'rest' ? historyCacheOf(store) : undefined;
}

export async function loadMetricChart(
  store: TrackingStore,
  target: MetricChartRestore,
  maxPointsPerSeries: number,
  signal?: AbortSignal,
  options: ChartLoadOptions = {},
): Promise<MetricChartState> {
  const problems: string[] = [];
  const fetched = new Map<string, Run>();
  const runs = await mapLimited(target.runIds, 4, async (runId): Promise<ChartRun> => {
    try {
      const run = await store.getRun(runId, signal);
      fetched.set(runId, run);
      return { runId, runName: run.info.run_name || runId, status: run.info.status };
    } catch (error) {
      problems.push(`run ${runId}: ${describe(error)}`);
      return { runId, runName: runId };
    }
  });
  const cache = options.cache ?? chartCacheOf(store);
  const sampler = sampledReader(store);
  const overviews = new Map<string, Map<string, Metric[]>>();
  if (sampler) {
    await mapLimited(target.metricKeys, 2, async (key) => {
      // Runs whose whole history the cache holds need no sample.
      const runIds = target.runIds.filter((id) => !cache?.peek(id, key, historyVersion(fetched.get(id), key)));
      if (runIds.length === 0) return;
      try {
        // Both bounds, from the lowest step: MLflow then samples correctly and keeps negative steps.
        overviews.set(key, await sampler.getSampledMetricHistories(runIds, key, { startStep: LOWEST_STEP, endStep: HIGHEST_STEP, maxResults: OVERVIEW_POINTS }, signal));
      } catch (error) {
        problems.push(`${key}: the server's sample could not be read, reading whole histories instead (${describe(error)})`);
      }
    });
  }
  const pairs = runs.flatMap((run) => target.metricKeys.map((key) => ({ runId: run.runId, key })));
  const series = await mapLimited(pairs, 4, async ({ runId, key }): Promise<SeriesPayload | undefined> => {
    const version = historyVersion(fetched.get(runId), key);
    options.versions?.set(seriesId(runId, key), version);
    try {
      const sample = overviews.get(key)?.get(runId);
      if (sample) {
        const overview = judgeOverview(sample, cache?.maxPoints);
        if (overview.whole) return toSeriesPayload(runId, key, overview.series, maxPointsPerSeries);
        if (overview.tooLong) problems.push(`${key} of run ${runId}: ${overview.tooLong}`);
        else options.refineJobs?.push({ runId, key, version });
        return toSeriesPayload(runId, key, overview.series, maxPointsPerSeries, true);
      }
      const read = await readWholeHistory(store, runId, key, { cache, version, signal });
      problems.push(...read.problems);
      return toSeriesPayload(runId, key, read.series, maxPointsPerSeries);
    } catch (error) {
      problems.push(`${key} of run ${runId}: ${describe(error)}`);
      return undefined;
    }
  });
  return {
    runs,
    metricKeys: target.metricKeys,
    series: series.filter((s): s is SeriesPayload => s !== undefined),
    maxPointsPerSeries,
    loading: false,
    problems,
    restore: target,
  };
}

interface OverviewVerdict {
  series: MetricSeries;
  /** True when the sample holds every point: fewer steps than asked for, under the row limit. */
  whole: boolean;
  /** Why the whole history is not read afterwards, when it is too long to hold. */
  tooLong?: string;
}

/**
 * Reads a sample taken from the lowest step (which MLflow samples correctly). Steps are integers,
 * so the step span bounds how many steps the history has; times the rows per sampled step, it
 * bounds the points well enough to refuse reading a history that would not fit the cache.
 */
export function judgeOverview(sample: readonly Metric[], maxPoints = Infinity): OverviewVerdict {
  const series = seriesFromMetrics(sample);
  const n = series.steps.length;
  const distinct = new Set(sample.map((m) => m.step)).size;
  if (n === 0 || (distinct < OVERVIEW_POINTS && n < OVERVIEW_ROW_LIMIT)) return { series, whole: true };
  const span = (series.steps[n - 1] as number) - (series.steps[0] as number) + 1;
  const estimate = Math.round(span * (n / distinct));
  if (estimate <= maxPoints) return { series, whole: false };
  return {
    series,
    whole: false,
    tooLong: `up to ${estimate.toLocaleString('en-US')} points, more than the ${maxPoints.toLocaleString('en-US')} kept in memory: drawn from the server's sample of ${n.toLocaleString('en-US')} points; zoom in to read the visible steps`,
  };
}

/**
 * Reads the whole histories of series first drawn from samples, two at a time (the server reads
 * each one whole whatever is asked), handing each to `onSeries` as it arrives.
 */
export async function refineSampledSeries(
  store: TrackingStore,
  jobs: readonly RefineJob[],
  maxPointsPerSeries: number,
  onSeries: (series: SeriesPayload | undefined, problems: string[]) => void,
  signal?: AbortSignal,
  cache: HistoryCache | undefined = chartCacheOf(store),
): Promise<void> {
  await mapLimited(jobs, 2, async ({ runId, key, version }) => {
    try {
      const read = await readWholeHistory(store, runId, key, { cache, version, signal });
      onSeries(toSeriesPayload(runId, key, read.series, maxPointsPerSeries), read.problems);
    } catch (error) {
      if (signal?.aborted) return;
      onSeries(undefined, [`${key} of run ${runId}: the whole history could not be read, the chart shows the server's sample (${describe(error)})`]);
    }
  });
}

/**
 * A zoom: the series' points in an inclusive step range, read through the same code path as
 * `mlflow-lens history --start-step` (`readHistoryWindow`), with the steps the chart already holds
 * as the evidence an answer from the server must agree with.
 */
export async function readZoomWindow(
  store: TrackingStore,
  state: Pick<MetricChartState, 'series' | 'maxPointsPerSeries'>,
  versions: ReadonlyMap<string, string>,
  request: { runId: string; key: string; startStep: number; endStep: number },
  signal?: AbortSignal,
): Promise<SeriesPayload> {
  const { runId, key, startStep, endStep } = request;
  const shown = state.series.find((s) => s.runId === runId && s.key === key);
  const version = versions.get(seriesId(runId, key));
  const cache = chartCacheOf(store);
  const window = await readHistoryWindow(
    store,
    runId,
    key,
    { startStep, endStep, ...(shown && { knownSteps: shown.steps }), ...(cache && version !== undefined && { cache, version }) },
    signal,
  );
  return toSeriesPayload(runId, key, window.points, state.maxPointsPerSeries, !window.complete);
}
