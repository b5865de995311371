/**
 * Parallel coordinates in Chromium behind the real CSP: in Compare Runs over runs MLflow wrote
 * (brushing with the real mouse narrows the runs and the comparison, log axis, best runs, missing
 * values, keyboard axis choice and brush reset), over hostile keys and values (text only, categorical
 * axis, log refused on values ≤ 0, the tooltip), in the three themes, and in the runs table (brushing
 * selects the runs there, through the real session and message guard).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadCompareRuns } from '../../src/panels/compareRunsState';
import { RunsTableSession } from '../../src/panels/runsTableState';
import type { CompareRunsState } from '../../src/shared/webviewProtocol';
import { assignRunColors } from '../../webviews/shared/runColors';
import { withWebview } from './browser';
import { buttonNamed, chooseOption } from './controls';
import { fileFixtureStore, findRun, fixtureStore } from './fixtureData';
import { TableHost } from './runsTableHost';
import { test } from './testing';
import { applyTheme, THEMES, type ThemeName } from './themes';
import type { WebviewPage } from './webviewPage';

type Page = WebviewPage<'compareRuns'>['page'];

/** Where an axis is on screen: its x, and the y of positions 0 (bottom) and 1 (top); `above` is over the top (brushes clamp there). */
const axisGeometry = (page: Page, axisId: string) =>
  page.evaluate((id) => {
    const head = document.querySelector(`.pc-head[data-axis-id="${CSS.escape(id)}"]`) as HTMLElement | null;
    const plot = document.querySelector('.pc-plot') as HTMLElement;
    if (!head) throw new Error(`no axis ${id}`);
    // The mouse acts on the viewport: bring the plot into it first.
    plot.scrollIntoView({ block: 'center' });
    const p = plot.getBoundingClientRect();
    const localX = Number(head.getAttribute('data-x'));
    return { x: p.left + localX, localX, top: p.top + 10, bottom: p.top + p.height - 34, above: p.top + 3 };
  }, axisId);

/** Drags with the real mouse along an axis from position `from` to `to` ('above' = over the top end). */
async function brush(page: Page, axisId: string, from: number | 'above', to: number | 'above'): Promise<void> {
  const g = await axisGeometry(page, axisId);
  const y = (p: number | 'above') => (p === 'above' ? g.above : g.bottom - p * (g.bottom - g.top));
  await page.mouse.move(g.x, y(from));
  await page.mouse.down();
  await page.mouse.move(g.x, y(to), { steps: 8 });
  await page.mouse.up();
}

const figures = (page: Page) =>
  page.$eval('.pc-card', (card) => ({
    axes: JSON.parse(card.getAttribute('data-axes') ?? '[]') as string[],
    scales: JSON.parse(card.getAttribute('data-scales') ?? '[]') as string[],
    runs: Number(card.getAttribute('data-runs')),
    kept: Number(card.getAttribute('data-kept')),
    keptIds: (JSON.parse(card.getAttribute('data-kept-ids') ?? '[]') as string[]).sort(),
    bestIds: (JSON.parse(card.getAttribute('data-best-ids') ?? '[]') as string[]).sort(),
    caption: card.querySelector('figcaption')?.textContent ?? '',
    notes: card.querySelector('.pc-notes')?.textContent ?? '',
  }));

/** Opaque-enough canvas pixels within a small distance of each colour (lines are drawn slightly translucent). */
const pixelsNear = (page: Page, hexColours: string[]) =>
  page.$eval(
    '.pc-canvas',
    (canvas, colours) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      const targets = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
      const counts = colours.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] as number) < 100) continue;
        targets.forEach((t, k) => {
          if (Math.abs((data[i] as number) - (t[0] as number)) + Math.abs((data[i + 1] as number) - (t[1] as number)) + Math.abs((data[i + 2] as number) - (t[2] as number)) <= 6) counts[k] = (counts[k] ?? 0) + 1;
        });
      }
      return counts;
    },
    hexColours,
  );

const comparedHeaders = (page: Page) => page.$$eval('[data-table="metrics"] thead th[data-run-id]', (ths) => ths.map((th) => th.getAttribute('data-run-id') as string).sort());

