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
  const byStep = width > 0 && Number.isFinite(width);

  const out = new Uint32Array(bucketCount * 5);
  let outLength = 0;
  let i = 0;
  for (let bucket = 0; bucket < bucketCount && i < n; bucket++) {
    const lastBucket = bucket === bucketCount - 1;
    const stepLimit = firstStep + (bucket + 1) * width;
    const indexLimit = lastBucket ? n : Math.floor(((bucket + 1) * n) / bucketCount);
    const first = i;
    let minIndex = -1;
    let maxIndex = -1;
    let gapIndex = -1;
    for (; i < n && (lastBucket || (byStep ? (steps[i] as number) < stepLimit : i < indexLimit)); i++) {
      const v = values[i] as number;
      if (v !== v || v === Infinity || v === -Infinity) {
        if (gapIndex < 0) gapIndex = i;
      } else {
        if (minIndex < 0 || v < (values[minIndex] as number)) minIndex = i;
        if (maxIndex < 0 || v > (values[maxIndex] as number)) maxIndex = i;
      }
    }
    if (i === first) continue;
    outLength = appendSorted(out, outLength, first, [first, minIndex, maxIndex, gapIndex, i - 1]);
  }
  return out.slice(0, outLength);
}

/** Appends the distinct non-negative candidates (all ≥ `from`) to `out` in ascending order. */
function appendSorted(out: Uint32Array, length: number, from: number, candidates: number[]): number {
  candidates.sort((a, b) => a - b);
  let previous = -1;
  for (const c of candidates) {
    if (c < from || c === previous) continue;
    out[length++] = c;
    previous = c;
  }
  return length;
}

/** The downsampled series itself (see `downsampleIndices`). */
export function downsample(series: MetricSeries, maxPoints: number): MetricSeries {
  if (series.steps.length <= Math.max(MIN_POINT_BUDGET, Math.floor(maxPoints))) return series;
  return pickPoints(series, downsampleIndices(series, maxPoints));
}
