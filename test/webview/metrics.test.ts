/** The metric chart bundle in Chromium: real Chart.js drawing real histories under the real CSP. */
import assert from 'node:assert/strict';
import { seriesFromMetrics, summarizeSeries } from '../../src/core/metrics/metricSeries';
import { loadMetricChart } from '../../src/panels/metricChartState';
import { readMetricSeries, toSeriesPayload } from '../../src/panels/metricHistory';
import type { MetricChartState } from '../../src/shared/webviewProtocol';
import { withWebview } from './browser';
import { buttonNamed, chooseOption } from './controls';
import { fileFixtureStore, findRun, fixtureStore, HOSTILE_RUN_NAME } from './fixtureData';
import { test } from './testing';
import type { WebviewPage } from './webviewPage';

interface CardFigures {
  series: number;
  datasets: number;
  points: number;
  yMin: number | undefined;
  yMax: number | undefined;
  zoomed: boolean;
  renders: number;
  caption: string;
}

const card = (key: string) => `figure[data-metric-key=${JSON.stringify(key)}]`;

async function figures(view: WebviewPage<'metrics'>, key: string): Promise<CardFigures> {
  const handle = await view.page.waitForSelector(`${card(key)}[data-renders]`);
  const attr = async (name: string) => (await handle.getAttribute(name)) ?? '';
  const num = (s: string) => (s === '' ? undefined : Number(s));
  return {
    series: Number(await attr('data-series')),
    datasets: Number(await attr('data-datasets')),
    points: Number(await attr('data-points')),
    yMin: num(await attr('data-y-min')),
    yMax: num(await attr('data-y-max')),
    zoomed: (await attr('data-zoomed')) === 'true',
    renders: Number(await attr('data-renders')),
    caption: (await handle.$eval('figcaption', (c) => c.textContent)) ?? '',
  };
}

