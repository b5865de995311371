// Issue 12: speed and scale where users live (one experiment, a filter as they type, opening the
// view and a run, 100,000 runs), each figure beside its anchor measured in the same run. In-process
// figures (no process start) come from scalePaths.bench.ts and treeFirstPage.bench.ts; every case
// checks what the measured process produced against the generator's own description of the runs.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { readJson } from './caseHelpers.mjs';
import { nodeWithSqlite, ensureSqliteStore, SQLITE_DB, sqliteExperimentId, copyRunId } from '../genSqliteStore.mjs';
import { SQLITE100K_COPIES, SQLITE100K_DB, ensureSqlite100k } from '../genSqlite100k.mjs';

const EXPERIMENT_INDEX = 7;
/** A run of another experiment than the one expanded: Open Run Details on a run not listed yet. */
const OTHER_EXPERIMENT_INDEX = 3;
const PAGE = 200;
const FILTER = "metrics.accuracy > 0.5 and params.optimizer = 'adam'";
const matchesFilter = (want) => want.metrics.accuracy.value > 0.5 && want.params.optimizer === 'adam';
const matchesNext = (want) => matchesFilter(want) && want.metrics.accuracy.value < 0.99;

const MLFLOW_PYTHON = (ctx) => path.join(ctx.repoRoot, '..', 'shared', 'mlflow', 'bin', 'mlflow-python');
const cliPath = (ctx) => path.join(ctx.repoRoot, 'dist', 'cli.js');
const worker = (ctx) => path.join(ctx.repoRoot, 'dist', 'indexWorker.js');
const benchScript = (ctx, name) => path.join(ctx.repoRoot, 'out', 'bench', `${name}.bench.js`);
const ms = (x) => `${Number(x).toFixed(0)} ms`;


function needBuilt(ctx, ...files) {
  const missing = files.find((f) => !fs.existsSync(f));
  return missing ? `${path.relative(ctx.repoRoot, missing)} not built (node esbuild.mjs --production --bench)` : undefined;
}

function sameKeyValues(list, expected, where) {
  const actual = Object.fromEntries((list ?? []).map((e) => [e.key, e.value]));
  const keys = Object.keys(expected);
  if (Object.keys(actual).length !== keys.length) throw new Error(`${where}: ${Object.keys(actual).length} entries, expected ${keys.length}`);
  for (const k of keys) if (actual[k] !== expected[k]) throw new Error(`${where}: ${k} = ${JSON.stringify(actual[k])}, expected ${JSON.stringify(expected[k])}`);
}

/** One REST-shaped run against the generator; `parts` names the data the caller asked for. */
export function checkRun(run, ctx, { sqlite = false, parts = { params: true, metrics: true, tags: true } } = {}) {
  const id = run?.info?.run_id;
  const want = ctx.expected().get(id);
  if (!want) throw new Error(`unexpected run ${JSON.stringify(id)}`);
  const where = `run ${id}`;
  const experimentId = sqlite ? sqliteExperimentId(want.experimentIndex) : want.experimentId;
  if (run.info.experiment_id !== experimentId) throw new Error(`${where}: experiment_id ${run.info.experiment_id}, expected ${experimentId}`);
  if (run.info.status !== want.status || run.info.run_name !== want.runName || Number(run.info.start_time) !== want.startTime) {
    throw new Error(`${where}: info ${JSON.stringify(run.info)} differs from the generator`);
  }
  if (parts.params) sameKeyValues(run.data?.params, want.params, `${where} params`);
  if (parts.tags) sameKeyValues(run.data?.tags, want.tags, `${where} tags`);
  if (parts.metrics) {
    const metrics = run.data?.metrics ?? [];
    if (metrics.length !== SHAPE.metrics) throw new Error(`${where}: ${metrics.length} metrics, expected ${SHAPE.metrics}`);
    for (const m of metrics) {
      const w = want.metrics[m.key];
      if (!w || Number(m.value) !== w.value || Number(m.step) !== w.step || Number(m.timestamp) !== w.timestamp) throw new Error(`${where}: metric ${JSON.stringify(m)}, expected ${JSON.stringify(w)}`);
    }
  }
}

