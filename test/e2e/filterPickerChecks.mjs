// Playwright checks of Filter Runs with recent filters, typed on the real keyboard of the workbench
// (code-server). Run after queryChecks on the same page: one filter is in the history by then, status-zoo
// is expanded and its runs are sorted by metrics.loss.
import assert from 'node:assert/strict';
import { waitFor } from '../integration/harness/lib.mjs';
import { clickViewTitleAction, experimentDescriptions, experimentLabels, experimentsPane, titleAction, waitForTitleAction } from './workbench.mjs';

const quickInput = (page) => page.locator('.quick-input-widget input.input');
const pickLabels = async (page) => (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());

async function openPicker(page) {
  await page.keyboard.press('Escape');
  await clickViewTitleAction(page, experimentsPane(page), 'Filter Runs…');
  await quickInput(page).waitFor({ timeout: 15000 });
  return waitFor(async () => {
    const labels = await pickLabels(page);
    return labels.some((l) => l.includes('New filter')) ? labels : null;
  }, { timeout: 15000, what: 'the recent-filters pick' });
}

export const filterPickerChecks = [
  {
    name: 'runs sorted by a metric show its value in their rows',
    async run(page) {
      const descriptions = await waitFor(async () => {
        const d = await experimentDescriptions(page);
        return /^loss 0\.0\d+ · /.test(d['running-run'] ?? '') ? d : null;
      }, { timeout: 15000, what: 'loss values in the rows of status-zoo' });
      assert.match(descriptions['killed-run'] ?? '', /^loss 0\.0\d+ · /, JSON.stringify(descriptions));
    },
  },
  {
    name: 'with a recent filter offered, a filter typed on the keyboard and Enter applies it',
    async run(page) {
      const labels = await openPicker(page);
      assert.ok(labels.includes("attributes.status = 'FAILED'"), labels.join(' | '));
      await page.keyboard.type("attributes.status = 'KILLED'");
      await page.keyboard.press('Enter');
      const rows = await waitFor(async () => {
        const l = await experimentLabels(page);
        return l.includes('killed-run') && !l.includes('failed-run') ? l : null;
      }, { timeout: 30000, what: 'only killed-run under status-zoo' });
      assert.ok(!rows.includes('finished-run'), rows.join(' | '));
      const descriptions = await waitFor(async () => {
        const d = await experimentDescriptions(page);
        return / of /.test(d['status-zoo'] ?? '') ? d : null;
      }, { timeout: 15000, what: 'the match count of status-zoo' });
      assert.match(descriptions['status-zoo'] ?? '', /^1 of \d+ runs/, JSON.stringify(descriptions));
      await clickViewTitleAction(page, experimentsPane(page), 'Clear Run Filter');
      await waitFor(async () => (await experimentLabels(page)).includes('failed-run'), { timeout: 30000, what: 'every run of status-zoo again' });
    },
  },
  {
    name: 'an invalid typed filter opens the input box on it, with the message naming the column',
    async run(page) {
      await openPicker(page);
      await page.keyboard.type('params.C = 1.0');
      await page.keyboard.press('Enter');
      const message = await waitFor(async () => {
        const text = await page.locator('.quick-input-widget .quick-input-message').innerText().catch(() => '');
        return /Column \d+/.test(text) ? text : null;
      }, { timeout: 15000, what: 'the input box with the validation message' });
      assert.match(message, /quoted string/i);
      assert.equal(await quickInput(page).inputValue(), 'params.C = 1.0');
      await page.keyboard.press('Escape');
      // Nothing was applied: the view title still offers Filter Runs…, not Clear Run Filter.
      await waitForTitleAction(experimentsPane(page), 'Filter Runs…');
      assert.equal(await titleAction(experimentsPane(page), 'Clear Run Filter').count(), 0);
    },
  },
];
