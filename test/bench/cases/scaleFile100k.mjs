// Issue 12 item 4, file store: the 100,000-run store of genStore100k.mjs (the 10,000 ten times over,
// hard-linked), opened with no index (a fresh cache folder each run): the tree's first page of one
// experiment (5,000 runs), the filter counts (which read every candidate's params and metrics: the
// cold index build), a sort by a metric, and every run with all its data, through scalePaths.bench.ts
// as the SQLite row does; the index is written when the store closes.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { copyRunId } from '../genSqliteStore.mjs';
import { STORE100K_COPIES, STORE100K_ROOT, ensureStore100k } from '../genStore100k.mjs';
import { readJson } from './caseHelpers.mjs';
import { samePage } from './scale.mjs';

const EXPERIMENT_INDEX = 7;
const PAGE = 200;
const FILTER = "metrics.accuracy > 0.5 and params.optimizer = 'adam'";
const matchesFilter = (want) => want.metrics.accuracy.value > 0.5 && want.params.optimizer === 'adam';
const ms = (x) => `${Number(x).toFixed(0)} ms`;
const benchScript = (ctx) => path.join(ctx.repoRoot, 'out', 'bench', 'scalePaths.bench.js');

/** @type {import('./index.mjs').BenchCase[]} */
export const scaleFile100kCases = ['cold', 'warm'].map((state) => ({
    id: state === 'cold' ? 'scale100k-file' : 'scale100k-file-warm',
    title:
      state === 'cold'
        ? '100,000 runs (file store, 20 experiments × 5,000, no index yet): first page, filter counts (the cold index build), sort by a metric, every run'
        : '100,000 runs (file store), index written by an untimed cold run: first page, filter counts, sort by a metric, every run',
    target: { label: 'first page ≤ 300 ms in-process (the rest in the note)', ms: 300 },
    unavailable(ctx) {
      if (!fs.existsSync(benchScript(ctx))) return 'out/bench/scalePaths.bench.js not built (node esbuild.mjs --production --bench)';
      if (!fs.existsSync(path.join(ctx.repoRoot, 'dist', 'indexWorker.js'))) return 'dist/indexWorker.js not built';
      ensureStore100k();
      return undefined;
    },
    async setup(ctx, measure) {
      if (state === 'cold') {
        // The tree's own cold build (every experiment counted in the background, then the read-ahead),
        // once in a fresh process with its own cache: the store's progress events, for the note.
        const cacheDir = fs.mkdtempSync(path.join(ctx.scratch, 'file100k-build-'));
        const build = await measure([process.execPath, '--max-old-space-size=4096', benchScript(ctx), 'build', STORE100K_ROOT, cacheDir, path.join(ctx.repoRoot, 'dist', 'indexWorker.js')], { captureStdout: true });
        if (build.exitCode !== 0) throw new Error(`index build run exited ${build.exitCode}: ${build.stderr.trim()}`);
        this.build = readJson(build.stdoutFile, 'scalePaths build (file store)');
        const total = SHAPE.experiments * SHAPE.runsPerExperiment * STORE100K_COPIES;
        const counted = Object.values(this.build.counts).reduce((a, b) => a + b, 0);
        if (counted !== total) throw new Error(`index build counted ${counted} runs, expected ${total}`);
        return;
      }
      this.cacheDir = fs.mkdtempSync(path.join(ctx.scratch, 'file100k-warm-'));
      const first = await measure(this.command(ctx), { captureStdout: false });
      if (first.exitCode !== 0) throw new Error(`indexing run exited ${first.exitCode}: ${first.stderr.trim()}`);
    },
    command(ctx) {
      const cacheDir = this.cacheDir ?? fs.mkdtempSync(path.join(ctx.scratch, 'file100k-cold-'));
      return [process.execPath, '--max-old-space-size=4096', benchScript(ctx), 'scale', STORE100K_ROOT, cacheDir, path.join(ctx.repoRoot, 'dist', 'indexWorker.js'), ctx.experimentIds()[EXPERIMENT_INDEX], FILTER, 'accuracy'];
    },
    captureStdout: true,
    validate(ctx, result) {
      const out = readJson(result.stdoutFile, 'scalePaths scale (file store)');
      const total = SHAPE.experiments * SHAPE.runsPerExperiment * STORE100K_COPIES;
      if (out.listed !== total) throw new Error(`listed ${out.listed} runs, expected ${total}`);
      if (out.checksum !== total * (SHAPE.params + SHAPE.metrics + SHAPE.tags)) throw new Error(`every run's data: ${out.checksum} entries`);
      const counts = {};
      for (const r of ctx.expected().values()) if (matchesFilter(r)) counts[r.experimentId] = (counts[r.experimentId] ?? 0) + STORE100K_COPIES;
      for (const [id, n] of Object.entries(counts)) if (out.counts[id] !== n) throw new Error(`filter: experiment ${id} counted ${out.counts[id]}, expected ${n}`);
      const newest = [...ctx.expected()]
        .filter(([, r]) => r.experimentIndex === EXPERIMENT_INDEX)
        .flatMap(([id, r]) => Array.from({ length: STORE100K_COPIES }, (_, k) => [copyRunId(id, k), r.startTime + k]))
        .sort(([ia, a], [ib, b]) => b - a || (ia < ib ? -1 : ia > ib ? 1 : 0))
        .slice(0, PAGE)
        .map(([id]) => id);
      samePage(out.runs, newest, '100k first page');
      const values = out.sorted.map(([, v]) => v);
      if (values.length !== PAGE || values.some((v, i) => i > 0 && v > values[i - 1])) throw new Error('sort by metrics.accuracy DESC out of order');
      result.figureMs = out.figureMs;
      const t = out.times;
      const firstPage = state === 'cold' ? "reads the experiment's 5,000 meta.yaml: MLflow's order needs every start_time" : "one stat of each of the experiment's 5,000 meta.yaml against the index";
      const filter = state === 'cold' ? "reads 100,000 runs' params and metrics: the cold index build" : 'from the index, the 2% RUNNING runs read';
      const b = this.build;
      const p = b?.progress;
      const build = b
        ? `; the tree's cold build (separate process, once): counts ${(b.times.counts / 1000).toFixed(1)} s, read-ahead ${(b.times.readAhead / 1000).toFixed(1)} s, ${p.events} progress events, the first ${p.firstMs === undefined ? 'never' : `after ${ms(p.firstMs)}`}, the last ${p.last ? `${p.last.state} (${p.last.listed}/${p.last.toList} listed, ${p.last.readAhead}/${p.last.toReadAhead} read ahead)` : 'none'}`
        : '';
      return `${out.listed.toLocaleString('en')} runs listed with all data, filter counts and pages checked; experiments ${ms(t.experiments)}, first page ${ms(t.page)} (${firstPage}); filter ${ms(t.filter)} (${filter}), sort ${ms(t.sort)}, every run ${(t.listAll / 1000).toFixed(1)} s, RSS after ${out.rssMiB.toFixed(0)} MiB; the copies are hard links to the 10,000-run store's files (page cache shared)${build}`;
    },
}));
