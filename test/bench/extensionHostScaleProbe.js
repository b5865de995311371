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

/**
 * Full GC: memory is compared after what can be freed was freed (otherwise RSS is mostly garbage).
 * `reduce`: a memory-reducing GC as well, which also hands V8's pool of freed heap pages back to the
 * system (those pages stay in RSS until V8's memory reducer does the same, seconds after the
 * thread goes idle, or never while it keeps allocating).
 */
function collect(reduce) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  gc();
  gc();
  if (reduce) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** `Key:   123 kB` lines of a /proc file, in MiB (empty when the file cannot be read: not Linux). */
function procKiB(file, keys) {
  const out = {};
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const key of keys) {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    if (m) out[key] = Number(m[1]) / 1024;
  }
  return out;
}

/** Threads of this process by name: Node names a worker thread "WorkerThread" (Node 22+). */
function threadNames() {
  const names = {};
  try {
    for (const t of fs.readdirSync('/proc/self/task')) {
      const name = fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
      names[name] = (names[name] ?? 0) + 1;
    }
  } catch {
    // not Linux
  }
  return names;
}

/**
 * RSS and where it goes: RSS counts the worker threads' isolates, malloc arenas holding freed
 * memory and file-backed pages (RssFile) besides this isolate's V8 heap.
 */
function memory({ reduce = false } = {}) {
  collect(reduce);
  const m = process.memoryUsage();
  const mb = (v) => v / 2 ** 20;
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = mb(s.space_used_size);
  const threads = threadNames();
  return {
    rssMiB: mb(m.rss),
    heapMiB: mb(m.heapUsed),
    heapTotalMiB: mb(m.heapTotal),
    externalMiB: mb(m.external),
    arrayBuffersMiB: mb(m.arrayBuffers),
    heapSpacesMiB: spaces,
    status: procKiB('/proc/self/status', ['VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmHWM']),
    smapsRollup: procKiB('/proc/self/smaps_rollup', ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Anonymous', 'Private_Dirty', 'Shared_Clean']),
    workerThreads: threads.WorkerThread ?? 0,
    threads,
  };
}

async function timed(times, name, work) {
  const t0 = performance.now();
  const startedUs = Number(process.hrtime.bigint() / 1000n);
  const value = await work();
  times[name] = performance.now() - t0;
  // On the machine's monotonic clock, as CPU profiles are: where the step lies in them.
  (times.spansUs ??= {})[name] = [startedUs, Number(process.hrtime.bigint() / 1000n)];
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
}

/** Open Run Details timed until its tab is titled; the tab is closed outside the figure. */
async function timedRunDetails(vscode, times, name, runId, runName) {
  await timed(times, name, () => openRunDetails(vscode, runId, runName));
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

/**
 * BENCH_CPU_PROFILE=<folder>: a CPU profile of the extension host's thread per pass, written as
 * `<pass>.cpuprofile` (open it in Chrome DevTools or summarise it with test/bench/cpuProfileTop.mjs).
 */
async function profiled(env, name, work) {
  if (!env.BENCH_CPU_PROFILE) return work();
  const inspector = require('inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post('Profiler.stop');
    fs.mkdirSync(env.BENCH_CPU_PROFILE, { recursive: true });
    fs.writeFileSync(path.join(env.BENCH_CPU_PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function pass(vscode, api, env, times, runId, runName) {
  const experiments = await timed(times, 'experiments', () => api.explorer.children());
  const exp = experiments.find((n) => n.id === `exp:${env.BENCH_EXPERIMENT_ID}`);
  if (!exp) throw new Error(`experiment ${env.BENCH_EXPERIMENT_ID} not in the tree: ${experiments.slice(0, 3).map((n) => `${n.kind} ${n.label}`).join(', ')}`);
  const page = await timed(times, 'firstPage', () => api.explorer.children(exp.id));
  await timedRunDetails(vscode, times, 'openRunDetails', runId, runName);
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
    result.emptyHostReduced = memory({ reduce: true });
    const api = await ext.activate();
    const container = ext.packageJSON.contributes.viewsContainers.activitybar[0].id;
    await vscode.commands.executeCommand(`workbench.view.extension.${container}`);

    await api.statusBarText?.();
    const cold = await profiled(env, 'cold', () => pass(vscode, api, env, result.cold, env.BENCH_COLD_RUN_ID, env.BENCH_COLD_RUN_NAME));
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
    // Idle longer: V8's memory reducer has had its chance to return the freed heap pages by itself.
    await sleep(20000);
    result.expandedIdle = memory();
    result.expandedReduced = memory({ reduce: true });

    // Switched away: the store's caches must go (index written on the way out).
    const empty = fs.mkdtempSync(path.join(require('os').tmpdir(), 'mlflow-lens-empty-store-'));
    fs.mkdirSync(path.join(empty, 'mlruns', '0'), { recursive: true });
    await vscode.commands.executeCommand('mlflowLens.chooseStore', path.join(empty, 'mlruns'));
    await api.explorer.children();
    await sleep(2000);
    result.switchedAway = memory();
    result.switchedAwayReduced = memory({ reduce: true });

    result.panelFloorMs = await panelFloor(vscode);
    await vscode.commands.executeCommand('mlflowLens.chooseStore', env.BENCH_STORE_ROOT);
    const warm = await profiled(env, 'warm', () => pass(vscode, api, env, result.warm, env.BENCH_WARM_RUN_ID, env.BENCH_WARM_RUN_NAME));
    result.warmFirstPageRows = warm.page.filter((n) => n.kind === 'run').map((n) => n.id);
    // The same once the store's background reads after the switch are over.
    await sleep(5000);
    await timedRunDetails(vscode, result.warm, 'openRunDetailsSettled', env.BENCH_SETTLED_RUN_ID, env.BENCH_SETTLED_RUN_NAME);
    fs.rmSync(empty, { recursive: true, force: true });
  } catch (err) {
    result.error = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  } finally {
    fs.writeFileSync(env.BENCH_RESULT_FILE, JSON.stringify(result, null, 2));
  }
  if (result.error) throw new Error(result.error);
};
