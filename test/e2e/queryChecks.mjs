// Playwright checks of Filter Runs in the real workbench (code-server), run after the panel checks on
// the same page (status-zoo is expanded there): the view-title action, the input box's inline
// validation, the query shown above the tree, and the Clear Filter action that replaces the Filter icon.
import assert from 'node:assert/strict';
import { waitFor } from '../integration/harness/lib.mjs';
import { clickViewTitleAction, experimentLabels, experimentsPane, titleAction, waitForTitleAction } from './workbench.mjs';

const clickTitleAction = (page, label) => clickViewTitleAction(page, experimentsPane(page), label);
/** Whether `text` is visible in the Experiments pane (in its header's description or the message line above the tree). */
async function shownInExperiments(page, text) {
  for (const match of await experimentsPane(page).getByText(text).all()) {
    if (await match.isVisible().catch(() => false)) return true;
  }
  return false;
}

export const queryChecks = [
  {
    name: 'Filter Runs from the view title: invalid text is flagged inline, a valid filter narrows the runs and shows above the tree',
    async run(page) {
      // A menu or quick input left open by an earlier check would swallow the click.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await waitFor(async () => (await experimentLabels(page)).includes('failed-run'), { timeout: 30000, what: 'the runs of status-zoo' });
      await clickTitleAction(page, 'Filter Runs…');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: 15000 });
      await input.fill('params.C = 1.0');
      const message = await waitFor(async () => {
        const text = await page.locator('.quick-input-widget .quick-input-message').innerText().catch(() => '');
        return /Column \d+/.test(text) ? text : null;
      }, { timeout: 15000, what: 'the inline validation message' });
      assert.match(message, /quoted string/i);
      await input.fill("attributes.status = 'FAILED'");
      await waitFor(async () => !/Column \d+/.test(await page.locator('.quick-input-widget .quick-input-message').innerText().catch(() => '')), {
        timeout: 15000,
        what: 'the validation message to clear',
      });
      await input.press('Enter');
      const labels = await waitFor(async () => {
        const l = await experimentLabels(page);
        return l.includes('failed-run') && !l.includes('finished-run') ? l : null;
      }, { timeout: 30000, what: 'only failed-run under status-zoo' });
      assert.ok(!labels.includes('killed-run'), labels.join(' | '));
      await waitFor(() => shownInExperiments(page, "filter: attributes.status = 'FAILED'"), { timeout: 15000, what: 'the filter above the tree' });
    },
  },
  {
    name: 'the Clear Run Filter action replaces the Filter icon and restores every run',
    async run(page) {
      await clickTitleAction(page, 'Clear Run Filter');
      await waitFor(async () => {
        const l = await experimentLabels(page);
        return ['failed-run', 'finished-run', 'killed-run'].every((r) => l.includes(r)) ? l : null;
      }, { timeout: 30000, what: 'all runs of status-zoo again' });
      await waitFor(async () => !(await shownInExperiments(page, 'filter:')), { timeout: 15000, what: 'the description to clear' });
      await waitForTitleAction(experimentsPane(page), 'Filter Runs…');
      assert.equal(await titleAction(experimentsPane(page), 'Clear Run Filter').count(), 0);
    },
  },
  {
    name: 'Sort Runs offers attributes and the logged metrics; sorting by loss ascending reorders the runs and shows above the tree',
    async run(page) {
      await clickTitleAction(page, 'Sort Runs…');
      const options = await waitFor(async () => {
        const labels = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
        return labels.some((l) => l.trim() === 'loss') ? labels.map((l) => l.trim()) : null;
      }, { timeout: 30000, what: 'the metric keys in the Sort quick pick' });
      for (const expected of ['Default order', 'Start time', 'Run name', 'Status', 'End time']) assert.ok(options.includes(expected), options.join(' | '));
      await page.locator('.quick-input-widget input.input').fill('loss');
      await waitFor(async () => (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').count()) > 0, { what: 'the filtered pick' });
      const pickRow = (label) =>
        page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) }).first();
      await pickRow('loss').click();
      await pickRow('Ascending').click();
      await waitFor(() => shownInExperiments(page, 'sort: metrics.loss ↑'), { timeout: 15000, what: 'the sort above the tree' });
      // Final losses MLflow logged in status-zoo: running 0.049, killed 0.055, finished 0.056, failed 0.071,
      // scheduled 0.089; the default order (newest first) is scheduled, finished, running, killed, failed.
      const byLoss = ['running-run', 'killed-run', 'finished-run', 'failed-run', 'scheduled-run'];
      await waitFor(async () => {
        const runs = (await experimentLabels(page)).filter((l) => byLoss.includes(l));
        return runs.join() === byLoss.join() ? runs : null;
      }, { timeout: 15000, what: `status-zoo's runs in the order ${byLoss.join(', ')}` });
    },
  },
  {
    name: 'the status-bar item opens Switch Connection listing the workspace store and the actions',
    async run(page) {
      await page.keyboard.press('Escape');
      await page.locator('.part.statusbar .statusbar-item', { hasText: /MLflow: / }).first().click();
      const labels = await waitFor(async () => {
        const l = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
        // The pick shows its actions first and adds the detected stores when detection finishes.
        const complete = l.some((t) => t.includes('Add Connection')) && l.includes('Automatic detection');
        return complete ? l : null;
      }, { timeout: 15000, what: 'the Switch Connection quick pick with its detected stores' });
      assert.ok(labels.some((l) => /e2e-workspace\/mlruns$/.test(l)), labels.join(' | '));
      assert.ok(labels.includes('Automatic detection'), labels.join(' | '));
      await page.keyboard.press('Escape');
    },
  },
];
