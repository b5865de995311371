// Issue 12 item 7, inside code-server's real extension host: for each store (a file store and a SQLite
// store written by real MLflow), the tree is expanded down to the run's Metrics, then real MLflow's
// client logs a new value (a separate Python process); the figure is the wall-clock time from
// log_metric returning (printed by the client) to the tree showing the value, re-read on each
// change the view announces. Result: JSON written to BENCH_RESULT_FILE. Plain CommonJS.
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

async function measureStore(vscode, api, store) {
  await vscode.commands.executeCommand('mlflowLens.chooseStore', store.uri);
  const experiment = await childNamed(api, undefined, 'live');
  const run = await childNamed(api, experiment.id, 'live-run');
  const metrics = await childNamed(api, run.id, 'Metrics');
  const before = (await childNamed(api, metrics.id, 'loss')).description;
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
  await seen;
  return { before, latencyMs: seenAt - logged.loggedAtMs, changes };
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
