// Playwright checks of the panels in the real workbench (code-server), run after explorerChecks on
// the same page: a metric chart and a run panel opened from the Experiments tree, their content
// read from inside the webview frames (the real bundle behind VS Code's own webview host and CSP).
import assert from 'node:assert/strict';
import { waitFor } from '../integration/harness/lib.mjs';
import { HOSTILE_EXPERIMENT_ROW, HOSTILE_FOLDER } from './explorerChecks.mjs';
import { clickViewTitleAction, experimentLabels, experimentsPane, expandRow, paneRow, paneRowContaining } from './workbench.mjs';

const row = (page, label) => paneRow(experimentsPane(page), label);
const expand = (page, label, child) => expandRow(experimentsPane(page), label, child);

/** Collapse All in the Experiments view title, then waits until `gone` is no longer listed. */
async function collapseAll(page, gone) {
  await clickViewTitleAction(page, experimentsPane(page), 'Collapse All');
  await waitFor(async () => !(await experimentLabels(page)).includes(gone), { timeout: 30000, what: 'the tree to collapse' });
}

/** Clicks the inline action `title` of a tree row (shown on hover). */
async function inlineAction(page, label, title) {
  const target = row(page, label);
  await target.hover();
  await target.locator(`.action-label[aria-label=${JSON.stringify(title)}]`).click();
}

/** The webview frame (any depth) holding `selector`, once it appears. */
async function webviewElement(page, selector, what) {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        const handle = await frame.$(selector).catch(() => null);
        if (handle) return handle;
      }
      return null;
    },
    { timeout: 60000, what },
  );
}

/** The odd-name run of the sample store (samples/README.md), in the odd-name experiment. */
const HOSTILE_RUN = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
const rowContaining = (page, part) => paneRowContaining(experimentsPane(page), part);

/**
 * Records `securitypolicyviolation` events in every frame created from now on (for the rest of the
 * page's life), into `window.__lensCspViolations`. VS Code writes a webview's HTML into its content
 * frame with `document.open()`/`write()`, and `document.open()` drops the listeners of the document
 * and its window (a listener added when the frame was created never fires); so `open` is wrapped, in
 * the frame's own realm, to listen again before the HTML is parsed, ahead of any script of the panel.
 */
