// Issue 3 item 7: the SQLite store and search figures on the generated 10,000 runs.
// The SQLite stores hold the same runs as the file store (genSqliteStore.mjs, on MLflow's schema);
// every case checks its output against the generator's own description of the runs.
// node:sqlite cases run the CLI under Node 24, the runtime of code-server's extension host (and of
// VS Code builds on Node 22.13+); the sql.js case runs it under this Node when it lacks node:sqlite.
import fs from 'node:fs';
import path from 'node:path';
import { SHAPE } from '../genStore.mjs';
import { SQLITE_DB, SQLITE_LITE_DB, ensureSqliteStore, nodeWithSqlite, sqliteExperimentId } from '../genSqliteStore.mjs';

/** The issue's `metrics.m0 > 0.5 and params.p0 = 'x'` on this data: one metric test, one param test. */
const FILTER = "metrics.accuracy > 0.5 and params.optimizer = 'adam'";
const matchesFilter = (want) => want.metrics.accuracy.value > 0.5 && want.params.optimizer === 'adam';

function readRuns(file) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text).runs ?? [];
  } catch (err) {
    throw new Error(`mlflow-lens runs did not print JSON (${String(err)}): ${text.slice(0, 300)}`);
  }
}

function sameKeyValues(list, expected, where) {
  const actual = Object.fromEntries((list ?? []).map((e) => [e.key, e.value]));
  const keys = Object.keys(expected);
  if (Object.keys(actual).length !== keys.length) throw new Error(`${where}: ${Object.keys(actual).length} entries, expected ${keys.length}`);
  for (const k of keys) if (actual[k] !== expected[k]) throw new Error(`${where}: ${k} = ${JSON.stringify(actual[k])}, expected ${JSON.stringify(expected[k])}`);
}

/**
 * Checks every printed run against the generator (experiment ids are the generator index + 1 in
 * the SQLite stores, the random 18-digit ids in the file store) and that exactly `wanted` runs came.
 */
function checkRuns(file, ctx, { sqlite, wanted }) {
  const runs = readRuns(file);
  const expected = ctx.expected();
  const ids = new Set();
  for (const run of runs) {
    const id = run?.info?.run_id;
    const want = expected.get(id);
    if (!want) throw new Error(`unexpected run ${JSON.stringify(id)}`);
    const where = `run ${id}`;
    const experimentId = sqlite ? sqliteExperimentId(want.experimentIndex) : want.experimentId;
    if (run.info.experiment_id !== experimentId) throw new Error(`${where}: experiment_id ${run.info.experiment_id}, expected ${experimentId}`);
    if (run.info.status !== want.status || run.info.run_name !== want.runName || Number(run.info.start_time) !== want.startTime) {
      throw new Error(`${where}: info ${JSON.stringify(run.info)} differs from the generator`);
    }
    sameKeyValues(run.data?.params, want.params, `${where} params`);
    sameKeyValues(run.data?.tags, want.tags, `${where} tags`);
    const metrics = run.data?.metrics ?? [];
    if (metrics.length !== SHAPE.metrics) throw new Error(`${where}: ${metrics.length} metrics, expected ${SHAPE.metrics}`);
    for (const m of metrics) {
      const w = want.metrics[m.key];
      if (!w || Number(m.value) !== w.value || Number(m.step) !== w.step || Number(m.timestamp) !== w.timestamp) {
        throw new Error(`${where}: metric ${JSON.stringify(m)}, expected latest ${JSON.stringify(w)}`);
      }
    }
    if (ids.has(id)) throw new Error(`run ${id} listed twice`);
    ids.add(id);
  }
  const expectedIds = [...expected].filter(([, want]) => wanted(want)).map(([id]) => id);
  if (ids.size !== expectedIds.length || expectedIds.some((id) => !ids.has(id))) {
    throw new Error(`expected ${expectedIds.length} runs, got ${ids.size}`);
  }
  return `${ids.size.toLocaleString('en')} runs checked (params, latest metrics, tags)`;
}

const cliPath = (ctx) => path.join(ctx.repoRoot, 'dist', 'cli.js');
const sqliteUri = (file) => `sqlite:///${file}`;

