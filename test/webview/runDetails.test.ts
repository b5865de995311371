/** The run panel bundle in Chromium, fed by the host's own state builder over the SQLite fixture. */
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/panels/messageGuard';
import { loadRunDetails, runDetailsState, toArtifactEntries, valueToCopy } from '../../src/panels/runDetailsState';
import { withWebview } from './browser';
import { findRun, fixtureStore, HOSTILE_EXPERIMENT_NAME, HOSTILE_RUN_NAME } from './fixtureData';
import { test } from './testing';

const text = (selector: string) => `document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`;

test('run panel: the hostile run appears as text everywhere and no injected script runs', async () => {
  const store = fixtureStore();
  const run = await findRun(store, HOSTILE_RUN_NAME);
  const state = await loadRunDetails(store, run.info.run_id);
  await withWebview(
    'runDetails',
    async (view) => {
      await view.pushState(state);
      const page = view.page;
      await page.waitForSelector('h1[data-field="runName"]');
      assert.equal(await page.evaluate(text('h1')), HOSTILE_RUN_NAME);
      const body = (await page.evaluate(text('body'))) as string;
      assert.ok(body.includes(HOSTILE_EXPERIMENT_NAME), 'experiment name shown verbatim, spaces kept');
      assert.ok(body.includes('Adam "beta1=0.9" <b>bold</b>'), 'param value shown as text');
      assert.ok(body.includes("<script>alert('tag')</script>"), 'tag value shown as text');
      assert.ok(body.includes('<script>alert(1)</script>'), 'description script shown as text');
      // The description's **markdown** becomes <strong>, its <script> stays text.
      assert.equal(await page.evaluate(text('.markdown strong')), 'markdown');
      const elements = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        injected: document.querySelectorAll('b, img, i, iframe, object, embed').length,
      }));
      assert.deepEqual(elements, { scripts: 1, injected: 0 });

      // Metric summaries come from the full histories (dup_step: step 5 twice and step -1).
      const dupRow = await page.evaluate(() =>
        [...document.querySelectorAll('[data-table="metrics"] tbody tr')]
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
          .find((cells) => cells[0] === 'special/dup_step'),
      );
      assert.deepEqual(dupRow, ['special/dup_step', '2', '0.5', '2', '3']);

      // Artifacts: expanding a folder asks the host (a guarded request) and lists odd names as text.
      await page.click('summary[title="odd names"]');
      await page.waitForSelector('.artifact-tree .artifact-tree');
      const names = await page.evaluate(() => [...document.querySelectorAll('.artifact.file .link')].map((b) => b.textContent));
      assert.ok(names.includes('ünï cödé 🚀.txt'), `got ${JSON.stringify(names)}`);
      assert.ok(names.includes(`it's "quoted".txt`));
      await page.click(`.artifact.file .link[title='odd names/it\\'s "quoted".txt']`);
      const open = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openArtifact');
      assert.deepEqual(open, { kind: 'intent', name: 'openArtifact', params: { path: `odd names/it's "quoted".txt` } });

      assert.deepEqual(await view.incidents(), []);
    },
    async (request) => toArtifactEntries(await store.listArtifacts(run.info.run_id, request.params.path)),
  );
});

