// Issue 12 items 5–6, the part that runs inside code-server's real extension host (loaded through
// `extensionTestsPath`: export run()). On the 10,000-run file store it times, through the explorer
// API the view itself uses and the real Open Run Details command:
//   cold (a fresh user-data folder: no index yet) — the experiment list, one experiment's first page,
//   Open Run Details of a run of another experiment (until its tab is titled with the run's name);
//   warm (the store opened again after the index was written) — the same three;
// and the host's memory (process RSS and V8 heap after a forced GC): an empty host (before
// activation), after every experiment was expanded once, and after the store was switched away.
// Result: JSON written to BENCH_RESULT_FILE. Plain CommonJS: it loads in the host as is.
'use strict';
const fs = require('fs');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Full GC: memory is compared after what can be freed was freed (otherwise RSS is mostly garbage). */
function collect() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  gc();
  gc();
}

function memory() {
  collect();
  const m = process.memoryUsage();
  return { rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20, externalMiB: m.external / 2 ** 20 };
}

async function timed(times, name, work) {
  const t0 = performance.now();
  const value = await work();
  times[name] = performance.now() - t0;
  return value;
}

/** Opens Run Details by id, as the command does, until its tab carries the run's name (the panel read the run). */
async function openRunDetails(vscode, runId, runName) {
  const wanted = `Run: ${runName}`;
  const hasTab = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === wanted));
  let listener;
  const titled = new Promise((resolve) => {
    listener = vscode.window.tabGroups.onDidChangeTabs(() => hasTab() && resolve());
  });
  try {
    await vscode.commands.executeCommand('mlflowLens.openRun', runId);
    if (!hasTab()) await Promise.race([titled, sleep(60_000).then(() => Promise.reject(new Error(`no tab "${wanted}" within 60 s`)))]);
  } finally {
    listener.dispose();
  }
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

/** The workbench's own share: a bare webview panel opened and retitled, until the tab shows the title. */
async function panelFloor(vscode) {
  const wanted = 'Bench floor ready';
  const hasTab = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === wanted));
  let listener;
  const titled = new Promise((resolve) => {
    listener = vscode.window.tabGroups.onDidChangeTabs(() => hasTab() && resolve());
  });
  const t0 = performance.now();
  const panel = vscode.window.createWebviewPanel('mlflowLensBenchFloor', 'Bench floor', vscode.ViewColumn.Active, {});
  panel.webview.html = '<!DOCTYPE html><html><body>floor</body></html>';
  panel.title = wanted;
  if (!hasTab()) await titled;
  const ms = performance.now() - t0;
  listener.dispose();
  panel.dispose();
  return ms;
}

async function pass(vscode, api, env, times, runId, runName) {
  const experiments = await timed(times, 'experiments', () => api.explorer.children());
  const exp = experiments.find((n) => n.id === `exp:${env.BENCH_EXPERIMENT_ID}`);
  if (!exp) throw new Error(`experiment ${env.BENCH_EXPERIMENT_ID} not in the tree: ${experiments.slice(0, 3).map((n) => `${n.kind} ${n.label}`).join(', ')}`);
  const page = await timed(times, 'firstPage', () => api.explorer.children(exp.id));
  await timed(times, 'openRunDetails', () => openRunDetails(vscode, runId, runName));
  return { experiments, page };
}

exports.run = async function run() {
  const vscode = require('vscode');
  const env = process.env;
  const result = { cold: {}, warm: {} };
  try {
    const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens');
    if (!ext) throw new Error('extension mlflow-lens.mlflow-lens not found in the extension host');
    // Let the host finish its own start-up, then measure it without this extension.
    await sleep(3000);
    result.emptyHost = memory();
    const api = await ext.activate();
    const container = ext.packageJSON.contributes.viewsContainers.activitybar[0].id;
    await vscode.commands.executeCommand(`workbench.view.extension.${container}`);

    await api.statusBarText?.();
    const cold = await pass(vscode, api, env, result.cold, env.BENCH_COLD_RUN_ID, env.BENCH_COLD_RUN_NAME);
    result.afterOneExperiment = memory();
    result.experimentRows = cold.experiments.filter((n) => n.kind === 'experiment').map((n) => ({ id: n.id, label: n.label, description: n.description }));
    result.firstPageRows = cold.page.filter((n) => n.kind === 'run').map((n) => n.id);

    // Every experiment expanded once (the tree's listings and the background counts all held).
    const expanded = performance.now();
    await Promise.all(result.experimentRows.map((e) => api.explorer.children(e.id)));
    result.expandAllMs = performance.now() - expanded;
    result.expandedAtOnce = memory();
    // Settled: background counts done, idle index workers stopped (after 5 s).
    await sleep(7000);
    result.expanded = memory();

    // Switched away: the store's caches must go (index written on the way out).
    const empty = fs.mkdtempSync(path.join(require('os').tmpdir(), 'mlflow-lens-empty-store-'));
    fs.mkdirSync(path.join(empty, 'mlruns', '0'), { recursive: true });
    await vscode.commands.executeCommand('mlflowLens.chooseStore', path.join(empty, 'mlruns'));
    await api.explorer.children();
    await sleep(2000);
    result.switchedAway = memory();

    result.panelFloorMs = await panelFloor(vscode);
    await vscode.commands.executeCommand('mlflowLens.chooseStore', env.BENCH_STORE_ROOT);
    const warm = await pass(vscode, api, env, result.warm, env.BENCH_WARM_RUN_ID, env.BENCH_WARM_RUN_NAME);
    result.warmFirstPageRows = warm.page.filter((n) => n.kind === 'run').map((n) => n.id);
    // The same once the store's background reads after the switch are over.
    await sleep(5000);
    await timed(result.warm, 'openRunDetailsSettled', () => openRunDetails(vscode, env.BENCH_SETTLED_RUN_ID, env.BENCH_SETTLED_RUN_NAME));
    fs.rmSync(empty, { recursive: true, force: true });
  } catch (err) {
    result.error = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  } finally {
    fs.writeFileSync(env.BENCH_RESULT_FILE, JSON.stringify(result, null, 2));
  }
  if (result.error) throw new Error(result.error);
};
