/**
 * The Try It bundle in Chromium behind the real CSP, with a fake host answering `invoke` the way the
 * extension does (MLflow 2.12.2's answers for the fixture's sklearn model). Model names, URIs, notes
 * and answers are hostile and must stay text; the request is edited as JSON and reaches the host
 * byte for byte; invalid JSON is refused before anything is posted; light and dark themes apply.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { parseRestoreState } from '../../src/panels/messageGuard';
import type { InvocationResult, RequestMessage, TryItState, WebviewMessage } from '../../src/shared/webviewProtocol';
import { withWebview } from './browser';
import { buttonNamed } from './controls';
import { test } from './testing';
import type { ThemeName } from './themes';
import { reloadWithSavedState, screenshotIfAsked, showInTheme } from './viewSteps';
import type { WebviewPage } from './webviewPage';

const HOSTILE = `<img src=x onerror="window.__pwned=1"> "'; touch PWNED # <script>window.__pwned=2</script>`;
const EXAMPLE = JSON.stringify({ dataframe_split: { columns: ['sepal length (cm)', HOSTILE], data: [[5.8, 2.8], [6.0, 2.2]] } }, null, 2);
const SCHEMA_REFUSAL = "Failed to enforce schema of data '   a\n0  1'. Error: Model is missing inputs ['sepal length (cm)']. <b>bold</b>";

function tryState(patch: Partial<TryItState> = {}): TryItState {
  return {
    modelLabel: `iris ${HOSTILE}`,
    modelUri: `/data/models/${HOSTILE}/model`,
    envManager: 'local',
    url: 'http://127.0.0.1:5123',
    status: 'ready',
    exampleRequest: EXAMPLE,
    exampleNote: `From input_example.json ${HOSTILE}`,
    restore: { port: 5123 },
    ...patch,
  };
}

type Invoke = Extract<RequestMessage<'tryIt'>, { method: 'invoke' }>;
const isInvoke = (m: WebviewMessage<'tryIt'>): m is Invoke => m.kind === 'request' && m.method === 'invoke';

/** The host's answer: predictions for a split frame with the iris columns, the model's 400 otherwise. */
async function respond(request: RequestMessage<'tryIt'>): Promise<InvocationResult> {
  const body = JSON.parse(request.params.body) as Record<string, { columns?: string[] }>;
  if (body['dataframe_split']?.columns?.[0] === 'sepal length (cm)') return { ok: true, status: 200, predictions: [2, `<b>${HOSTILE}</b>`] };
  if ('records' in body) return { ok: true, status: 200, predictions: [{ label: 'setosa', score: 0.9 }, { label: HOSTILE, score: 0.1 }] };
  return { ok: false, status: 400, errorCode: 'INVALID_PARAMETER_VALUE', message: SCHEMA_REFUSAL, stackTrace: `Traceback ${HOSTILE}` };
}

const editor = (page: Page) => page.getByRole('textbox', { name: 'Request JSON', exact: true });
const sendDisabled = (page: Page) => buttonNamed(page, 'Send').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled);
const text = (page: Page, field: string) => page.evaluate((f) => [...document.querySelectorAll('[data-field]')].find((e) => e.getAttribute('data-field') === f)?.textContent ?? null, field);
const injected = (page: Page) => page.evaluate(() => document.querySelectorAll('img, b, i, script, iframe, object, embed').length - 1);

async function waitForSend(page: Page, disabled: boolean): Promise<void> {
  await page.waitForFunction((d) => {
    const b = [...document.querySelectorAll('vscode-button')].find((e) => e.textContent === 'Send') as (HTMLElement & { disabled: boolean }) | undefined;
    return b?.disabled === d;
  }, disabled);
}

async function invokes(view: WebviewPage<'tryIt'>): Promise<Invoke[]> {
  return view.received.filter(isInvoke);
}

