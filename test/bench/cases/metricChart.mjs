// Issue 4 item 7: the metric chart figures. (1) a 1,000,000-step metric, generated here in MLflow's
// file-store layout, read through the store and downsampled to the 1,000-point budget; (2) the
// 100,000-step train/loss of the generated data set charted from the file store and from the
// SQLite store (which holds 50,000 steps of it), request to first painted frame in real Chromium.
// Each case checks what was drawn (budget kept, global min and max kept) before its time counts.
import fs from 'node:fs';
import path from 'node:path';
import { measureCommand } from '../measure.mjs';
import { bundleTestEntry, chromiumMissing, readJson } from './caseHelpers.mjs';

const MILLION = 1_000_000;
const BUDGET = 1000;
const RUN_ID = '0123456789abcdef0123456789abcdef';
const SPIKE = { index: 777_777, value: 99.5 };
const DIP = { index: 333_333, value: -7.25 };
const NAN_INDEX = 500_000;

/** Writes mlruns/1/<run>/metrics/loss with 1,000,000 `timestamp value step` lines (one spike, one dip, one NaN). */
export function generateMillionStepStore(root) {
  const runDir = path.join(root, '1', RUN_ID);
  fs.mkdirSync(path.join(runDir, 'metrics'), { recursive: true });
  fs.mkdirSync(path.join(runDir, 'tags'), { recursive: true });
  fs.writeFileSync(path.join(root, '1', 'meta.yaml'), `artifact_location: file://${root}/1\ncreation_time: 1700000000000\nexperiment_id: '1'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: bench-1m\n`);
  fs.writeFileSync(
    path.join(runDir, 'meta.yaml'),
    `artifact_uri: file://${runDir}/artifacts\nend_time: 1700100000000\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${RUN_ID}\nrun_name: million-steps\nrun_uuid: ${RUN_ID}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000000000\nstatus: 3\ntags: []\nuser_id: bench\n`,
  );
  fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.runName'), 'million-steps');
  const fd = fs.openSync(path.join(runDir, 'metrics', 'loss'), 'w');
  let seed = 42;
  let chunk = '';
  for (let i = 0; i < MILLION; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    let value = 2 / (1 + i / 5000) + (seed % 1000) / 20000;
    if (i === SPIKE.index) value = SPIKE.value;
    if (i === DIP.index) value = DIP.value;
    chunk += `${1700000000000 + i * 50} ${i === NAN_INDEX ? 'nan' : value} ${i}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

function firstPaintCase(id, store, uriOf, expectedTotal) {
  return {
    id,
    title: `chart: train/loss from the ${store} store, request to first painted frame (Chromium)`,
    target: { label: '≤ 1 s', ms: 1000 },
    unavailable: (ctx) =>
      chromiumMissing() ??
      (fs.existsSync(path.join(ctx.repoRoot, 'dist', 'webviews', 'metrics.js')) ? undefined : 'dist/webviews/metrics.js not built') ??
      (fs.existsSync(uriOf(ctx).replace(/^sqlite:\/\/\//, '')) ? undefined : `${uriOf(ctx)} not present`),
    async setup(ctx) {
      this.script = await bundleTestEntry(ctx, 'test/webview/chartFirstPaint.ts');
    },
    /** The figure is the in-process time from request to paint; Chromium's start-up is not part of it. */
    async measure(ctx, run) {
      const stdoutFile = path.join(ctx.scratch, `${id}-${run}.json`);
      const result = await measureCommand([process.execPath, this.script, uriOf(ctx), 'resnet50-full-training', 'train/loss', String(BUDGET)], { cwd: ctx.repoRoot, stdoutFile });
      if (result.exitCode !== 0) return result;
      const out = readJson(stdoutFile, 'chartFirstPaint');
      return { ...result, wallMs: out.totalMs, out };
    },
    validate(_ctx, result) {
      const out = result.out;
      if (out.totalPoints !== expectedTotal) throw new Error(`charted ${out.totalPoints} points, expected ${expectedTotal}`);
      if (!(out.drawnPoints > 0 && out.drawnPoints <= BUDGET)) throw new Error(`drew ${out.drawnPoints} points, budget ${BUDGET}`);
      if (out.problems.length || out.incidents.length) throw new Error(`problems: ${[...out.problems, ...out.incidents].join('; ')}`);
      return `${out.drawnPoints} of ${out.totalPoints.toLocaleString('en')} points drawn; read + downsample ${out.loadMs.toFixed(0)} ms, post + render + frame ${out.postAndPaintMs.toFixed(0)} ms; process peak RSS excludes Chromium`;
    },
  };
}

/** @type {import('./index.mjs').BenchCase[]} */
export const metricChartCases = [
  {
    id: 'metric-1m',
    title: 'metric: 1,000,000-step history read from the file store and downsampled to 1,000 points',
    target: { label: '≤ 1 s, ≤ 250 MB', ms: 1000 },
    unavailable: (ctx) => (fs.existsSync(path.join(ctx.repoRoot, 'out', 'bench', 'metricDownsample.bench.js')) ? undefined : 'out/bench/metricDownsample.bench.js not built (node esbuild.mjs --bench)'),
    setup(ctx) {
      this.storeDir = path.join(ctx.scratch, 'metric-1m', 'mlruns');
      if (!fs.existsSync(path.join(this.storeDir, '1', RUN_ID, 'metrics', 'loss'))) generateMillionStepStore(this.storeDir);
    },
    command(ctx) {
      return [process.execPath, path.join(ctx.repoRoot, 'out', 'bench', 'metricDownsample.bench.js'), this.storeDir, RUN_ID, 'loss', String(BUDGET)];
    },
    captureStdout: true,
    validate(_ctx, result) {
      const out = readJson(result.stdoutFile, 'metricDownsample.bench');
      if (out.totalPoints !== MILLION) throw new Error(`read ${out.totalPoints} points, expected ${MILLION}`);
      if (!(out.drawnPoints <= BUDGET && out.drawnPoints > BUDGET * 0.75)) throw new Error(`kept ${out.drawnPoints} points for a budget of ${BUDGET}`);
      if (out.fullMax !== SPIKE.value || out.drawnMax !== SPIKE.value) throw new Error(`max ${out.fullMax} / drawn ${out.drawnMax}, expected the spike ${SPIKE.value}`);
      if (out.fullMin !== DIP.value || out.drawnMin !== DIP.value) throw new Error(`min ${out.fullMin} / drawn ${out.drawnMin}, expected the dip ${DIP.value}`);
      if (out.nonFinite !== 1 || out.drawnNonFinite !== 1) throw new Error(`NaN count ${out.nonFinite} / drawn ${out.drawnNonFinite}, expected 1`);
      return `${out.drawnPoints} points kept, spike, dip and NaN gap kept; in-process read ${out.readMs.toFixed(0)} ms + downsample ${out.downsampleMs.toFixed(0)} ms`;
    },
  },
  firstPaintCase('chart-first-paint-file', 'file', (ctx) => path.resolve(ctx.repoRoot, '../shared/fixtures/generated/mlruns'), 100_000),
  firstPaintCase('chart-first-paint-sqlite', 'SQLite', (ctx) => `sqlite:///${path.join(ctx.repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db')}`, 50_000),
];
