// Issue 15 items 1–2: the 100,000-step train/loss over a live `mlflow server` (../shared/mlflow).
// One process (out/bench/serverHistory.bench.js) starts the server and measures every figure per
// run through the panels' own code; the cases below print one figure each from those runs, after
// checking what was read (100,000 steps summarized, the 3,256-step zoom complete and in range).
import fs from 'node:fs';
import path from 'node:path';
import { measureCommand } from '../measure.mjs';
import { figureCaseMaker } from './caseHelpers.mjs';

function unavailable(ctx) {
  if (!fs.existsSync(path.join(ctx.repoRoot, 'out', 'bench', 'serverHistory.bench.js'))) return 'out/bench/serverHistory.bench.js not built (node esbuild.mjs --bench)';
  if (!fs.existsSync(path.resolve(ctx.repoRoot, '..', 'shared', 'mlflow', 'bin', 'mlflow'))) return 'no real MLflow at ../shared/mlflow';
  return undefined;
}

async function runOnce(ctx, run) {
  const stdoutFile = path.join(ctx.scratch, `server-history-${run}.json`);
  const measured = await measureCommand([process.execPath, path.join(ctx.repoRoot, 'out', 'bench', 'serverHistory.bench.js')], { cwd: ctx.repoRoot, stdoutFile });
  if (measured.exitCode !== 0) return { measured };
  const out = JSON.parse(fs.readFileSync(stdoutFile, 'utf8'));
  check(out);
  return { measured, out };
}

function check(out) {
  if (out.shownAtOnce.summary !== 'pending' || out.shownAtOnce.lastStep !== 99_999) throw new Error(`run panel did not show the last value at once: ${JSON.stringify(out.shownAtOnce)}`);
  if (out.summary.steps !== 100_000 || out.summary.state !== 'filled') throw new Error(`run panel summary ${JSON.stringify(out.summary)}`);
  if (out.chartAfterRunDetails.sampled || out.chartAfterRunDetails.totalPoints !== 100_000) throw new Error(`chart after run panel did not use the cached history: ${JSON.stringify(out.chartAfterRunDetails)}`);
  if (!out.firstPaint.sampled || !(out.firstPaint.drawn <= 1000) || out.firstPaint.problems.length) throw new Error(`first paint ${JSON.stringify(out.firstPaint)}`);
  for (const zoom of [out.zoom, out.coldZoom]) if (zoom.totalPoints !== 3_256) throw new Error(`zoom read ${zoom.totalPoints} points, expected 3,256`);
  if (out.zoom.first !== 38_549 || out.zoom.last !== 41_804 || !(out.zoom.drawn <= 1000)) throw new Error(`zoom ${JSON.stringify(out.zoom)}`);
  if (out.narrow.totalPoints !== 2_001) throw new Error(`narrow zoom read ${out.narrow.totalPoints} points, expected 2,001`);
}

const figureCase = figureCaseMaker({ unavailable, runOnce });

const ms = (v) => `${v.toFixed(0)} ms`;

/** @type {import('./index.mjs').BenchCase[]} */
export const serverHistoryCases = [
  figureCase('server-run-details', 'server: Open Run Details on the 100,000-step run, until the panel shows it (last values)', { label: '≤ 1 s', ms: 1000 }, (o) => o.runDetailsMs, (o) => `min/max/steps of all metrics filled ${ms(o.summariesMs)} later (lazily, cancellable); a chart opened then paints from the cached history in ${ms(o.chartAfterRunDetailsMs)}; process figures include the server start`),
  figureCase('server-chart-first-paint', 'server: Chart Metric train/loss, cold cache, until the state is ready to post (host side)', { label: '≤ 2 s', ms: 2000 }, (o) => o.firstPaintMs, (o) => `${o.firstPaint.drawn} points from the server's sample; the same two requests as plain HTTP (the server's own share) ${ms(o.rawFirstPaintMs)}; whole history read and refined ${ms(o.refineMs)} later`),
  figureCase('server-zoom', 'server: zoom to steps 38,549–41,804 once the history is cached', { label: '≤ 1 s', ms: 1000 }, (o) => o.zoomWarmMs, (o) => `${o.zoom.drawn} of 3,256 points drawn; before the cache is warm the same zoom takes ${ms(o.zoomColdMs)} (server's sample rejected, whole history read), a ≤ 2,500-step zoom ${ms(o.narrowZoomColdMs)} (one window request)`),
];
