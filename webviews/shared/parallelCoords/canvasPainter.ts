/**
 * Paints the parallel coordinates on a 2D canvas: one polyline per run in its run colour, runs
 * outside the brushes faded behind, the best runs on top with a halo, then the axes. A segment
 * reaching a run's missing value goes down to the "no value" row and is dashed.
 */
import type { PcAxis } from './axisModel';
import { yOf, type PlotGeometry } from './plotGeometry';

export interface PaintTheme {
  foreground: string;
  faded: string;
  background: string;
}

export interface PaintInput {
  geometry: PlotGeometry;
  axes: readonly PcAxis[];
  /** Index into `palette` per run. */
  colorIndex: Uint8Array;
  palette: readonly string[];
  kept: Uint8Array;
  brushed: boolean;
  best: ReadonlySet<number>;
  hovered: number;
  theme: PaintTheme;
}

/**
 * Strokes run `run`'s polyline where both ends of a segment have a value, and adds the segments
 * reaching a missing value to `dashed` (stroked later, once). One stroke per run: Skia strokes one
 * huge translucent path of crossing lines several times slower than many small ones (measured in
 * Chromium: 500 runs × 10 axes at 1.25 px, ~45 ms as one path per colour, ~8 ms run by run).
 */
function strokeRun(ctx: CanvasRenderingContext2D, input: PaintInput, run: number, dashed: Path2D): void {
  const { axes, geometry } = input;
  let penDown = false;
  ctx.beginPath();
  for (let j = 0; j + 1 < axes.length; j++) {
    const p0 = (axes[j] as PcAxis).positions[run] as number;
    const p1 = (axes[j + 1] as PcAxis).positions[run] as number;
    const x0 = geometry.xs[j] as number;
    const x1 = geometry.xs[j + 1] as number;
    if (Number.isNaN(p0) || Number.isNaN(p1)) {
      dashed.moveTo(x0, yOf(geometry, p0));
      dashed.lineTo(x1, yOf(geometry, p1));
      penDown = false;
      continue;
    }
    if (!penDown) ctx.moveTo(x0, yOf(geometry, p0));
    ctx.lineTo(x1, yOf(geometry, p1));
    penDown = true;
  }
  ctx.stroke();
}

function strokeDashed(ctx: CanvasRenderingContext2D, dashed: Path2D): void {
  ctx.setLineDash([4, 3]);
  ctx.stroke(dashed);
  ctx.setLineDash([]);
}

/** Strokes `runs` in `color` at `width`, their missing-value segments dashed. */
function strokeRuns(ctx: CanvasRenderingContext2D, input: PaintInput, runs: Iterable<number>, color: string, width: number): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  const dashed = new Path2D();
  for (const i of runs) strokeRun(ctx, input, i, dashed);
  strokeDashed(ctx, dashed);
}

function* where(count: number, test: (i: number) => boolean): Generator<number> {
  for (let i = 0; i < count; i++) if (test(i)) yield i;
}

export function paint(ctx: CanvasRenderingContext2D, pixelRatio: number, input: PaintInput): void {
  const { geometry, axes, kept, best, palette, colorIndex, theme } = input;
  const runCount = kept.length;
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  if (axes.length > 1) {
    // Many runs: one-device-pixel lines, which Skia draws as hairlines (about ten times faster than
    // 1.25 px: 500 runs × 10 axes in ~1 ms instead of ~8 ms); a few runs get a readable width.
    const thin = 1 / pixelRatio;
    if (input.brushed) {
      ctx.globalAlpha = 0.35;
      strokeRuns(ctx, input, where(runCount, (i) => !kept[i]), theme.faded, thin);
    }
    ctx.globalAlpha = runCount > 200 ? 0.45 : runCount > 50 ? 0.65 : 0.9;
    const width = runCount > 50 ? thin : 1.5;
    palette.forEach((color, c) => strokeRuns(ctx, input, where(runCount, (i) => kept[i] === 1 && colorIndex[i] === c && !best.has(i) && i !== input.hovered), color, width));
    ctx.globalAlpha = 1;
    const emphasised = [...best].filter((i) => kept[i] && i !== input.hovered);
    if (input.hovered >= 0) emphasised.push(input.hovered);
    for (const i of emphasised) {
      // A halo in the background colour (the foreground for the hovered run), then the run colour.
      strokeRuns(ctx, input, [i], i === input.hovered ? theme.foreground : theme.background, i === input.hovered ? 5 : 5.5);
      strokeRuns(ctx, input, [i], palette[colorIndex[i] as number] as string, 2.75);
    }
  }

  // Axes last, over the lines, so every axis reads whole.
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.foreground;
  ctx.fillStyle = theme.foreground;
  ctx.lineWidth = 1;
  axes.forEach((axis, j) => {
    const x = Math.round(geometry.xs[j] as number) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, geometry.top);
    ctx.lineTo(x, geometry.bottom);
    for (const tick of axis.ticks) {
      const y = Math.round(yOf(geometry, tick.position)) + 0.5;
      ctx.moveTo(x - 4, y);
      ctx.lineTo(x, y);
    }
    ctx.stroke();
    if (axis.missing > 0) {
      ctx.beginPath();
      ctx.arc(x, geometry.missingY, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
}