/** Ids of the generated runs `wanted` selects, in MLflow's default order (start_time DESC, run_id). */
export function expectedIds(ctx, wanted) {
  return [...ctx.expected()]
    .filter(([, r]) => wanted(r))
    .sort(([ia, a], [ib, b]) => b.startTime - a.startTime || (ia < ib ? -1 : ia > ib ? 1 : 0))
    .map(([id]) => id);
}

export function samePage(got, want, what) {
  if (got.join() !== want.join()) throw new Error(`${what}: got ${got.length} runs ${got.slice(0, 2).join()}…, expected ${want.length} ${want.slice(0, 2).join()}…`);
}

/** Per-experiment counts printed by scalePaths against the generator (experiment id → count). */
function checkCounts(counts, ctx, wanted, experimentIdOf, what) {
  const want = {};
  for (const r of ctx.expected().values()) if (wanted(r)) want[experimentIdOf(r)] = (want[experimentIdOf(r)] ?? 0) + 1;
  for (const [id, n] of Object.entries(want)) if (counts[id] !== n) throw new Error(`${what}: experiment ${id} counted ${counts[id]}, expected ${n}`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const wantTotal = Object.values(want).reduce((a, b) => a + b, 0);
  if (total !== wantTotal) throw new Error(`${what}: ${total} in all, expected ${wantTotal}`);
  return total;
}

const cpuNote = (out, steps) => `cpu ${steps.map((s) => `${s} ${ms(out.cpuTimes?.[s] ?? NaN)}`).join(', ')}`;

/** Warms a persistent index for `cacheDir` with one CLI listing of the whole store. */
async function warmIndex(ctx, measure, cacheDir) {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const first = await measure([process.execPath, cliPath(ctx), 'runs', '--tracking-uri', ctx.storeRoot, '--cache-dir', cacheDir], { captureStdout: false });
  if (first.exitCode !== 0) throw new Error(`indexing run exited ${first.exitCode}: ${first.stderr.trim()}`);
  return first;
}

const fileExperiment = (ctx, index = EXPERIMENT_INDEX) => ctx.experimentIds()[index];
const inExperiment = (ctx, index = EXPERIMENT_INDEX) => (r) => r.experimentId === fileExperiment(ctx, index);

/** @type {import('./index.mjs').BenchCase[]} */
export const scaleCases = [
  {
    id: 'one-exp-mlflow',
    title: "anchor: MLflow's own MlflowClient.search_runs, one experiment (500 runs) of the file store",
    unavailable: (ctx) => (fs.existsSync(MLFLOW_PYTHON(ctx)) ? undefined : `SKIPPED: no ${MLFLOW_PYTHON(ctx)} (../shared/mlflow/setup.sh)`),
    command: (ctx) => [MLFLOW_PYTHON(ctx), path.join(ctx.repoRoot, 'test', 'bench', 'mlflowSearchRuns.py'), ctx.storeRoot, fileExperiment(ctx)],
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'mlflowSearchRuns.py');
      samePage(out.ids, expectedIds(ctx, inExperiment(ctx)), 'MLflow search_runs');
      if (out.params !== out.ids.length * SHAPE.params) throw new Error(`MLflow returned ${out.params} params for ${out.ids.length} runs`);
      result.figureMs = out.searchMs;
      return `${out.ids.length} runs; in MLflow's process: import ${ms(out.importMs)}, search_runs ${ms(out.searchMs)} (the in-process figure)`;
    },
  },
  {
    id: 'one-exp-cli',
    title: 'one experiment: CLI runs --experiment-ids (500 runs, all data), index warm',
    target: { label: '≥ 20× faster than MLflow (process vs process)', fasterThan: { id: 'one-exp-mlflow', times: 20 } },
    unavailable: (ctx) => needBuilt(ctx, cliPath(ctx)),
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, 'one-exp-cache');
      const first = await warmIndex(ctx, measure, this.cacheDir);
      this.note = `index built by a whole-store listing in ${(first.wallMs / 1000).toFixed(1)} s`;
    },
    command(ctx) {
      return [process.execPath, cliPath(ctx), 'runs', '--tracking-uri', ctx.storeRoot, '--cache-dir', this.cacheDir, '--experiment-ids', fileExperiment(ctx)];
    },
    captureStdout: true,
    validate(ctx, result) {
      const runs = readJson(result.stdoutFile, 'mlflow-lens runs').runs;
      samePage(runs.map((r) => r.info.run_id), expectedIds(ctx, inExperiment(ctx)), 'CLI one experiment');
      for (const run of runs) checkRun(run, ctx);
      // The target compares the two processes' wall times; their CPU is printed beside it because
      // on a loaded machine the longer process (MLflow's, importing for seconds) waits the most.
      const mlflow = ctx.medianMs('one-exp-mlflow');
      const mlflowCpu = ctx.cpuMs?.('one-exp-mlflow');
      const cpu = mlflowCpu && Number.isFinite(result.cpuMs) ? `, CPU ${ms(mlflowCpu)} against ours ${ms(result.cpuMs)} (${(mlflowCpu / result.cpuMs).toFixed(1)}×)` : '';
      return `${runs.length} runs checked value by value; ${this.note}${mlflow ? `; MLflow's process ${ms(mlflow)}${cpu}` : ''}`;
    },
  },
  {
    id: 'one-exp-tree-warm',
    title: `one experiment: the tree's experiments + first ${PAGE} runs, index warm, in-process`,
    target: { label: '≤ 150 ms in-process', ms: 150 },
    unavailable: (ctx) => needBuilt(ctx, cliPath(ctx), benchScript(ctx, 'treeFirstPage'), worker(ctx)),
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, 'tree-warm-cache');
      await warmIndex(ctx, measure, this.cacheDir);
    },
    command(ctx) {
      return [process.execPath, benchScript(ctx, 'treeFirstPage'), ctx.storeRoot, fileExperiment(ctx), String(PAGE), this.cacheDir, worker(ctx)];
    },
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'treeFirstPage.bench');
      samePage(out.runs.map((r) => r.info.run_id), expectedIds(ctx, inExperiment(ctx)).slice(0, PAGE), 'tree first page');
      for (const run of out.runs) checkRun(run, ctx, { parts: { tags: true } });
      result.figureMs = out.experimentsMs + out.runsMs;
      return `${out.runs.length} runs in order with tags; in-process open ${ms(out.openMs)} + experiments ${ms(out.experimentsMs)} + runs ${ms(out.runsMs)}`;
    },
  },
  {
    id: 'filter-ext-file',
    title: `filter in the extension, file store: "${FILTER}" over 10,000 listed runs (counts per experiment + first page), index warm`,
    target: { label: '≤ 100 ms in-process', ms: 100 },
    unavailable: (ctx) => needBuilt(ctx, cliPath(ctx), benchScript(ctx, 'scalePaths'), worker(ctx)),
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, 'filter-ext-cache');
      await warmIndex(ctx, measure, this.cacheDir);
    },
    command(ctx) {
      return [process.execPath, benchScript(ctx, 'scalePaths'), 'filter', ctx.storeRoot, this.cacheDir, worker(ctx), fileExperiment(ctx), FILTER];
    },
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'scalePaths filter');
      const total = checkCounts(out.counts, ctx, matchesFilter, (r) => r.experimentId, 'filter counts');
      checkCounts(out.nextCounts, ctx, matchesNext, (r) => r.experimentId, 'next-keystroke counts');
      samePage(out.runs.map((r) => r.info.run_id), expectedIds(ctx, (r) => inExperiment(ctx)(r) && matchesFilter(r)).slice(0, PAGE), 'filtered page');
      for (const run of out.runs) checkRun(run, ctx, { parts: { tags: true } });
      result.figureMs = out.figureMs;
      const t = out.times;
      return `${total} matches checked; counts ${ms(t.counts)} + page ${ms(t.page)} after the tree settled (the 200 RUNNING runs' params, metrics and tags, which the index never holds, read in the background, done ${ms(t.settle ?? NaN)} after the listing); next keystroke ${ms(t.nextCounts + t.nextPage)}; ${cpuNote(out, ['counts', 'page', 'nextCounts'])}`;
    },
  },
  {
    id: 'filter-ext-sqlite',
    title: `filter in the extension, SQLite (node:sqlite): "${FILTER}" over 10,000 runs (counts per experiment + first page)`,
    target: { label: '≤ 100 ms in-process', ms: 100 },
    unavailable(ctx) {
      const missing = needBuilt(ctx, benchScript(ctx, 'scalePaths'));
      if (missing) return missing;
      if (!nodeWithSqlite()) return 'SKIPPED: no Node with node:sqlite (22.13+); test/integration/harness/setup.sh installs Node 24';
      ensureSqliteStore();
      return undefined;
    },
    command: (ctx) => [nodeWithSqlite(), benchScript(ctx, 'scalePaths'), 'filter', `sqlite:///${SQLITE_DB}`, '-', '-', sqliteExperimentId(EXPERIMENT_INDEX), FILTER],
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'scalePaths filter (SQLite)');
      const id = (r) => sqliteExperimentId(r.experimentIndex);
      const total = checkCounts(out.counts, ctx, matchesFilter, id, 'filter counts');
      checkCounts(out.nextCounts, ctx, matchesNext, id, 'next-keystroke counts');
      samePage(out.runs.map((r) => r.info.run_id), expectedIds(ctx, (r) => r.experimentIndex === EXPERIMENT_INDEX && matchesFilter(r)).slice(0, PAGE), 'filtered page');
      for (const run of out.runs) checkRun(run, ctx, { sqlite: true, parts: { tags: true } });
      result.figureMs = out.figureMs;
      const t = out.times;
      return `${total} matches checked; counts ${ms(t.counts)} + page ${ms(t.page)}; next keystroke ${ms(t.nextCounts + t.nextPage)}; ${cpuNote(out, ['counts', 'page', 'nextCounts'])}`;
    },
  },
  ...['cold', 'warm'].map((state) => ({
    id: `open-ext-${state}`,
    title: `the extension opening the 10,000-run file store, index ${state}: experiment list, one experiment's first ${PAGE} runs while every experiment is counted in the background, Open Run Details of an unlisted run`,
    target: { label: '≤ 300 ms each, in-process', ms: 300 },
    unavailable: (ctx) => needBuilt(ctx, cliPath(ctx), benchScript(ctx, 'scalePaths'), worker(ctx)),
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, `open-${state}-cache`);
      if (state === 'warm') await warmIndex(ctx, measure, this.cacheDir);
      this.runId = expectedIds(ctx, inExperiment(ctx, OTHER_EXPERIMENT_INDEX))[0];
    },
    command(ctx) {
      // Cold: a fresh cache folder each run, so no index exists when the view opens.
      const cacheDir = state === 'cold' ? fs.mkdtempSync(path.join(ctx.scratch, 'open-cold-')) : this.cacheDir;
      return [process.execPath, benchScript(ctx, 'scalePaths'), 'open', ctx.storeRoot, cacheDir, worker(ctx), fileExperiment(ctx), this.runId];
    },
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'scalePaths open');
      samePage(out.runs.map((r) => r.info.run_id), expectedIds(ctx, inExperiment(ctx)).slice(0, PAGE), 'first page');
      for (const run of out.runs) checkRun(run, ctx, { parts: { tags: true } });
      checkRun(out.run, ctx);
      if (out.run.info.run_id !== this.runId) throw new Error(`getRun answered ${out.run.info.run_id}`);
      if (out.detailsRunName !== ctx.expected().get(this.runId).runName) throw new Error(`Run Details read ${JSON.stringify(out.detailsRunName)}`);
      checkCounts(out.counts, ctx, () => true, (r) => r.experimentId, 'background counts');
      result.figureMs = out.figureMs;
      const t = out.times;
      return `experiments ${ms(t.experiments)}, first page ${ms(t.page)}, Open Run Details ${ms(t.getRun)} (figure: the slowest; the panel's whole read, with child runs and artifacts, ${ms(t.runDetails)} more); background counts of all 10,000 runs done ${ms(t.countsDone)} later, the background read-ahead of every experiment ${ms(t.readAhead)} after that; ${cpuNote(out, ['experiments', 'page', 'getRun'])}; Node in-process, not yet the code-server extension host`;
    },
  })),
  {
    id: 'scale100k-sqlite',
    title: '100,000 runs (SQLite, 20 experiments × 5,000, node:sqlite): first page, filter counts, sort by a metric, every run',
    target: { label: 'first page ≤ 300 ms in-process (filter ≤ 1 s, sort ≤ 1 s, all ≤ 10 s and ≤ 1 GB in the note)', ms: 300 },
    unavailable() {
      if (!nodeWithSqlite()) return 'SKIPPED: no Node with node:sqlite (22.13+); test/integration/harness/setup.sh installs Node 24';
      ensureSqlite100k();
      return undefined;
    },
    command: (ctx) => [nodeWithSqlite(), benchScript(ctx, 'scalePaths'), 'scale', `sqlite:///${SQLITE100K_DB}`, '-', '-', sqliteExperimentId(EXPERIMENT_INDEX), FILTER, 'accuracy'],
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'scalePaths scale');
      const total = SHAPE.experiments * SHAPE.runsPerExperiment * SQLITE100K_COPIES;
      if (out.listed !== total) throw new Error(`listed ${out.listed} runs, expected ${total}`);
      if (out.checksum !== total * (SHAPE.params + SHAPE.metrics + SHAPE.tags)) throw new Error(`every run's data: ${out.checksum} entries`);
      const copies = (wanted) => (r) => wanted(r);
      const counts = {};
      for (const r of ctx.expected().values()) if (matchesFilter(r)) counts[sqliteExperimentId(r.experimentIndex)] = (counts[sqliteExperimentId(r.experimentIndex)] ?? 0) + SQLITE100K_COPIES;
      for (const [id, n] of Object.entries(counts)) if (out.counts[id] !== n) throw new Error(`filter: experiment ${id} counted ${out.counts[id]}, expected ${n}`);
      // The first page: the newest 200 of the experiment's 5,000 (copy k starts k ms after its run).
      const newest = [...ctx.expected()]
        .filter(([, r]) => r.experimentIndex === EXPERIMENT_INDEX && copies(() => true)(r))
        .flatMap(([id, r]) => Array.from({ length: SQLITE100K_COPIES }, (_, k) => [copyRunId(id, k), r.startTime + k]))
        .sort(([ia, a], [ib, b]) => b - a || (ia < ib ? -1 : ia > ib ? 1 : 0))
        .slice(0, PAGE)
        .map(([id]) => id);
      samePage(out.runs, newest, '100k first page');
      const values = out.sorted.map(([, v]) => v);
      if (values.length !== PAGE || values.some((v, i) => i > 0 && v > values[i - 1])) throw new Error('sort by metrics.accuracy DESC out of order');
      result.figureMs = out.figureMs;
      const t = out.times;
      const verdicts = [`filter ${ms(t.filter)} (≤ 1 s)`, `sort ${ms(t.sort)} (≤ 1 s)`, `every run ${(t.listAll / 1000).toFixed(1)} s (≤ 10 s)`, `RSS after ${out.rssMiB.toFixed(0)} MiB (≤ 1 GB)`];
      return `${out.listed.toLocaleString('en')} runs listed with all data, filter counts and pages checked; first page ${ms(t.page)}; ${verdicts.join(', ')}; ${cpuNote(out, ['page', 'filter', 'sort', 'listAll'])}`;
    },
  },
];
