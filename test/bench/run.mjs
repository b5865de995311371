#!/usr/bin/env node
// `npm run bench`: the speed figures of the issues, printed, never asserted.
// Each case runs N times (default 3) in a fresh process and prints min/median wall time and peak
// memory; its output is checked for correctness, and only a functional failure makes the exit code
// non-zero. Cases live in test/bench/cases/ (see cases/index.mjs to add one).
// Usage: node test/bench/run.mjs [case id…] [--runs N] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases, plannedCases } from './cases/index.mjs';
import { ensureStore, expectedRuns, GENERATOR_VERSION } from './genStore.mjs';
import { hasGnuTime, measureCommand } from './measure.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const runsIndex = argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(argv[runsIndex + 1]) : 3;
const keep = argv.includes('--keep');
const wanted = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
const unknown = wanted.filter((id) => !benchCases.some((c) => c.id === id));
if (unknown.length || !(runs >= 1)) {
  console.error(`usage: run.mjs [${benchCases.map((c) => c.id).join('|')}]… [--runs N] [--keep]`);
  process.exit(2);
}
const selected = wanted.length ? benchCases.filter((c) => wanted.includes(c.id)) : benchCases;

const storeRoot = ensureStore();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-bench-'));
const once = (compute) => {
  let value;
  return () => (value ??= compute());
};
const results = new Map();
const ctx = {
  repoRoot,
  storeRoot,
  scratch,
  storeFiles: once(() => fs.readdirSync(storeRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length),
  expected: once(expectedRuns),
  experimentIds: once(() => {
    const ids = [];
    for (const run of ctx.expected().values()) ids[run.experimentIndex] = run.experimentId;
    return ids;
  }),
  floorMs: () => results.get('floor')?.medianMs,
  medianMs: (id) => results.get(id)?.medianMs,
  cpuMs: (id) => results.get(id)?.cpuMs,
};

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMiB = (kb) => (kb ? `${(kb / 1024).toFixed(0)} MiB` : '—');
const fmtPeak = (r) => `${fmtMiB(r.peakRssKb)}${r.treeRssKb > r.peakRssKb ? ` (tree ${fmtMiB(r.treeRssKb)})` : ''}`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function verdict(target, medianMs) {
  if (!target) return '';
  if (target.fasterThan !== undefined) {
    const anchor = ctx.medianMs(target.fasterThan.id);
    if (!anchor) return `${target.label} (anchor ${target.fasterThan.id} not measured in this run)`;
    const speedup = anchor / medianMs;
    return `${speedup.toFixed(1)}× faster than ${target.fasterThan.id}, target ${target.label}: ${speedup >= target.fasterThan.times ? 'met' : 'MISSED'}`;
  }
  if (target.atMost !== undefined) {
    const anchor = ctx.medianMs(target.atMost.id);
    if (!anchor) return `${target.label} (anchor ${target.atMost.id} not measured in this run)`;
    const ratio = medianMs / anchor;
    return `${ratio.toFixed(2)}× ${target.atMost.id}, target ${target.label}: ${ratio <= target.atMost.times ? 'met' : 'MISSED'}`;
  }
  if (target.floorRatio !== undefined) {
    const floor = ctx.floorMs();
    if (!floor) return `${target.label} (no floor measured)`;
    const ratio = medianMs / floor;
    return `${ratio.toFixed(2)}× floor, target ${target.label}: ${ratio <= target.floorRatio ? 'met' : 'MISSED'}`;
  }
  return `target ${target.label}: ${medianMs <= target.ms ? 'met' : 'MISSED'}`;
}

async function measureOnce(benchCase, command, { captureStdout }) {
  const stdoutFile = captureStdout ? path.join(scratch, `${benchCase.id}.stdout`) : undefined;
  const result = await measureCommand(command, { cwd: repoRoot, stdoutFile });
  return { ...result, stdoutFile };
}

async function runCase(benchCase) {
  const reason = benchCase.unavailable?.(ctx);
  if (reason) return { state: 'skipped', note: reason };
  const walls = [];
  const cpus = [];
  const figures = [];
  const loadAtStart = os.loadavg()[0];
  let peakRssKb = 0;
  let treeRssKb = 0;
  let note;
  try {
    await benchCase.setup?.(ctx, (command, options = {}) => measureOnce(benchCase, command, options));
    for (let i = 0; i < runs; i++) {
      const result = benchCase.measure
        ? await benchCase.measure(ctx, i)
        : await measureOnce(benchCase, benchCase.command(ctx), benchCase);
      if (result.exitCode !== 0) {
        throw new Error(`exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      }
      note = benchCase.validate?.(ctx, result) ?? note;
      walls.push(result.wallMs);
      if (Number.isFinite(result.figureMs)) figures.push(result.figureMs);
      if (Number.isFinite(result.cpuMs)) cpus.push(result.cpuMs);
      peakRssKb = Math.max(peakRssKb, result.peakRssKb ?? 0);
      treeRssKb = Math.max(treeRssKb, result.treeRssKb ?? 0);
      const cpu = Number.isFinite(result.cpuMs) ? `, cpu ${fmtMs(result.cpuMs)}` : '';
      const figure = Number.isFinite(result.figureMs) ? `, in-process ${fmtMs(result.figureMs)}` : '';
      process.stdout.write(`   run ${i + 1}/${runs}: ${fmtMs(result.wallMs)}${cpu}${figure}, ${fmtMiB(result.peakRssKb)}\n`);
    }
  } catch (err) {
    return { state: 'FAILED', note: err instanceof Error ? err.message : String(err) };
  } finally {
    await benchCase.teardown?.(ctx);
  }
  const load = `load ${loadAtStart.toFixed(1)}→${os.loadavg()[0].toFixed(1)}`;
  const figureMs = figures.length === walls.length ? median(figures) : undefined;
  return { state: 'ok', minMs: Math.min(...walls), medianMs: median(walls), figureMs, cpuMs: cpus.length ? median(cpus) : undefined, peakRssKb, treeRssKb, load, note };
}

function machineFacts() {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return [
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}; load average at start ${load} (cores are shared with other work)`,
    `store: ${storeRoot} (generator ${GENERATOR_VERSION}); page cache warm (the floor runs first, nothing is dropped)`,
    `runs per case: ${runs}; cpu = user + system time of the process tree; load = 1-minute load average before→after the case; memory = peak RSS of the largest process (${hasGnuTime ? 'GNU time' : 'VmHWM'}), tree = sampled sum over its processes; (d) = the extension host's VmHWM`,
  ];
}

console.log('MLflow Lens bench');
for (const line of machineFacts()) console.log(`  ${line}`);
let failures = 0;
for (const benchCase of selected) {
  console.log(`\n== ${benchCase.title} [${benchCase.id}]`);
  const r = await runCase(benchCase);
  results.set(benchCase.id, r);
  if (r.state === 'FAILED') failures++;
  if (r.state === 'ok') {
    const cpu = r.cpuMs === undefined ? '' : `, cpu ${fmtMs(r.cpuMs)}`;
    const figure = r.figureMs === undefined ? '' : `, in-process median ${fmtMs(r.figureMs)}`;
    console.log(`   min ${fmtMs(r.minMs)}, median ${fmtMs(r.medianMs)}${cpu}${figure}, peak ${fmtPeak(r)}, ${r.load}; ${verdict(benchCase.target, r.figureMs ?? r.medianMs)}`);
  }
  if (r.note) console.log(`   ${r.state === 'ok' ? '' : `${r.state}: `}${r.note}`);
}

console.log('\n| case | min | median | cpu (median) | peak RSS | target | note |');
console.log('|---|---|---|---|---|---|---|');
for (const benchCase of selected) {
  const r = results.get(benchCase.id);
  const cells =
    r.state === 'ok'
      ? [fmtMs(r.minMs), `${fmtMs(r.medianMs)}${r.figureMs === undefined ? '' : ` (in-process ${fmtMs(r.figureMs)})`}`, r.cpuMs === undefined ? '—' : fmtMs(r.cpuMs), fmtPeak(r), verdict(benchCase.target, r.figureMs ?? r.medianMs), `${r.note ?? ''} (${r.load})`]
      : [r.state, '', '', '', benchCase.target?.label ?? '', r.note];
  console.log(`| ${[benchCase.title, ...cells].map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
}
for (const [issue, what] of plannedCases) console.log(`| ${what} | not measured yet (issue ${issue}) | | | | | |`);

if (!keep) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 });
else console.log(`\nscratch kept: ${scratch}`);
console.log(failures ? `\n${failures} case(s) FAILED (functional, not speed)` : '\nall measured cases produced correct output');
process.exit(failures ? 1 : 0);
