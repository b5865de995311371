// Issue 2 item 7 (d): extension activation in a real VS Code extension host (code-server driven by
// Chromium), with the bench store configured through `mlflowLens.trackingUri` in a workspace that
// matches none of the activation events, so the probe (../activationProbe.js) triggers activation
// itself and can watch every fs call the host makes on the store around it.
import fs from 'node:fs';
import path from 'node:path';
import { harnessUnavailable, runProbeInCodeServer } from './codeServerProbe.mjs';

// extensionHost.mjs imports these from here; their home is codeServerProbe.mjs.
export { harnessUnavailable, loadHarness } from './codeServerProbe.mjs';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

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
  const { probe: result, log } = await runProbeInCodeServer(ctx, {
    probePath: path.join(ctx.repoRoot, 'test', 'bench', 'activationProbe.js'),
    trackingUri: ctx.storeRoot,
    timeoutMs: 180_000,
    prepare: emptyExtension ? writeEmptyExtension : undefined,
    env: {
      BENCH_STORE_ROOT: ctx.storeRoot,
      BENCH_EXTENSION_ID: emptyExtension ? 'mlflow-lens-bench.empty' : EXTENSION_ID,
      ...(emptyExtension && { BENCH_NO_VIEW: '1' }),
    },
  });
  return {
    wallMs: result.activationMs ?? NaN,
    peakRssKb: result.hwmKb ?? 0,
    exitCode: result.error ? 1 : 0,
    stderr: result.error ? `${result.error}\n${log.filter((l) => /error/i.test(l)).slice(-5).join('\n')}` : '',
    probe: result,
  };
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
