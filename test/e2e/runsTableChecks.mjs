// Playwright check of the runs table in the real workbench (code-server): opened from an experiment's
// inline action in the Experiments pane, its grid read inside VS Code's webview frames (iframe.webview →
// #active-frame), sorted by a metric header, filtered, and a row double-clicked into its Run Details tab.
// The expected counts are read from the workspace's sample store (samples/mlruns), not written down here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../integration/harness/lib.mjs';
import { clickViewTitleAction, experimentsPane, openMlflowContainer, rowOf } from './workbench.mjs';

const EXPERIMENT = 'iris-classification';
const METRIC = 'accuracy';
const THRESHOLD = 0.9;
const FILTER = `metrics.${METRIC} > ${THRESHOLD}`;

/** A file-store run's latest value of a metric as MLflow picks it (highest step, then time, then value). */
function latestValue(runDir, metric) {
  const file = path.join(runDir, 'metrics', metric);
  if (!fs.existsSync(file)) return undefined;
  const points = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
    const [timestamp, value, step] = line.trim().split(/\s+/);
    return { timestamp: Number(timestamp), value: Number(value), step: Number(step ?? 0) };
  });
  points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value);
  return points.at(-1)?.value;
}

/** The experiment's active runs in `workspace`'s mlruns/, and how many match FILTER. */
function expectedCounts(workspace) {
  const mlruns = path.join(workspace, 'mlruns');
  const experimentDir = fs
    .readdirSync(mlruns)
    .map((entry) => path.join(mlruns, entry))
    .find((dir) => fs.existsSync(path.join(dir, 'meta.yaml')) && /^name: (.*)$/m.exec(fs.readFileSync(path.join(dir, 'meta.yaml'), 'utf8'))?.[1] === EXPERIMENT);
  assert.ok(experimentDir, `no experiment ${EXPERIMENT} in ${mlruns}`);
  const runs = fs
    .readdirSync(experimentDir)
    .map((entry) => path.join(experimentDir, entry))
    .filter((dir) => fs.existsSync(path.join(dir, 'meta.yaml')) && /^lifecycle_stage: active$/m.test(fs.readFileSync(path.join(dir, 'meta.yaml'), 'utf8')));
  const matching = runs.filter((dir) => (latestValue(dir, METRIC) ?? -Infinity) > THRESHOLD);
  return { all: runs.length, matching: matching.length };
}

/** The webview content frame (any depth) whose runs table is titled for the experiment, once its grid has rows. */
async function runsTableFrame(page) {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        const ready = await frame
          .evaluate((title) => document.querySelector('h1')?.textContent === title && document.querySelector('[role="grid"] .rt-body [role="row"]') !== null, `Runs of ${EXPERIMENT}`)
          .catch(() => false);
        if (ready) return frame;
      }
      return null;
    },
    { timeout: 60000, what: `the runs table of ${EXPERIMENT}` },
  );
}

/** Whether `selector` is rendered inside the grid's visible box (the grid draws a few columns beyond it). */
async function whollyShown(frame, selector) {
  return frame.evaluate((sel) => {
    const cell = document.querySelector(sel);
    const grid = document.querySelector('[role="grid"]');
    if (!cell || !grid) return false;
    const [c, g] = [cell.getBoundingClientRect(), grid.getBoundingClientRect()];
    return c.width > 0 && c.left >= g.left && c.right <= g.right;
  }, selector);
}

const countText = (frame) => frame.evaluate(() => document.querySelector('.count')?.textContent ?? '');

/** Checks run on the sample workspace at `workspace` (its store gives the expected counts). */
export function runsTableChecks(workspace) {
  return [
    {
      name: 'the runs table opened from an experiment sorts by a metric header, filters to the store\'s matches, and a double-clicked row opens its Run Details',
      async run(page) {
        const expected = expectedCounts(workspace);
        assert.ok(expected.matching > 0 && expected.matching < expected.all, `the filter must narrow the list: ${JSON.stringify(expected)}`);
        await openMlflowContainer(page);
        const pane = experimentsPane(page);
        await clickViewTitleAction(page, pane, 'Collapse All');
        const experiment = await rowOf(pane, EXPERIMENT);
        await experiment.locator.hover();
        await experiment.locator.locator('.action-label[aria-label="Open Runs Table"]').click();

        const table = await runsTableFrame(page);
        await waitFor(async () => (await countText(table)).startsWith(`${expected.all} runs`), { timeout: 60000, what: `"${expected.all} runs" before filtering` });

        // The metric's header may be out of view: move the focused cell right until it is wholly shown.
        const header = `.rt-head[data-column-id="metric:${METRIC}"]`;
        await table.focus('[role="grid"]');
        await page.keyboard.press('Home');
        for (let i = 0; i < 100 && !(await whollyShown(table, header)); i++) await page.keyboard.press('ArrowRight');
        assert.ok(await whollyShown(table, header), `the ${METRIC} column could not be brought into view`);
        // Its name stays readable beside the latest/min/max and direction buttons (they give way first);
        // read until the header settles, as it is drawn again while the grid scrolls.
        const nameWidth = () => table.$eval(`${header} .rt-sort`, (b) => b.getBoundingClientRect().width).catch(() => 0);
        await waitFor(async () => (await nameWidth()) >= 24, { timeout: 15000, what: `the ${METRIC} header's name to be readable beside its mode buttons` });
        await table.locator(`${header} .rt-sort`).click();
        await table.waitForSelector(`${header}[aria-sort="ascending"]`, { timeout: 30000 });

        await table.locator('.rt-filter').first().click();
        await page.keyboard.type(FILTER);
        // Checked as typed: Enter only once the whole filter is accepted.
        await table.waitForSelector('.rt-filter-error[hidden]', { state: 'attached', timeout: 30000 });
        await page.keyboard.press('Enter');
        const filtered = await waitFor(
          async () => {
            const text = await countText(table);
            return text.startsWith(`${expected.matching} runs`) ? text : null;
          },
          { timeout: 60000, what: `"${expected.matching} runs" after filtering by ${FILTER}` },
        );
        assert.match(filtered, new RegExp(`^${expected.matching} runs · \\d+ columns`));
        // Still sorted by the metric after the filter.
        assert.equal(await table.getAttribute(header, 'aria-sort'), 'ascending');

        const firstRow = '.rt-body [role="row"][aria-rowindex="2"]';
        await table.waitForSelector(`${firstRow} [data-column-id="attr:name"]:not(.rt-pending) .rt-text`, { timeout: 30000 });
        const runName = (await table.textContent(`${firstRow} [data-column-id="attr:name"] .rt-text`))?.trim();
        assert.ok(runName, 'the first row names its run');
        // The name column stays pinned while the grid is scrolled sideways.
        await table.dblclick(`${firstRow} [data-column-id="attr:name"] .rt-text`);
        const tab = page.locator('.tabs-container .tab', { hasText: runName });
        await tab.first().waitFor({ timeout: 60000 });
        const heading = await waitFor(
          async () => {
            for (const frame of page.frames()) {
              const text = await frame.$eval('h1[data-field="runName"]', (h) => h.textContent).catch(() => null);
              if (text === runName) return text;
            }
            return null;
          },
          { timeout: 60000, what: `the Run Details panel of ${runName}` },
        );
        assert.equal(heading, runName);
        await page.screenshot({ path: 'out/e2e-runs-table.png' }).catch(() => {});
      },
    },
  ];
}
