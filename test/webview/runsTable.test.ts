/**
 * The runs table bundle in Chromium behind the real CSP, fed by the real session over the stores
 * MLflow wrote: hostile names as text, NaN/±inf, missing values, nested runs, every status; the
 * keyboard, selection → Compare, the column chooser over 12,000 keys, grouping, filter messages, themes.
 */
import assert from 'node:assert/strict';
import type { Run } from '../../src/core/model/entities';
import { RunsTableModel } from '../../src/core/table/runsTableModel';
import { RunsTableSession } from '../../src/panels/runsTableState';
import { filterProblem } from '../../src/views/explorer/runQuery';
import type { WebviewPage } from './webviewPage';
import { withWebview } from './browser';
import { buttonNamed } from './controls';
import { fileFixtureStore, HOSTILE_RUN_NAME } from './fixtureData';
import { TableHost } from './runsTableHost';
import { test } from './testing';
import { applyTheme } from './themes';

async function experimentIds(names: string[]): Promise<string[]> {
  const experiments = (await fileFixtureStore().searchExperiments({ maxResults: 100 })).items;
  return names.map((name) => {
    const found = experiments.find((e) => e.name === name || e.name.startsWith(name));
    assert.ok(found, name);
    return found.experiment_id;
  });
}

/** The real session over the fixture store's experiments named `names`, loaded, behind the fake host. */
async function fixtureHost(names: string[]): Promise<TableHost> {
  const store = fileFixtureStore();
  const session = new RunsTableSession(await experimentIds(names));
  await session.load(store);
  return new TableHost(session, store);
}

/** A table webview answered by `host`, showing its session's state (first rows painted) before `body` runs. */
function withTable(host: TableHost, body: (view: WebviewPage<'runsTable'>) => Promise<void>): Promise<void> {
  return withWebview(
    'runsTable',
    async (view) => {
      await view.pushState(host.session.state());
      await view.page.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"] [role="gridcell"]:not(.rt-pending)');
      await body(view);
    },
    host.responder,
  );
}

/** Moves the focused cell right (from the first column) until the column's header is rendered. */
async function revealColumn(view: WebviewPage<'runsTable'>, columnId: string): Promise<void> {
  const page = view.page;
  await page.getByRole('grid').focus();
  await page.keyboard.press('Home');
  const selector = `.rt-head[data-column-id="${columnId.replace(/"/g, '\\"')}"]`;
  for (let i = 0; i < 400 && (await page.locator(selector).count()) === 0; i++) await page.keyboard.press('ArrowRight');
  await page.waitForSelector(selector);
}

const cellText = (view: WebviewPage<'runsTable'>, runName: string, columnId: string) =>
  view.page.evaluate(
    ({ runName, columnId }) => {
      const rows = [...document.querySelectorAll('.rt-body [role="row"]')];
      const row = rows.find((r) => r.querySelector('[data-column-id="attr:name"]')?.textContent?.includes(runName));
      const cell = row?.querySelector(`[data-column-id="${CSS.escape(columnId)}"]`);
      return cell ? { text: cell.querySelector('.rt-text')?.textContent ?? '', title: cell.getAttribute('title'), best: cell.getAttribute('data-best') } : undefined;
    },
    { runName, columnId },
  );

