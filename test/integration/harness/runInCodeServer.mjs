#!/usr/bin/env node
// The real-VS-Code tier, on code-server (VS Code's server + web workbench) driven headless by Chromium:
//  1. integration: mocha suites (out/test/integration/**/*.test.js) run INSIDE the extension host, with
//     MLflow Lens loaded in development mode on a temp copy of samples/ (extensionTestsPath contract);
//  2. e2e: Playwright checks of the real workbench (test/e2e/explorerChecks.mjs) on another copy.
// Installs the harness on first use (setup.sh). Prints "N passed, N failed, N skipped"; exit 0 only if all
// passed (and, under CI=true, none was skipped).
// Usage: node test/integration/harness/runInCodeServer.mjs [--only integration|e2e] [--files part,part] [--keep] [--timeout SEC]
//   --files: only the integration test files whose path contains one of the parts (a partial run; never in CI).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  REPO_ROOT, copySampleWorkspace, ensureInstalled, freePort, launchChromium, makeRunDir, openWorkbench,
  startCodeServer, workbenchUrl,
} from './lib.mjs';
import { runConnectionChecks } from '../../e2e/connectionChecks.mjs';
import { runExplorerChecks, welcomeChecks } from '../../e2e/explorerChecks.mjs';
import { panelChecks } from '../../e2e/panelChecks.mjs';
import { queryChecks } from '../../e2e/queryChecks.mjs';
import { filterPickerChecks } from '../../e2e/filterPickerChecks.mjs';
import { noStoreChecks, treeRowChecks } from '../../e2e/treeRowChecks.mjs';
import { artifactChecks } from '../../e2e/artifactChecks.mjs';
import { modelsChecks } from '../../e2e/modelsChecks.mjs';
import { runsTableChecks } from '../../e2e/runsTableChecks.mjs';

const opt = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const only = opt('--only', undefined);
const keep = process.argv.includes('--keep');
const onlyFiles = opt('--files', '');
const timeoutMs = Number(opt('--timeout', '300')) * 1000;
const testsEntry = path.join(REPO_ROOT, 'out/test/integration/index.js');
/** Printed by test/integration/index.ts around the mocha run; only what is between them is shown. */
const TESTS_START_MARKER = '[mlflow-lens] integration tests start';
const TESTS_END_MARKER = '[mlflow-lens] integration tests end';

for (const [file, hint] of [[testsEntry, 'npm run build:tests'], [path.join(REPO_ROOT, 'dist/extension.js'), 'npm run build']]) {
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(REPO_ROOT, file)} is missing: run \`${hint}\` first`);
    process.exit(1);
  }
}

const t0 = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
let server;
let browser;
const runDir = makeRunDir();

function sharedMlflowPath() {
  const bin = path.resolve(REPO_ROOT, '../shared/mlflow/bin');
  return fs.existsSync(path.join(bin, 'mlflow')) ? { PATH: `${bin}${path.delimiter}${process.env.PATH}` } : {};
}

async function integrationTier() {
  console.log('\n== integration: mocha inside the VS Code extension host');
  const workspace = copySampleWorkspace(runDir, 'integration-workspace');
  const resultsFile = path.join(runDir, 'integration-results.json');
  const page = await browser.newPage();
  let onExit;
  const exited = new Promise((resolve) => { onExit = resolve; });
  // During a test run VS Code forwards the window's log here, the extension host's console (the mocha
  // reporter) included; the workbench's own chatter before the tests start stays in window.log only.
  let testsStarted = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    fs.appendFileSync(path.join(runDir, 'window.log'), `[${type}] ${line}\n`);
    if (line.includes(TESTS_START_MARKER)) testsStarted = true;
    else if (line.includes(TESTS_END_MARKER)) testsStarted = false;
    else if (testsStarted) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
  await page.goto(workbenchUrl(server, {
    folder: workspace,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: testsEntry,
    // The real MLflow of ../shared first on the extension host's PATH: the launcher tests run `mlflow run`.
    extensionEnvironment: { MLFLOW_LENS_TEST_RESULTS: resultsFile, MLFLOW_LENS_TEST_FILES: onlyFiles, ...sharedMlflowPath() },
  }));
  let timer;
  const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
  clearTimeout(timer);
  await page.close().catch(() => {});
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
  if (!results) {
    failed++;
    failures.push(code === 'timeout' ? `integration: no result after ${timeoutMs / 1000} s` : `integration: the test run exited with ${code} and wrote no results`);
    return;
  }
  passed += results.passed.length;
  failed += results.failed.length;
  skipped += results.skipped?.length ?? 0;
  for (const s of results.skipped ?? []) console.log(`SKIPPED integration: ${s}`);
  for (const f of results.failed) failures.push(`integration: ${f.title}: ${f.error}`);
  if (code !== 0 && results.failed.length === 0) {
    failed++;
    failures.push(`integration: the test run exited with ${code}`);
  }
}

