/** The comparison bundle in Chromium over runs of two experiments read from the SQLite fixture. */
import assert from 'node:assert/strict';
import { betterDirection, loadCompareRuns } from '../../src/panels/compareRunsState';
import { fromWireNumber } from '../../src/shared/webviewProtocol';
import { withWebview } from './browser';
import { chooseOption } from './controls';
import { findRun, fixtureStore, HOSTILE_RUN_NAME } from './fixtureData';
import { test } from './testing';

test('compare: runs of two experiments side by side, best values, only differences, scatter', async () => {
  const store = fixtureStore();
  const names = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0', HOSTILE_RUN_NAME];
  const runIds = await Promise.all(names.map(async (n) => (await findRun(store, n)).info.run_id));
  const state = await loadCompareRuns(store, runIds);
  assert.deepEqual(state.problems, []);
  assert.equal(betterDirection('train_loss'), 'lower');
  assert.equal(betterDirection('accuracy'), 'higher');
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('[data-table="metrics"]');
    const headers = await page.$$eval('[data-table="metrics"] thead th', (ths) => ths.map((th) => th.querySelector('button')?.textContent ?? th.textContent));
    assert.deepEqual(headers, ['Key', ...names]);
    assert.ok(((await page.textContent('body')) ?? '').includes('iris-classification'), 'experiment names under the runs');

    // accuracy: higher is better; the webview marks the run holding the maximum.
    const accuracy = state.metrics.find((m) => m.key === 'accuracy');
    assert.ok(accuracy);
    const numbers = accuracy.values.map((v) => (v === null ? NaN : fromWireNumber(v)));
    const best = Math.max(...numbers.filter(Number.isFinite));
    const expectedBest = names.filter((_, i) => numbers[i] === best);
    const marked = await page.$$eval('[data-table="metrics"] tr[data-key="accuracy"] td', (tds) => tds.map((td) => td.classList.contains('best')));
    assert.deepEqual(names.filter((_, i) => marked[i]), expectedBest);
    assert.equal(await page.textContent('[data-table="metrics"] tr[data-key="accuracy"] td:last-child'), '—', 'the hostile run has no accuracy');

    const paramKeys = () => page.$$eval('[data-table="parameters"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-key')));
    assert.equal((await paramKeys()).length, state.params.length);
    await page.getByRole('checkbox', { name: 'Only differences', exact: true }).click();
    const differing = state.params.filter((p) => new Set(p.values.map((v) => JSON.stringify(v))).size > 1).map((p) => p.key);
    assert.deepEqual(await paramKeys(), differing);
    assert.ok(differing.includes('C'));

    await chooseOption(page.locator('.scatter-card'), 'X', 'param:C');
    await chooseOption(page.locator('.scatter-card'), 'Y', 'metric:accuracy');
    await page.waitForSelector('.scatter-card[data-points="4"]');
    assert.match((await page.textContent('.scatter-card figcaption')) ?? '', /C against accuracy: 4 run\(s\); 1 without numeric values left out/);

    await page.click('[data-table="metrics"] tr[data-key="accuracy"] button.link');
    const chart = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openMetricChart');
    assert.deepEqual(chart, { kind: 'intent', name: 'openMetricChart', params: { runIds, metricKeys: ['accuracy'] } });
    assert.equal(await page.evaluate(() => document.querySelectorAll('b, img, script').length), 1, 'the hostile name made no element');
    assert.deepEqual(await view.incidents(), []);
  });
});
