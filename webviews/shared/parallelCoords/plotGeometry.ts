/**
 * Where things are on the parallel coordinates' plot, in CSS pixels: the axes' x, a position's y
 * (0 at the bottom, 1 at the top, the "no value" row below), and what the pointer is over.
 */
import type { PcAxis } from './axisModel';

export interface PlotGeometry {
  width: number;
  height: number;
  /** x of each axis. */
  xs: number[];
  top: number;
  bottom: number;
  /** The row where runs without a value on an axis end. */
  missingY: number;
}

/** Room left of the first axis for its tick labels, and right of the last for its "no value" mark. */
const LEFT_PADDING = 90;
const RIGHT_PADDING = 64;
/** How far from an axis a drag still brushes it, and a hover still reads it. */
const GRAB_DISTANCE = 16;
/** How far from a run's line a hover still shows it. */
const HOVER_DISTANCE = 6;

export function plotGeometry(width: number, height: number, axisCount: number): PlotGeometry {
  const usable = Math.max(0, width - LEFT_PADDING - RIGHT_PADDING);
  const xs = Array.from({ length: axisCount }, (_, i) => (axisCount === 1 ? width / 2 : LEFT_PADDING + (i * usable) / (axisCount - 1)));
  return { width, height, xs, top: 10, bottom: height - 34, missingY: height - 12 };
}

export function yOf(geometry: PlotGeometry, position: number): number {
  return Number.isNaN(position) ? geometry.missingY : geometry.bottom - position * (geometry.bottom - geometry.top);
}

/** The index of the axis within grabbing distance of `x`, or -1. */
export function nearestAxis(geometry: PlotGeometry, x: number): number {
  let nearest = -1;
  geometry.xs.forEach((ax, j) => {
    if (Math.abs(ax - x) <= GRAB_DISTANCE && (nearest < 0 || Math.abs(ax - x) < Math.abs((geometry.xs[nearest] as number) - x))) nearest = j;
  });
  return nearest;
}

/** The run (among those `kept`) whose line passes nearest (x, y), within a few pixels, or -1. */
export function nearestRun(axes: readonly PcAxis[], geometry: PlotGeometry, kept: Uint8Array, x: number, y: number): number {
  const xs = geometry.xs;
  if (axes.length === 0) return -1;
  let j = xs.findIndex((ax, i) => i + 1 < xs.length && x >= ax && x <= (xs[i + 1] as number));
  let t = 0;
  if (j < 0) {
    j = x < (xs[0] as number) ? 0 : axes.length - 1;
    if (Math.abs(x - (xs[j] as number)) > GRAB_DISTANCE) return -1;
  } else t = (x - (xs[j] as number)) / ((xs[j + 1] as number) - (xs[j] as number));
  const from = (axes[j] as PcAxis).positions;
  const to = (axes[Math.min(j + 1, axes.length - 1)] as PcAxis).positions;
  let best = -1;
  let bestDistance = HOVER_DISTANCE;
  for (let i = 0; i < kept.length; i++) {
    if (!kept[i]) continue;
    const d = Math.abs(yOf(geometry, from[i] as number) * (1 - t) + yOf(geometry, to[i] as number) * t - y);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
