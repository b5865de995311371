// Bench case (d), the part that runs inside the real VS Code extension host (loaded through
// `extensionTestsPath`, same contract as @vscode/test-electron: export run()).
// It watches every fs call the host makes on the tracking store, times
// `getExtension(id).activate()` (module load + activate() + its promise), checks nothing under the
// store was read before the view opens, then opens the view and waits until the store IS read,
// which proves the watch works. Result: JSON written to BENCH_RESULT_FILE.
// Plain CommonJS on purpose: it must load in the extension host as is, without a build.
'use strict';
const fs = require('fs');
const path = require('path');

const READS = new Set(['readFile', 'readFileSync', 'readdir', 'readdirSync', 'opendir', 'opendirSync', 'open', 'openSync', 'createReadStream', 'watch', 'watchFile']);
const PROBES = ['stat', 'statSync', 'lstat', 'lstatSync', 'exists', 'existsSync', 'access', 'accessSync', 'realpath', 'realpathSync'];

function pathOf(arg) {
  if (typeof arg === 'string') return path.resolve(arg);
  if (arg instanceof URL && arg.protocol === 'file:') return path.resolve(decodeURIComponent(arg.pathname));
  if (Buffer.isBuffer(arg)) return path.resolve(arg.toString());
  return undefined;
}

/** Wraps the fs functions (callback, sync and promise forms) to record calls on `root`. */
function watchStoreAccess(root, started) {
  const touched = [];
  const wrap = (owner, name, label) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function (...args) {
      const p = pathOf(args[0]);
      if (p !== undefined && (p === root || p.startsWith(root + path.sep))) {
        touched.push({ call: label, path: path.relative(root, p) || '.', read: READS.has(name), atMs: performance.now() - started });
      }
      return original.apply(this, args);
    };
  };
  for (const name of [...READS, ...PROBES]) wrap(fs, name, `fs.${name}`);
  for (const name of ['readFile', 'readdir', 'opendir', 'open', 'stat', 'lstat', 'access', 'realpath']) {
    wrap(fs.promises, name, `fs.promises.${name}`);
  }
  return touched;
}

/** Times the loading of the extension's main module, when the host loads it through Node's require. */
function watchModuleLoad(mainPath) {
  const Module = require('module');
  const timing = {};
  const original = Module._load;
  Module._load = function (request, parent, ...rest) {
    let resolved;
    try {
      resolved = Module._resolveFilename(request, parent, ...rest);
    } catch {
      return original.call(this, request, parent, ...rest);
    }
    if (resolved !== mainPath) return original.call(this, request, parent, ...rest);
    const t0 = performance.now();
    try {
      return original.call(this, request, parent, ...rest);
    } finally {
      timing.codeLoadingMs = performance.now() - t0;
    }
  };
  return timing;
}

const statusKb = (field) => Number(fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.run = async function run() {
  const vscode = require('vscode');
  const resultFile = process.env.BENCH_RESULT_FILE;
  const root = path.resolve(process.env.BENCH_STORE_ROOT);
  const result = {};
  try {
    const ext = vscode.extensions.getExtension(process.env.BENCH_EXTENSION_ID);
    if (!ext) throw new Error(`extension ${process.env.BENCH_EXTENSION_ID} not found in the extension host`);
    if (ext.isActive) throw new Error('the extension was already active before the probe ran (an activation event fired at startup)');
    // Let the host finish its own start-up work (onStartupFinished extensions, restores), so the
    // figure is this extension's cost rather than a queue behind the others.
    await sleep(3000);
    const started = performance.now();
    const touched = watchStoreAccess(root, started);
    const loading = watchModuleLoad(require.resolve(path.join(ext.extensionPath, ext.packageJSON.main)));
    result.rssBeforeKb = statusKb('VmRSS');
    const t0 = performance.now();
    await ext.activate();
    result.activationMs = performance.now() - t0;
    result.codeLoadingMs = loading.codeLoadingMs;
    result.rssAfterKb = statusKb('VmRSS');
    result.hwmKb = statusKb('VmHWM');
    // The floor case activates an empty extension: no view, no store.
    if (process.env.BENCH_NO_VIEW) return;
    // Work an extension starts in the background after activate() resolves counts too.
    await sleep(1500);
    result.beforeView = touched.splice(0);
    const container = ext.packageJSON.contributes.viewsContainers.activitybar[0].id;
    const viewOpened = performance.now();
    await vscode.commands.executeCommand(`workbench.view.extension.${container}`);
    for (let waited = 0; waited < 60_000 && !touched.some((t) => t.read); waited += 100) await sleep(100);
    const firstRead = touched.find((t) => t.read);
    result.storeReadAfterViewMs = firstRead ? firstRead.atMs - (viewOpened - started) : undefined;
    result.afterViewCalls = touched.length;
    result.afterViewSample = touched.slice(0, 5);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  }
  if (result.error) throw new Error(result.error);
};
