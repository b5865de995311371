import { pickPoints, type MetricSeries } from './metricSeries';

/** The last point a chart holds of one series, to tell new points from ones it already has. */
export interface SeriesEnd {
  step: number;
  timestamp: number;
  /** How many points the chart holds at exactly this (step, timestamp), duplicates included. */
  countAtEnd: number;
}

export function seriesEnd(series: MetricSeries): SeriesEnd | undefined {
  const n = series.steps.length;
  if (n === 0) return undefined;
  const step = series.steps[n - 1] as number;
  const timestamp = series.timestamps[n - 1] as number;
  let countAtEnd = 0;
  for (let i = n - 1; i >= 0 && series.steps[i] === step && series.timestamps[i] === timestamp; i--) countAtEnd++;
  return { step, timestamp, countAtEnd };
}

/**
 * The points of `fresh` (a sorted re-read of the history, usually from `end.step` on) that come
 * after `end`: later steps, or the same step logged later, or more duplicates of the last point.
 * A live chart appends exactly these instead of redrawing the whole history.
 */
export function pointsAfter(fresh: MetricSeries, end: SeriesEnd | undefined): MetricSeries {
  if (!end) return fresh;
  const keep: number[] = [];
  let sameAsEnd = 0;
  for (let i = 0; i < fresh.steps.length; i++) {
    const step = fresh.steps[i] as number;
    const timestamp = fresh.timestamps[i] as number;
    if (step > end.step || (step === end.step && timestamp > end.timestamp)) keep.push(i);
    else if (step === end.step && timestamp === end.timestamp && ++sameAsEnd > end.countAtEnd) keep.push(i);
  }
  return pickPoints(fresh, keep);
}

/**
 * Delay before the next poll of a running run: short after a change, doubling while nothing
 * changes up to `maxMs`, so an idle or finished-but-not-yet-marked run costs little.
 */
export class PollBackoff {
  private delay: number;

  constructor(
    private readonly minMs = 2000,
    private readonly maxMs = 30_000,
  ) {
    this.delay = minMs;
  }

  next(changed: boolean): number {
    this.delay = changed ? this.minMs : Math.min(this.maxMs, this.delay * 2);
    return this.delay;
  }
}
