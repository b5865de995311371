import type { Metric } from '../model/entities';

/**
 * One metric history as parallel columns, sorted by step, then timestamp, then logging order.
 * Columns (not objects) keep a 1,000,000-point history at three Float64Arrays (24 MB) and make the
 * downsampler a single pass without allocation per point.
 */
export interface MetricSeries {
  readonly steps: Float64Array;
  /** May hold NaN and ±Infinity exactly as logged. */
  readonly values: Float64Array;
  /** Epoch ms. */
  readonly timestamps: Float64Array;
}

/** Min, max and last of a series, computed over finite values only (NaN/±inf are counted apart). */
export interface SeriesSummary {
  count: number;
  /** Value of the latest point (highest step, then latest timestamp); may be non-finite. */
  last?: number;
  lastStep?: number;
  min?: number;
  max?: number;
  nonFiniteCount: number;
}

export function emptySeries(): MetricSeries {
  return { steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) };
}

/** Builds sorted columns from a store's history (any order, duplicate and negative steps allowed). */
export function seriesFromMetrics(metrics: readonly Metric[]): MetricSeries {
  const n = metrics.length;
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const timestamps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = metrics[i] as Metric;
    steps[i] = m.step;
    values[i] = m.value;
    timestamps[i] = m.timestamp;
  }
  return seriesFromColumns({ steps, values, timestamps });
}

/**
 * Sorts columns in a store's order into a series; the columns themselves when they are sorted
 * already (the common case, and then they are not copied).
 */
export function seriesFromColumns(columns: MetricSeries): MetricSeries {
  const { steps, values, timestamps } = columns;
  for (let i = 1; i < steps.length; i++) {
    if (comesBefore(steps, timestamps, i, i - 1)) return sortSeries(columns);
  }
  return { steps, values, timestamps };
}

function comesBefore(steps: Float64Array, ts: Float64Array, a: number, b: number): boolean {
  const sa = steps[a] as number;
  const sb = steps[b] as number;
  return sa < sb || (sa === sb && (ts[a] as number) < (ts[b] as number));
}

function sortSeries(series: MetricSeries): MetricSeries {
  const { steps, timestamps } = series;
  const order = Array.from({ length: steps.length }, (_, i) => i);
  // Stable on the logging order for points with equal step and timestamp.
  order.sort((a, b) => {
    const ds = (steps[a] as number) - (steps[b] as number);
    if (ds !== 0) return ds;
    const dt = (timestamps[a] as number) - (timestamps[b] as number);
    return dt !== 0 ? dt : a - b;
  });
  return pickPoints(series, order);
}

/** The points at `indices` (in the given order) as a new series. */
export function pickPoints(series: MetricSeries, indices: ArrayLike<number>): MetricSeries {
  const n = indices.length;
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const timestamps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i] as number;
    steps[i] = series.steps[j] as number;
    values[i] = series.values[j] as number;
    timestamps[i] = series.timestamps[j] as number;
  }
  return { steps, values, timestamps };
}

/** Points with `startStep <= step <= endStep` (inclusive, as MLflow's bulk-interval endpoint). */
export function sliceByStep(series: MetricSeries, startStep: number, endStep: number): MetricSeries {
  const from = lowerBound(series.steps, startStep);
  let to = lowerBound(series.steps, endStep);
  while (to < series.steps.length && (series.steps[to] as number) <= endStep) to++;
  return {
    steps: series.steps.subarray(from, to),
    values: series.values.subarray(from, to),
    timestamps: series.timestamps.subarray(from, to),
  };
}

function lowerBound(sorted: Float64Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function summarizeSeries(series: MetricSeries): SeriesSummary {
  const n = series.values.length;
  let min = Infinity;
  let max = -Infinity;
  let nonFiniteCount = 0;
  for (let i = 0; i < n; i++) {
    const v = series.values[i] as number;
    if (!Number.isFinite(v)) nonFiniteCount++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const summary: SeriesSummary = { count: n, nonFiniteCount };
  if (n > 0) {
    summary.last = series.values[n - 1];
    summary.lastStep = series.steps[n - 1];
  }
  if (nonFiniteCount < n) {
    summary.min = min;
    summary.max = max;
  }
  return summary;
}