test('runs table: hostile names as text, NaN and ±inf, missing values, every status, grid roles', async () => {
  const host = await fixtureHost(['Ünïcödé', 'status-zoo']);
  const session = host.session;
  await withTable(host, async (view) => {
    const page = view.page;
    const grid = page.getByRole('grid', { name: 'Runs' });
    assert.equal(await grid.getAttribute('aria-rowcount'), String(session.state().rowCount + 1));
    assert.equal(await grid.getAttribute('aria-colcount'), String(session.state().columns.length));
    const names = await page.$$eval('.rt-body [data-column-id="attr:name"] .rt-text', (cells) => cells.map((c) => c.textContent));
    assert.ok(names.includes(HOSTILE_RUN_NAME), `hostile name shown as text: ${JSON.stringify(names)}`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#app b, #app script, #app img').length), 0, 'no element from data');
    const statuses = await page.$$eval('.rt-body [data-column-id="attr:status"] .rt-text', (cells) => cells.map((c) => c.textContent));
    for (const status of ['FINISHED', 'FAILED', 'KILLED', 'RUNNING', 'SCHEDULED']) assert.ok(statuses.includes(status), status);

    // Metric cells of the hostile run: scroll its special/* columns into view through the keyboard.
    const hostileRun = session.state();
    assert.ok(hostileRun.columns.some((c) => c.id === 'metric:special/nan'));
    await revealColumn(view, 'metric:special/neg_inf');
    await page.waitForSelector('.rt-body [data-column-id="metric:special/nan"]:not(.rt-pending)');
    // special/nan was logged NaN then 1.5: the latest value is shown.
    assert.equal((await cellText(view, HOSTILE_RUN_NAME, 'metric:special/nan'))?.text, '1.5');
    const huge = await cellText(view, HOSTILE_RUN_NAME, 'metric:special/huge');
    assert.deepEqual([huge?.text, huge?.title], ['1.79769e+308', '1.7976931348623157e+308'], 'readable, exact on hover');
    const inf = await cellText(view, HOSTILE_RUN_NAME, 'metric:special/inf');
    assert.equal(inf?.text, 'Infinity');
    const negInf = await cellText(view, HOSTILE_RUN_NAME, 'metric:special/neg_inf');
    assert.equal(negInf?.text, '-Infinity');
    const missing = await cellText(view, 'finished-run', 'metric:special/neg_inf');
    assert.equal(missing?.text, '—', 'a run without the metric shows a dash');
    assert.equal(await page.locator('.rt-grid .rt-active').count(), 1, 'one focused cell');

    // One evaluate per read: the grid re-renders its rows when a fetched slice lands, so an element
    // handle taken in one round trip may be detached (no computed style) by the next.
    const bodyCellStyle = () =>
      page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('.rt-body .rt-cell') as Element);
        return { background: style.backgroundColor, color: style.color, border: style.borderBottomColor };
      });
    for (const theme of ['dark', 'light'] as const) {
      await applyTheme(page, theme);
      assert.equal((await bodyCellStyle()).background, theme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)');
    }

    // High contrast: black cells, white text, the contrast border between rows; a selected row is
    // outlined with the active contrast border (no fill colour carries the selection there).
    await applyTheme(page, 'high-contrast');
    assert.deepEqual(await bodyCellStyle(), { background: 'rgb(0, 0, 0)', color: 'rgb(255, 255, 255)', border: 'rgb(111, 195, 223)' });
    await page.click('.rt-body [role="row"][aria-rowindex="2"] [data-column-id="attr:name"]');
    await page.waitForSelector('.rt-body [role="row"][aria-rowindex="2"][aria-selected="true"]');
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('.rt-body [role="row"][aria-selected="true"]') as Element);
      return `${style.outlineStyle} ${style.outlineColor}`;
    });
    assert.equal(outline, 'dotted rgb(243, 133, 24)');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('runs table: nested runs expand, keyboard opens a run, selection compares, sort and filter round-trip', async () => {
  const host = await fixtureHost(['iris-classification']);
  const session = host.session;
  await withTable(host, async (view) => {
    const page = view.page;
    assert.equal(await page.locator('.rt-body [role="row"]').count(), 1, 'only the parent run until expanded');
    assert.equal(await page.getAttribute('.rt-body [role="row"]', 'aria-expanded'), 'false');
    await page.click('.rt-body [data-toggle]');
    await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setExpanded');
    await host.sync(view);
    await page.waitForFunction(() => document.querySelectorAll('.rt-body [role="row"]').length === 5);
    // The rows' meta arrives with the new version's first slice; until then a row has no level.
    await page.waitForSelector('.rt-body [role="row"][aria-rowindex="3"][aria-level="2"]');

    // Keyboard: down one row, Enter opens its details.
    await page.getByRole('grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const open = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openRun');
    const second = await page.getAttribute('.rt-body [role="row"][aria-rowindex="3"]', 'data-row-id');
    assert.deepEqual(open.kind === 'intent' && open.params, { runId: second });

    // Select two rows (click, Ctrl-click), Compare.
    await page.click('.rt-body [role="row"][aria-rowindex="3"] [data-column-id="attr:status"]');
    await page.click('.rt-body [role="row"][aria-rowindex="4"] [data-column-id="attr:status"]', { modifiers: ['Control'] });
    assert.equal(await page.locator('.rt-body [aria-selected="true"]').count(), 2);
    await buttonNamed(page, 'Compare').click();
    const compare = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'compareRuns');
    const selected = await page.$$eval('.rt-body [aria-selected="true"]', (rows) => rows.map((r) => r.getAttribute('data-row-id')));
    assert.deepEqual(compare.kind === 'intent' && (compare.params as { runIds: string[] }).runIds.sort(), selected.sort());

    // Sort by accuracy: the header sends the sort; the store orders; the best value is marked.
    await revealColumn(view, 'metric:accuracy');
    await page.click('.rt-head[data-column-id="metric:accuracy"] .rt-sort');
    await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setSort');
    await host.sync(view);
    await page.waitForSelector('.rt-head[data-column-id="metric:accuracy"][aria-sort="ascending"]');
    const model = new RunsTableModel((await fileFixtureStore().searchRuns({ experimentIds: [...session.experimentIds] })).items as Run[]);
    const best = model.best('metric:accuracy', 'latest', 'higher');
    await page.waitForSelector('.rt-body [data-column-id="metric:accuracy"][data-best="true"]');
    const bestTitles = await page.$$eval('.rt-body [data-column-id="metric:accuracy"][data-best="true"]', (cells) => cells.map((c) => c.getAttribute('title') ?? c.textContent));
    assert.ok(bestTitles.length >= 1);
    for (const t of bestTitles) assert.ok(t?.includes(String(best)) || t?.includes('0.977778'), t ?? '');

    // Filter: a bad one is named as the tree names it; a good one lists the matches.
    const filter = page.getByRole('textbox').first();
    await filter.click();
    await page.keyboard.type('metrics.accuracy >>> 0.9');
    // Each keystroke is checked; a partial filter ('metrics.accuracy') has its own message, so wait for the whole one's.
    const expected = filterProblem('metrics.accuracy >>> 0.9');
    await page.waitForFunction((want) => document.querySelector('.rt-filter-error')?.textContent === want, expected).catch(() => undefined);
    assert.equal(await page.textContent('.rt-filter-error'), expected, 'the message of the tree\'s Filter Runs');
    assert.match((await page.textContent('.rt-filter-error')) ?? '', /^Column \d+: /);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('metrics.accuracy > 0.9');
    await page.waitForSelector('.rt-filter-error[hidden]', { state: 'attached' });
    await page.keyboard.press('Enter');
    await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setFilter' && (m.params as { filter: string }).filter === 'metrics.accuracy > 0.9');
    await host.sync(view);
    assert.equal(session.state().runCount, 3);
    await page.waitForFunction(() => document.querySelector('.count')?.textContent?.startsWith('3 runs'));
    assert.deepEqual(await view.incidents(), []);
  });
});

