// Playwright checks of how Experiments rows look in the real workbench (code-server): run counts, no
// chevron on an empty experiment, the tooltip a hover resolves, deleted rows drawn faded, and (without
// a store) no Filter / Sort / Show Deleted in the view title or the command palette.
import assert from 'node:assert/strict';
import { waitFor } from '../integration/harness/lib.mjs';
import { clickViewTitleAction, experimentLabels, experimentsPane, paneRow, titleAction, waitForTitleAction } from './workbench.mjs';

const row = (page, label) => paneRow(experimentsPane(page), label);
const labelColour = (page, label) => row(page, label).locator('.label-name').first().evaluate((e) => getComputedStyle(e).color);

/** The command palette's rows for `query` once it has filtered (none: "No matching commands"). */
async function paletteLabels(page, query) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(query);
  const widget = page.locator('.quick-input-widget');
  const rows = widget.locator('.quick-input-list .monaco-list-row .label-name');
  const labels = await waitFor(async () => {
    const texts = (await rows.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    if (texts.length) return texts;
    return /No matching commands/.test(await widget.innerText().catch(() => '')) ? ['(none)'] : null;
  }, { timeout: 15000, what: `the palette rows for ${query}` });
  await page.keyboard.press('Escape');
  return labels;
}

/** On the sample workspace, after the other checks (no filter left, store open). */
export const treeRowChecks = [
  {
    name: 'experiment rows show their run counts; the empty experiment has no chevron',
    async run(page) {
      await page.keyboard.press('Escape');
      const iris = await waitFor(async () => {
        const text = await row(page, 'iris-classification').locator('.label-description').innerText().catch(() => '');
        return /runs/.test(text) ? text : null;
      }, { timeout: 30000, what: 'the run count of iris-classification' });
      assert.match(iris, /^9 runs/);
      const empty = row(page, 'empty experiment (no runs)');
      assert.equal((await empty.locator('.label-description').innerText()).trim(), 'no runs');
      assert.equal(await empty.locator('.monaco-tl-twistie.collapsible').count(), 0, 'the empty experiment still has a chevron');
      assert.equal(await row(page, 'status-zoo').locator('.monaco-tl-twistie.collapsible').count(), 1);
    },
  },
  {
    name: "hovering an experiment shows its tooltip, asked for on hover: the description's Markdown rendered, its HTML not",
    async run(page) {
      await page.keyboard.press('Escape');
      await row(page, 'iris-classification').locator('.label-name').first().hover();
      const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').filter({ hasText: 'in markdown' }).first();
      await hover.waitFor({ timeout: 15000 });
      assert.equal(await hover.locator('strong', { hasText: 'description' }).count() > 0, true, 'the bold word is rendered as Markdown');
      assert.match(await hover.innerText(), /Iris/);
      assert.equal(await hover.locator('i').count(), 0, "the description's <i> is drawn as HTML");
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'with Show Deleted, the deleted experiment is drawn faded and says "deleted"',
    async run(page) {
      await clickViewTitleAction(page, experimentsPane(page), 'Show Deleted Experiments and Runs');
      try {
        await waitFor(async () => (await experimentLabels(page)).includes('to-be-deleted'), { timeout: 30000, what: 'the deleted experiment' });
        const description = await waitFor(async () => {
          const text = await row(page, 'to-be-deleted').locator('.label-description').innerText().catch(() => '');
          return /deleted/.test(text) ? text : null;
        }, { timeout: 30000, what: 'the description of to-be-deleted' });
        assert.match(description, /deleted$/);
        // The decoration greys the label: its colour differs from a live experiment's.
        const faded = await waitFor(async () => {
          const [deleted, live] = [await labelColour(page, 'to-be-deleted'), await labelColour(page, 'status-zoo')];
          return deleted !== live ? { deleted, live } : null;
        }, { timeout: 15000, what: 'the faded colour of to-be-deleted' });
        assert.notEqual(faded.deleted, faded.live);
      } finally {
        await clickViewTitleAction(page, experimentsPane(page), 'Hide Deleted Experiments and Runs');
      }
      await waitFor(async () => !(await experimentLabels(page)).includes('to-be-deleted'), { timeout: 30000, what: 'the deleted experiment to go' });
    },
  },
];

/** On a workspace without a store, after the welcome check. */
export const noStoreChecks = [
  {
    name: 'without a store the view title and the palette offer no Filter, Sort or Show Deleted',
    async run(page) {
      const pane = experimentsPane(page);
      await pane.locator('.welcome-view-content').waitFor({ timeout: 60000 });
      // The view title has its actions (Refresh), just not the ones below.
      await waitForTitleAction(pane, 'Refresh');
      for (const label of ['Filter Runs…', 'Sort Runs…', 'Show Deleted Experiments and Runs', 'Hide Deleted Experiments and Runs']) {
        assert.equal(await titleAction(pane, label).count(), 0, `${label} is offered`);
      }
      // The palette lists MLflow's commands (so an absence below means something)…
      const control = await paletteLabels(page, '>MLflow: Choose Tracking Store');
      assert.ok(control.includes('MLflow: Choose Tracking Store…'), control.join(' | '));
      // …but not these.
      for (const title of ['Filter Runs…', 'Sort Runs…', 'Show Deleted Experiments and Runs']) {
        const listed = await paletteLabels(page, `>MLflow: ${title}`);
        assert.ok(!listed.includes(`MLflow: ${title}`), `MLflow: ${title} is in the palette: ${listed.join(' | ')}`);
      }
    },
  },
];
