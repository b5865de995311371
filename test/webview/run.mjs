#!/usr/bin/env node
// The webview tier: builds the webview bundles (if needed) and this tier's test bundle, makes sure
// Debian's Chromium is installed, then runs every test in test/webview/*.test.ts.
// Usage: node test/webview/run.mjs [name filter]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return true;
  console.log(`${CHROMIUM} is missing: installing Debian's chromium`);
  const asRoot = process.getuid?.() === 0;
  const apt = spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? ['install', '-y', 'chromium'] : ['-n', 'apt-get', 'install', '-y', 'chromium'], { stdio: 'inherit' });
  if (apt.status !== 0 && fs.existsSync('test/integration/harness/setup.sh')) {
    spawnSync('bash', ['test/integration/harness/setup.sh'], { stdio: 'inherit' });
  }
  return fs.existsSync(CHROMIUM);
}

const bundles = fs.readdirSync('webviews', { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join('webviews', e.name, 'main.ts')));
const missing = bundles.filter((e) => !fs.existsSync(path.join('dist', 'webviews', `${e.name}.js`)));
if (missing.length > 0) {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const outfile = path.join('out', 'test', 'webview', 'main.cjs');
await esbuild.build({
  entryPoints: ['test/webview/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});

if (!ensureChromium()) {
  console.log(`webview tier: 0 passed, 1 failed, 0 skipped (no Chromium at ${CHROMIUM} and it could not be installed)`);
  process.exit(1);
}

const { main } = createRequire(import.meta.url)(path.resolve(outfile));
process.exitCode = await main(CHROMIUM, process.argv[2]);
