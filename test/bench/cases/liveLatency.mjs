// Issue 12 item 7: from real MLflow's client logging a metric (../shared/mlflow, a Python process) to
// the tree in code-server's extension host showing the new value, and to the metric's open chart
// painting the new point (../liveLatencyProbe.js; one log_metric gives both figures), on a file store
// and a SQLite store both written by MLflow itself in a temporary folder (the bench store is not
// touched). A tracking server is polled: there the latency is one poll interval
// (`mlflowLens.server.pollInterval`, 5 s for the tree; the chart's first poll 5 s) by design, not
// measured here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProbe, unavailable as hostUnavailable } from './extensionHost.mjs';

const mlflowPython = (ctx) => path.resolve(ctx.repoRoot, '..', 'shared', 'mlflow', 'bin', 'mlflow-python');
const script = (ctx) => path.join(ctx.repoRoot, 'test', 'bench', 'mlflowLiveRun.py');
const results = [];

function createRun(ctx, uri) {
  const r = spawnSync(mlflowPython(ctx), [script(ctx), 'create', uri], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mlflowLiveRun.py create ${uri} exited ${r.status}: ${r.stderr.slice(-400)}`);
  return JSON.parse(r.stdout);
}

async function runOnce(ctx, run) {
  if (results[run]) return results[run];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-bench-live-'));
  try {
    const fileUri = path.join(dir, 'mlruns');
    const sqliteUri = `sqlite:///${path.join(dir, 'mlflow.db')}`;
    const stores = [
      { kind: 'file', uri: fileUri, ...createRun(ctx, fileUri) },
      { kind: 'sqlite', uri: sqliteUri, ...createRun(ctx, sqliteUri) },
    ];
    const t0 = performance.now();
    const { probe, log } = await runProbe(ctx, {
      probe: 'liveLatencyProbe.js',
      trackingUri: fileUri,
      env: { BENCH_LIVE_STORES: JSON.stringify(stores), BENCH_MLFLOW_PYTHON: mlflowPython(ctx), BENCH_LIVE_SCRIPT: script(ctx) },
    });
    const wallMs = performance.now() - t0;
    if (probe.error) return (results[run] = { measured: { wallMs, peakRssKb: 0, exitCode: 1, stderr: `${probe.error}\n${log.filter((l) => /error/i.test(l)).slice(-5).join('\n')}` } });
    for (const kind of ['file', 'sqlite']) {
      if (probe[kind]?.before !== '1 · step 0') throw new Error(`${kind}: the tree showed ${JSON.stringify(probe[kind]?.before)} before the new value, expected "1 · step 0"`);
      if (!(probe[kind].chartLatencyMs > 0)) throw new Error(`${kind}: no chart latency in ${JSON.stringify(probe[kind])}`);
    }
    return (results[run] = { measured: { wallMs, peakRssKb: 0, exitCode: 0, stderr: '' }, probe });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** How each view learns of the new point, per store kind. */
const mechanism = {
  tree: 'VS Code file watcher on the store (300 ms debounce), then only the touched experiment re-read',
  chart: {
    file: "VS Code file watcher on the run's folder nudges the chart's tail poll (150 ms), else its 1–30 s backoff poll",
    sqlite: 'VS Code file watcher on mlflow.db* nudges the chart\'s tail poll (150 ms), else its 1–30 s backoff poll',
  },
};
const clock = "clock: MLflow's time.time() after log_metric returned → Date.now() in the extension host";

function latencyCase(kind, title) {
  return {
    id: `live-latency-${kind}`,
    title,
    target: { label: '≤ 1 s', ms: 1000 },
    unavailable(ctx) {
      if (!fs.existsSync(mlflowPython(ctx))) return `SKIPPED: no ${mlflowPython(ctx)} (../shared/mlflow/setup.sh)`;
      return hostUnavailable(ctx);
    },
    async measure(ctx, run) {
      const { measured, probe } = await runOnce(ctx, run);
      if (!probe) return measured;
      return { ...measured, wallMs: probe[kind].latencyMs, probe };
    },
    validate: (_ctx, result) =>
      `the tree showed "0.5 · step 1" (was "1 · step 0") after ${result.probe[kind].changes} change event(s), via ${mechanism.tree}; the open chart painted it in ${result.probe[kind].chartLatencyMs.toFixed(0)} ms (row live-latency-chart-${kind}); ${clock}`,
  };
}

function chartLatencyCase(kind, title) {
  return {
    id: `live-latency-chart-${kind}`,
    title,
    target: { label: '≤ 1 s', ms: 1000 },
    unavailable: latencyCase(kind, title).unavailable,
    async measure(ctx, run) {
      const { measured, probe } = await runOnce(ctx, run);
      if (!probe) return measured;
      return { ...measured, wallMs: probe[kind].chartLatencyMs, probe };
    },
    validate: (_ctx, result) =>
      `the chart's webview reported step 1 painted on its canvas (its \`drawn\` message; step 0 was painted before the log) via ${mechanism.chart[kind]}; the tree took ${result.probe[kind].latencyMs.toFixed(0)} ms for the same point; ${clock}`,
  };
}

/** @type {import('./index.mjs').BenchCase[]} */
export const liveLatencyCases = [
  latencyCase('file', 'live latency, file store: MLflow client log_metric → the tree shows the value (code-server extension host)'),
  latencyCase('sqlite', 'live latency, SQLite store: MLflow client log_metric → the tree shows the value (code-server extension host)'),
  chartLatencyCase('file', 'live latency, file store: MLflow client log_metric → the open chart paints the point (code-server extension host)'),
  chartLatencyCase('sqlite', 'live latency, SQLite store: MLflow client log_metric → the open chart paints the point (code-server extension host)'),
];
