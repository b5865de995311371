// Issue 12 items 5–6 in code-server's real extension host (../extensionHostScaleProbe.js runs inside
// it): on the 10,000-run file store, the experiment list, one experiment's first page and Open Run
// Details of a run of another experiment, with no index yet (a fresh user-data folder) and warm (the
// store switched away, which writes the index, then opened again); and the host's memory with every
// experiment expanded once against the same host before activation, then after the store was
// switched away. One code-server per run gives all three rows.
import fs from 'node:fs';
import path from 'node:path';
import { harnessUnavailable } from './activation.mjs';
import { runProbeInCodeServer } from './codeServerProbe.mjs';
import { figureCaseMaker } from './caseHelpers.mjs';
import { expectedIds } from './scale.mjs';

const EXPERIMENT_INDEX = 7;
const OTHER_EXPERIMENT_INDEX = 3;
const ms = (v) => `${Number(v).toFixed(0)} ms`;
const mib = (v) => `${Number(v).toFixed(0)} MiB`;

export function unavailable(ctx) {
  if (!fs.existsSync(path.join(ctx.repoRoot, 'dist', 'extension.js'))) return 'dist/extension.js not built';
  return harnessUnavailable(ctx);
}

/** Runs `probe` (a module of test/bench, as extensionTestsPath) in code-server's extension host; returns what it wrote. */
export function runProbe(ctx, { probe, trackingUri, env, timeoutMs }) {
  return runProbeInCodeServer(ctx, { probePath: path.join(ctx.repoRoot, 'test', 'bench', probe), trackingUri, env, timeoutMs });
}

function hostOnce(ctx) {
  const [coldRun, warmRun, settledRun] = expectedIds(ctx, (r) => r.experimentIndex === OTHER_EXPERIMENT_INDEX);
  return runProbe(ctx, {
    probe: 'extensionHostScaleProbe.js',
    trackingUri: ctx.storeRoot,
    env: {
      BENCH_STORE_ROOT: ctx.storeRoot,
      BENCH_EXPERIMENT_ID: ctx.experimentIds()[EXPERIMENT_INDEX],
      BENCH_COLD_RUN_ID: coldRun,
      BENCH_COLD_RUN_NAME: ctx.expected().get(coldRun).runName,
      BENCH_WARM_RUN_ID: warmRun,
      BENCH_WARM_RUN_NAME: ctx.expected().get(warmRun).runName,
      BENCH_SETTLED_RUN_ID: settledRun,
      BENCH_SETTLED_RUN_NAME: ctx.expected().get(settledRun).runName,
      // Diagnostics, off by default: a CPU profile of the host's thread per pass, into this folder.
      ...(process.env.BENCH_CPU_PROFILE ? { BENCH_CPU_PROFILE: path.resolve(process.env.BENCH_CPU_PROFILE) } : {}),
    },
  });
}

function check(ctx, probe) {
  const experimentIds = new Set(ctx.experimentIds());
  const listed = probe.experimentRows.filter((e) => experimentIds.has(e.id.replace(/^exp:/, '')));
  if (listed.length !== experimentIds.size) throw new Error(`the tree listed ${listed.length} of the ${experimentIds.size} generated experiments`);
  const want = expectedIds(ctx, (r) => r.experimentIndex === EXPERIMENT_INDEX).map((id) => `run:${id}`);
  for (const [rows, what] of [[probe.firstPageRows, 'cold'], [probe.warmFirstPageRows, 'warm']]) {
    if (rows.length < 50 || rows.join() !== want.slice(0, rows.length).join()) throw new Error(`${what} first page: ${rows.length} runs ${rows.slice(0, 2).join()}…, expected ${want.slice(0, 2).join()}…`);
  }
}

/** One probe per run, shared by the cases below (figureCaseMaker calls it once per run). */
async function runOnce(ctx, run) {
  const t0 = performance.now();
  const { probe, log } = await hostOnce(ctx);
  const wallMs = performance.now() - t0;
  if (probe.error) {
    return { measured: { wallMs, peakRssKb: 0, exitCode: 1, stderr: `${probe.error}\n${log.filter((l) => /error/i.test(l)).slice(-5).join('\n')}` } };
  }
  check(ctx, probe);
  // The whole probe (memory breakdown per step) for a closer look: BENCH_HOST_PROBE_DIR=<folder>.
  if (process.env.BENCH_HOST_PROBE_DIR) fs.writeFileSync(path.join(process.env.BENCH_HOST_PROBE_DIR, `ext-host-probe-${run}.json`), JSON.stringify(probe, null, 2));
  return { measured: { wallMs, peakRssKb: probe.expanded.rssMiB * 1024, exitCode: 0, stderr: '' }, out: probe };
}