test('parallel coordinates (compare): real-mouse brushing narrows the runs and the tables; log axis; best runs; missing values; keyboard', async () => {
  const store = fixtureStore();
  const names = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0', 'C=0.1 / fold-0'];
  const runs = await Promise.all(names.map((n) => findRun(store, n)));
  const id = Object.fromEntries(runs.map((r, i) => [names[i] as string, r.info.run_id]));
  const state = await loadCompareRuns(store, runs.map((r) => r.info.run_id));
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.pc-card[data-runs="5"]');
    let f = await figures(page);
    // The params that differ between the runs (key order), then the metrics: eight axes at most.
    assert.deepEqual(f.axes, ['param:C', 'param:fold', 'param:max_iter', 'param:penalty', 'param:solver', 'metric:accuracy', 'metric:f1_macro', 'metric:fold_accuracy']);
    assert.deepEqual(f.scales, ['linear', 'linear', 'linear', 'category', 'category', 'linear', 'linear', 'linear']);
    // accuracy: 0.978 twice (C=1.0, C=10.0) is the best; the tie is highlighted whole.
    assert.deepEqual(f.bestIds, [id['C=1.0'], id['C=10.0']].sort());
    assert.match(f.caption, /^5 runs; drag along an axis to brush\. 5 run\(s\) lack a value on some axis: their lines end dashed at “no value”\. Thick lines: the best 2 run\(s\) by accuracy \(higher is better\)\.$/);
    assert.equal(await page.textContent('.pc-none[data-axis-id="metric:accuracy"]'), 'no value (1)', 'the fold run has no accuracy');
    const colours = assignRunColors(runs.map((r) => r.info.run_id));
    const counts = await pixelsNear(page, runs.map((r) => colours.get(r.info.run_id) as string));
    counts.forEach((n, i) => assert.ok(n > 20, `the line of ${names[i]} is drawn in its run colour (${n} pixels)`));

    // Brush the top of accuracy with the real mouse: the two best runs remain, and the tables show them only.
    await brush(page, 'metric:accuracy', 'above', 0.9);
    await page.waitForSelector('.pc-card[data-kept="2"]');
    f = await figures(page);
    assert.deepEqual(f.keptIds, [id['C=1.0'], id['C=10.0']].sort());
    assert.match(f.caption, /^2 of 5 runs inside the brushes\./);
    assert.deepEqual(await comparedHeaders(page), f.keptIds);
    assert.equal(await page.textContent('.compare-tables > p.note'), "Showing 2 of 5 runs: those inside the parallel coordinates' brushes.");
    assert.equal(await page.locator('.pc-brush[data-axis-id="metric:accuracy"]').count(), 1);

    // C on a log scale (0.01 … 10 spread evenly), then a second brush on its top: C=10.0 alone.
    await page.getByRole('button', { name: 'Log scale for C', exact: true }).click();
    await page.waitForFunction(() => JSON.parse(document.querySelector('.pc-card')?.getAttribute('data-scales') ?? '[]')[0] === 'log');
    assert.equal(await page.getAttribute('.pc-head[data-axis-id="param:C"] button[aria-pressed]', 'aria-pressed'), 'true');
    assert.deepEqual(await page.$$eval('.pc-tick[data-axis-id="param:C"]:not(.pc-none)', (ticks) => ticks.map((t) => t.textContent)), ['0.01', '0.1', '1', '10']);
    await brush(page, 'param:C', 'above', 0.8);
    await page.waitForSelector('.pc-card[data-kept="1"]');
    assert.deepEqual((await figures(page)).keptIds, [id['C=10.0']]);
    assert.deepEqual(await comparedHeaders(page), [id['C=10.0']]);
    // Brushing filters the runs the metric links chart.
    await page.click('[data-table="metrics"] tr[data-key="accuracy"] button.link');
    const chart = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openMetricChart');
    assert.deepEqual(chart.kind === 'intent' && chart.params, { runIds: [id['C=10.0']], metricKeys: ['accuracy'] });

    // Keyboard: Escape on the plot clears every brush; the comparison shows all runs again.
    await page.locator('.pc-plot').focus();
    await page.keyboard.press('Escape');
    await page.waitForSelector('.pc-card[data-kept="5"]');
    assert.equal((await comparedHeaders(page)).length, 5);
    assert.equal(await page.locator('.pc-brush').count(), 0);
    assert.equal(await buttonNamed(page.locator('.pc-card'), 'Clear brushes').isDisabled(), true);

    // Keyboard axis choice: add train_loss from the dropdown, move it left, remove fold (Enter on each button).
    await chooseOption(page.locator('.pc-card'), 'Add axis', 'metric:train_loss');
    await page.waitForFunction(() => document.querySelector('.pc-card')?.getAttribute('data-axes')?.includes('metric:train_loss'));
    await page.getByRole('button', { name: 'Move left train_loss', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove axis fold', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.pc-card')?.getAttribute('data-axes')?.includes('param:fold'));
    f = await figures(page);
    assert.deepEqual(f.axes, ['param:C', 'param:max_iter', 'param:penalty', 'param:solver', 'metric:accuracy', 'metric:f1_macro', 'metric:train_loss', 'metric:fold_accuracy']);
    assert.equal(f.scales[0], 'log', 'the log scale stays with its axis');
    // A brush gesture then a click on the same axis (no drag) clears that brush.
    await brush(page, 'metric:train_loss', 0.5, 0);
    await page.waitForSelector('.pc-card:not([data-kept="5"])');
    const g = await axisGeometry(page, 'metric:train_loss');
    await page.mouse.click(g.x, (g.top + g.bottom) / 2);
    await page.waitForSelector('.pc-card[data-kept="5"]');
    // The chosen axes are remembered with the panel's view state.
    const saved = (await view.savedState()) as { view?: { parallelAxes?: string[]; parallelLog?: string[] } };
    assert.deepEqual(saved.view?.parallelAxes, f.axes);
    assert.deepEqual(saved.view?.parallelLog, ['param:C']);
    assert.deepEqual(await view.incidents(), []);
  });
});

