// Bench entry (parallel-coords-*): the runs table's parallel coordinates in the real Chromium of the
// webview tier, over one experiment of a store read through the real session (runsTableHost.ts
// answers the bundle's requests as the panel does), with 5 param + 5 metric axes. A brush is dragged
// with the real mouse down an axis and back (one mouse move after another, as fast as Chromium takes
// them); frame times (requestAnimationFrame deltas) and long tasks are recorded meanwhile. Prints JSON
// for test/bench/cases/parallelCoords.mjs. Usage: node out/bench/parallelFrames.cjs <mlruns dir> <experiment id>
import path from 'node:path';
import { chromium } from 'playwright-core';
import { FileStore } from '../../src/core/store/file/fileStore';
import { RunsTableSession } from '../../src/panels/runsTableState';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromiumArgs';
import { chooseOption } from './controls';
import { repoRoot } from './fixtureData';
import { startHarnessServer } from './harnessServer';
import { TableHost } from './runsTableHost';
import { WebviewPage } from './webviewPage';

const AXES_PER_KIND = 5;
const MOVES = 120;

async function main(): Promise<void> {
  const [root, experiment] = process.argv.slice(2);
  if (!root || !experiment) throw new Error('usage: parallelFrames.cjs <mlruns dir> <experiment id>');
  const store = new FileStore(path.resolve(root), { workerScript: false });
  const server = await startHarnessServer(path.join(repoRoot, 'dist', 'webviews'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const session = new RunsTableSession([experiment], { pageSize: 1000 });
    await session.load(store);
    const host = new TableHost(session, store);
    const view = await WebviewPage.open(browser, server, 'runsTable', host.responder);
    const page = view.page;
    await view.pushState(session.state());
    await page.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"] [role="gridcell"]:not(.rt-pending)');
    await page.getByRole('button', { name: 'Parallel coordinates', exact: true }).click();
    await page.waitForSelector('.pc-card[data-runs]');

    // Ten axes: the first five param and five metric columns.
    const columns = session.state().columns;
    const wanted = [...columns.filter((c) => c.kind === 'param').slice(0, AXES_PER_KIND), ...columns.filter((c) => c.kind === 'metric').slice(0, AXES_PER_KIND)].map((c) => c.id);
    const shownAxes = async () => JSON.parse((await page.getAttribute('.pc-card', 'data-axes')) ?? '[]') as string[];
    for (const id of wanted) {
      if ((await shownAxes()).includes(id)) continue;
      await chooseOption(page.locator('.pc-card'), 'Add axis', id);
      await page.waitForFunction((axis) => document.querySelector('.pc-card')?.getAttribute('data-axes')?.includes(JSON.stringify(axis)), id);
    }
    const axes = await shownAxes();
    const runs = Number(await page.getAttribute('.pc-card', 'data-runs'));

    // The brushed axis: the first metric; the drag goes from its top to near its bottom and back to the middle.
    const brushed = wanted[AXES_PER_KIND] as string;
    const g = await page.evaluate((id) => {
      const plot = document.querySelector('.pc-plot') as HTMLElement;
      plot.scrollIntoView({ block: 'center' });
      const p = plot.getBoundingClientRect();
      const head = document.querySelector(`.pc-head[data-axis-id="${CSS.escape(id)}"]`) as HTMLElement;
      return { x: p.left + Number(head.getAttribute('data-x')), top: p.top + 10, bottom: p.top + p.height - 34 };
    }, brushed);
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __longTasks: number[]; __recording: boolean };
      w.__frames = [];
      w.__longTasks = [];
      w.__recording = true;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const tick = (now: number) => {
        w.__frames.push(now - last);
        last = now;
        if (w.__recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const t0 = performance.now();
    await page.mouse.move(g.x, g.top - 4);
    await page.mouse.down();
    const low = g.bottom - 0.1 * (g.bottom - g.top);
    const middle = (g.top + g.bottom) / 2;
    for (let i = 1; i <= MOVES; i++) {
      const y = i <= MOVES / 2 ? g.top + ((low - g.top) * i) / (MOVES / 2) : low + ((middle - low) * (i - MOVES / 2)) / (MOVES / 2);
      await page.mouse.move(g.x, y);
    }
    await page.mouse.up();
    const dragMs = performance.now() - t0;
    await page.waitForFunction(() => document.querySelector('.pc-card')?.getAttribute('data-kept') !== document.querySelector('.pc-card')?.getAttribute('data-runs'));
    const frames = await page.evaluate(async () => {
      const w = window as unknown as { __frames: number[]; __longTasks: number[]; __recording: boolean };
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      w.__recording = false;
      return { deltas: w.__frames.slice(1), longTasks: w.__longTasks };
    });
    const sorted = [...frames.deltas].sort((a, b) => a - b);
    const kept = Number(await page.getAttribute('.pc-card', 'data-kept'));
    const selection = (await page.textContent('.rt-selection')) ?? '';
    process.stdout.write(
      JSON.stringify({
        runs,
        axes,
        wantedAxes: wanted,
        moves: MOVES,
        dragMs,
        frames: sorted.length,
        maxFrameMs: sorted[sorted.length - 1] ?? 0,
        p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
        medianFrameMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
        longTasks: frames.longTasks.length,
        longestTaskMs: Math.max(0, ...frames.longTasks),
        kept,
        selection,
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
