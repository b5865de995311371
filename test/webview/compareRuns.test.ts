/** The comparison bundle in Chromium over runs of two experiments read from the SQLite fixture. */
import assert from 'node:assert/strict';
import { betterDirection, loadCompareRuns } from '../../src/panels/compareRunsState';
import { fromWireNumber } from '../../src/shared/webviewProtocol';
import { loadMetricChart } from '../../src/panels/metricChartState';
import { assignRunColors, RUN_PALETTE } from '../../webviews/shared/runColors';
import { withWebview } from './browser';
import { deltaE2000, STATUS_COLORS } from './colorDistance';
import { chooseOption, shownOption } from './controls';
import { findRun, fixtureStore, HOSTILE_RUN_NAME } from './fixtureData';
import { test } from './testing';
import type { WebviewPage } from './webviewPage';

async function runIdsOf(names: readonly string[]): Promise<string[]> {
  const store = fixtureStore();
  return Promise.all(names.map(async (n) => (await findRun(store, n)).info.run_id));
}

/** One run of each status, from the status-zoo experiment: a categorical param and one metric. */
const STATUS_RUNS = ['finished-run', 'failed-run', 'killed-run', 'running-run', 'scheduled-run'];

const scatterFigures = (page: WebviewPage<'compareRuns'>['page']) =>
  page.$eval('.scatter-card', (card) => ({
    points: Number(card.getAttribute('data-points')),
    x: card.getAttribute('data-x'),
    y: card.getAttribute('data-y'),
    xScale: card.getAttribute('data-x-scale'),
    categories: JSON.parse(card.getAttribute('data-x-categories') ?? 'null') as string[] | null,
    caption: card.querySelector('figcaption')?.textContent ?? '',
  }));

/** The exact colours painted on the scatter's canvas, as `rgb(r, g, b)`. */
const paintedColours = (page: WebviewPage<'compareRuns'>['page']) =>
  page.$eval('.scatter-card canvas', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const seen = new Set<string>();
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) seen.add(`rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`);
    return [...seen];
  });

/** Swatch colour per run id, read from the rendered page (computed style, `rgb(…)`). */
const swatchColours = (page: WebviewPage<'compareRuns'>['page'] | WebviewPage<'metrics'>['page'], selector: string) =>
  page.$$eval(selector, (owners) => Object.fromEntries(owners.map((o) => [o.getAttribute('data-run-id'), getComputedStyle(o.querySelector('.swatch') as Element).backgroundColor])));

const hexToRgb = (hex: string) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

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

test('compare: the scatter opens on a numeric param and a metric, even when the first param is text', async () => {
  const names = ['resnet50-full-training', 'C=0.01', 'C=0.1', 'C=1.0', HOSTILE_RUN_NAME];
  const state = await loadCompareRuns(fixtureStore(), await runIdsOf(names));
  // The first param in key order is resnet's `arch=resnet50`: text, and logged by one run only.
  assert.equal(state.params[0]?.key, 'arch');
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.scatter-card[data-points]');
    // C is the numeric param that varies; accuracy the first metric most runs logged.
    assert.equal(await shownOption(page.locator('.scatter-card'), 'X'), 'param:C');
    assert.equal(await shownOption(page.locator('.scatter-card'), 'Y'), 'metric:accuracy');
    const f = await scatterFigures(page);
    assert.deepEqual([f.x, f.y, f.xScale, f.points], ['param:C', 'metric:accuracy', 'linear', 3]);
    assert.equal(f.caption, 'C against accuracy: 3 run(s); 2 without numeric values left out.');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('compare: a text param goes on a category axis, one dot per run in its colour', async () => {
  const runIds = await runIdsOf(STATUS_RUNS);
  const state = await loadCompareRuns(fixtureStore(), runIds);
  assert.deepEqual(state.params.map((p) => p.key), ['status_under_test']);
  assert.deepEqual(state.metrics.map((m) => m.key), ['loss']);
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.scatter-card[data-points]');
    // The only param is text and there is one metric: loss by status, rather than loss against itself.
    const f = await scatterFigures(page);
    assert.deepEqual([f.x, f.y, f.xScale], ['param:status_under_test', 'metric:loss', 'category']);
    assert.deepEqual(f.categories, ['FAILED', 'FINISHED', 'KILLED', 'RUNNING', 'SCHEDULED']);
    assert.equal(f.points, 5);
    assert.equal(f.caption, 'status_under_test (categorical: 5 values) against loss: 5 run(s).');
    const colours = assignRunColors(runIds);
    const painted = await paintedColours(page);
    for (const runId of runIds) assert.ok(painted.includes(hexToRgb(colours.get(runId) ?? '')), `the dot of ${runId} in ${colours.get(runId)}`);

    // Back to a numeric axis: the loss against itself, a linear scale again.
    await chooseOption(page.locator('.scatter-card'), 'X', 'metric:loss');
    await page.waitForSelector('.scatter-card[data-x-scale="linear"]');
    assert.equal((await scatterFigures(page)).points, 5);
    assert.deepEqual(await view.incidents(), []);
  });
});

