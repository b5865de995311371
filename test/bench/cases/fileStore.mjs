// Issue 2 item 7: the file-store figures on the generated 10,000-run store.
// Every case checks what the measured process produced against the generator's own description
// of the store, so a broken reader cannot post a fast figure.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { readJson } from './caseHelpers.mjs';

const TREE_EXPERIMENT_INDEX = 7;
const TREE_PAGE_SIZE = 200;

function keyValues(list, where) {
  if (!Array.isArray(list)) throw new Error(`${where}: expected a list`);
  return Object.fromEntries(list.map((e) => [e.key, e.value]));
}

function sameObject(actual, expected, where) {
  const a = Object.keys(actual).sort();
  const e = Object.keys(expected).sort();
  if (a.join('\u0000') !== e.join('\u0000')) throw new Error(`${where}: keys ${a.join(',')} != ${e.join(',')}`);
  for (const k of e) {
    if (actual[k] !== expected[k]) throw new Error(`${where}: ${k} = ${JSON.stringify(actual[k])}, expected ${JSON.stringify(expected[k])}`);
  }
}

/** Checks one REST-shaped run against the generator's expectation; `parts` says which data to check. */
function checkRun(run, expected, parts) {
  const id = run?.info?.run_id;
  const want = expected.get(id);
  if (!want) throw new Error(`unexpected run ${JSON.stringify(id)}`);
  const where = `run ${id}`;
  const info = run.info;
  if (info.experiment_id !== want.experimentId) throw new Error(`${where}: experiment_id ${info.experiment_id}`);
  if (info.status !== want.status) throw new Error(`${where}: status ${info.status}, expected ${want.status}`);
  if (Number(info.start_time) !== want.startTime) throw new Error(`${where}: start_time ${info.start_time}`);
  if (info.run_name !== want.runName) throw new Error(`${where}: run_name ${info.run_name}`);
  const data = run.data ?? {};
  if (parts.tags) sameObject(keyValues(data.tags ?? [], `${where} tags`), want.tags, `${where} tags`);
  if (parts.params) sameObject(keyValues(data.params ?? [], `${where} params`), want.params, `${where} params`);
  if (parts.metrics) {
    const metrics = data.metrics ?? [];
    if (metrics.length !== SHAPE.metrics) throw new Error(`${where}: ${metrics.length} metrics, expected ${SHAPE.metrics}`);
    for (const m of metrics) {
      const w = want.metrics[m.key];
      if (!w || Number(m.value) !== w.value || Number(m.step) !== w.step || Number(m.timestamp) !== w.timestamp) {
        throw new Error(`${where}: metric ${JSON.stringify(m)}, expected latest ${JSON.stringify(w)}`);
      }
    }
  }
}

/** Validates `runs` output covering the whole store; returns a fingerprint to compare runs by. */
function checkAllRuns(file, ctx) {
  const out = readJson(file, 'mlflow-lens runs');
  const runs = out.runs;
  const total = SHAPE.experiments * SHAPE.runsPerExperiment;
  if (!Array.isArray(runs) || runs.length !== total) {
    throw new Error(`expected ${total} runs, got ${Array.isArray(runs) ? runs.length : typeof runs}`);
  }
  const seen = new Set();
  for (const run of runs) {
    checkRun(run, ctx.expected(), { params: true, metrics: true, tags: true });
    if (seen.has(run.info.run_id)) throw new Error(`run ${run.info.run_id} listed twice`);
    seen.add(run.info.run_id);
  }
  return `${total.toLocaleString('en')} runs × ${SHAPE.params} params, ${SHAPE.metrics} latest metrics, ${SHAPE.tags} tags checked`;
}

const cli = (ctx) => [process.execPath, path.join(ctx.repoRoot, 'dist', 'cli.js')];
const needCli = (ctx) =>
  fs.existsSync(path.join(ctx.repoRoot, 'dist', 'cli.js')) ? undefined : 'dist/cli.js not built';