test('run panel: tables filter and sort; metric keys open charts', async () => {
  const store = fixtureStore();
  const run = await findRun(store, HOSTILE_RUN_NAME);
  const state = await loadRunDetails(store, run.info.run_id);
  await withWebview('runDetails', async (view) => {
    await view.pushState(state);
    const page = view.page;
    await page.waitForSelector('[data-table="parameters"]');
    const keys = () => page.evaluate(() => [...document.querySelectorAll('[data-table="parameters"] tbody tr td:first-child')].map((td) => td.textContent));

    await page.getByRole('textbox', { name: 'Filter parameters', exact: true }).fill('RATE');
    const expected = state.params.filter((p) => `${p.key}\u0000${p.value}`.toLowerCase().includes('rate')).map((p) => p.key);
    assert.ok(expected.length > 0);
    assert.deepEqual(await keys(), expected);

    await page.getByRole('textbox', { name: 'Filter parameters', exact: true }).fill('');
    await page.click('[data-table="parameters"] th:first-child button');
    await page.click('[data-table="parameters"] th:first-child button');
    const descending = [...state.params.map((p) => p.key)].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    assert.deepEqual(await keys(), descending);
    assert.equal(await page.getAttribute('[data-table="parameters"] th:first-child', 'aria-sort'), 'descending');

    // Sort and filter survive a state push (the host refreshes the panel).
    await view.pushState(state);
    await page.waitForFunction(() => document.querySelector('[data-table="parameters"] th:first-child')?.getAttribute('aria-sort') === 'descending');
    assert.deepEqual(await keys(), descending);

    await page.click('[data-table="metrics"] button.link:text-is("special/nan")');
    const chart = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openMetricChart');
    assert.deepEqual(chart, { kind: 'intent', name: 'openMetricChart', params: { metricKeys: ['special/nan'] } });
    assert.deepEqual(await view.incidents(), []);
  });
});

