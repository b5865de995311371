/**
 * What the comparison's scatter can plot, and what it opens on. A metric is numeric. A param is
 * numeric when every value the runs logged reads as a finite number; otherwise it is categorical and
 * goes on a category axis (its distinct values in natural order), as MLflow's own compare view plots
 * it, instead of being left out as "not a number".
 */
import { fromWireNumber, type CompareRunsState } from '../../src/shared/webviewProtocol';

export type AxisScale = 'linear' | 'category';

export interface ScatterAxis {
  kind: 'param' | 'metric';
  key: string;
  scale: AxisScale;
  /** One per compared run (same order): a number, a category, or undefined when absent or not finite. */
  values: (number | string | undefined)[];
}

export const axisId = (axis: ScatterAxis): string => `${axis.kind}:${axis.key}`;

function paramAxis(key: string, raw: readonly (string | null)[]): ScatterAxis {
  const present = raw.map((v) => (v === null || v.trim() === '' ? undefined : v));
  const numbers = present.map((v) => (v === undefined ? undefined : Number(v.trim())));
  const numeric = present.some((v) => v !== undefined) && numbers.every((n) => n === undefined || Number.isFinite(n));
  return numeric ? { kind: 'param', key, scale: 'linear', values: numbers } : { kind: 'param', key, scale: 'category', values: present };
}

/** X may be any param or metric; Y is a metric. */
export function scatterAxes(state: CompareRunsState): { xs: ScatterAxis[]; ys: ScatterAxis[] } {
  const ys = state.metrics.map(
    (m): ScatterAxis => ({
      kind: 'metric',
      key: m.key,
      scale: 'linear',
      values: m.values.map((v) => {
        const n = v === null ? NaN : fromWireNumber(v);
        return Number.isFinite(n) ? n : undefined;
      }),
    }),
  );
  return { xs: [...state.params.map((p) => paramAxis(p.key, p.values)), ...ys], ys };
}

/** The distinct values of a categorical axis, in natural order (2 < 10, case-insensitive). */
export function categories(axis: ScatterAxis): string[] {
  const labels = new Set(axis.values.filter((v): v is string => typeof v === 'string'));
  return [...labels].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0));
}

const count = (axis: ScatterAxis) => axis.values.filter((v) => v !== undefined).length;
const distinct = (axis: ScatterAxis) => new Set(axis.values.filter((v) => v !== undefined)).size;

/**
 * The axes the scatter opens on: Y is the metric most runs logged; X is, in this order of
 * preference, a numeric param that varies, another metric, a categorical param that varies, then
 * anything. Within a preference, the axis giving the most points wins (first in the list on ties).
 */
export function defaultAxes(xs: readonly ScatterAxis[], ys: readonly ScatterAxis[]): { x?: ScatterAxis; y?: ScatterAxis } {
  const y = ys.reduce<ScatterAxis | undefined>((best, axis) => (!best || count(axis) > count(best) ? axis : best), undefined);
  if (!y) return { x: xs[0] };
  const points = (x: ScatterAxis) => x.values.filter((v, i) => v !== undefined && y.values[i] !== undefined).length;
  const preferences: ((a: ScatterAxis) => boolean)[] = [
    (a) => a.kind === 'param' && a.scale === 'linear' && distinct(a) > 1,
    (a) => a.kind === 'metric' && a.key !== y.key,
    (a) => a.kind === 'param' && a.scale === 'category' && distinct(a) > 1,
    (a) => a.kind === 'param',
  ];
  for (const preferred of preferences) {
    const best = xs.filter(preferred).reduce<ScatterAxis | undefined>((b, a) => (points(a) > (b ? points(b) : 0) ? a : b), undefined);
    if (best) return { x: best, y };
  }
  return { x: y, y };
}