/** Why the node:sqlite cases cannot run, or undefined; generates the stores on first use. */
function nodeSqliteUnavailable(ctx) {
  if (!fs.existsSync(cliPath(ctx))) return 'dist/cli.js not built';
  if (!nodeWithSqlite()) return 'SKIPPED: no Node with node:sqlite (22.13+) here; test/integration/harness/setup.sh installs Node 24';
  ensureSqliteStore();
  return undefined;
}

const mib = (file) => `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`;

/** @type {import('./index.mjs').BenchCase[]} */
export const sqliteStoreCases = [
  {
    id: 'sqlite-all',
    title: 'SQLite: CLI runs, all runs with params, latest metrics, tags (node:sqlite, Node 24)',
    target: { label: '≤ 1.5 s', ms: 1500 },
    unavailable: nodeSqliteUnavailable,
    command: (ctx) => [nodeWithSqlite(), cliPath(ctx), 'runs', '--tracking-uri', sqliteUri(SQLITE_DB)],
    captureStdout: true,
    validate: (ctx, result) => `${checkRuns(result.stdoutFile, ctx, { sqlite: true, wanted: () => true })}; mlflow.db ${mib(SQLITE_DB)} with 5,000,000 metric rows; MLflow's SQLAlchemy store: about 17 s`,
  },
  {
    id: 'sqlite-filter',
    title: `SQLite: CLI runs --filter "${FILTER}" (node:sqlite, Node 24)`,
    target: { label: '≤ 0.5 s', ms: 500 },
    unavailable: nodeSqliteUnavailable,
    command: (ctx) => [nodeWithSqlite(), cliPath(ctx), 'runs', '--tracking-uri', sqliteUri(SQLITE_DB), '--filter', FILTER],
    captureStdout: true,
    validate: (ctx, result) => `${checkRuns(result.stdoutFile, ctx, { sqlite: true, wanted: matchesFilter })}; MLflow: about 2.6 s`,
  },
  {
    id: 'sqlite-all-sqljs',
    title: 'SQLite fallback: CLI runs, all runs, sql.js (WASM) on this Node, mlflow-lite.db (no metric history)',
    unavailable(ctx) {
      if (process.getBuiltinModule?.('node:sqlite')) return `SKIPPED: Node ${process.version} has node:sqlite, so the CLI would not use sql.js`;
      return nodeSqliteUnavailable(ctx);
    },
    command: (ctx) => [process.execPath, cliPath(ctx), 'runs', '--tracking-uri', sqliteUri(SQLITE_LITE_DB)],
    captureStdout: true,
    validate: (ctx, result) => `${checkRuns(result.stdoutFile, ctx, { sqlite: true, wanted: () => true })}; mlflow-lite.db ${mib(SQLITE_LITE_DB)} read whole into memory`,
  },
  {
    id: 'file-filter',
    title: `file store: CLI runs --filter "${FILTER}", persistent index warm`,
    target: { label: '≤ 1 s', ms: 1000 },
    unavailable: (ctx) => (fs.existsSync(cliPath(ctx)) ? undefined : 'dist/cli.js not built'),
    async setup(ctx, measure) {
      this.cacheDir = path.join(ctx.scratch, 'filter-cache');
      fs.rmSync(this.cacheDir, { recursive: true, force: true });
      const first = await measure(this.command(ctx), { captureStdout: true });
      if (first.exitCode !== 0) throw new Error(`first (indexing) run exited ${first.exitCode}: ${first.stderr.trim()}`);
      checkRuns(first.stdoutFile, ctx, { sqlite: false, wanted: matchesFilter });
      this.note = `first run with an empty index ${(first.wallMs / 1000).toFixed(1)} s; MLflow: about 40 s`;
    },
    command(ctx) {
      return [process.execPath, cliPath(ctx), 'runs', '--tracking-uri', ctx.storeRoot, '--cache-dir', this.cacheDir, '--filter', FILTER];
    },
    captureStdout: true,
    validate(ctx, result) {
      return `${checkRuns(result.stdoutFile, ctx, { sqlite: false, wanted: matchesFilter })}; ${this.note}`;
    },
  },
];