test('run colours: five runs get five distinct colours, none a status colour, the same in the comparison and the chart', async () => {
  const runIds = await runIdsOf(STATUS_RUNS);
  const store = fixtureStore();
  const compare = await loadCompareRuns(store, runIds);
  let inComparison: Record<string, string> = {};
  await withWebview('compareRuns', async (view) => {
    await view.pushState(compare);
    await view.page.waitForSelector('.compare-table thead th[data-run-id]');
    inComparison = await swatchColours(view.page, '[data-table="metrics"] thead th[data-run-id]');
  });
  assert.deepEqual(Object.keys(inComparison).sort(), [...runIds].sort());
  const colours = Object.values(inComparison);
  for (const [i, a] of colours.entries()) {
    for (const b of colours.slice(i + 1)) assert.ok(deltaE2000(a, b) >= 15, `${a} and ${b} look alike (ΔE ${deltaE2000(a, b).toFixed(1)})`);
    for (const [status, hue] of Object.entries(STATUS_COLORS)) assert.ok(deltaE2000(a, hue) >= 15, `${a} reads as ${status} ${hue} (ΔE ${deltaE2000(a, hue).toFixed(1)})`);
  }

  // The chart of the same runs, listed in another order, draws each run in the same colour.
  const chart = await loadMetricChart(store, { runIds: [...runIds].reverse(), metricKeys: ['loss'] }, 1000);
  await withWebview('metrics', async (view) => {
    await view.pushState(chart);
    await view.page.waitForSelector('.legend .toggle[data-run-id]');
    assert.deepEqual(await swatchColours(view.page, '.legend .toggle[data-run-id]'), inComparison);
  });
});

test('run colours: the assignment is distinct for up to eight runs, independent of order, and a lone run keeps its own colour', () => {
  // Synthetic ids: among 60 of them many share a preferred slot, so collisions are certain.
  const ids = Array.from({ length: 60 }, (_, i) => `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${'0'.repeat(24)}`);
  for (let start = 0; start + RUN_PALETTE.length <= ids.length; start += 3) {
    const group = ids.slice(start, start + RUN_PALETTE.length);
    const colours = assignRunColors(group);
    assert.equal(new Set(colours.values()).size, group.length, `distinct colours for ${group.join(', ')}`);
    assert.deepEqual(assignRunColors([...group].reverse()), colours, 'order does not matter');
  }
  // Each run alone gets its preferred colour; shown with others, the smallest id on a slot keeps it.
  const alone = new Map(ids.map((id) => [id, assignRunColors([id]).get(id)]));
  const group = ids.slice(0, 5);
  const together = assignRunColors(group);
  const contested = new Set<string>();
  for (const id of [...group].sort()) {
    const preferred = alone.get(id) as string;
    if (!contested.has(preferred)) assert.equal(together.get(id), preferred, `${id} keeps its own colour`);
    contested.add(preferred);
  }
});

test('compare: a 5,000-character param is clipped with Show all and leaves the other runs readable columns', async () => {
  const names = ['C=0.01', 'C=0.1', HOSTILE_RUN_NAME];
  const state = await loadCompareRuns(fixtureStore(), await runIdsOf(names));
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await page.setViewportSize({ width: 800, height: 900 });
    await view.pushState(state);
    await page.waitForSelector('[data-table="parameters"]');
    // Every value cell keeps at least 10em (13px font), so `0.01` does not wrap a digit per line.
    const widths = await page.$$eval('[data-table="parameters"] tbody .cell-value', (cells) => cells.map((c) => c.getBoundingClientRect().width));
    assert.equal(widths.length, state.params.length * names.length);
    assert.ok(Math.min(...widths) >= 10 * 13 - 0.5, `narrowest value cell ${Math.min(...widths)}px`);
    const long = page.locator('[data-table="parameters"] tr[data-key="long_value"] td').nth(2);
    const clipped = await long.locator('.value').evaluate((v) => ({ shown: v.clientHeight, full: v.scrollHeight, length: v.textContent?.length }));
    assert.ok(clipped.shown < clipped.full / 10, `clipped: ${clipped.shown}px of ${clipped.full}px`);
    assert.equal(clipped.length, 5000);
    assert.equal(await long.getByRole('button', { name: 'Copy' }).count(), 0, 'no Copy here: the comparison has no copy intent');
    await long.getByRole('button', { name: 'Show all (5,000 characters)' }).click();
    await long.locator('button[aria-expanded="true"]').waitFor();
    const opened = await long.locator('.value').evaluate((v) => ({ shown: v.clientHeight, full: v.scrollHeight }));
    assert.ok(opened.shown >= opened.full, 'shown whole');
    assert.deepEqual(await view.incidents(), []);
  });
});