/** @type {import('./index.mjs').BenchCase[]} */
export const fileStoreCases = [
  {
    id: 'floor',
    title: 'floor: read every file of the store once (find | xargs cat)',
    target: undefined,
    command: (ctx) => ['sh', '-c', 'find "$1" -type f -print0 | xargs -0 cat > /dev/null', 'floor', ctx.storeRoot],
    validate: (ctx) => `${ctx.storeFiles().toLocaleString('en')} files`,
  },
  {
    id: 'cli-cold',
    title: '(a) CLI runs, all runs, no index (--no-cache)',
    target: { label: '≤ 1.5× floor', floorRatio: 1.5 },
    unavailable: needCli,
    command: (ctx) => [...cli(ctx), 'runs', '--tracking-uri', ctx.storeRoot, '--no-cache'],
    captureStdout: true,
    validate: (ctx, result) => checkAllRuns(result.stdoutFile, ctx),
  },
  {
    id: 'cli-warm',
    title: '(b) CLI runs again, persistent index warm',
    target: { label: '≤ 2 s', ms: 2000 },
    unavailable: needCli,
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, 'cli-cache');
      fs.rmSync(this.cacheDir, { recursive: true, force: true });
      const first = await measure(this.command(ctx), { captureStdout: true });
      if (first.exitCode !== 0) throw new Error(`first (indexing) run exited ${first.exitCode}: ${first.stderr.trim()}`);
      checkAllRuns(first.stdoutFile, ctx);
      this.note = `first run with an empty index ${(first.wallMs / 1000).toFixed(1)} s`;
    },
    command(ctx) {
      return [...cli(ctx), 'runs', '--tracking-uri', ctx.storeRoot, '--cache-dir', this.cacheDir];
    },
    captureStdout: true,
    validate(ctx, result) {
      return `${checkAllRuns(result.stdoutFile, ctx)}; ${this.note}`;
    },
  },
  {
    id: 'tree-first-page',
    title: `(c) tree: experiments + first ${TREE_PAGE_SIZE} runs of one experiment, cold`,
    target: { label: '≤ 1 s', ms: 1000 },
    unavailable: (ctx) =>
      ['out/bench/treeFirstPage.bench.js', 'dist/indexWorker.js']
        .filter((f) => !fs.existsSync(path.join(ctx.repoRoot, f)))
        .map((f) => `${f} not built (node esbuild.mjs --production --bench)`)[0],
    command(ctx) {
      // Cold: the extension's global storage holds no index yet, so every run gets an empty one.
      const cacheDir = fs.mkdtempSync(path.join(ctx.scratch, 'tree-cache-'));
      return [
        process.execPath,
        path.join(ctx.repoRoot, 'out', 'bench', 'treeFirstPage.bench.js'),
        ctx.storeRoot,
        ctx.experimentIds()[TREE_EXPERIMENT_INDEX],
        String(TREE_PAGE_SIZE),
        cacheDir,
        path.join(ctx.repoRoot, 'dist', 'indexWorker.js'),
      ];
    },
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'treeFirstPage.bench');
      const experimentId = ctx.experimentIds()[TREE_EXPERIMENT_INDEX];
      const expected = ctx.expected();
      // The tree's order: start_time DESC, then run_id ASC (MLflow's default).
      const want = [...expected.entries()]
        .filter(([, r]) => r.experimentId === experimentId)
        .sort(([ia, a], [ib, b]) => b.startTime - a.startTime || (ia < ib ? -1 : ia > ib ? 1 : 0))
        .slice(0, TREE_PAGE_SIZE)
        .map(([id]) => id);
      if (out.experiments !== SHAPE.experiments + 1) throw new Error(`tree saw ${out.experiments} experiments, expected ${SHAPE.experiments + 1}`);
      const got = out.runs.map((r) => r.info.run_id);
      if (got.join() !== want.join()) throw new Error(`first page differs from the ${TREE_PAGE_SIZE} newest runs of ${experimentId}: got ${got.slice(0, 3).join()}…`);
      for (const run of out.runs) checkRun(run, expected, { tags: true });
      return `${got.length} runs in order with tags; in-process ${out.openMs.toFixed(0)} + ${out.experimentsMs.toFixed(0)} + ${out.runsMs.toFixed(0)} ms (open, experiments, runs)`;
    },
  },
];