test('tryIt: hostile model data stays text, the edited request is posted byte for byte, predictions and a 400 are shown', async () => {
  await withWebview(
    'tryIt',
    async (view) => {
      const page = view.page;
      await view.pushState(tryState());
      await page.waitForSelector('[data-field="modelLabel"]');
      assert.equal(await text(page, 'modelLabel'), `Try It: iris ${HOSTILE}`);
      assert.equal(await text(page, 'modelUri'), `/data/models/${HOSTILE}/model`);
      assert.equal(await text(page, 'exampleNote'), `From input_example.json ${HOSTILE}`);
      assert.equal(await text(page, 'url'), 'http://127.0.0.1:5123/invocations');
      assert.equal(await text(page, 'status'), 'serving');
      assert.equal(await editor(page).inputValue(), EXAMPLE, 'the example, as the host built it');
      assert.equal(await text(page, 'result'), null);

      // Send posts the example as shown; the predictions show as a table of text.
      await buttonNamed(page, 'Send').click();
      const first = (await view.waitForMessage(isInvoke)) as Invoke;
      assert.equal(first.params.body, EXAMPLE);
      await page.waitForSelector('table[data-field="predictions"]');
      const cells = await page.$$eval('table[data-field="predictions"] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
      assert.deepEqual(cells, [['0', '2'], ['1', `<b>${HOSTILE}</b>`]]);

      // Edited: what is typed (quotes, markup, non-ASCII) is what the host gets.
      const typed = `{"records": [{"note": "${HOSTILE.replace(/"/g, '\\"')} ünï 🎉"}]}`;
      await editor(page).fill(typed);
      await waitForSend(page, false);
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() => document.querySelectorAll('table[data-field="predictions"] thead th').length === 3);
      const second = (await invokes(view)).at(-1);
      assert.ok(second && Buffer.from(second.params.body, 'utf8').equals(Buffer.from(typed, 'utf8')), 'byte for byte');
      assert.deepEqual(await page.$$eval('table[data-field="predictions"] thead th', (th) => th.map((h) => h.textContent)), ['#', 'label', 'score']);
      assert.equal(await text(page, 'requestWarning'), "MLflow's scoring server expects one of dataframe_split, dataframe_records, instances, inputs at the top level.");

      // A 400 from the model: its message, code and stack trace, as text, announced.
      await editor(page).fill('{"dataframe_split": {"columns": ["a"], "data": [[1]]}}');
      await buttonNamed(page, 'Send').click();
      await page.waitForSelector('[data-field="result"][role="alert"]');
      assert.equal(await text(page, 'errorMessage'), SCHEMA_REFUSAL);
      assert.match((await page.textContent('.result-status')) ?? '', /^HTTP 400 · INVALID_PARAMETER_VALUE$/);
      assert.match((await page.textContent('[data-field="result"] details')) ?? '', new RegExp(`Traceback ${HOSTILE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

      // Reset brings the example back; the saved state keeps the port (the restore key) and the text.
      await buttonNamed(page, 'Reset to example').click();
      assert.equal(await editor(page).inputValue(), EXAMPLE);
      assert.deepEqual(parseRestoreState('tryIt', await view.savedState()), { port: 5123 });

      // The other controls say what they want; the host acts.
      await buttonNamed(page, 'Copy URL').click();
      await buttonNamed(page, 'Show terminal').click();
      await buttonNamed(page, 'Stop server').click();
      for (const name of ['copyUrl', 'showTerminal', 'stopServer'] as const) {
        assert.deepEqual(await view.waitForMessage((m) => m.kind === 'intent' && m.name === name), { kind: 'intent', name, params: {} });
      }
      assert.equal(await injected(page), 0, 'no hostile text made an element');
      assert.deepEqual(await view.incidents(), []);
    },
    respond,
  );
});

test('tryIt: invalid JSON is refused before posting, with its line and column; Send waits for a running server', async () => {
  await withWebview(
    'tryIt',
    async (view) => {
      const page = view.page;
      await view.pushState(tryState({ status: 'starting', statusDetail: 'Waiting for the server to answer /ping…' }));
      await page.waitForSelector('[data-field="modelLabel"]');
      assert.equal(await text(page, 'status'), 'starting');
      assert.equal(await sendDisabled(page), true);
      assert.equal(await text(page, 'sendBlocked'), 'The server is starting: Send works once it answers.');

      await view.pushState(tryState());
      await waitForSend(page, false);
      await editor(page).fill('{\n  "inputs": [1, 2,\n}');
      await waitForSend(page, true);
      assert.equal(await text(page, 'requestProblem'), 'Not valid JSON at line 3, column 1: unexpected "}".');
      assert.equal(await editor(page).getAttribute('aria-invalid'), 'true');
      assert.equal(await text(page, 'sendBlocked'), 'Fix the JSON to send it.');
      // Neither a click on the disabled button nor Ctrl+Enter posts anything.
      await buttonNamed(page, 'Send').evaluate((b) => (b as HTMLElement).click());
      await editor(page).press('Control+Enter');
      await editor(page).fill('[1, 2]');
      assert.match((await text(page, 'requestProblem')) ?? '', /must be a JSON object/);
      await editor(page).press('Control+Enter');
      await editor(page).fill('');
      assert.match((await text(page, 'requestProblem')) ?? '', /The request is empty/);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await invokes(view)).length, 0, 'nothing was posted');

      // Fixed, then formatted: valid again, and sent.
      await editor(page).fill('{"inputs":[[1,2,3,4]]}');
      await waitForSend(page, false);
      assert.equal(await editor(page).getAttribute('aria-invalid'), null);
      await buttonNamed(page, 'Format').click();
      assert.equal(await editor(page).inputValue(), '{\n  "inputs": [\n    [\n      1,\n      2,\n      3,\n      4\n    ]\n  ]\n}');

      // A state push (the server stopped) keeps what was typed, and stops Send.
      await view.pushState(tryState({ status: 'stopped', statusDetail: `mlflow models serve ended (exit 1) ${HOSTILE}` }));
      await waitForSend(page, true);
      assert.equal(await text(page, 'statusDetail'), `mlflow models serve ended (exit 1) ${HOSTILE}`);
      assert.equal(await text(page, 'sendBlocked'), 'The server has stopped.');
      assert.match(await editor(page).inputValue(), /^\{\n {2}"inputs"/);
      assert.equal(await buttonNamed(page, 'Stop server').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled), true);
      assert.equal((await invokes(view)).length, 0);
      assert.equal(await injected(page), 0);
      assert.deepEqual(await view.incidents(), []);
    },
    respond,
  );
});

test('tryIt: theme colours, and the typed request survives a reload of the webview', async () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    await withWebview(
      'tryIt',
      async (view) => {
        const page = view.page;
        const colours = await showInTheme(view, theme, tryState(), '[data-field="modelLabel"]');
        const style = await editor(page).evaluate((e) => ({ background: getComputedStyle(e).backgroundColor, color: getComputedStyle(e).color }));
        assert.deepEqual(style, { background: colours['--vscode-input-background'], color: colours['--vscode-input-foreground'] });
        await editor(page).fill('{"inputs": [');
        const problemColour = await page.$eval('[data-field="requestProblem"]', (e) => getComputedStyle(e).color);
        assert.equal(problemColour, colours['--vscode-errorForeground']);
        await editor(page).fill('{"inputs": [[9, 9, 9, 9]]}');
        await screenshotIfAsked(page, `tryIt-${theme}`);
        await reloadWithSavedState(view);
        await showInTheme(view, theme, tryState(), '[data-field="modelLabel"]');
        assert.equal(await editor(page).inputValue(), '{"inputs": [[9, 9, 9, 9]]}');
        // A new example from the host (another model on the port) replaces the typing.
        await view.pushState(tryState({ exampleRequest: '{"inputs": []}' }));
        await page.waitForFunction(() => (document.querySelector('textarea') as HTMLTextAreaElement).value === '{"inputs": []}');
        assert.deepEqual(await view.incidents(), []);
      },
      respond,
    );
  }
});
