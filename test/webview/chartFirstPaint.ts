// Bench entry (chart-first-paint-*): time from a chart request to the first painted frame. A
// Chromium page with the real metrics bundle is opened first (as the panel would be); then the
// clock starts, the host's loadMetricChart reads and downsamples the history from the store, the
// state goes to the page as JSON, and the clock stops when Chart.js has rendered and the browser
// has produced the next animation frame. Prints JSON for test/bench/cases/metricChart.mjs.
// Usage: node out/bench/chartFirstPaint.cjs <tracking uri> <run name> <metric key> <point budget>
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openStore } from '../../src/core/store/openStore';
import { loadMetricChart } from '../../src/panels/metricChartState';
import { findRun, repoRoot } from './fixtureData';
import { startHarnessServer } from './harnessServer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromiumArgs';
import { WebviewPage } from './webviewPage';

async function main(): Promise<void> {
  const [uri, runName, key, budget] = process.argv.slice(2);
  if (!uri || !runName || !key || !budget) throw new Error('usage: chartFirstPaint.cjs <tracking uri> <run name> <metric key> <point budget>');
  const store = openStore(uri, { workerScript: false });
  const server = await startHarnessServer(path.join(repoRoot, 'dist', 'webviews'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const runId = (await findRun(store, runName)).info.run_id;
    const view = await WebviewPage.open(browser, server, 'metrics');
    const t0 = performance.now();
    const state = await loadMetricChart(store, { runIds: [runId], metricKeys: [key] }, Number(budget));
    const t1 = performance.now();
    await view.pushState(state);
    const card = await view.page.waitForSelector(`figure[data-metric-key=${JSON.stringify(key)}][data-renders]`);
    await view.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    const t2 = performance.now();
    const series = state.series[0];
    process.stdout.write(
      JSON.stringify({
        totalMs: t2 - t0,
        loadMs: t1 - t0,
        postAndPaintMs: t2 - t1,
        totalPoints: series?.totalPoints ?? 0,
        drawnPoints: Number(await card.getAttribute('data-points')),
        problems: state.problems,
        incidents: await view.incidents(),
      }),
    );
  } finally {
    await browser.close();
    await server.close();
    store.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
