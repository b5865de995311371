// Issue 2 item 7 (d): extension activation in a real VS Code extension host (code-server driven by
// Chromium), with the bench store configured through `mlflowLens.trackingUri` in a workspace that
// matches none of the activation events, so the probe (../activationProbe.js) triggers activation
// itself and can watch every fs call the host makes on the store around it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
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

/** An extension whose activate() does nothing: what the host itself costs to activate one. */
function writeEmptyExtension(dir) {
  const root = path.join(dir, 'empty-extension');
  fs.mkdirSync(root);
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'empty', publisher: 'mlflow-lens-bench', version: '0.0.1', main: './extension.js', engines: { vscode: '^1.91.0' } }),
  );
  fs.writeFileSync(path.join(root, 'extension.js'), 'exports.activate = function () {};\n');
  return root;
}

async function activateOnce(ctx, { emptyExtension = false } = {}) {
  const { freePort, launchChromium, startCodeServer, workbenchUrl } = await loadHarness(ctx);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-bench-act-'));
  const extensionPath = emptyExtension ? writeEmptyExtension(dir) : ctx.repoRoot;
  const extensionId = emptyExtension ? 'mlflow-lens-bench.empty' : EXTENSION_ID;
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'mlflowLens.trackingUri': ctx.storeRoot }));
  const resultFile = path.join(dir, 'result.json');
  const log = [];
  let server;
  let browser;
  try {
    server = await startCodeServer({ dir, port: await freePort() });
    browser = await launchChromium();
    const page = await browser.newPage();
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => log.push(`[${type}] ${[].concat(args).join(' ')}`));
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    await page.goto(
      workbenchUrl(server, {
        folder: workspace,
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: path.join(ctx.repoRoot, 'test', 'bench', 'activationProbe.js'),
        extensionEnvironment: {
          BENCH_RESULT_FILE: resultFile,
          BENCH_STORE_ROOT: ctx.storeRoot,
          BENCH_EXTENSION_ID: extensionId,
          ...(emptyExtension && { BENCH_NO_VIEW: '1' }),
        },
      }),
    );
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 180_000))]);
    const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : { error: 'the probe wrote no result' };
    if (code === 'timeout') result.error ??= 'no codeAutomationExit after 180 s';
    return {
      wallMs: result.activationMs ?? NaN,
      peakRssKb: result.hwmKb ?? 0,
      exitCode: result.error ? 1 : 0,
      stderr: result.error ? `${result.error}\n${log.filter((l) => /error/i.test(l)).slice(-5).join('\n')}` : '',
      probe: result,
    };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export function harnessUnavailable(ctx) {
  if (!harnessLibrary(ctx)) return 'no code-server harness library (test/integration/harness/lib.mjs)';
  if (!fs.existsSync(path.join(E2E_HOME, 'srv', 'node_modules', 'code-server'))) return `code-server not installed in ${E2E_HOME} (test/integration/harness/setup.sh)`;
  return undefined;
}

/** @type {import('./index.mjs').BenchCase[]} */
export const activationCases = [
  {
    id: 'activation-floor',
    title: '(d0) activation floor: an empty extension in the same host',
    unavailable: harnessUnavailable,
    measure: (ctx) => activateOnce(ctx, { emptyExtension: true }),
    validate: (_ctx, result) => `what the host costs to activate any extension (module load ${result.probe.codeLoadingMs?.toFixed(0) ?? '?'} ms)`,
  },
  {
    id: 'activation',
    title: '(d) extension activation in a real extension host',
    target: { label: '≤ 50 ms', ms: 50 },
    unavailable(ctx) {
      if (!fs.existsSync(path.join(ctx.repoRoot, 'dist', 'extension.js'))) return 'dist/extension.js not built';
      return harnessUnavailable(ctx);
    },
    measure: (ctx) => activateOnce(ctx),
    validate(ctx, result) {
      const p = result.probe;
      const reads = p.beforeView.filter((t) => t.read);
      if (reads.length) {
        throw new Error(`the store was read before the view opened: ${reads.slice(0, 3).map((t) => `${t.call} ${t.path}`).join(', ')}`);
      }
      if (!p.afterViewCalls || p.storeReadAfterViewMs === undefined) {
        throw new Error('opening the view never read the store, so the fs watch proves nothing');
      }
      const probes = p.beforeView.length ? `${p.beforeView.length} stat-like calls before the view (${[...new Set(p.beforeView.map((t) => t.path))].slice(0, 3).join(', ')})` : 'no fs call on the store before the view';
      // validate() runs after each run: keep the samples so the last note speaks of medians.
      this.samples ??= [];
      this.samples.push(p);
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const activation = median(this.samples.map((s) => s.activationMs));
      const floor = ctx.medianMs('activation-floor');
      const overFloor = floor === undefined ? '' : `median ${(activation - floor).toFixed(0)} ms above the empty extension; `;
      const loads = this.samples.map((s) => s.codeLoadingMs).filter((ms) => ms !== undefined);
      const loading = loads.length ? `module load median ${median(loads).toFixed(0)} ms; ` : '';
      return `${overFloor}${loading}${probes}; first store read ${p.storeReadAfterViewMs.toFixed(0)} ms after opening the view; host RSS +${((p.rssAfterKb - p.rssBeforeKb) / 1024).toFixed(1)} MiB on activation`;
    },
  },
];
