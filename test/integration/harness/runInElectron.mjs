#!/usr/bin/env node
// The integration tier in desktop VS Code through @vscode/test-electron, for machines that can download
// VS Code from update.code.visualstudio.com. (Machines that cannot, like our CI, use runInCodeServer.mjs.)
// Runs the same mocha suites (out/test/integration/index.js) on a temp copy of samples/.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, copySampleWorkspace, makeRunDir } from './lib.mjs';

const testsEntry = path.join(REPO_ROOT, 'out/test/integration/index.js');
if (!fs.existsSync(testsEntry)) {
  console.error('out/test/integration/index.js is missing: run `npm run build:tests` first');
  process.exit(1);
}

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
const runDir = makeRunDir('mlflow-lens-electron-');
const workspace = copySampleWorkspace(runDir);
const resultsFile = path.join(runDir, 'results.json');
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_VERSION || 'stable');
} catch (err) {
  console.error(
    `Could not download VS Code (${err?.message || err}).\n` +
      'This machine cannot reach update.code.visualstudio.com; run the same tests in code-server instead:\n' +
      '  node test/integration/harness/runInCodeServer.mjs',
  );
  fs.rmSync(runDir, { recursive: true, force: true });
  process.exit(2);
}
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: testsEntry,
    extensionTestsEnv: { MLFLOW_LENS_TEST_RESULTS: resultsFile, MLFLOW_TRACKING_URI: '' },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(runDir, 'user-data')}`],
  });
} catch (err) {
  console.error(`VS Code test run failed: ${err?.message || err}`);
}
const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : { passed: [], failed: [{}] };
console.log(`${results.passed.length} passed, ${results.failed.length} failed`);
fs.rmSync(runDir, { recursive: true, force: true });
process.exit(code === 0 && results.failed.length === 0 ? 0 : 1);