/** Runs × param keys (12,000 in the test) (with `/`, `.`, spaces and HTML) + 100 metrics, some runs with no metric at all. */
export function wideRuns(runCount: number, paramCount: number, metricCount: number): Run[] {
  const runs: Run[] = [];
  for (let r = 0; r < runCount; r++) {
    const params = [];
    params.push({ key: 'a long value', value: 'x'.repeat(5000) });
    for (let p = 1; p < paramCount; p++) params.push({ key: p % 4 === 0 ? `group ${p % 7}/key.${p} <i>x</i>` : `p${p}`, value: String((r * p) % 997) });
    const metrics = r % 10 === 9 ? [] : Array.from({ length: metricCount }, (_, m) => ({ key: `m${m}`, value: r % 7 === 0 ? NaN : (r + 1) * (m + 1) * 0.0010000000000000002, timestamp: 1, step: 0 }));
    runs.push({
      info: { run_id: `run${r.toString().padStart(5, '0')}`, run_uuid: `run${r}`, run_name: `wide <b>${r}</b>`, experiment_id: '1', user_id: 'u', status: 'FINISHED', start_time: 1_700_000_000_000 + r, end_time: 1_700_000_100_000 + r, artifact_uri: '', lifecycle_stage: 'active' },
      data: { params, metrics, tags: [] },
    });
  }
  return runs;
}