const hostCase = figureCaseMaker({ unavailable, runOnce });

/**
 * Where the host's RSS goes (issue 12 item 6): idle long enough for V8's memory reducer, then after a
 * memory-reducing GC (V8's pool of freed heap pages handed back), each against the empty host
 * measured the same way; anonymous vs file-backed pages; worker threads alive.
 */
function memoryBreakdown(p) {
  const anon = (m) => mib(m.status?.RssAnon ?? NaN);
  const file = (m) => mib(m.status?.RssFile ?? NaN);
  const plus = (a, b) => `${a.rssMiB - b.rssMiB >= 0 ? '+' : ''}${mib(a.rssMiB - b.rssMiB)}`;
  const idle = p.expandedIdle ? `; idle 20 s more: ${mib(p.expandedIdle.rssMiB)} (${plus(p.expandedIdle, p.emptyHost)})` : '';
  return (
    `${idle}; with a memory-reducing GC: ${mib(p.emptyHostReduced.rssMiB)} empty → ${mib(p.expandedReduced.rssMiB)} expanded (${plus(p.expandedReduced, p.emptyHostReduced)}, target ${p.expandedReduced.rssMiB - p.emptyHostReduced.rssMiB <= 150 ? 'met' : 'MISSED'})` +
    (p.switchedAwayReduced ? ` → ${mib(p.switchedAwayReduced.rssMiB)} switched away (${plus(p.switchedAwayReduced, p.emptyHostReduced)})` : '') +
    `; anon/file pages ${anon(p.emptyHost)}/${file(p.emptyHost)} empty, ${anon(p.expanded)}/${file(p.expanded)} settled, ${anon(p.expandedReduced)}/${file(p.expandedReduced)} reduced` +
    `; worker threads alive ${p.expandedAtOnce.workerThreads ?? '?'} right after expanding, ${p.expanded.workerThreads ?? '?'} settled`
  );
}

const slowest = (t) => Math.max(t.experiments, t.firstPage, t.openRunDetails);
const steps = (t) => `experiment list ${ms(t.experiments)}, first page ${ms(t.firstPage)}, Open Run Details ${ms(t.openRunDetails)}`;

/** @type {import('./index.mjs').BenchCase[]} */
export const extensionHostCases = [
  hostCase(
    'ext-host-open-cold',
    'code-server extension host, 10,000-run file store, no index yet: experiment list, first page, Open Run Details (slowest of the three)',
    { label: '≤ 300 ms each', ms: 300 },
    (p) => slowest(p.cold),
    (p) => `${steps(p.cold)} (until the tab is titled with the run's name); first page rows checked against the generator; peak column = host RSS with every experiment expanded`,
  ),
  hostCase(
    'ext-host-open-warm',
    'code-server extension host, 10,000-run file store, index written: experiment list, first page, Open Run Details (slowest of the three)',
    { label: '≤ 300 ms each', ms: 300 },
    (p) => slowest(p.warm),
    (p) => `${steps(p.warm)} right after the store was switched back (its background counts running), ${ms(p.warm.openRunDetailsSettled)} 5 s later; the workbench alone takes ${ms(p.panelFloorMs)} to open a bare webview panel and show its new title (Open Run Details' floor here)`,
  ),
  hostCase(
    'ext-host-memory',
    'code-server extension host memory: every experiment expanded once vs the same host before activation, then the store switched away (figure: expanding all 20)',
    undefined,
    (p) => p.expandAllMs,
    (p) => {
      const above = p.expanded.rssMiB - p.emptyHost.rssMiB;
      const back = p.switchedAway.rssMiB - p.emptyHost.rssMiB;
      const reduced = p.expandedReduced && p.emptyHostReduced ? memoryBreakdown(p) : '';
      return `RSS ${mib(p.emptyHost.rssMiB)} empty → ${mib(p.afterOneExperiment.rssMiB)} with one experiment and one Run Details opened → ${mib(p.expandedAtOnce.rssMiB)} right after expanding (index workers running) → ${mib(p.expanded.rssMiB)} settled (+${mib(above)}, target ≤ +150 MiB: ${above <= 150 ? 'met' : 'MISSED'}) → ${mib(p.switchedAway.rssMiB)} switched away (+${mib(back)}); V8 heap ${mib(p.emptyHost.heapMiB)} → ${mib(p.afterOneExperiment.heapMiB)} → ${mib(p.expandedAtOnce.heapMiB)} → ${mib(p.expanded.heapMiB)} → ${mib(p.switchedAway.heapMiB)} (after a forced GC each time)${reduced}`;
    },
  ),
];
