#!/usr/bin/env node
// `npm start`: install, build, and open MLflow Lens on the bundled sample workspace (samples/).
//   - desktop VS Code (`code` on PATH): opened in extension-development mode on samples/;
//   - otherwise: the code-server harness (installed on first use) is started and its URL printed;
//     it keeps running until Ctrl-C.
//   - `--check` (automatic when CI=true): opens that workbench headless in Chromium instead, checks
//     that the MLflow view lists the sample's experiments, writes out/start-check.png, exits 0/1.
// Usage: node scripts/start.mjs [--check] [--port N]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const check = process.argv.includes('--check') || process.env.CI === 'true';
const portArg = process.argv.indexOf('--port');
const samples = path.join(root, 'samples');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'esbuild'))) {
  console.log('== npm ci');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
console.log('== build');
run(process.execPath, ['esbuild.mjs']);

const hasCode = !check && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`== opening VS Code (extension development host) on ${samples}`);
  spawn('code', [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'ignore', detached: true }).unref();
  process.exit(0);
}

const lib = await import('../test/integration/harness/lib.mjs');
lib.ensureInstalled();
const runDir = lib.makeRunDir('mlflow-lens-start-');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : await lib.freePort();
const server = await lib.startCodeServer({ dir: runDir, port });
const cleanup = async () => {
  await server.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
};

if (!check) {
  const url = lib.workbenchUrl(server, { folder: samples, extensionDevelopmentPath: root });
  console.log(`\nMLflow Lens is running in VS Code (code-server) on the sample workspace. Open:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  const stop = () => void cleanup().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
} else {
  // Headless check on a copy, so the sample store stays exactly as MLflow wrote it.
  const { runExplorerChecks } = await import('../test/e2e/explorerChecks.mjs');
  const workspace = lib.copySampleWorkspace(runDir);
  const shot = path.join(root, 'out', 'start-check.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  let ok = false;
  let browser;
  try {
    browser = await lib.launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await lib.openWorkbench(page, lib.workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
    console.log('== start check: MLflow view on the sample workspace');
    const results = await runExplorerChecks(page);
    await page.screenshot({ path: shot });
    ok = results.every((r) => r.ok);
    console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed; screenshot: ${path.relative(root, shot)}`);
  } catch (err) {
    console.error(`start check failed: ${err?.stack || err}`);
  } finally {
    await browser?.close().catch(() => {});
    await cleanup();
  }
  process.exit(ok ? 0 : 1);
}
