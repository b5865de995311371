#!/usr/bin/env node
// Summarises a V8 .cpuprofile (as the extension host probe writes with BENCH_CPU_PROFILE): the
// functions with the most self time, and the total per script, optionally within a time window.
// Usage: node test/bench/cpuProfileTop.mjs <file.cpuprofile> [--top N] [--from ms] [--to ms]
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) {
  console.error('usage: cpuProfileTop.mjs <file.cpuprofile> [--top N] [--from ms] [--to ms]');
  process.exit(2);
}
const top = opt('--top', 25);
const from = opt('--from', 0);
const to = opt('--to', Infinity);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
let t = 0;
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  const ms = t / 1000;
  if (ms < from || ms > to) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  total += dt;
});
const fnKey = (n) => {
  const f = n.callFrame;
  const script = f.url ? f.url.replace(/^.*\//, '') : '';
  return `${f.functionName || '(anonymous)'} ${script}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};
const byFn = new Map();
const byScript = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const key = fnKey(n);
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const script = n.callFrame.url ? n.callFrame.url.replace(/^.*\//, '') : `(${n.callFrame.functionName})`;
  byScript.set(script, (byScript.get(script) ?? 0) + us);
}
const duration = (profile.endTime - profile.startTime) / 1000;
const fmt = (us) => `${(us / 1000).toFixed(1).padStart(8)} ms`;
console.log(`${file}: ${duration.toFixed(0)} ms profiled, ${(total / 1000).toFixed(0)} ms in the window ${from}–${to === Infinity ? 'end' : to} ms`);
console.log('\nself time by function:');
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${fmt(us)}  ${k}`);
console.log('\nself time by script:');
for (const [k, us] of [...byScript].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${fmt(us)}  ${k}`);