test('run panel: parent and children are links that open runs', async () => {
  const store = fixtureStore();
  const parent = await findRun(store, 'hyperparam-search');
  const child = await findRun(store, 'C=0.1');
  const parentState = await loadRunDetails(store, parent.info.run_id);
  assert.deepEqual(parentState.overview?.children.map((c) => c.runName), ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']);
  await withWebview('runDetails', async (view) => {
    await view.pushState(parentState);
    await view.page.click('.inline-list button.link:text-is("C=0.1")');
    const open = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openRun');
    assert.deepEqual(open, { kind: 'intent', name: 'openRun', params: { runId: child.info.run_id } });

    await view.pushState(await loadRunDetails(store, child.info.run_id));
    await view.page.waitForSelector('h1:text-is("C=0.1")');
    const parentLink = await view.page.evaluate(() => {
      const dt = [...document.querySelectorAll('dt')].find((d) => d.textContent === 'Parent run');
      return dt?.nextElementSibling?.textContent;
    });
    assert.equal(parentLink, 'hyperparam-search');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('run panel: no metrics, no artifacts, hostile Markdown and a load error all render sensibly', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'quick-test-0');
  const hostile = [
    '# Notes',
    'Some **bold** and _em_ with `<code>` and <img src=x onerror="window.__pwned=1">',
    '- [web](https://mlflow.org) and [bad](javascript:window.__pwned=1)',
    '- item two',
    '```',
    '<script>window.__pwned = 1</script>',
    '```',
  ].join('\n');
  const bare = runDetailsState(
    { ...run, data: { ...run.data, metrics: [], tags: [...run.data.tags, { key: 'mlflow.note.content', value: hostile }] } },
    { children: [], metrics: [], artifacts: [], problems: ['metrics/x: truncated last line'] },
  );
  await withWebview('runDetails', async (view) => {
    await view.pushState(bare);
    const page = view.page;
    await page.waitForSelector('.markdown');
    assert.equal(await page.evaluate(text('.markdown h3')), 'Notes');
    assert.equal(await page.evaluate(() => document.querySelectorAll('.markdown li').length), 2);
    assert.equal(await page.evaluate(text('.markdown pre code')), '<script>window.__pwned = 1</script>');
    assert.equal(await page.evaluate(text('.markdown code')), '<code>');
    const body = (await page.evaluate(text('body'))) as string;
    assert.ok(body.includes('No metrics logged.'));
    assert.ok(body.includes('No artifacts.'));
    assert.ok(body.includes('metrics/x: truncated last line'));
    assert.ok(body.includes('<img src=x onerror="window.__pwned=1">'));

    await page.click('.md-link:text-is("bad")');
    const link = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openLink');
    // The webview only reports the click; the host opens http(s) links and ignores the rest.
    assert.deepEqual(link, { kind: 'intent', name: 'openLink', params: { url: 'javascript:window.__pwned=1' } });
    assert.equal(page.url().startsWith('http://127.0.0.1'), true, 'the page did not navigate');

    await view.pushState({ ...bare, overview: undefined, error: 'Cannot show run abc: No run abc in /tmp/mlruns.' });
    await page.waitForSelector('[role="alert"]');
    assert.equal(await page.evaluate(text('[role="alert"]')), 'Cannot show run abc: No run abc in /tmp/mlruns.');
    assert.deepEqual(await view.incidents(), []);
  });
});

test('run panel: a 5,000-character value is clipped with Show all and Copy, and keys keep a readable width beside it', async () => {
  const store = fixtureStore();
  const run = await findRun(store, HOSTILE_RUN_NAME);
  const state = await loadRunDetails(store, run.info.run_id);
  const long = state.params.find((p) => p.key === 'long_value');
  assert.equal(long?.value.length, 5000, 'the fixture logs a 5,000-character parameter');
  await withWebview('runDetails', async (view) => {
    const page = view.page;
    // A narrow editor group: the squeeze is worst there.
    await page.setViewportSize({ width: 640, height: 900 });
    await view.pushState(state);
    await page.waitForSelector('[data-table="parameters"]');
    const row = (key: string) => `[data-table="parameters"] tbody tr:has(td:first-child .key:text-is(${JSON.stringify(key)}))`;

    // Every key keeps at least 12em (the body font is 13px) and stays on one line.
    const keys = await page.$$eval('[data-table="parameters"] tbody td:first-child .key', (spans) =>
      spans.map((span) => {
        const range = document.createRange();
        range.selectNodeContents(span);
        return { key: span.textContent, width: span.getBoundingClientRect().width, lines: range.getClientRects().length };
      }),
    );
    assert.equal(keys.length, state.params.length);
    for (const k of keys) {
      assert.ok(k.width >= 12 * 13 - 0.5, `key ${k.key} is ${k.width}px wide`);
      assert.equal(k.lines, 1, `key ${k.key} wraps onto ${k.lines} lines`);
    }

    // The long value shows a few lines: its box is clipped to about four times a one-line value.
    const oneLine = await page.$eval(`${row('学习率')} td:nth-child(2) .value`, (v) => v.getBoundingClientRect().height);
    const clipped = await page.$eval(`${row('long_value')} .value`, (v) => ({ shown: v.clientHeight, full: v.scrollHeight, text: v.textContent }));
    assert.ok(clipped.shown <= 4.5 * oneLine && clipped.shown >= 3.5 * oneLine, `clipped to ${clipped.shown}px (one line: ${oneLine}px)`);
    assert.ok(clipped.full > 20 * oneLine, 'the whole value is there, hidden below the clip');
    assert.equal(clipped.text, long?.value);
    assert.equal(await page.locator(`${row('学习率')} button`).count(), 0, 'a short value has no Show all or Copy');

    const showAll = page.locator(`${row('long_value')} button.link`, { hasText: 'Show all (5,000 characters)' });
    assert.equal(await showAll.getAttribute('aria-expanded'), 'false');
    await showAll.click();
    const opened = await page.$eval(`${row('long_value')} .value`, (v) => ({ shown: v.clientHeight, full: v.scrollHeight }));
    assert.ok(opened.shown >= opened.full && opened.shown > 20 * oneLine, `shown whole: ${opened.shown}px of ${opened.full}px`);
    assert.equal(await page.locator(`${row('long_value')} button.link[aria-expanded="true"]`).textContent(), 'Show less');

    // A refresh from the host keeps it open.
    await view.pushState({ ...state });
    await page.waitForSelector(`${row('long_value')} button.link[aria-expanded="true"]`);
    assert.equal(await page.$eval(`${row('long_value')} .value`, (v) => v.classList.contains('clipped')), false);

    // Copy asks the host, which copies the value of the run it shows, whole.
    await page.locator(`${row('long_value')} button.link`, { hasText: 'Copy' }).click();
    const copy = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'copyValue');
    assert.deepEqual(copy, { kind: 'intent', name: 'copyValue', params: { table: 'params', key: 'long_value' } });
    assert.equal(valueToCopy(state, 'params', 'long_value'), long?.value);
    assert.equal(valueToCopy(state, 'tags', 'long_value'), undefined);
    assert.throws(() => parseWebviewMessage('runDetails', { kind: 'intent', name: 'copyValue', params: { table: 'artifacts', key: 'x' } }), /copyValue.table: expected one of params, tags/);
    assert.deepEqual(await view.incidents(), []);
  });
});

test('run panel: dataset inputs show name, digest, context, source, tags and profile, the schema on expand, hostile text as text', async () => {
  const store = fixtureStore();
  const run = await findRun(store, 'C=1.0');
  const state = await loadRunDetails(store, run.info.run_id);
  const hostileName = '<img src=x onerror="window.__pwned=1"> & "q"';
  const withHostile = runDetailsState(
    {
      ...run,
      inputs: {
        dataset_inputs: [
          ...(run.inputs?.dataset_inputs ?? []),
          { tags: [{ key: 'mlflow.data.context', value: '<b>ctx</b>' }], dataset: { name: hostileName, digest: '<i>d</i>', source_type: 'http', source: '{"url": "javascript:window.__pwned=1"}', schema: '<script>window.__pwned=1</script>' } },
        ],
      },
    },
    { children: [], metrics: [], artifacts: [], problems: [] },
  );
  await withWebview('runDetails', async (view) => {
    const page = view.page;
    await view.pushState(state);
    await page.waitForSelector('.datasets');
    const heading = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent).find((t) => t?.startsWith('Datasets')));
    assert.equal(heading, 'Datasets (2)');
    const items = await page.$$eval('.datasets > li.dataset', (lis) =>
      lis.map((li) => ({
        name: li.querySelector('.dataset-name')?.textContent,
        context: li.querySelector('.badge')?.textContent,
        fields: Object.fromEntries([...li.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
        schemaOpen: li.querySelector('details')?.hasAttribute('open'),
        hover: li.getAttribute('title'),
      })),
    );
    assert.deepEqual(items[1], {
      name: 'iris-train',
      context: 'training',
      fields: { Digest: '2edc8d19', Context: 'training', 'Source type': 'local', Source: 'file:///data/iris/train.csv', Tags: 'split=train', Profile: 'num_rows: 105, num_elements: 525' },
      schemaOpen: false,
      hover: 'iris-train: num_rows: 105, num_elements: 525',
    });
    assert.equal(items[0]?.name, 'iris-test');
    assert.equal(items[0]?.fields['Source'], '/home/dev/mlflow-demo/gen.py');
    // The stored source JSON is in the source's hover.
    assert.equal(await page.getAttribute('li[data-dataset="iris-test"] dd code[title]', 'title'), '{"tags": {"mlflow.user": "root", "mlflow.source.name": "/home/dev/mlflow-demo/gen.py", "mlflow.source.type": "LOCAL"}}');
    await page.click('li[data-dataset="iris-train"] details summary');
    assert.equal(await page.evaluate(text('li[data-dataset="iris-train"] details summary')), 'Schema (5 columns)');
    const columns = await page.$$eval('li[data-dataset="iris-train"] details li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(columns, ['sepal length (cm): double', 'sepal width (cm): double', 'petal length (cm): double', 'petal width (cm): double', 'target: long']);

    await view.pushState(withHostile);
    await page.waitForFunction(() => document.querySelectorAll('.datasets > li.dataset').length === 3);
    const hostile = await page.evaluate((name) => {
      const li = [...document.querySelectorAll('.datasets > li.dataset')].find((l) => l.getAttribute('data-dataset') === name);
      return { name: li?.querySelector('.dataset-name')?.textContent, schema: li?.querySelector('details pre')?.textContent, context: li?.querySelector('.badge')?.textContent };
    }, hostileName);
    assert.deepEqual(hostile, { name: hostileName, schema: '<script>window.__pwned=1</script>', context: '<b>ctx</b>' });
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      elements: document.querySelectorAll('.datasets img, .datasets b, .datasets i, .datasets a').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
    }));
    assert.deepEqual(injected, { scripts: 1, elements: 0, pwned: 0 });

    // A run without inputs says so.
    await view.pushState({ ...state, datasets: [] });
    await page.waitForFunction(() => document.body.textContent?.includes('No dataset inputs logged.'));
    assert.deepEqual(await view.incidents(), []);
  });
});