/** Pixels of the canvas that differ from its top-left (background) pixel: proof something was painted. */
async function paintedPixels(view: WebviewPage<'metrics'>, key: string): Promise<number> {
  return view.page.$eval(`${card(key)} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return 0;
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) painted++;
    }
    return painted;
  });
}

async function waitForAttribute(view: WebviewPage<'metrics'>, key: string, name: string, value: string): Promise<void> {
  await view.page.waitForSelector(`${card(key)}[${name}="${value}"]`, { timeout: 20_000 });
}

test('chart: the long train/loss is drawn within the point budget and keeps its global min and max', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'resnet50-full-training');
  const target = { runIds: [run.info.run_id], metricKeys: ['train/loss'] };
  const state = await loadMetricChart(store, target, 1000);
  const full = summarizeSeries((await readMetricSeries(store, run.info.run_id, 'train/loss')).series);
  assert.equal(full.count, 50_000, 'the SQLite fixture holds 50,000 steps');
  await withWebview('metrics', async (view) => {
    await view.pushState(state);
    const f = await figures(view, 'train/loss');
    const sent = state.series[0];
    assert.ok(sent);
    assert.equal(f.series, 1);
    assert.equal(f.points, sent.steps.length);
    assert.ok(f.points <= 1000 && f.points > 900, `${f.points} points`);
    assert.equal(f.yMin, full.min, 'global minimum kept');
    assert.equal(f.yMax, full.max, 'global maximum kept');
    assert.match(f.caption, /1 run, [\d,]+ points drawn of 50,000 \(downsampled/);
    assert.ok((await paintedPixels(view, 'train/loss')) > 500, 'the canvas shows a line');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('chart: drag-zoom re-reads the visible steps at full resolution; reset restores the overview', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'resnet50-full-training');
  const runId = run.info.run_id;
  const state = await loadMetricChart(store, { runIds: [runId], metricKeys: ['train/loss'] }, 1000);
  await withWebview(
    'metrics',
    async (view) => {
      await view.pushState(state);
      const before = await figures(view, 'train/loss');
      const box = await view.page.$eval(`${card('train/loss')} canvas`, (c) => {
        const r = c.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      });
      // About 8 px of a ~1000 px plot over 50,000 steps: a few hundred steps, under the budget.
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await view.page.mouse.move(x, y);
      await view.page.mouse.down();
      await view.page.mouse.move(x + 4, y);
      await view.page.mouse.move(x + 8, y);
      await view.page.mouse.up();
      const request = await view.waitForMessage((m) => m.kind === 'request' && m.method === 'readRange');
      assert.ok(request.kind === 'request');
      const { startStep, endStep } = request.params;
      assert.ok(endStep - startStep > 50 && endStep - startStep < 1000, `range ${startStep}..${endStep}`);
      const inRange = endStep - startStep + 1;
      await waitForAttribute(view, 'train/loss', 'data-points', String(inRange));
      const zoomed = await figures(view, 'train/loss');
      assert.equal(zoomed.zoomed, true);
      assert.equal(zoomed.points, inRange, 'every step of the range, no downsampling');

      await buttonNamed(view.page.locator(card('train/loss')), 'Reset zoom').click();
      await waitForAttribute(view, 'train/loss', 'data-zoomed', 'false');
      assert.equal((await figures(view, 'train/loss')).points, before.points);
      assert.deepEqual(await view.incidents(), []);
    },
    async (request) => {
      const { runId: id, key, startStep, endStep } = request.params as { runId: string; key: string; startStep: number; endStep: number };
      const read = await readMetricSeries(store, id, key, { startStep, endStep });
      return toSeriesPayload(id, key, read.series, 1000);
    },
  );
});

test('chart: several runs and metrics, legend toggles, smoothing, the same colour per run in any order', async () => {
  const store = fixtureStore();
  const names = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0'];
  const runIds = await Promise.all(names.map(async (n) => (await findRun(store, n)).info.run_id));
  const state = await loadMetricChart(store, { runIds, metricKeys: ['train_loss', 'accuracy'] }, 1000);
  const swatches = (view: WebviewPage<'metrics'>) =>
    view.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.legend .toggle')].map((t) => [t.getAttribute('data-run-id'), getComputedStyle(t.querySelector('.swatch') as Element).backgroundColor])));
  let firstColours: Record<string, string> = {};
  await withWebview('metrics', async (view) => {
    await view.pushState(state);
    const loss = await figures(view, 'train_loss');
    const accuracy = await figures(view, 'accuracy');
    assert.deepEqual([loss.series, loss.points], [4, 4 * 50]);
    assert.deepEqual([accuracy.series, accuracy.points], [4, 4]);
    firstColours = await swatches(view);
    assert.equal(new Set(Object.values(firstColours)).size, 4, 'each run has a colour of its own');

    await view.page.click(`.legend .toggle[data-run-id="${runIds[1]}"]`);
    await waitForAttribute(view, 'train_loss', 'data-series', '3');
    await waitForAttribute(view, 'accuracy', 'data-series', '3');
    assert.equal(await view.page.getAttribute(`.legend .toggle[data-run-id="${runIds[1]}"]`, 'aria-checked'), 'false');

    await view.page.$eval('input[type="range"]', (input) => {
      (input as HTMLInputElement).value = '0.6';
      input.dispatchEvent(new Event('input'));
    });
    await waitForAttribute(view, 'train_loss', 'data-datasets', '6');
    assert.equal((await figures(view, 'train_loss')).points, 3 * 50, 'raw points still drawn behind the smoothed line');

    await chooseOption(view.page, 'X axis', 'relativeTime');
    await chooseOption(view.page, 'Y scale', 'log');
    await waitForAttribute(view, 'train_loss', 'data-series', '3');
    assert.match(await view.page.$eval(`${card('train_loss')} figcaption`, (c) => c.textContent ?? ''), /log scale/);
    assert.deepEqual(await view.incidents(), []);
  });
  await withWebview('metrics', async (view) => {
    await view.pushState({ ...state, runs: [...state.runs].reverse() });
    await figures(view, 'accuracy');
    assert.deepEqual(await swatches(view), firstColours);
  });
});

test('chart: NaN, ±inf, duplicate and negative steps and single points from the file store render as gaps', async () => {
  const store = fileFixtureStore();
  const run = await findRun(store, HOSTILE_RUN_NAME);
  const runId = run.info.run_id;
  const keys = ['special/nan', 'special/inf', 'special/neg_inf', 'special/dup_step', 'special/negative', 'special/huge', 'special/tiny'];
  const state = await loadMetricChart(store, { runIds: [runId], metricKeys: keys }, 1000);
  assert.deepEqual(state.problems, []);
  const histories = new Map(await Promise.all(keys.map(async (k) => [k, (await readMetricSeries(store, runId, k)).series] as const)));
  assert.ok(Number.isNaN(histories.get('special/nan')?.values[0]), 'the file store keeps NaN');
  assert.equal(histories.get('special/inf')?.values[0], Infinity, 'and +inf');
  await withWebview('metrics', async (view) => {
    await view.pushState(state);
    for (const key of keys) {
      const f = await figures(view, key);
      const history = histories.get(key);
      assert.ok(history);
      assert.equal(f.points, history.steps.length, `${key}: every point is sent and drawn`);
      const summary = summarizeSeries(history);
      assert.equal(f.yMax, summary.max, `${key}: y max`);
      assert.equal(f.yMin, summary.min, `${key}: y min`);
      if (summary.nonFiniteCount > 0) assert.match(f.caption, /NaN\/±Infinity values shown as gaps/, key);
    }
    assert.equal((await figures(view, 'special/dup_step')).points, 3, 'step 5 twice and step -1');
    assert.ok((await paintedPixels(view, 'special/negative')) > 0, 'a single point is drawn as a dot');
    await chooseOption(view.page, 'Y scale', 'log');
    await waitForAttribute(view, 'special/negative', 'data-y-max', '');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('chart: hostile run names and metric keys are text, exports and run links post valid intents', async () => {
  const evil = `${HOSTILE_RUN_NAME} <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  const key = '<script>window.__pwned=3</script>';
  const series = toSeriesPayload('r1', key, seriesFromMetrics([0, 1, 2].map((step) => ({ key, step, value: step * 2, timestamp: 1_700_000_000_000 + step }))), 1000);
  const state: MetricChartState = {
    runs: [{ runId: 'r1', runName: evil }],
    metricKeys: [key],
    series: [series],
    maxPointsPerSeries: 1000,
    loading: false,
    problems: [`${evil}: corrupt line`],
    restore: { runIds: ['r1'], metricKeys: [key] },
  };
  await withWebview('metrics', async (view) => {
    await view.pushState(state);
    await figures(view, key);
    const page = view.page;
    assert.equal(await page.$eval('.legend .run-name', (n) => n.textContent), evil);
    assert.equal(await page.$eval(`${card(key)} h2`, (n) => n.textContent), key);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, script').length), 1);

    await buttonNamed(page.locator(card(key)), 'Export PNG').click();
    const png = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'exportPng');
    assert.ok(png.kind === 'intent' && png.name === 'exportPng' && png.params.dataUrl.startsWith('data:image/png;base64,'));
    await buttonNamed(page, 'Export CSV').click();
    await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'exportCsv');
    await page.click('.legend button.link');
    const open = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openRun');
    assert.deepEqual(open, { kind: 'intent', name: 'openRun', params: { runId: 'r1' } });
    assert.deepEqual(await view.incidents(), []);
  });
});

