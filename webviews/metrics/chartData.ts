/**
 * Turns series payloads into chart points: x by step, wall time or relative time; y gaps where a
 * value is NaN/±inf (or not positive on a log axis); EMA smoothing that steps over gaps.
 */
import { fromWireNumber, type SeriesPayload, type XAxisMode } from '../../src/shared/webviewProtocol';

export interface Point {
  x: number;
  /** null draws a gap. */
  y: number | null;
}

export type YScale = 'linear' | 'log';

export function xOf(series: SeriesPayload, index: number, mode: XAxisMode): number {
  if (mode === 'step') return series.steps[index] as number;
  const t = series.timestamps[index] as number;
  return mode === 'wallTime' ? t : (t - (series.startTime ?? t)) / 1000;
}

export function decodeValues(series: SeriesPayload): number[] {
  return series.values.map(fromWireNumber);
}

export function toPoints(series: SeriesPayload, values: readonly number[], mode: XAxisMode, yScale: YScale): Point[] {
  return values.map((v, i) => ({
    x: xOf(series, i, mode),
    y: Number.isFinite(v) && (yScale === 'linear' || v > 0) ? v : null,
  }));
}

/**
 * Debiased exponential moving average (TensorBoard's, which MLflow's UI also uses): `weight` 0
 * leaves the series as is, 0.99 smooths hard. Non-finite values stay gaps and do not enter the average.
 */
export function ema(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - Math.pow(weight, count));
  });
}

/** Inclusive step range of the points whose x lies in [min, max], widened by one point each side. */
export function stepRangeFor(series: SeriesPayload, mode: XAxisMode, min: number, max: number): { startStep: number; endStep: number } | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < series.steps.length; i++) {
    const x = xOf(series, i, mode);
    if (x >= min && x <= max) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (mode === 'step') return { startStep: Math.floor(min), endStep: Math.ceil(max) };
  if (first < 0) return undefined;
  return {
    startStep: series.steps[Math.max(0, first - 1)] as number,
    endStep: series.steps[Math.min(series.steps.length - 1, last + 1)] as number,
  };
}
