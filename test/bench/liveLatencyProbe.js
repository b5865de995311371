// Issue 12 item 7, inside code-server's real extension host: for each store (a file store and a SQLite
// store written by real MLflow), the tree is expanded down to the run's Metrics and the metric's chart
// is opened from it (the tree's own command), then real MLflow's client logs a new value (a separate
// Python process). Two figures, both from log_metric returning (printed by the client): to the tree
// showing the value (re-read on each change the view announces), and to the chart's webview
// reporting it painted the new step on its canvas (its `drawn` message, via the panels test API).
// Result: JSON written to BENCH_RESULT_FILE. Plain CommonJS.
'use strict';
const fs = require('fs');
const { spawn } = require('child_process');

function runPython(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.BENCH_MLFLOW_PYTHON, [process.env.BENCH_LIVE_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString('utf8'))) : reject(new Error(`mlflowLiveRun.py ${args[0]} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-400)}`))));
  });
}

async function childNamed(api, parentId, label) {
  const nodes = await api.explorer.children(parentId);
  const node = nodes.find((n) => n.label === label);
  if (!node) throw new Error(`no "${label}" under ${parentId ?? 'the root'}: ${nodes.map((n) => n.label).join(', ')}`);
  return node;
}

/** Resolves with Date.now() once the chart reports `loss` of the run painted up to `step`. */
function chartDraws(chart, runId, step, what) {
  let listener;
  let timer;
  const painted = (series) => series.some((s) => s.runId === runId && s.key === 'loss' && s.lastStep >= step);
  const drawn = new Promise((resolve, reject) => {
    listener = chart.onDidDraw((series) => {
      if (painted(series)) resolve(Date.now());
    });
    if (painted(chart.drawn)) resolve(Date.now());
    timer = setTimeout(() => reject(new Error(`the chart did not paint ${what} within 120 s`)), 120_000);
  });
  return drawn.finally(() => {
    listener.dispose();
    clearTimeout(timer);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureStore(vscode, api, store) {
  await vscode.commands.executeCommand('mlflowLens.chooseStore', store.uri);
  const experiment = await childNamed(api, undefined, 'live');
  const run = await childNamed(api, experiment.id, 'live-run');
  const metrics = await childNamed(api, run.id, 'Metrics');
  const lossNode = await childNamed(api, metrics.id, 'loss');
  const before = lossNode.description;

  // The chart is opened as the tree's context menu opens it, then drawn with step 0 before MLflow logs.
  const target = { runIds: [store.runId], metricKeys: ['loss'] };
  await vscode.commands.executeCommand('mlflowLens.openMetricChart', api.explorer.commandArgument(lossNode.id));
  const chart = api.panels.chart(target);
  if (!chart) throw new Error(`no chart panel of ${JSON.stringify(target)} after mlflowLens.openMetricChart: ${JSON.stringify(api.panels.open())}`);
  await chartDraws(chart, store.runId, 0, 'step 0 (the history logged before it opened)');
  // Steady state: the panel's first polls are over, as when a chart has been open a while.
  await sleep(Number(process.env.BENCH_LIVE_SETTLE_MS ?? 3000));
  const chartDrawn = chartDraws(chart, store.runId, 1, 'step 1');

  const wanted = '0.5 · step 1';
  let seenAt;
  let changes = 0;
  const seen = new Promise((resolve, reject) => {
    let checking = Promise.resolve();
    const listener = api.explorer.onDidChange(() => {
      changes++;
      checking = checking.then(async () => {
        if (seenAt) return;
        const loss = (await api.explorer.children(metrics.id)).find((n) => n.label === 'loss');
        if (loss?.description === wanted) {
          seenAt = Date.now();
          listener.dispose();
          resolve();
        }
      }).catch((e) => reject(e));
    });
    setTimeout(() => {
      listener.dispose();
      reject(new Error(`the tree did not show "${wanted}" within 120 s (${changes} change events)`));
    }, 120_000);
  });
  const logged = await runPython(['log', store.uri, store.runId, '0.5', '1']);
  const [chartDrawnAt] = await Promise.all([chartDrawn, seen]);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return { before, latencyMs: seenAt - logged.loggedAtMs, changes, chartLatencyMs: chartDrawnAt - logged.loggedAtMs };
}

exports.run = async function run() {
  const vscode = require('vscode');
  const result = {};
  try {
    const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens');
    const api = await ext.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${ext.packageJSON.contributes.viewsContainers.activitybar[0].id}`);
    for (const store of JSON.parse(process.env.BENCH_LIVE_STORES)) result[store.kind] = await measureStore(vscode, api, store);
  } catch (err) {
    result.error = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  } finally {
    fs.writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(result, null, 2));
  }
  if (result.error) throw new Error(result.error);
};