const HOSTILE = {
  runs: ['<img src=x onerror="window.__pwned=1">', '"quotes" & <b>bold</b>', 'plain', '🎉 emoji'],
  categoricalKey: '<b onmouseover="window.__pwned=4">opt</b>',
  numericKey: 'lr "<i>" & co',
  metricKey: '<svg onload="window.__pwned=3">',
  scriptValue: '<script>window.__pwned=2</script>',
};

function hostileState(): CompareRunsState {
  const runIds = ['a1', 'b2', 'c3', 'd4'].map((s) => s.repeat(16));
  return {
    runs: runIds.map((runId, i) => ({ runId, runName: HOSTILE.runs[i] as string, status: 'FINISHED', experimentId: '1' })),
    params: [
      { key: HOSTILE.categoricalKey, values: [HOSTILE.scriptValue, 'adam', 'adam', null] },
      { key: HOSTILE.numericKey, values: ['0.1', '0.01', '1e-3', '0.5'] },
    ],
    metrics: [
      { key: HOSTILE.metricKey, values: [-1, 0, 5, 'NaN'], better: 'higher' },
      { key: 'loss', values: [0.5, 0.25, 'Infinity', 0.125], better: 'lower' },
    ],
    problems: [],
    restore: { runIds },
  };
}

test('parallel coordinates: hostile keys and values stay text (labels, ticks, tooltip); categorical axis; log refused on values ≤ 0', async () => {
  const state = hostileState();
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.pc-card[data-runs="4"]');
    const f = await figures(page);
    assert.deepEqual(f.axes, [`param:${HOSTILE.categoricalKey}`, `param:${HOSTILE.numericKey}`, `metric:${HOSTILE.metricKey}`, 'metric:loss']);
    assert.deepEqual(f.scales, ['category', 'linear', 'linear', 'linear']);
    assert.deepEqual(await page.$$eval('.pc-head .pc-label', (labels) => labels.map((l) => l.textContent)), [HOSTILE.categoricalKey, HOSTILE.numericKey, HOSTILE.metricKey, 'loss']);
    // The categorical axis: its distinct values as tick labels (natural order: punctuation first), the missing one below.
    const categoryTicks = await page.$$eval(`.pc-tick.pc-category`, (ticks) => ticks.map((t) => t.textContent));
    assert.deepEqual(categoryTicks, [HOSTILE.scriptValue, 'adam']);
    assert.equal(await page.locator(`.pc-head[data-axis-id="${`param:${HOSTILE.categoricalKey}`.replace(/"/g, '\\"')}"] button[aria-pressed]`).count(), 0, 'no log choice on a text axis');
    // NaN and +Infinity have no place on a linear axis: "no value", counted.
    assert.deepEqual(await page.$$eval('.pc-none', (n) => n.map((e) => e.textContent)), ['no value (1)', 'no value (1)', 'no value (1)']);
    // loss: lower is better; the best is the 0.125 of the emoji run.
    await chooseOption(page.locator('.pc-card'), 'Best by', 'metric:loss');
    await page.waitForFunction((runId) => document.querySelector('.pc-card')?.getAttribute('data-best-ids') === JSON.stringify([runId]), state.runs[3]?.runId);

    // Log scale on a metric holding -1 and 0: refused, and the reason is said.
    await page.getByRole('button', { name: `Log scale for ${HOSTILE.metricKey}`, exact: true }).click();
    await page.waitForFunction(() => (document.querySelector('.pc-notes')?.textContent ?? '') !== '');
    const refused = await figures(page);
    assert.equal(refused.notes, `${HOSTILE.metricKey}: Log scale needs values above 0: 2 run(s) have -1 or another value ≤ 0.`);
    assert.equal(refused.scales[2], 'linear');
    assert.equal(await page.getAttribute(`.pc-head:nth-child(3) button[aria-pressed]`, 'aria-pressed'), 'false');

    // The tooltip of the hostile-named run: hover its line on the numeric axis (0.1 of 0.001…0.5).
    const g = await axisGeometry(page, `param:${HOSTILE.numericKey}`);
    const position = (0.1 - 0.001) / (0.5 - 0.001);
    await page.mouse.move(g.x, g.bottom - position * (g.bottom - g.top));
    await page.waitForSelector('.pc-tooltip:not([hidden])');
    assert.equal(await page.getAttribute('.pc-card', 'data-hovered-run'), state.runs[0]?.runId);
    assert.equal(await page.textContent('.pc-tooltip strong'), HOSTILE.runs[0]);
    assert.deepEqual(await page.$$eval('.pc-tooltip dt', (d) => d.map((e) => e.textContent)), [HOSTILE.categoricalKey, HOSTILE.numericKey, HOSTILE.metricKey, 'loss']);
    assert.deepEqual(await page.$$eval('.pc-tooltip dd', (d) => d.map((e) => e.textContent)), [HOSTILE.scriptValue, '0.1', '-1', '0.5']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#app img, #app script, #app svg, #app b, #app i').length), 0, 'no element from data');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('parallel coordinates: themes (axes, labels and brushes take the theme colours, repainted on a switch)', async () => {
  const state = hostileState();
  await withWebview('compareRuns', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.pc-card[data-runs="4"]');
    await brush(page, 'metric:loss', 'above', 0.5);
    await page.waitForSelector('.pc-brush');
    for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
      await applyTheme(page, theme);
      const foreground = THEMES[theme]['--vscode-editor-foreground'] as string;
      const g = await axisGeometry(page, 'metric:loss');
      // The axis line (drawn over the runs' lines) in the editor foreground, read from the canvas.
      await page.waitForFunction(
        ({ x, expected }) => {
          const canvas = document.querySelector('.pc-canvas') as HTMLCanvasElement;
          const [r, gr, b, a] = canvas.getContext('2d')?.getImageData(Math.round(x), Math.round(canvas.height / 2), 1, 1).data ?? [];
          return `rgb(${r}, ${gr}, ${b})` === expected && a === 255;
        },
        { x: g.localX, expected: foreground },
      );
      const styles = await page.evaluate(() => ({
        label: getComputedStyle(document.querySelector('.pc-label') as Element).color,
        brush: getComputedStyle(document.querySelector('.pc-brush') as Element).borderTopColor,
      }));
      assert.deepEqual(styles, { label: THEMES[theme]['--vscode-foreground'], brush: THEMES[theme]['--vscode-focusBorder'] }, theme);
      const dir = process.env['WEBVIEW_SCREENSHOTS'];
      if (dir) {
        fs.mkdirSync(dir, { recursive: true });
        await page.locator('.pc-card').screenshot({ path: path.join(dir, `parallel-${theme}.png`) });
      }
    }
    assert.deepEqual(await view.incidents(), []);
  });
});

