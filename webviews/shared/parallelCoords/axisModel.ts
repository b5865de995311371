/**
 * The axes of the parallel coordinates, from the values each run logged: where every run sits on
 * each axis (a position from 0 at the bottom to 1 at the top, NaN when it has no value to plot),
 * and the tick labels. A metric is numeric; a param is numeric when every value it holds reads as a
 * finite number, otherwise categorical (its distinct values in natural order, as the scatter does).
 * A log axis needs every value above 0: asked for otherwise, it is refused and says why.
 */
import { formatValue } from '../format';

/** A run's raw value on an axis: text for params, a number (NaN and ±Infinity included) for metrics, null when absent. */
export type PcValue = string | number | null;

export type PcAxisKind = 'param' | 'metric';

/** What an axis can be built from: a column of the runs. */
export interface PcCandidate {
  id: string;
  kind: PcAxisKind;
  key: string;
  /** For metrics: which end is best (highlighting the best runs). */
  better?: 'lower' | 'higher';
}

export interface PcAxisSource extends PcCandidate {
  /** One per run, in the order of the runs. */
  values: readonly PcValue[];
}

export type PcScale = 'linear' | 'log' | 'category';

export interface PcTick {
  position: number;
  label: string;
}

export interface PcAxis extends PcAxisSource {
  scale: PcScale;
  /** Numbers on this axis (linear or log), as opposed to categories. */
  numeric: boolean;
  positions: Float32Array;
  /** Runs without a value this axis can place (absent, empty, NaN, ±Infinity, or ≤ 0 on a log axis). */
  missing: number;
  categories: string[];
  ticks: PcTick[];
  /** Why a log scale is not possible here (set on numeric axes holding a value ≤ 0). */
  logRefusal?: string;
  /** The log scale was asked for and refused. */
  logRefused: boolean;
}

const MAX_CATEGORY_LABELS = 15;

function isPresent(value: PcValue): value is string | number {
  return value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** The number a value reads as on a numeric axis, or NaN. */
function numberOf(value: PcValue): number {
  if (value === null) return NaN;
  if (typeof value === 'number') return value;
  return value.trim() === '' ? NaN : Number(value.trim());
}

function isNumericSource(source: PcAxisSource): boolean {
  if (source.kind === 'metric') return true;
  const present = source.values.filter(isPresent);
  return present.length > 0 && present.every((v) => Number.isFinite(numberOf(v)));
}

/** Natural order: 2 < 10, case-insensitive, then exact. */
export function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The text a run's value shows in tooltips (`—` when absent). */
export function valueText(value: PcValue): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatValue(value) : value;
}

export function buildAxis(source: PcAxisSource, wantLog: boolean): PcAxis {
  const n = source.values.length;
  const positions = new Float32Array(n).fill(NaN);
  if (!isNumericSource(source)) {
    const categories = [...new Set(source.values.filter(isPresent).map(String))].sort(naturalOrder);
    const index = new Map(categories.map((c, i) => [c, i]));
    source.values.forEach((v, i) => {
      if (isPresent(v)) positions[i] = ((index.get(String(v)) as number) + 0.5) / categories.length;
    });
    const every = Math.ceil(categories.length / MAX_CATEGORY_LABELS);
    const ticks = categories.flatMap((label, i) => (i % every === 0 ? [{ position: (i + 0.5) / categories.length, label }] : []));
    return { ...source, scale: 'category', numeric: false, positions, missing: countMissing(positions), categories, ticks, logRefused: wantLog };
  }
  const numbers = source.values.map(numberOf);
  const finite = numbers.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : NaN;
  const max = finite.length ? Math.max(...finite) : NaN;
  const nonPositive = finite.filter((v) => v <= 0).length;
  const logRefusal = finite.length === 0
    ? 'Log scale needs values above 0: no run has a number here.'
    : nonPositive > 0
      ? `Log scale needs values above 0: ${nonPositive} run(s) have ${formatValue(min)} or another value ≤ 0.`
      : undefined;
  const log = wantLog && logRefusal === undefined;
  const transform = log ? Math.log10 : (v: number) => v;
  const lo = transform(min);
  const hi = transform(max);
  numbers.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    positions[i] = hi > lo ? (transform(v) - lo) / (hi - lo) : 0.5;
  });
  const ticks = finite.length === 0 ? [] : log ? logTicks(min, max) : linearTicks(min, max);
  return {
    ...source,
    scale: log ? 'log' : 'linear',
    numeric: true,
    positions,
    missing: countMissing(positions),
    categories: [],
    ticks,
    ...(logRefusal ? { logRefusal } : {}),
    logRefused: wantLog && !log,
  };
}

function countMissing(positions: Float32Array): number {
  let missing = 0;
  for (const p of positions) if (Number.isNaN(p)) missing++;
  return missing;
}

/** About five round numbers between min and max (the ends when no round number falls between). */
export function linearTicks(min: number, max: number): PcTick[] {
  if (!(max > min)) return [{ position: 0.5, label: formatValue(min) }];
  const span = max - min;
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: PcTick[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    const rounded = Number(v.toPrecision(12));
    ticks.push({ position: (rounded - min) / span, label: formatValue(rounded) });
  }
  return ticks.length >= 2 ? ticks : [{ position: 0, label: formatValue(min) }, { position: 1, label: formatValue(max) }];
}

/** Powers of ten between min and max (> 0), or the ends when fewer than two fall between. */
export function logTicks(min: number, max: number): PcTick[] {
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  if (!(hi > lo)) return [{ position: 0.5, label: formatValue(min) }];
  const ticks: PcTick[] = [];
  const stride = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo)) / 6));
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e += stride) ticks.push({ position: (e - lo) / (hi - lo), label: formatValue(Number(`1e${e}`)) });
  return ticks.length >= 2 ? ticks : [{ position: 0, label: formatValue(min) }, { position: 1, label: formatValue(max) }];
}

/**
 * The best runs by a metric axis: the top tenth (at least one, at most ten) of the runs with a
 * finite value, in the axis's better direction; runs tying with the last one are included.
 */
export function bestRuns(axis: PcAxis | undefined): Set<number> {
  if (!axis || !axis.numeric) return new Set();
  const values = axis.values.map(numberOf);
  const ranked = values.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  if (ranked.length === 0) return new Set();
  const sign = axis.better === 'lower' ? 1 : -1;
  ranked.sort((a, b) => sign * ((values[a] as number) - (values[b] as number)));
  const count = Math.min(10, Math.max(1, Math.round(ranked.length / 10)));
  const last = values[ranked[count - 1] as number];
  return new Set(ranked.filter((i, rank) => rank < count || values[i] === last));
}

/** The number of best runs `bestRuns` would pick among `finite` runs with a value (for captions). */
export function bestCount(finite: number): number {
  return finite === 0 ? 0 : Math.min(10, Math.max(1, Math.round(finite / 10)));
}
