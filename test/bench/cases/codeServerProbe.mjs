// Bench cases measured inside a real VS Code extension host: code-server started on a fresh
// user-data folder, driven by Chromium, runs a probe module (`extensionTestsPath`) that writes its
// figures to BENCH_RESULT_FILE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const E2E_HOME = process.env.MLFLOW_LENS_E2E_HOME ?? path.join(os.homedir(), '.cache', 'mlflow-lens-e2e');

/** The project's own code-server harness, or the shared reference it was written from. */
export function harnessLibrary(ctx) {
  const candidates = [
    path.join(ctx.repoRoot, 'test', 'integration', 'harness', 'lib.mjs'),
    path.join(path.resolve(ctx.repoRoot, '../shared'), 'vscode-e2e', 'lib.mjs'),
  ];
  return candidates.find((p) => fs.existsSync(p));
}

export async function loadHarness(ctx) {
  // The shared reference reads its install folder from VSCODE_E2E_HOME at import time.
  process.env.VSCODE_E2E_HOME ??= E2E_HOME;
  return import(pathToFileURL(harnessLibrary(ctx)).href);
}

export function harnessUnavailable(ctx) {
  if (!harnessLibrary(ctx)) return 'no code-server harness library (test/integration/harness/lib.mjs)';
  if (!fs.existsSync(path.join(E2E_HOME, 'srv', 'node_modules', 'code-server'))) return `code-server not installed in ${E2E_HOME} (test/integration/harness/setup.sh)`;
  return undefined;
}

/**
 * Opens a workspace whose only setting is `mlflowLens.trackingUri` in a fresh code-server, loads the
 * extension at `extensionPath` (default: this repo) in development mode and runs the probe at
 * `probePath` in its host with `env`. Resolves with what the probe wrote (or `{ error }`) and the
 * workbench's automation log; everything it started or wrote is gone when it returns.
 * `prepare(dir)` may write into the scratch folder first and return the extension's path.
 */
export async function runProbeInCodeServer(ctx, { probePath, trackingUri, env = {}, timeoutMs = 600_000, prepare }) {
  const { freePort, launchChromium, startCodeServer, workbenchUrl } = await loadHarness(ctx);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-bench-host-'));
  const extensionPath = prepare?.(dir) ?? ctx.repoRoot;
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'mlflowLens.trackingUri': trackingUri }));
  const resultFile = path.join(dir, 'result.json');
  const log = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({ dir, port: await freePort() });
    browser = await launchChromium();
    const page = await browser.newPage();
    const rendererProfile = await startRendererProfile(page);
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => log.push(`[${type}] ${[].concat(args).join(' ')}`));
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    await page.goto(
      workbenchUrl(server, {
        folder: workspace,
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: probePath,
        extensionEnvironment: { BENCH_RESULT_FILE: resultFile, ...env },
      }),
    );
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    await rendererProfile?.stop();
    const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : { error: 'the probe wrote no result' };
    if (code === 'timeout') result.error ??= `no codeAutomationExit after ${timeoutMs / 1000} s`;
    return { probe: result, log };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * BENCH_RENDERER_PROFILE=<folder>: a CPU profile of the workbench's renderer (the page's main thread)
 * over the whole probe, written as `renderer-<time>.cpuprofile`. Its timestamps are the machine's
 * monotonic clock, as are the host's (`process.hrtime`), so the two line up.
 */
async function startRendererProfile(page) {
  const folder = process.env.BENCH_RENDERER_PROFILE;
  if (!folder) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `renderer-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    },
  };
}