test('parallel coordinates (runs table): a real-mouse brush selects the runs in the table and survives a sort; Escape clears it; axes come back after an empty filter', async () => {
  const store = fileFixtureStore();
  const experiments = (await store.searchExperiments({ maxResults: 100 })).items;
  const iris = experiments.find((e) => e.name === 'iris-classification')?.experiment_id;
  assert.ok(iris);
  const session = new RunsTableSession([iris]);
  await session.load(store);
  const host = new TableHost(session, store);
  const byName = new Map((await store.searchRuns({ experimentIds: [iris], maxResults: 100 })).items.map((r) => [r.info.run_name, r.info.run_id]));
  await withWebview(
    'runsTable',
    async (view) => {
      const page = view.page;
      await view.pushState(session.state());
      await page.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"] [role="gridcell"]:not(.rt-pending)');
      // Expand the search so its C=… runs are rows of the grid.
      await page.click('.rt-body [data-toggle]');
      await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setExpanded');
      await host.sync(view);
      await page.waitForFunction(() => document.querySelectorAll('.rt-body [role="row"]').length === 5);

      await buttonNamed(page, 'Parallel coordinates').click();
      await page.waitForSelector('.pc-card[data-runs="9"]');
      const request = await view.waitForMessage((m) => m.kind === 'request' && m.method === 'parallelRuns');
      assert.ok(request.kind === 'request');
      let axes = JSON.parse((await page.getAttribute('.pc-card', 'data-axes')) ?? '[]') as string[];
      assert.ok(axes.includes('param:C') && axes.includes('metric:accuracy'), JSON.stringify(axes));

      await brush(page as unknown as Page, 'metric:accuracy', 'above', 0.9);
      await page.waitForSelector('.pc-card[data-kept="2"]');
      const expected = [byName.get('C=1.0'), byName.get('C=10.0')].sort();
      await page.waitForFunction(() => document.querySelectorAll('.rt-body [role="row"][aria-selected="true"]').length === 2);
      const selected = await page.$$eval('.rt-body [role="row"][aria-selected="true"]', (rows) => rows.map((r) => r.getAttribute('data-row-id')));
      assert.deepEqual(selected.sort(), expected);
      assert.equal(await page.textContent('.rt-selection'), '2 selected');
      await buttonNamed(page, 'Compare').click();
      const compare = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'compareRuns');
      assert.deepEqual(compare.kind === 'intent' && (compare.params as { runIds: string[] }).runIds.sort(), expected);

      // A sort reorders the same runs: the plot reads them again and its brush still holds the same two.
      await page.click('.rt-head[data-column-id="attr:name"] .rt-sort');
      await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setSort');
      const loads = Number(await page.getAttribute('.pc-card', 'data-loads'));
      await host.sync(view);
      await page.waitForFunction((n) => Number(document.querySelector('.pc-card')?.getAttribute('data-loads')) > n, loads);
      assert.deepEqual(JSON.parse((await page.getAttribute('.pc-card', 'data-kept-ids')) ?? '[]').sort(), expected);
      assert.equal(await page.textContent('.pc-notes'), '');

      await page.locator('.pc-plot').focus();
      await page.keyboard.press('Escape');
      await page.waitForSelector('.pc-card[data-kept="9"]');
      await page.waitForFunction(() => document.querySelectorAll('.rt-body [aria-selected="true"]').length === 0);
      assert.equal(await page.textContent('.rt-selection'), 'Select rows (Ctrl/Shift-click, Space)');
      axes = JSON.parse((await page.getAttribute('.pc-card', 'data-axes')) ?? '[]') as string[];

      // A filter no run matches leaves no column to draw; clearing it brings the same axes back.
      const shownAxes = async () => JSON.parse((await page.getAttribute('.pc-card', 'data-axes')) ?? '[]') as string[];
      const reloadedAfter = async (act: () => Promise<void>) => {
        const loads = Number(await page.getAttribute('.pc-card', 'data-loads'));
        await act();
        await page.waitForFunction((n) => Number(document.querySelector('.pc-card')?.getAttribute('data-loads')) > n, loads);
      };
      const filter = page.getByRole('textbox').first();
      await filter.click();
      await page.keyboard.type('metrics.accuracy > 2');
      await page.keyboard.press('Enter');
      await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setFilter' && (m.params as { filter: string }).filter === 'metrics.accuracy > 2');
      await reloadedAfter(async () => void (await host.sync(view)));
      assert.deepEqual(await shownAxes(), []);
      assert.match((await page.textContent('.pc-caption')) ?? '', /^The listed runs lack the chosen columns/);
      await buttonNamed(page, 'Clear').click();
      await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setFilter' && (m.params as { filter: string }).filter === '');
      await reloadedAfter(async () => void (await host.sync(view)));
      assert.deepEqual(await shownAxes(), axes);

      const saved = (await view.savedState()) as { view?: { parallel?: { open?: boolean; axes?: string[] } } };
      assert.deepEqual(saved.view?.parallel?.open, true);
      assert.deepEqual(view.rejected, [], 'every request passed the host guard');
      assert.deepEqual(await view.incidents(), []);
    },
    host.responder,
  );
});
