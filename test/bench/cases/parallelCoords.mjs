// Issue 13 item 2: the runs table's parallel coordinates in the real Chromium of the webview tier
// (test/webview/parallelFrames.ts), over one experiment of the 10,000-run bench store (500 runs), with
// 10 axes (5 params, 5 metrics). The figure is the longest frame while a brush is dragged with the real
// mouse down an axis and back (120 mouse moves); p95, long tasks and the drag's wall time print in the
// note. Checked against what was shown: 500 runs drawn, the 10 axes, a brush keeping some runs and
// the table selecting exactly those.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { measureCommand } from '../measure.mjs';
import { bundleTestEntry, chromiumMissing } from './caseHelpers.mjs';

const FRAME_TARGET_MS = 33;

const ms = (x) => `${x.toFixed(1)} ms`;

/** @type {import('./index.mjs').BenchCase[]} */
export const parallelCoordsCases = [
  {
    id: 'parallel-coords-500',
    title: 'parallel coordinates: 500 runs × 10 axes, longest frame while brushing (Chromium)',
    target: { label: `≤ ${FRAME_TARGET_MS} ms`, ms: FRAME_TARGET_MS },
    unavailable: (ctx) => chromiumMissing() ?? (fs.existsSync(path.join(ctx.repoRoot, 'dist', 'webviews', 'runsTable.js')) ? undefined : 'dist/webviews/runsTable.js not built'),
    async setup(ctx) {
      this.script = await bundleTestEntry(ctx, 'test/webview/parallelFrames.ts');
      this.experiment = ctx.experimentIds()[0];
    },
    async measure(ctx, run) {
      const stdoutFile = path.join(ctx.scratch, `parallel-coords-${run}.json`);
      const result = await measureCommand([process.execPath, this.script, ctx.storeRoot, this.experiment], { cwd: ctx.repoRoot, stdoutFile });
      if (result.exitCode !== 0) return result;
      const out = JSON.parse(fs.readFileSync(stdoutFile, 'utf8'));
      (this.outs ??= []).push(out);
      return { ...result, wallMs: out.maxFrameMs, figureMs: out.maxFrameMs, out };
    },
    validate(_ctx, result) {
      const out = result.out;
      if (out.runs !== SHAPE.runsPerExperiment) throw new Error(`${out.runs} runs drawn, expected ${SHAPE.runsPerExperiment}`);
      if (out.axes.length !== 10 || out.wantedAxes.some((a) => !out.axes.includes(a))) throw new Error(`axes ${JSON.stringify(out.axes)}`);
      if (!(out.kept > 0 && out.kept < out.runs)) throw new Error(`the brush kept ${out.kept} of ${out.runs} runs`);
      if (out.selection !== `${out.kept} selected`) throw new Error(`the table shows "${out.selection}" for ${out.kept} runs inside the brush`);
      if (out.incidents.length) throw new Error(`incidents: ${out.incidents.join('; ')}`);
      const worst = (key) => Math.max(...this.outs.map(key));
      return [
        `worst of ${this.outs.length} run(s): p95 frame ${ms(worst((o) => o.p95FrameMs))}, ${worst((o) => o.longTasks)} long task(s) (longest ${ms(worst((o) => o.longestTaskMs))}); last run: ${out.frames} frames during a ${out.moves}-move drag of ${ms(out.dragMs)}: median ${ms(out.medianFrameMs)}, p95 ${ms(out.p95FrameMs)}, max ${ms(out.maxFrameMs)}`,
        `${out.kept} of ${out.runs} runs inside the brush, selected in the table`,
      ].join('; ');
    },
    async teardown() {
      this.outs = [];
    },
  },
];
