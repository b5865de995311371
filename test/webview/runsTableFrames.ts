// Bench entry (runs-table-*): the runs table in the real Chromium of the webview tier, over a store
// read through the real session (test/webview/runsTableHost.ts answers the bundle's row requests as
// the panel does). Prints JSON for test/bench/cases/runsTable.mjs:
//  - firstRowsMs: state pushed (the runs have arrived on the host) → first rows' cells painted;
//  - vertical / horizontal: frame times (requestAnimationFrame deltas) and long tasks while the grid
//    is scrolled to the last row and panned to the last column, one step per frame;
//  - chooser: per keystroke in the column chooser's search, keydown → the frame after the list changed;
//  - heap: the page's JS heap (CDP Performance.getMetrics) after all of that.
// Usage: node out/bench/runsTableFrames.cjs <mlruns dir> <experiment id,…|all> <chooser query>
import path from 'node:path';
import { chromium } from 'playwright-core';
import { FileStore } from '../../src/core/store/file/fileStore';
import { RunsTableSession } from '../../src/panels/runsTableState';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromiumArgs';
import { repoRoot } from './fixtureData';
import { startHarnessServer } from './harnessServer';
import { TableHost } from './runsTableHost';
import { WebviewPage } from './webviewPage';

interface FrameStats {
  frames: number;
  maxFrameMs: number;
  p95FrameMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** aria-rowindex / aria-colindex of the last row / column painted with its cells at the end. */
  reached: number;
  pendingAtEnd: number;
}

async function main(): Promise<void> {
  const [root, experiments, query] = process.argv.slice(2);
  if (!root || !experiments || query === undefined) throw new Error('usage: runsTableFrames.cjs <mlruns dir> <experiment ids|all> <chooser query>');
  const store = new FileStore(path.resolve(root), { workerScript: false });
  const server = await startHarnessServer(path.join(repoRoot, 'dist', 'webviews'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const ids = experiments === 'all' ? (await store.searchExperiments({ maxResults: 1000 })).items.map((e) => e.experiment_id).filter((id) => id !== '0') : experiments.split(',');
    const loadStarted = performance.now();
    const session = new RunsTableSession(ids, { pageSize: 1000 });
    await session.load(store);
    const loadMs = performance.now() - loadStarted;
    const host = new TableHost(session, store);
    const view = await WebviewPage.open(browser, server, 'runsTable', host.responder);
    const page = view.page;
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });

    const state = session.state();
    const t0 = performance.now();
    await view.pushState(state);
    await page.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"] [role="gridcell"]:not(.rt-pending)');
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const firstRowsMs = performance.now() - t0;
    const firstRowName = await page.evaluate(() => document.querySelector('.rt-body [role="row"][aria-rowindex="2"] [data-column-id="attr:name"] .rt-text')?.textContent ?? '');

    const vertical = await sweep(page, 'vertical');
    const horizontal = await sweep(page, 'horizontal');
    const chooser = await typeInChooser(page, query);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    process.stdout.write(
      JSON.stringify({
        runCount: state.runCount,
        rowCount: state.rowCount,
        columnCount: state.columns.length,
        expectedFirstRowName: session.runName(session.rows({ version: state.version, start: 0, count: 1, columnIds: [] }).rows[0]?.id ?? '') ?? '',
        firstRowName,
        loadMs,
        firstRowsMs,
        vertical,
        horizontal,
        chooser,
        heapUsedMb: metric('JSHeapUsedSize') / 2 ** 20,
        heapTotalMb: metric('JSHeapTotalSize') / 2 ** 20,
        domNodes: metric('Nodes'),
        incidents: await view.incidents(),
      }),
    );
  } finally {
    await browser.close();
    await server.close();
    store.dispose();
  }
}

/** Scrolls (or pans) the grid to its end one step per frame, recording frame deltas and long tasks. */
function sweep(page: import('playwright-core').Page, direction: 'vertical' | 'horizontal'): Promise<FrameStats> {
  return page.evaluate(async (dir) => {
    const w = window as unknown as { __longTasks: number[] };
    const scroller = document.querySelector('.rt-scroller') as HTMLElement;
    const horizontal = dir === 'horizontal';
    scroller.scrollTop = 0;
    scroller.scrollLeft = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    w.__longTasks.length = 0;
    const end = horizontal ? scroller.scrollWidth - scroller.clientWidth : scroller.scrollHeight - scroller.clientHeight;
    // About 200 frames to the end, but never a jump past what one frame could show twice over.
    const step = Math.max(horizontal ? 600 : 400, Math.ceil(end / 200));
    const deltas: number[] = [];
    let last = performance.now();
    await new Promise<void>((resolve) => {
      const tick = (now: number) => {
        deltas.push(now - last);
        last = now;
        const at = horizontal ? scroller.scrollLeft : scroller.scrollTop;
        if (at >= end - 1) return resolve();
        if (horizontal) scroller.scrollLeft = Math.min(end, at + step);
        else scroller.scrollTop = Math.min(end, at + step);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // Let the grid answer the last scroll (its handler renders on the next frames), then let the last
    // slice arrive and paint; the frames above are what a user scrolling sees.
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
    const deadline = performance.now() + 10_000;
    const pending = () => document.querySelectorAll('.rt-body .rt-pending').length;
    while (pending() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const sorted = deltas.slice(1).sort((a, b) => a - b);
    const indexAttr = horizontal ? 'aria-colindex' : 'aria-rowindex';
    const items = horizontal ? [...document.querySelectorAll('.rt-body [role="row"]:last-child [role="gridcell"]')] : [...document.querySelectorAll('.rt-body [role="row"]')];
    return {
      frames: sorted.length,
      maxFrameMs: sorted[sorted.length - 1] ?? 0,
      p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      longTasks: w.__longTasks.length,
      longestTaskMs: Math.max(0, ...w.__longTasks),
      reached: Math.max(0, ...items.map((e) => Number(e.getAttribute(indexAttr)))),
      pendingAtEnd: pending(),
    };
  }, direction);
}

/** Types `query` into the column chooser one key at a time: keydown → the frame after the list is rebuilt. */
async function typeInChooser(page: import('playwright-core').Page, query: string): Promise<{ keystrokes: number; maxKeystrokeMs: number; matches: string }> {
  await page.getByRole('button', { name: 'Columns…' }).click();
  await page.locator('.rt-chooser-search').click();
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[] };
    w.__keys = [];
    document.addEventListener(
      'keydown',
      () => {
        const t0 = performance.now();
        requestAnimationFrame(() => setTimeout(() => w.__keys.push(performance.now() - t0), 0));
      },
      true,
    );
  });
  for (let i = 0; i < query.length; i++) {
    const key = query[i] as string;
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await page.waitForFunction((n) => (window as unknown as { __keys: number[] }).__keys.length >= n, i + 1);
  }
  const keys = await page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
  const matches = (await page.textContent('.rt-chooser .note')) ?? '';
  return { keystrokes: keys.length, maxKeystrokeMs: Math.max(...keys), matches };
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