/** A session over runs held in memory (the wide store generated for the bench), read through a fake store. */
export function memorySession(runs: Run[]): RunsTableSession {
  const session = new RunsTableSession(['1']);
  (session as unknown as { setModel(model: RunsTableModel, problems: string[]): void }).setModel(new RunsTableModel(runs), []);
  return session;
}

test('runs table: 200 runs × 12,000 param keys — columns paged in as you pan, chooser filters, grouping, 5,000-character values', async () => {
  const session = memorySession(wideRuns(200, 12_000, 100));
  session.layout = { ...session.layout, pinned: ['attr:name', 'metric:m1'] };
  const host = new TableHost(session, undefined);
  await withTable(host, async (view) => {
    const page = view.page;
    const requested = view.received.filter((m) => m.kind === 'request' && m.method === 'rows').map((m) => (m.params as { columnIds: string[] }).columnIds.length);
    assert.ok(Math.max(...requested) < 100, `only the columns on screen are fetched, got ${JSON.stringify(requested)}`);
    const renderedCells = await page.locator('.rt-body [role="row"]:first-child [role="gridcell"]').count();
    assert.ok(renderedCells < 60, `columns are virtual: ${renderedCells} cells in a row`);
    const long = await page.$eval('.rt-body [role="row"] [data-column-id="param:a long value"]', (c) => ({ text: c.textContent ?? '', title: c.getAttribute('title') ?? '' }));
    assert.ok(long.text.length <= 201 && long.title.length === 5000, 'a 5,000-character value shown cut, whole on hover');

    // A pinned metric: NaN as NaN, a run without metrics as dashes, numbers readable with the exact value on hover.
    assert.equal((await cellText(view, 'wide <b>0</b>', 'metric:m1'))?.text, 'NaN');
    assert.equal((await cellText(view, 'wide <b>9</b>', 'metric:m1'))?.text, '—');
    assert.deepEqual(await cellText(view, 'wide <b>1</b>', 'metric:m1'), { text: '0.004', title: '0.004000000000000001', best: null });

    // Pan far right: cells of far columns arrive.
    await page.$eval('.rt-scroller', (s) => (s.scrollLeft = 600_000));
    await page.waitForFunction(() => [...document.querySelectorAll('.rt-body [role="row"]:first-child [role="gridcell"]')].some((c) => !c.classList.contains('rt-pending') && (c.getAttribute('data-column-id') ?? '').startsWith('param:')) );

    await buttonNamed(page, 'Columns…').click();
    const search = page.locator('.rt-chooser-search');
    await search.click();
    await page.keyboard.type('key.1200');
    await page.waitForFunction(() => /columns match/.test(document.querySelector('.rt-chooser .note')?.textContent ?? '') && document.querySelectorAll('.rt-chooser-item').length > 0 && document.querySelectorAll('.rt-chooser-item').length < 20);
    const items = await page.$$eval('.rt-chooser-item .rt-key', (keys) => keys.map((k) => k.textContent));
    assert.ok(items.every((k) => k?.includes('key.1200')), JSON.stringify(items));
    assert.ok(items.some((k) => k?.includes('<i>x</i>')), 'HTML in a key shown as text');
    assert.equal(await page.evaluate(() => document.querySelectorAll('#app i, #app b').length), 0);

    // Pin the first match: it moves to the pinned columns.
    const first = await page.getAttribute('.rt-chooser-item', 'data-column-id');
    await page.click('.rt-chooser-item button[title^="Pin"]');
    const layout = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setLayout');
    assert.deepEqual(layout.kind === 'intent' && (layout.params as { layout: { pinned: string[] } }).layout.pinned, ['attr:name', 'metric:m1', first]);
    await host.sync(view);
    await page.waitForSelector(`.rt-head.rt-pinned[data-column-id="${first?.replace(/"/g, '\\"')}"]`);

    // Group by a param: group rows with counts and metric means.
    await search.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('p3 ');
    await page.click('.rt-chooser-item[data-column-id="param:p3"] button[title^="Group"]');
    await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setGroupBy');
    await host.sync(view);
    await page.waitForSelector('.rt-body .rt-group');
    const groupText = await page.textContent('.rt-body .rt-group [aria-colindex="1"]');
    assert.match(groupText ?? '', /run\(s\)/);
    assert.deepEqual(await view.incidents(), []);
  });
});