async function e2eTier() {
  console.log('\n== e2e: Playwright checks of the real workbench');
  const workspace = copySampleWorkspace(runDir, 'e2e-workspace');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openWorkbench(page, workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: REPO_ROOT }));
  const results = await runExplorerChecks(page);
  results.push(...(await runExplorerChecks(page, { checks: modelsChecks })));
  results.push(...(await runExplorerChecks(page, { checks: panelChecks })));
  results.push(...(await runExplorerChecks(page, { checks: queryChecks })));
  results.push(...(await runExplorerChecks(page, { checks: filterPickerChecks })));
  results.push(...(await runExplorerChecks(page, { checks: treeRowChecks })));
  results.push(...(await runExplorerChecks(page, { checks: artifactChecks(workspace) })));
  results.push(...(await runExplorerChecks(page, { checks: runsTableChecks(workspace) })));
  fs.mkdirSync(path.join(REPO_ROOT, 'out'), { recursive: true });
  await page.screenshot({ path: path.join(REPO_ROOT, 'out/e2e-explorer.png') }).catch(() => {});
  await page.close().catch(() => {});

  // Store choices and server credentials, on a workspace holding both an mlruns/ and an mlflow.db.
  results.push(...(await runConnectionChecks(browser, server, (folder) => workbenchUrl(server, { folder, extensionDevelopmentPath: REPO_ROOT }), runExplorerChecks)));

  const emptyFolder = path.join(runDir, 'empty-workspace');
  fs.mkdirSync(emptyFolder);
  const emptyPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openWorkbench(emptyPage, workbenchUrl(server, { folder: emptyFolder, extensionDevelopmentPath: REPO_ROOT }));
  results.push(...(await runExplorerChecks(emptyPage, { checks: welcomeChecks })));
  results.push(...(await runExplorerChecks(emptyPage, { checks: noStoreChecks })));
  await emptyPage.screenshot({ path: path.join(REPO_ROOT, 'out/e2e-welcome.png') }).catch(() => {});
  await emptyPage.close().catch(() => {});
  for (const r of results) {
    if (r.ok) passed++;
    else {
      failed++;
      failures.push(`e2e: ${r.name}: ${r.error}`);
    }
  }
}

let exitCode = 0;
try {
  ensureInstalled();
  server = await startCodeServer({ dir: runDir, port: await freePort() });
  browser = await launchChromium();
  if (!only || only === 'integration') await integrationTier();
  if (!only || only === 'e2e') await e2eTier();
} catch (err) {
  failed++;
  failures.push(`harness: ${err?.stack || err}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (failures.length) {
    console.log(`\nFailures:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    // Keep the workbench and server logs of a failed run where CI can pick them up.
    const logs = path.join(REPO_ROOT, 'out/test-logs');
    fs.mkdirSync(logs, { recursive: true });
    for (const name of ['window.log', 'code-server.log']) {
      if (fs.existsSync(path.join(runDir, name))) fs.copyFileSync(path.join(runDir, name), path.join(logs, name));
    }
    console.log(`logs: ${path.relative(REPO_ROOT, logs)}/`);
  }
  console.log(`\nreal VS Code tier (code-server) in ${((Date.now() - t0) / 1000).toFixed(1)} s${keep ? `; kept ${runDir}` : ''}`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (!keep) fs.rmSync(runDir, { recursive: true, force: true });
  exitCode = failed || passed === 0 || (skipped && process.env.CI === 'true') ? 1 : 0;
}
process.exit(exitCode);
