// Issue 12 item 3: a live `mlflow server` (../shared/mlflow, MLflow's default 4 gunicorn workers) over
// a copy of the 10,000-run SQLite bench store. One process per run (out/bench/serverScale.bench.js)
// starts the server, warms it, and measures every figure against it; the cases below print one figure
// each from those runs (the in-process time: the process's wall time is mostly the server's start),
// after checking what was listed: all 10,000 runs in MLflow's order, value by value, for MLflow Lens;
// the same ids in the same order for the raw floor and MLflow's client.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { ensureSqliteStore, nodeWithSqlite, SQLITE_LITE_DB, sqliteExperimentId } from '../genSqliteStore.mjs';
import { measureCommand } from '../measure.mjs';
import { figureCaseMaker } from './caseHelpers.mjs';
import { readJson } from './caseHelpers.mjs';
import { checkRun, expectedIds, samePage } from './scale.mjs';

const EXPERIMENT_INDEX = 7;
const ms = (v) => `${Number(v).toFixed(0)} ms`;
const benchScript = (ctx) => path.join(ctx.repoRoot, 'out', 'bench', 'serverScale.bench.js');

function unavailable(ctx) {
  if (!fs.existsSync(benchScript(ctx))) return 'out/bench/serverScale.bench.js not built (node esbuild.mjs --production --bench)';
  if (!fs.existsSync(path.resolve(ctx.repoRoot, '..', 'shared', 'mlflow', 'bin', 'mlflow'))) return 'SKIPPED: no real MLflow at ../shared/mlflow';
  if (!fs.existsSync(SQLITE_LITE_DB) && !nodeWithSqlite()) return 'SKIPPED: generating the SQLite bench store needs node:sqlite (Node 22.13+)';
  ensureSqliteStore();
  return undefined;
}

function check(ctx, out) {
  const total = SHAPE.experiments * SHAPE.runsPerExperiment;
  const order = expectedIds(ctx, () => true);
  samePage(out.rawIds, order, 'raw runs/search paging');
  samePage(out.lensRuns.map((r) => r.info.run_id), order, 'MLflow Lens, one search paged');
  for (const run of out.lensRuns) checkRun(run, ctx, { sqlite: true });
  if (out.treeCount !== total || out.treeMismatchCount !== 0) throw new Error(`per-experiment listing: ${out.treeCount} runs, ${out.treeMismatchCount} differ from the one-search listing (${out.treeMismatches.join()})`);
  samePage(out.mlflowIds, order, "MLflow's client");
  if (out.mlflowParams !== total * SHAPE.params) throw new Error(`MLflow's client returned ${out.mlflowParams} params`);
  samePage(out.firstPage.map((r) => r.info.run_id), expectedIds(ctx, (r) => r.experimentIndex === EXPERIMENT_INDEX).slice(0, 200), 'first page');
  for (const run of out.firstPage) checkRun(run, ctx, { sqlite: true });
}

async function runOnce(ctx, run) {
  const stdoutFile = path.join(ctx.scratch, `server-scale-${run}.json`);
  const measured = await measureCommand([process.execPath, '--max-old-space-size=4096', benchScript(ctx), SQLITE_LITE_DB, sqliteExperimentId(EXPERIMENT_INDEX)], { cwd: ctx.repoRoot, stdoutFile });
  if (measured.exitCode !== 0) return { measured };
  const out = readJson(stdoutFile, 'serverScale.bench');
  check(ctx, out);
  fs.rmSync(stdoutFile, { force: true });
  return { measured, out };
}

const figureCase = figureCaseMaker({ unavailable, runOnce });

const ratioTo = (ctx, id, value) => {
  const anchor = ctx.medianMs(id);
  return anchor ? `${(value / anchor).toFixed(2)}× ${id}` : `${id} not measured`;
};

/** @type {import('./index.mjs').BenchCase[]} */
export const serverScaleCases = [
  figureCase(
    'server-scale-mlflow',
    "anchor: MLflow's own MlflowClient.search_runs listing all 10,000 runs from a live mlflow server (pages of 1,000)",
    undefined,
    (o) => o.times.mlflowClient,
    (o) => `10,000 ids in MLflow's order; in MLflow's process (figure), import ${ms(o.mlflowImportMs)} before it, whole process ${ms(o.times.mlflowClientProcess)}; process wall/memory of every server-scale row = the bench process with the server's start`,
  ),
  figureCase(
    'server-scale-raw',
    "floor: raw HTTP paging of runs/search over every experiment (pages of 1,000, JSON.parse only), same server",
    undefined,
    (o) => o.times.raw,
    () => '10,000 ids in MLflow\'s order',
  ),
  figureCase(
    'server-scale-lens',
    'MLflow Lens listing every run from the server (RestStore, one search paged by 1,000, as the CLI)',
    { label: '≤ 1.15× the raw floor (and faster than MLflow\'s client)', atMost: { id: 'server-scale-raw', times: 1.15 } },
    (o) => o.times.lensAll,
    (o, ctx) => `10,000 runs checked value by value; ${ratioTo(ctx, 'server-scale-mlflow', o.times.lensAll)} (MLflow's client)`,
  ),
  figureCase(
    'server-scale-lens-tree',
    'MLflow Lens listing every run the tree\'s way: each experiment on its own, at most 4 runs/search in flight',
    { label: '≤ 1.15× the raw floor', atMost: { id: 'server-scale-raw', times: 1.15 } },
    (o) => o.times.lensTree,
    (o, ctx) => `same 10,000 runs as the one-search listing, run by run; ${ratioTo(ctx, 'server-scale-mlflow', o.times.lensTree)} (MLflow's client)`,
  ),
  figureCase(
    'server-scale-first-page',
    "the tree's first page from the server: experiment list + one experiment's first 200 runs, new store",
    { label: '≤ 300 ms', ms: 300 },
    (o) => o.times.firstPage,
    () => '200 runs in order, value by value',
  ),
];