test('runs table: a dragged header moves its column; cells follow a column resize while it is dragged', async () => {
  const session = memorySession(wideRuns(20, 30, 3));
  const host = new TableHost(session, undefined);
  await withTable(host, async (view) => {
    const page = view.page;
    const widthOf = (selector: string) => page.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.getBoundingClientRect().width, selector);
    const statusCell = '.rt-body [role="row"][aria-rowindex="2"] [data-column-id="attr:status"]';
    const before = await widthOf(statusCell);
    assert.equal(before, 110);

    // Resize: while the button is still down, the body cells already have the new width.
    const handle = await page.locator('.rt-head[data-column-id="attr:status"] .rt-resize').boundingBox();
    assert.ok(handle);
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 40, handle.y + handle.height / 2, { steps: 4 });
    await page.mouse.move(handle.x + handle.width / 2 + 80, handle.y + handle.height / 2, { steps: 4 });
    await page.waitForFunction((s) => document.querySelector(s)?.getBoundingClientRect().width === 190, statusCell);
    assert.equal(view.received.filter((m) => m.kind === 'intent' && m.name === 'setLayout').length, 0, 'the layout is sent on release only');
    await page.mouse.up();
    const resized = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setLayout');
    assert.deepEqual(resized.kind === 'intent' && (resized.params as { layout: { widths: object } }).layout.widths, { 'attr:status': 190 });
    await host.sync(view);
    assert.equal(await widthOf(statusCell), 190);

    // Drag the User header onto Status: User now comes right after the pinned name, Status after it.
    await page.dragAndDrop('.rt-head[data-column-id="attr:user"]', '.rt-head[data-column-id="attr:status"]');
    const moved = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'setLayout' && (m.params as { layout: { order: string[] } }).layout.order.length > 0);
    const order = moved.kind === 'intent' ? (moved.params as { layout: { order: string[] } }).layout.order : [];
    assert.deepEqual(order.slice(0, 4), ['attr:name', 'attr:user', 'attr:status', 'attr:start']);
    await host.sync(view);
    const headers = await page.$$eval('.rt-header-row .rt-head', (cells) => cells.map((c) => c.getAttribute('data-column-id')));
    assert.deepEqual(headers.slice(0, 3), ['attr:name', 'attr:user', 'attr:status']);
    assert.deepEqual(await view.incidents(), []);
  });
});
