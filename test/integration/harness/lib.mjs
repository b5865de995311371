// Helpers to run a real VS Code (code-server, installed by setup.sh next to this file) headless and drive
// it with playwright-core + Debian's Chromium. Adapted from ../shared/vscode-e2e/lib.mjs for this project:
// the install lives in $MLFLOW_LENS_E2E_HOME (default ~/.cache/mlflow-lens-e2e) and is set up on demand.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');
export const E2E_HOME = process.env.MLFLOW_LENS_E2E_HOME || path.join(os.homedir(), '.cache', 'mlflow-lens-e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CODE_SERVER_ENTRY = path.join(E2E_HOME, 'srv/node_modules/code-server/out/node/entry.js');
/** The extension's id as VS Code knows it (publisher.name from package.json). */
export const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

// Without the background-networking flags Chromium keeps trying to reach Google services.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A quiet, deterministic workbench.
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'terminal.integrated.gpuAcceleration': 'off',
  'chat.disableAIFeatures': true,
};

/** Node 24 of the harness (the npm package `node@24` ships the binary as node-<platform>-<arch>), or undefined. */
export function findNode24() {
  const root = path.join(E2E_HOME, 'node24/node_modules');
  const binary = `node-${process.platform}-${process.arch}/bin/node`;
  return [path.join(root, 'node/node_modules', binary), path.join(root, binary)].find((p) => fs.existsSync(p));
}

/** Shells the quoting tests run for real (installed by setup.sh from Debian). */
export const TEST_SHELLS = ['/usr/bin/zsh', '/usr/bin/fish', '/usr/bin/busybox'];

/** True when code-server, Node 24, Chromium and the test shells are all installed. */
export function isInstalled() {
  return Boolean(findNode24()) && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(CHROMIUM) && TEST_SHELLS.every((s) => fs.existsSync(s));
}

/** Runs setup.sh when anything is missing (first run on a fresh machine); throws if it fails. */
export function ensureInstalled() {
  if (isInstalled()) return;
  console.log(`== installing the real-VS-Code harness into ${E2E_HOME} (first run, a few minutes)`);
  const r = spawnSync('bash', [path.join(here, 'setup.sh')], {
    stdio: 'inherit',
    env: { ...process.env, MLFLOW_LENS_E2E_HOME: E2E_HOME },
  });
  if (r.status !== 0 || !isInstalled()) throw new Error(`setup.sh failed (exit ${r.status}); see the output above`);
}

export async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    return createRequire(path.join(E2E_HOME, 'pw', 'package.json'))('playwright-core');
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---- process tree bookkeeping (/proc) ---------------------------------------

function processTable() {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  return children;
}

/** pid and all its descendants. */
export function processTree(pid) {
  const children = processTable();
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    out.push(p);
    queue.push(...(children.get(p) || []));
  }
  return out;
}

/** SIGTERM the whole tree (collected first: the extension host outlives code-server), then SIGKILL. */
export async function killTree(pid, graceMs = 5000) {
  const pids = processTree(pid);
  for (const p of pids) { try { process.kill(p, 'SIGTERM'); } catch { /* gone */ } }
  const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const p of pids.filter(alive)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

function killTreeSync(pid) {
  for (const p of processTree(pid)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

// ---- code-server --------------------------------------------------------------

/**
 * Starts code-server on 127.0.0.1 with its own user-data and extensions dirs inside `dir`.
 * `--vscode-option enable-smoke-test-driver` makes the workbench honour extensionDevelopmentPath /
 * extensionTestsPath from the URL `payload` and exposes `window.driver`.
 */
export async function startCodeServer({ dir, port, settings = {}, env = {} }) {
  const node = findNode24();
  if (!node) throw new Error(`Node 24 not found under ${E2E_HOME}: run test/integration/harness/setup.sh`);
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  // An explicit --config keeps code-server from writing ~/.config/code-server/config.yaml.
  const config = path.join(dir, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY, '--config', config,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const logFile = path.join(dir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const t0 = Date.now();
  // Keep sockets, heartbeats and logs inside `dir` (VS Code leaves vscode-ipc-*.sock in TMPDIR).
  const isolated = {};
  for (const [k, sub] of [['TMPDIR', 'tmp'], ['XDG_DATA_HOME', 'xdg-data'], ['XDG_CONFIG_HOME', 'xdg-config'], ['XDG_CACHE_HOME', 'xdg-cache']]) {
    isolated[k] = path.join(dir, sub);
    fs.mkdirSync(isolated[k], { recursive: true });
  }
  const baseEnv = { ...process.env };
  // The extension must find the workspace's store, not one the developer's shell points at.
  delete baseEnv.MLFLOW_TRACKING_URI;
  const proc = spawn(node, args, { stdio: ['ignore', log, log], env: { ...baseEnv, ...isolated, ...env } });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  let exited = null;
  proc.once('exit', (code) => { exited = code; });
  const onExit = () => killTreeSync(proc.pid);
  process.once('exit', onExit);
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited with ${exited}; see ${logFile}`);
    if (Date.now() - t0 > 60000) throw new Error(`code-server not listening after 60 s; see ${logFile}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc, port, base, userDataDir, extensionsDir, logFile, httpReadyMs: Date.now() - t0,
    stop: async () => { await killTree(proc.pid); process.removeListener('exit', onExit); },
  };
}

/** Workbench URL opening `folder`, optionally as Extension Development Host (and test run). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, extensionEnvironment }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
  let url = `${server.base}/?folder=${encodeURIComponent(path.resolve(folder)).replaceAll('%2F', '/')}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

// ---- browser -------------------------------------------------------------------

export async function launchChromium() {
  const { chromium } = await loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Navigates and waits until the workbench reports it has restored (smoke-test driver). */
export async function openWorkbench(page, url, timeout = 90000) {
  await page.goto(url, { timeout });
  await page.waitForFunction(() => !!window.driver, null, { timeout });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
}

/** Labels of the rows of the visible tree in the side bar. */
export function sideBarTreeLabels(page) {
  return page.$$eval('.part.sidebar .monaco-list-row .label-name', (els) => els.map((e) => e.textContent.trim()));
}

/** Bounded polling, for UI state that has no event to await. */
export async function waitFor(fn, { timeout = 30000, interval = 250, what = 'condition' } = {}) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function makeRunDir(prefix = 'mlflow-lens-e2e-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh copy of the bundled sample workspace (the extension must never write to it; tests may). */
export function copySampleWorkspace(runDir, name = 'workspace') {
  const target = path.join(runDir, name);
  fs.cpSync(path.join(REPO_ROOT, 'samples'), target, { recursive: true });
  return target;
}