async function collectCspViolationsInNewFrames(page) {
  await page.addInitScript(() => {
    const listen = () => {
      window.__lensCspViolations ??= [];
      window.addEventListener('securitypolicyviolation', (e) => window.__lensCspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`), true);
    };
    const open = Document.prototype.open;
    Document.prototype.open = function (...args) {
      const result = open.apply(this, args);
      listen();
      return result;
    };
    listen();
  });
}

/** The webview content frame holding `selector` whose text is `text`, once it appears. */
async function webviewFrameWith(page, selector, text, what) {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        const found = await frame.$$eval(selector, (els, t) => els.some((e) => e.textContent === t), text).catch(() => false);
        if (found) return frame;
      }
      return null;
    },
    { timeout: 60000, what },
  );
}

export const panelChecks = [
  {
    name: 'Chart Metric on train/loss opens a chart panel drawing the 100,000 steps within the point budget',
    async run(page) {
      // The explorer checks left iris-classification open; collapse so the rows below are rendered.
      await collapseAll(page, 'hyperparam-search');
      await expand(page, 'long-training', 'resnet50-full-training');
      await expand(page, 'resnet50-full-training', 'Metrics');
      await expand(page, 'Metrics', 'train/loss');
      await inlineAction(page, 'train/loss', 'Chart Metric');
      const card = await webviewElement(page, 'figure[data-metric-key="train/loss"][data-renders]', 'the train/loss chart');
      const points = Number(await card.getAttribute('data-points'));
      assert.equal(await card.getAttribute('data-series'), '1');
      assert.ok(points > 0 && points <= 1000, `${points} points drawn`);
      const caption = await card.$eval('figcaption', (c) => c.textContent);
      assert.match(caption, /of 100,000 \(downsampled/);
      const tab = page.locator('.tabs-container .tab', { hasText: 'Chart: train/loss' });
      assert.equal(await tab.count(), 1, 'one editor tab titled after the metric');
      await page.screenshot({ path: 'out/e2e-chart.png' }).catch(() => {});
    },
  },
  {
    name: 'Open Run Details on the run opens its panel with overview and metric summaries',
    async run(page) {
      await inlineAction(page, 'resnet50-full-training', 'Open Run Details');
      const title = await webviewElement(page, 'h1[data-field="runName"]', 'the run panel heading');
      assert.equal(await title.textContent(), 'resnet50-full-training');
      const metricRow = await webviewElement(page, '[data-table="metrics"] tbody tr', 'the metrics table');
      const cells = await metricRow.evaluate((tr) =>
        [...tr.closest('tbody').querySelectorAll('tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
      );
      const loss = cells.find((c) => c[0] === 'train/loss');
      assert.ok(loss, JSON.stringify(cells));
      assert.equal(loss[4], '100000', `step count of train/loss: ${JSON.stringify(loss)}`);
    },
  },
  {
    name: 'the hostile run\'s panel and chart show its names as text, with no CSP violation inside the real webview frames',
    async run(page) {
      const consoleReports = [];
      const onConsole = (message) => {
        if (/Content Security Policy/i.test(message.text())) consoleReports.push(`${message.location()?.url ?? ''}: ${message.text()}`);
      };
      page.on('console', onConsole);
      try {
        await collectCspViolationsInNewFrames(page);
        await collapseAll(page, 'resnet50-full-training');
        // The hostile name holds a "/": its folder first, then the experiment with the rest of the name.
        await expand(page, HOSTILE_FOLDER, HOSTILE_EXPERIMENT_ROW);
        await expand(page, HOSTILE_EXPERIMENT_ROW, HOSTILE_RUN);
        const run = rowContaining(page, 'run with spaces');
        await run.hover();
        await run.locator('.action-label[aria-label="Open Run Details"]').click();

        const details = await webviewFrameWith(page, 'h1[data-field="runName"]', HOSTILE_RUN, 'the hostile run panel');
        const shown = await details.evaluate(() => ({
          body: document.body.textContent,
          made: document.querySelectorAll('b, img, iframe, object, embed').length,
          scripts: [...document.scripts].filter((script) => script.textContent.includes('alert(')).length,
        }));
        assert.equal(shown.made, 0, 'no element was made from the names');
        assert.equal(shown.scripts, 0, 'no script element was made from the names');
        assert.ok(shown.body.includes('Adam "beta1=0.9" <b>bold</b>'), 'the param value as text');
        assert.ok(shown.body.includes('<script>alert(1)</script>'), 'the experiment name as text');
        // Re-render the tables (sort, show a long value) while the collector listens.
        await details.click('[data-table="parameters"] th:first-child button');
        await details.click('[data-table="parameters"] button.link:has-text("Show all")');
        await details.waitForSelector('[data-table="parameters"] button.link[aria-expanded="true"]');
        // Read now: the chart opens in the same editor group, and VS Code drops a hidden panel's frame.
        const noViolations = async (frame, what) => {
          const violations = await frame.evaluate(() => window.__lensCspViolations);
          assert.ok(Array.isArray(violations), `the ${what} frame has the violation collector`);
          assert.deepEqual(violations, [], `CSP violations in the ${what}`);
        };
        await noViolations(details, 'run panel');
        await details.click('[data-table="metrics"] button.link:text-is("learning rate")');

        const chart = await webviewFrameWith(page, '.legend .run-name', HOSTILE_RUN, 'the chart of the hostile run');
        await chart.waitForSelector('figure[data-metric-key="learning rate"][data-renders]', { timeout: 60000 });
        assert.equal(await chart.evaluate(() => document.querySelectorAll('b, img, iframe, object, embed').length), 0);
        await chart.click('.legend .toggle');
        await chart.waitForSelector('figure[data-metric-key="learning rate"][data-series="0"]');
        await noViolations(chart, 'chart');
        assert.deepEqual(consoleReports, [], 'CSP reports on the console');

        // Both collectors do see a violation in these frames (so "none" above means something): an
        // inline style attribute, as a toolkit template might set.
        await chart.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
        await waitFor(async () => (await chart.evaluate(() => window.__lensCspViolations.length)) > 0, { timeout: 10000, what: 'the provoked violation' });
        assert.match((await chart.evaluate(() => window.__lensCspViolations))[0], /^style-src/);
        await waitFor(() => consoleReports.length > 0, { timeout: 10000, what: 'the provoked violation on the console' });
      } finally {
        page.off('console', onConsole);
      }
    },
  },
  {
    name: 'Compare Runs on two runs selected in the tree opens a comparison with both runs',
    async run(page) {
      await collapseAll(page, HOSTILE_RUN);
      await expand(page, 'status-zoo', 'failed-run');
      await row(page, 'failed-run').click();
      await row(page, 'finished-run').click({ modifiers: ['ControlOrMeta'] });
      await row(page, 'finished-run').click({ button: 'right' });
      const menuItem = page.locator('.context-view .action-label', { hasText: 'Compare Runs' }).first();
      await menuItem.waitFor({ timeout: 30000 });
      await menuItem.hover();
      await menuItem.click();
      // A click that lands while the menu is still being laid out is dropped and leaves the menu
      // open; the hovered item has keyboard focus, so Enter then runs it.
      const menu = page.locator('.context-view .monaco-menu');
      if (!(await menu.waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false))) {
        await menuItem.hover();
        await page.keyboard.press('Enter');
      }
      // The run panel opened before also has a parameters table: ask for the comparison's own.
      const table = await webviewElement(page, '.compare-table[data-table="parameters"]', 'the comparison table');
      const runs = await table.$$eval('thead th button', (buttons) => buttons.map((b) => b.textContent).sort());
      assert.deepEqual(runs, ['failed-run', 'finished-run']);
    },
  },
];
