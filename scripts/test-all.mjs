#!/usr/bin/env node
// `npm test`: every test tier, each doing its own set-up, with one closing line.
// Tiers: build, static (types, lint), unit (plain Node over core), unit-node24 (the node:sqlite engine
// under the harness's Node 24), lsp (real language server), webview (real Chromium), integration (real
// VS Code extension host via code-server). Every tier that runs tests reports passed, failed and skipped;
// the closing line adds them up. Under CI=true a skipped test or tier fails the run: CI has ../shared,
// the real MLflow and the harness, so nothing there has a reason to skip.
// Usage: node scripts/test-all.mjs [tier…]   (default: all tiers)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled, findNode24, E2E_HOME } from '../test/integration/harness/lib.mjs';
import { countsFromOutput } from './testCounts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const ci = process.env.CI === 'true';

/** Runs a command, echoing its output, and returns its exit status with the counts its closing lines give. */
function run(cmd, args, { counted = true } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let tail = '';
    const keep = (chunk) => { tail = (tail + chunk).slice(-64 * 1024); };
    child.stdout.on('data', (c) => { process.stdout.write(c); keep(c.toString()); });
    child.stderr.on('data', (c) => { process.stderr.write(c); keep(c.toString()); });
    child.on('error', (err) => resolve({ ok: false, note: `${cmd}: ${err.message}`, seconds: seconds(t0) }));
    child.on('close', (code, signal) => {
      const counts = counted ? countsFromOutput(tail) : undefined;
      const result = { ok: code === 0, seconds: seconds(t0), ...(counts ?? {}) };
      if (counted && !counts) {
        result.ok = false;
        result.note = 'its output has no closing line with counts';
      } else if (code !== 0) result.note = `exit ${code ?? signal}`;
      resolve(result);
    });
  });
}
const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);
const missing = (what) => ({ ok: false, skippedTier: true, note: `SKIPPED: ${what}` });

if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'esbuild'))) {
  console.log('== npm ci (first run)');
  if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const nodeTest = (dir) => () =>
  fs.existsSync(dir) ? run(process.execPath, ['--test', '--test-reporter=spec', dir]) : missing(`${dir} was not built`);

const tiers = {
  build: () => run(process.execPath, ['esbuild.mjs', '--tests'], { counted: false }),
  types: () => run('npx', ['tsc', '-b'], { counted: false }),
  lint: () => run('npx', ['eslint', '.'], { counted: false }),
  unit: nodeTest('out/test/unit'),
  // The SQLite store's node:sqlite engine: the SQLite tests, the three-store conformance suite and the
  // tests that need Node 24 itself (test/node24), under Node 24 (code-server's runtime), from the harness.
  'unit-node24': () => {
    if (harnessError) return missing(`the harness could not be installed into ${E2E_HOME}: ${harnessError.message}`);
    const node24 = findNode24();
    if (!node24) return missing(`no Node 24 under ${E2E_HOME} (test/integration/harness/setup.sh)`);
    for (const dir of ['out/test/unit/sqlite', 'out/test/node24']) if (!fs.existsSync(dir)) return missing(`${dir} was not built`);
    return run(node24, ['--test', '--test-reporter=spec', 'out/test/unit/sqlite/**/*.test.js', 'out/test/unit/conformance/conformance.test.js', 'out/test/node24/**/*.test.js']);
  },
  lsp: nodeTest('out/test/lsp'),
  webview: () => run(process.execPath, ['test/webview/run.mjs']),
  integration: () => run(process.execPath, ['test/integration/harness/runInCodeServer.mjs']),
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(tiers);
// The harness (Node 24, code-server, Chromium, the test shells) is installed once, before the first tier
// that needs it: the unit tier runs the real shells, unit-node24 and integration need the rest.
let harnessError;
if (wanted.some((t) => ['unit', 'unit-node24', 'webview', 'integration'].includes(t))) {
  try {
    ensureInstalled();
  } catch (err) {
    harnessError = err;
    console.error(`harness: ${err.message}`);
  }
}
const results = [];
for (const name of wanted) {
  const tier = tiers[name];
  if (!tier) {
    console.error(`unknown tier ${name}; tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== tier: ${name}`);
  const r = await tier();
  if (r.skippedTier) console.log(r.note);
  results.push({ name, ...r });
  if (name === 'build' && !r.ok) break;
}

console.log('\n== summary');
const total = { passed: 0, failed: 0, skipped: 0 };
let failedTiers = 0;
let failedWithoutCount = 0;
for (const r of results) {
  const counted = r.passed !== undefined;
  if (counted) for (const k of Object.keys(total)) total[k] += r[k];
  // Under CI a skip is a failure: everything a test could need is there.
  const ok = r.ok && !r.skippedTier && !(ci && (r.skipped ?? 0) > 0);
  if (!ok) failedTiers++;
  if (!ok && !(r.failed > 0)) failedWithoutCount++;
  const counts = counted ? `: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped` : '';
  const why = r.note ?? (ok ? '' : 'skipped tests under CI=true');
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.name}${counts}${why ? ` (${why})` : ''}${r.seconds ? ` ${r.seconds}s` : ''}`);
}
console.log(`tiers: ${results.length - failedTiers} passed, ${failedTiers} failed`);
// The closing line: tests added up over the tiers; a tier that failed without a failing test (a build
// error, a tier that could not run, a skip under CI) counts as one failure so the line never reads clean.
console.log(`total: ${total.passed} passed, ${total.failed + failedWithoutCount} failed, ${total.skipped} skipped`);
process.exit(failedTiers ? 1 : 0);