test('chart: no metrics, loading and error states show a message', async () => {
  const empty: MetricChartState = { runs: [{ runId: 'r', runName: 'r' }], metricKeys: [], series: [], maxPointsPerSeries: 1000, loading: false, problems: [], restore: { runIds: ['r'], metricKeys: [] } };
  await withWebview('metrics', async (view) => {
    await view.pushState({ ...empty, loading: true, metricKeys: ['loss'] });
    await view.page.waitForSelector('.loading');
    await view.pushState(empty);
    await view.page.waitForSelector('.empty:text("No metrics to chart")');
    await view.pushState({ ...empty, metricKeys: ['loss'], series: [toSeriesPayload('r', 'loss', seriesFromMetrics([]), 1000)] });
    assert.match((await figures(view, 'loss')).caption, /No points logged for loss/);
    await view.pushState({ ...empty, error: 'Cannot chart loss: the store at /tmp/x is unreachable.' });
    assert.equal(await view.page.textContent('[role="alert"]'), 'Cannot chart loss: the store at /tmp/x is unreachable.');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('harness: the page CSP really blocks inline script and style (so "no violation" above means something)', async () => {
  await withWebview(
    'metrics',
    async (view) => {
      await view.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = "inline script ran"';
        document.body.appendChild(s);
        // What FAST's slider template would do: a style attribute, refused without 'unsafe-inline'.
        document.body.setAttribute('style', 'outline: 3px solid red');
      });
      await view.page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length >= 2);
      assert.equal(await view.pwned(), undefined);
      const violations = await view.cspViolations();
      assert.ok(violations.some((v) => /^script-src/.test(v)), violations.join('\n'));
      assert.ok(violations.some((v) => /^style-src/.test(v)), violations.join('\n'));
      assert.ok(violations.some((v) => v.startsWith('console: ')), 'the console reports are collected too');
    },
    undefined,
    { expectCspViolations: true },
  );
});

test('harness: a page with a CSP violation fails its test even when the test does not look', async () => {
  await assert.rejects(
    withWebview('metrics', async (view) => {
      await view.page.evaluate(() => document.body.setAttribute('style', 'color: red'));
      await view.page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
    }),
    /metrics: CSP violations/,
  );
});

test('chart: a server sample paints first and is replaced in place by the whole history; one point says "1 point"; a failed zoom says what it could not read', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'resnet50-full-training');
  const runId = run.info.run_id;
  const whole = await readMetricSeries(store, runId, 'train/loss');
  // What a tracking server's sample looks like: every 40th step, marked sampled.
  const sampleIndices = Array.from({ length: Math.ceil(whole.series.steps.length / 40) }, (_, i) => i * 40);
  const sample = seriesFromMetrics(sampleIndices.map((i) => ({ key: 'train/loss', step: whole.series.steps[i]!, value: whole.series.values[i]!, timestamp: whole.series.timestamps[i]! })));
  const state: MetricChartState = {
    runs: [{ runId, runName: 'resnet50-full-training', status: 'FINISHED' }, { runId: 'one-point-run', runName: 'single', status: 'FINISHED' }],
    metricKeys: ['train/loss', 'single'],
    series: [
      toSeriesPayload(runId, 'train/loss', sample, 1000, true),
      toSeriesPayload('one-point-run', 'single', seriesFromMetrics([{ key: 'single', step: 3, value: 0.5, timestamp: 1 }]), 1000),
    ],
    maxPointsPerSeries: 1000,
    loading: false,
    problems: [],
    restore: { runIds: [runId, 'one-point-run'], metricKeys: ['train/loss', 'single'] },
  };
  await withWebview(
    'metrics',
    async (view) => {
      await view.pushState(state);
      const sampled = await figures(view, 'train/loss');
      assert.match(sampled.caption, /from the server's even sample/);
      assert.match((await figures(view, 'single')).caption, /^1 run, 1 point drawn/);

      const box = await view.page.$eval(`${card('train/loss')} canvas`, (c) => {
        const r = c.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      });
      const renders = sampled.renders;
      await view.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await view.page.mouse.down();
      await view.page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2);
      await view.page.mouse.up();
      await view.page.waitForFunction(
        (selector) => /could not be read \(the server died\); the overview is shown there/.test(document.querySelector(`${selector} figcaption`)?.textContent ?? ''),
        card('train/loss'),
      );

      // The whole history arrives: the series is replaced in place and the zoom stays.
      const refined = toSeriesPayload(runId, 'train/loss', whole.series, 1000);
      await view.post({ kind: 'event', name: 'refineSeries', params: { series: [refined], problems: [] } });
      await view.page.waitForFunction((selector) => !/even sample/.test(document.querySelector(`${selector} figcaption`)?.textContent ?? ''), card('train/loss'));
      const after = await figures(view, 'train/loss');
      assert.equal(after.zoomed, true, 'the zoom survives the refinement');
      assert.ok(after.renders > renders);
      assert.deepEqual(await view.incidents(), []);
    },
    async () => {
      throw new Error('the server died');
    },
  );
});
