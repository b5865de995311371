import { pickPoints, type MetricSeries } from './metricSeries';

/** Budgets below this cannot keep first/last/min/max/gap per bucket for even two buckets. */
export const MIN_POINT_BUDGET = 10;

/**
 * Shape-preserving downsampling (M4: first, last, min and max of each step bucket), so spikes,
 * the global minimum and maximum, and the first and last points always survive. A bucket that
 * holds NaN or ±Infinity also keeps its first such point, so gaps and markers stay visible.
 * Buckets are equal-width in step (matching pixel columns on a step axis); when every point has
 * the same step they fall back to equal counts. Input must be sorted by step (see
 * `seriesFromMetrics`); the result is too, and has at most `maxPoints` points.
 */
export function downsampleIndices(series: MetricSeries, maxPoints: number): Uint32Array {
  const n = series.steps.length;
  const budget = Math.max(MIN_POINT_BUDGET, Math.floor(maxPoints));
  if (n <= budget) return Uint32Array.from({ length: n }, (_, i) => i);

  const { steps, values } = series;
  let hasNonFinite = false;
  for (let i = 0; i < n && !hasNonFinite; i++) hasNonFinite = !Number.isFinite(values[i] as number);
  const bucketCount = Math.max(1, Math.floor(budget / (hasNonFinite ? 5 : 4)));

  const firstStep = steps[0] as number;
  const width = ((steps[n - 1] as number) - firstStep) / bucketCount;
  const bucketOf =
    width > 0 && Number.isFinite(width)
      ? (i: number) => Math.min(bucketCount - 1, Math.floor(((steps[i] as number) - firstStep) / width))
      : (i: number) => Math.floor((i * bucketCount) / n);

  const out = new Uint32Array(bucketCount * 5);
  let outLength = 0;
  const picked = [0, 0, 0, 0, 0];
  let i = 0;
  while (i < n) {
    const bucket = bucketOf(i);
    const first = i;
    let minIndex = -1;
    let maxIndex = -1;
    let gapIndex = -1;
    let last = i;
    for (; i < n && bucketOf(i) === bucket; i++) {
      last = i;
      const v = values[i] as number;
      if (!Number.isFinite(v)) {
        if (gapIndex < 0) gapIndex = i;
        continue;
      }
      if (minIndex < 0 || v < (values[minIndex] as number)) minIndex = i;
      if (maxIndex < 0 || v > (values[maxIndex] as number)) maxIndex = i;
    }
    let count = 0;
    for (const candidate of [first, minIndex, maxIndex, gapIndex, last]) {
      if (candidate >= 0 && !picked.slice(0, count).includes(candidate)) picked[count++] = candidate;
    }
    const chosen = picked.slice(0, count).sort((a, b) => a - b);
    for (const index of chosen) out[outLength++] = index;
  }
  return out.slice(0, outLength);
}

/** The downsampled series itself (see `downsampleIndices`). */
export function downsample(series: MetricSeries, maxPoints: number): MetricSeries {
  if (series.steps.length <= Math.max(MIN_POINT_BUDGET, Math.floor(maxPoints))) return series;
  return pickPoints(series, downsampleIndices(series, maxPoints));
}
