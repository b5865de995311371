/**
 * Brushes of the parallel coordinates: on each brushed axis, a range of positions (0 bottom, 1 top).
 * A run is kept when it lies inside every brush; a run without a value on a brushed axis is not.
 */
import type { PcAxis } from './axisModel';

export interface Brush {
  lo: number;
  hi: number;
}

/** 1 for each run kept by `brushes` on `axes` (all runs when nothing is brushed). */
export function keptMask(axes: readonly PcAxis[], brushes: ReadonlyMap<string, Brush>, runCount: number, into?: Uint8Array): Uint8Array {
  const kept = into && into.length === runCount ? into : new Uint8Array(runCount);
  kept.fill(1);
  for (const axis of axes) {
    const brush = brushes.get(axis.id);
    if (!brush) continue;
    const positions = axis.positions;
    for (let i = 0; i < runCount; i++) {
      if (!kept[i]) continue;
      const p = positions[i] as number;
      // NaN fails both comparisons' negation: a run without a value is outside every brush.
      if (!(p >= brush.lo && p <= brush.hi)) kept[i] = 0;
    }
  }
  return kept;
}
