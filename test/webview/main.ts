/**
 * Entry of the Chromium tier (bundled and started by run.mjs): host-side contract tests in Node,
 * then every webview bundle in a real Chromium behind the real CSP. Prints `N passed, N failed, N skipped`;
 * exits 1 on a failure or when no test ran.
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useBrowser } from './browser';
import { CHROMIUM_ARGS } from './chromiumArgs';
import { disposeFixtureStores, repoRoot } from './fixtureData';
import { startHarnessServer } from './harnessServer';
import { runRegistered } from './testing';
import './hostGuard.test';
import './runDetails.test';
import './metrics.test';
import './liveFeed.test';
import './compareRuns.test';
import './toolkit.test';
import './launch.test';
import './runsTable.test';
import './parallelCoords.test';
import './htmlArtifact.test';
import './tryIt.test';

export async function main(executablePath: string, filter?: string): Promise<number> {
  const server = await startHarnessServer(path.join(repoRoot, 'dist', 'webviews'));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  useBrowser(browser, server);
  try {
    const report = await runRegistered(filter);
    console.log(`webview tier: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
    // A tier that ran nothing (a filter matching no test, a registry left empty) proves nothing.
    if (report.passed + report.failed === 0) console.log('webview tier: no test ran');
    return report.failed === 0 && report.passed > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
    disposeFixtureStores();
  }
}
