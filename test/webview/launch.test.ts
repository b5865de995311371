/**
 * The launch form bundle in Chromium behind the real CSP, with a fake host that answers `check`
 * and `pickPath` the way the extension does (errors by field id, a quoted command line). Project,
 * parameter and experiment names are hostile: they must stay text, and what the user types (quotes,
 * shell syntax, markup) must reach the host byte for byte.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readLaunchProject } from '../../src/core/launch/launchProject';
import { checkLaunch, mlflowRunArgs } from '../../src/core/launch/mlflowRun';
import { commandLine } from '../../src/core/launch/shellQuote';
import { parseRestoreState } from '../../src/panels/messageGuard';
import type { LaunchCheck, LaunchFormState, LaunchValues, RequestMessage, WebviewMessage } from '../../src/shared/webviewProtocol';
import { withWebview } from './browser';
import { buttonNamed, chooseOption } from './controls';
import { test } from './testing';
import type { ThemeName } from './themes';
import { reloadWithSavedState, screenshotIfAsked, showInTheme } from './viewSteps';
import type { WebviewPage } from './webviewPage';

const HOSTILE_HTML = '<img src=x onerror=alert(1)>';
const HOSTILE_SHELL = `"'; touch PWNED #`;
const PROJECT_NAME = `${HOSTILE_HTML} ${HOSTILE_SHELL}`;
const PROJECT_DIR = `/work/projects/${HOSTILE_SHELL}/<b>demo</b>`;
const MLFLOW = 'mlflow 2.12.2 (/usr/bin/mlflow, from PATH)';
/** A parameter name of the second entry point: its field id holds quotes and markup. */
const HOSTILE_PARAM = `x"]<b>y</b>'`;
/** What the user types: every quote, shell metacharacter and markup, leading/trailing spaces, non-ASCII. */
const TYPED = ` "'; touch PWNED # $(id) \`uname\` <img src=x onerror=alert(1)> & | ; \\ ünï 🎉 `;
const PICKED_DATA = `/data/it's "x" <b>set</b>`;
const PICKED_CONFIG = '/cfg/cluster spec.json';

function launchState(patch: Partial<LaunchFormState> = {}): LaunchFormState {
  return {
    projectDir: PROJECT_DIR,
    projectName: PROJECT_NAME,
    entryPoints: [
      {
        name: 'main',
        parameters: [
          { name: 'alpha', type: 'float', required: false, defaultValue: '0.5' },
          { name: 'epochs', type: 'int', required: true },
          { name: 'data', type: 'path', required: false, defaultValue: HOSTILE_HTML },
          { name: 'source', type: 'uri', required: false, defaultValue: 's3://bucket/<script>alert(1)</script>' },
          { name: 'label', type: 'string', required: false, defaultValue: HOSTILE_SHELL },
        ],
      },
      {
        name: 'validate',
        parameters: [
          { name: 'threshold', type: 'float', required: false, defaultValue: '0.9' },
          { name: HOSTILE_PARAM, type: 'string', required: false, defaultValue: '<i>x</i>' },
        ],
      },
    ],
    values: { entryPoint: 'main', parameters: {}, extraParameters: [{ key: 'seed', value: '42' }], envManager: 'local', experimentName: '', runName: '', backend: 'local', backendConfig: '' },
    envManagers: [
      { id: 'local', available: true },
      { id: 'virtualenv', available: false, reason: 'pyenv not found on PATH' },
      { id: 'conda', available: false, reason: `conda not found ${HOSTILE_HTML}` },
      { id: 'uv', available: true },
    ],
    experiments: [
      { id: '0', name: 'Default' },
      { id: '1', name: HOSTILE_HTML },
      { id: '2', name: HOSTILE_SHELL },
    ],
    mlflow: MLFLOW,
    trackingUri: 'sqlite:////tmp/mlflow.db',
    projectErrors: [],
    check: { errors: { 'param:epochs': 'epochs: a value is required' }, commandLine: '' },
    launching: false,
    restore: { projectFile: `${PROJECT_DIR}/MLproject`, entryPoint: 'main' },
    ...patch,
  };
}

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** The host's check, as far as this test needs it: field errors by id, and a quoted command line. */
function answerCheck(values: LaunchValues): LaunchCheck {
  const errors: Record<string, string> = {};
  if (values.entryPoint === 'main' && values.parameters['epochs'] === '') errors['param:epochs'] = 'epochs: a value is required';
  const threshold = values.parameters['threshold'] ?? '';
  if (values.entryPoint === 'validate' && threshold !== '' && !/^[0-9.]+$/.test(threshold)) {
    errors['param:threshold'] = 'threshold: not a float';
    errors[`param:${HOSTILE_PARAM}`] = `<b>bad</b> name ${HOSTILE_SHELL}`;
  }
  values.extraParameters.forEach((kv, i) => {
    if (/\s/.test(kv.key)) errors[`extra:${i}`] = `extra parameter "${kv.key}": no spaces in names`;
  });
  if (Object.keys(errors).length > 0) return { errors, commandLine: '' };
  const params = [...Object.entries(values.parameters), ...values.extraParameters.map((kv) => [kv.key, kv.value] as const)].filter(([, v]) => v !== '');
  return { errors, commandLine: ['mlflow', 'run', quote(PROJECT_DIR), '-e', values.entryPoint, ...params.map(([k, v]) => `-P ${quote(`${k}=${v}`)}`)].join(' ') };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function respond(request: RequestMessage<'launch'>): Promise<unknown> {
  if (request.method === 'check') {
    const values = request.params.values;
    // An answer that comes late: it must not replace the answer to later values.
    if (values.runName === 'slow') {
      await delay(800);
      return { errors: { runName: 'stale answer' }, commandLine: 'stale' } satisfies LaunchCheck;
    }
    return answerCheck(values);
  }
  if (request.params.field === 'backendConfig') return { path: PICKED_CONFIG };
  if (request.params.field === 'param:data') return { path: PICKED_DATA };
  return {};
}

const isCheck = (m: WebviewMessage<'launch'>): m is Extract<RequestMessage<'launch'>, { method: 'check' }> => m.kind === 'request' && m.method === 'check';

/** Waits for a check request whose values satisfy `predicate`. */
async function checkWhere(view: WebviewPage<'launch'>, predicate: (values: LaunchValues) => boolean): Promise<LaunchValues> {
  const message = await view.waitForMessage((m) => isCheck(m) && predicate(m.params.values));
  return (message as Extract<RequestMessage<'launch'>, { method: 'check' }>).params.values;
}

/** The shown error of field `id`, or null when its slot is hidden (ids compared as strings, not selectors). */
function errorText(page: Page, id: string): Promise<string | null> {
  return page.evaluate((id) => {
    const slot = [...document.querySelectorAll('.field-error')].find((e) => e.getAttribute('data-error-for') === id) as HTMLElement | undefined;
    if (!slot) return 'no slot';
    return slot.hidden ? null : slot.textContent;
  }, id);
}

async function waitForError(page: Page, id: string, expected: string | null): Promise<void> {
  try {
    await page.waitForFunction(
      ({ id, expected }) => {
        const slot = [...document.querySelectorAll('.field-error')].find((e) => e.getAttribute('data-error-for') === id) as HTMLElement | undefined;
        return !!slot && (expected === null ? slot.hidden : !slot.hidden && slot.textContent === expected);
      },
      { id, expected },
      { timeout: 5_000 },
    );
  } catch {
    assert.fail(`error of ${id}: ${JSON.stringify(await errorText(page, id))}, expected ${JSON.stringify(expected)}`);
  }
}

/** What a field row shows: the toolkit field's label, value and the attributes of its inner input. */
function fieldInfo(page: Page, id: string) {
  return page.evaluate((id) => {
    const row = [...document.querySelectorAll('[data-field]')].find((e) => e.getAttribute('data-field') === id);
    const field = row?.querySelector('vscode-text-field') as (HTMLElement & { value: string }) | null | undefined;
    const input = field?.shadowRoot?.querySelector('input');
    if (!row || !field || !input) return undefined;
    return {
      label: field.textContent,
      value: field.value,
      placeholder: input.placeholder,
      required: input.required,
      ariaRequired: field.getAttribute('aria-required'),
      requiredMark: !!row.querySelector('.required-mark'),
      inputMode: input.inputMode,
      invalid: input.getAttribute('aria-invalid'),
      browse: row.querySelector('vscode-button')?.textContent ?? null,
    };
  }, id);
}

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  description?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
}

/** The accessibility tree's view of a control, as a screen reader gets it (name, description, invalid, required). */
async function accessible(page: Page, role: string, name: string): Promise<{ description?: string; invalid?: unknown; required?: unknown }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const matches = nodes.filter((n) => !n.ignored && n.role?.value === role && n.name?.value === name);
    assert.equal(matches.length, 1, `one ${role} named ${JSON.stringify(name)}`);
    const node = matches[0] as AxNode;
    const property = (p: string) => node.properties?.find((x) => x.name === p)?.value.value;
    return { description: node.description?.value, invalid: property('invalid'), required: property('required') };
  } finally {
    await cdp.detach();
  }
}

function runDisabled(page: Page): Promise<boolean> {
  return page.$eval('vscode-button[data-focus-key="run"]', (b) => (b as HTMLElement & { disabled: boolean }).disabled);
}

async function waitForRun(page: Page, disabled: boolean): Promise<void> {
  await page.waitForFunction((d) => (document.querySelector('vscode-button[data-focus-key="run"]') as (HTMLElement & { disabled: boolean }) | null)?.disabled === d, disabled);
}

/** Elements a hostile text would have made if it were ever parsed as HTML (the bundle's own script is the one allowed). */
function injectedElements(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('img, b, i, script, iframe, object, embed').length - 1);
}

const paramNames = (page: Page) => page.$$eval('.parameters .param-name', (spans) => spans.map((s) => s.textContent));
const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

test('launch: the form shows project data as text, checks as the user types, and runs exactly the typed values', async () => {
  await withWebview(
    'launch',
    async (view) => {
      const page = view.page;
      await view.pushState(launchState());
      await page.waitForSelector('[data-field="param:alpha"] vscode-text-field');

      // Header and fields: every hostile text as text.
      assert.equal(await page.textContent('h1'), `Run ${PROJECT_NAME}`);
      assert.equal(await page.textContent('[data-field="projectDir"]'), PROJECT_DIR);
      assert.equal(await page.textContent('[data-field="mlflow"]'), MLFLOW);
      assert.deepEqual(await paramNames(page), ['alpha', 'epochs', 'data', 'source', 'label']);
      assert.deepEqual(await fieldInfo(page, 'param:alpha'), {
        label: 'alpha (float)', value: '', placeholder: '0.5', required: false, ariaRequired: null, requiredMark: false, inputMode: 'decimal', invalid: null, browse: null,
      });
      assert.deepEqual(await fieldInfo(page, 'param:epochs'), {
        label: 'epochs (int)', value: '', placeholder: '', required: true, ariaRequired: 'true', requiredMark: true, inputMode: 'numeric', invalid: 'true', browse: null,
      });
      assert.equal((await fieldInfo(page, 'param:data'))?.placeholder, HOSTILE_HTML);
      assert.equal((await fieldInfo(page, 'param:data'))?.browse, 'Browse…');
      assert.equal((await fieldInfo(page, 'param:source'))?.browse, 'Browse…');
      assert.equal((await fieldInfo(page, 'param:source'))?.placeholder, 's3://bucket/<script>alert(1)</script>');
      assert.equal((await fieldInfo(page, 'param:label'))?.placeholder, HOSTILE_SHELL);
      assert.equal((await fieldInfo(page, 'param:label'))?.browse, null);
      assert.equal((await fieldInfo(page, 'param:label'))?.inputMode, '');
      assert.equal((await fieldInfo(page, 'extra:0'))?.value, 'seed');

      // The state's own check: the error next to its field, described to screen readers, Run disabled.
      assert.equal(await errorText(page, 'param:epochs'), 'epochs: a value is required');
      assert.deepEqual(await accessible(page, 'textbox', 'epochs (int)'), { description: 'epochs: a value is required', invalid: 'true', required: true });
      assert.deepEqual(await accessible(page, 'textbox', 'alpha (float)'), { description: undefined, invalid: 'false', required: false });
      assert.equal(await runDisabled(page), true);
      assert.match((await page.textContent('[data-field="runBlocked"]')) ?? '', /Some values are not valid/);
      assert.equal(await page.textContent('[data-field="commandLine"]'), '(no command line until the values are valid)');

      // The env manager choices: the unavailable ones disabled, saying why.
      const envOptions = await page.$$eval('vscode-dropdown[data-focus-key="envManager"] vscode-option', (options) =>
        options.map((o) => ({ value: o.getAttribute('value'), text: o.textContent, disabled: o.hasAttribute('disabled'), title: o.getAttribute('title') })),
      );
      assert.deepEqual(envOptions, [
        { value: 'local', text: 'local', disabled: false, title: null },
        { value: 'virtualenv', text: 'virtualenv (pyenv not found on PATH)', disabled: true, title: 'pyenv not found on PATH' },
        { value: 'conda', text: `conda (conda not found ${HOSTILE_HTML})`, disabled: true, title: `conda not found ${HOSTILE_HTML}` },
        { value: 'uv', text: 'uv', disabled: false, title: null },
      ]);
      const experimentOptions = await page.$$eval('vscode-dropdown[data-focus-key="experimentPicker"] vscode-option', (options) => options.map((o) => o.textContent));
      assert.deepEqual(experimentOptions, ["MLflow's default experiment", 'Default', HOSTILE_HTML, HOSTILE_SHELL, 'New experiment…']);
      // Nothing asked while the values are the host's own.
      await delay(300);
      assert.equal(view.received.filter(isCheck).length, 0);

      // Typing: one check once typing pauses (debounced), with the values typed.
      await textbox(page, 'alpha (float)').fill('1e-3');
      await checkWhere(view, (v) => v.parameters['alpha'] === '1e-3');
      await textbox(page, 'Run name').focus();
      await page.keyboard.type('night', { delay: 15 });
      const typed = await checkWhere(view, (v) => v.runName === 'night');
      assert.deepEqual(typed.parameters, { alpha: '1e-3', epochs: '', data: '', source: '', label: '' });
      assert.deepEqual(view.received.filter(isCheck).map((m) => m.params.values.runName).filter((n) => n !== '' && n !== 'night'), [], 'no check per keystroke');
      await waitForError(page, 'param:epochs', 'epochs: a value is required');
      assert.equal(await runDisabled(page), true);

      await textbox(page, 'epochs (int)').fill('10');
      await waitForError(page, 'param:epochs', null);
      assert.deepEqual(await accessible(page, 'textbox', 'epochs (int)'), { description: undefined, invalid: 'false', required: true });
      await waitForRun(page, false);
      await textbox(page, 'label (string)').fill(TYPED);
      await checkWhere(view, (v) => v.parameters['label'] === TYPED);
      await page.waitForFunction((text) => document.querySelector('[data-field="commandLine"]')?.textContent === text, answerCheck({ ...typed, parameters: { ...typed.parameters, epochs: '10', label: TYPED } }).commandLine);

      // A late answer to older values is dropped.
      await textbox(page, 'Run name').fill('slow');
      await checkWhere(view, (v) => v.runName === 'slow');
      await textbox(page, 'Run name').fill('fast');
      await checkWhere(view, (v) => v.runName === 'fast');
      await delay(1_000);
      assert.equal(await errorText(page, 'runName'), null, 'the stale answer did not land');
      assert.notEqual(await page.textContent('[data-field="commandLine"]'), 'stale');
      assert.equal(await runDisabled(page), false);

      // Another entry point shows its parameters; its errors land on its fields (ids with quotes and markup).
      await chooseOption(page, 'Entry point', 'validate');
      await page.waitForSelector('[data-field="param:threshold"]');
      assert.deepEqual(await paramNames(page), ['threshold', HOSTILE_PARAM]);
      const switched = await checkWhere(view, (v) => v.entryPoint === 'validate');
      assert.deepEqual(switched.parameters, { threshold: '', [HOSTILE_PARAM]: '' });
      await textbox(page, 'threshold (float)').fill('abc');
      await waitForError(page, 'param:threshold', 'threshold: not a float');
      await waitForError(page, `param:${HOSTILE_PARAM}`, `<b>bad</b> name ${HOSTILE_SHELL}`);
      assert.equal((await fieldInfo(page, `param:${HOSTILE_PARAM}`))?.invalid, 'true');
      assert.equal(await runDisabled(page), true);
      await textbox(page, 'threshold (float)').fill('0.75');
      await waitForError(page, `param:${HOSTILE_PARAM}`, null);
      // Back to main: what was typed there is still there, and validate's values are kept too.
      await chooseOption(page, 'Entry point', 'main');
      await page.waitForSelector('[data-field="param:alpha"]');
      assert.equal((await fieldInfo(page, 'param:alpha'))?.value, '1e-3');
      assert.equal((await fieldInfo(page, 'param:label'))?.value, TYPED);
      await chooseOption(page, 'Entry point', 'validate');
      await page.waitForSelector('[data-field="param:threshold"]');
      assert.equal((await fieldInfo(page, 'param:threshold'))?.value, '0.75');
      await chooseOption(page, 'Entry point', 'main');
      await page.waitForSelector('[data-field="param:alpha"]');
      await waitForRun(page, false);

      // Extra parameters: add (focus moves to the new key), an error on its row, remove.
      await buttonNamed(page, 'Add parameter').click();
      await page.waitForSelector('[data-field="extra:1"]');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-focus-key')), 'extra:1:key');
      await page.keyboard.type('bad key');
      await waitForError(page, 'extra:1', 'extra parameter "bad key": no spaces in names');
      assert.equal(await errorText(page, 'extra:0'), null);
      assert.equal(await runDisabled(page), true);
      await textbox(page, 'Extra parameter 2 key').fill('note');
      await textbox(page, 'Extra parameter 2 value').fill(`${HOSTILE_HTML}=${HOSTILE_SHELL}`);
      await waitForError(page, 'extra:1', null);
      await buttonNamed(page, 'Remove extra parameter 1').click();
      await page.waitForFunction(() => document.querySelectorAll('.extra-row').length === 1);
      assert.equal((await fieldInfo(page, 'extra:0'))?.value, 'note');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-focus-key')), 'extra:0:remove');

      // Env manager, an existing experiment (hostile name), then a new one, the backend and its config.
      await chooseOption(page, 'Environment manager', 'uv');
      await checkWhere(view, (v) => v.envManager === 'uv');
      await chooseOption(page, 'Experiment', 'experiment:1');
      await checkWhere(view, (v) => v.experimentName === HOSTILE_HTML);
      await chooseOption(page, 'Experiment', 'new');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-focus-key') === 'experimentName');
      await page.keyboard.type('my new experiment');
      await checkWhere(view, (v) => v.experimentName === 'my new experiment');
      assert.equal(await page.$('[data-field="backendConfig"]'), null, 'no backend config for the local backend');
      await chooseOption(page, 'Backend', 'databricks');
      await buttonNamed(page, 'Browse for the backend config file').click();
      await checkWhere(view, (v) => v.backendConfig === PICKED_CONFIG && v.backend === 'databricks');
      const pick = await view.waitForMessage((m) => m.kind === 'request' && m.method === 'pickPath');
      assert.deepEqual((pick as RequestMessage<'launch'>).params, { field: 'backendConfig', current: '' });
      assert.equal((await fieldInfo(page, 'backendConfig'))?.value, PICKED_CONFIG);
      await buttonNamed(page, 'Browse for data').click();
      await checkWhere(view, (v) => v.parameters['data'] === PICKED_DATA);
      assert.equal((await fieldInfo(page, 'param:data'))?.value, PICKED_DATA);

      // Enter in a field submits nothing.
      await textbox(page, 'Run name').press('Enter');
      await delay(300);
      assert.equal(view.received.filter((m) => m.kind === 'intent').length, 0);

      // Run and Copy post exactly the values shown.
      const expected: LaunchValues = {
        entryPoint: 'main',
        parameters: { alpha: '1e-3', epochs: '10', data: PICKED_DATA, source: '', label: TYPED },
        extraParameters: [{ key: 'note', value: `${HOSTILE_HTML}=${HOSTILE_SHELL}` }],
        envManager: 'uv',
        experimentName: 'my new experiment',
        runName: 'fast',
        backend: 'databricks',
        backendConfig: PICKED_CONFIG,
      };
      await waitForRun(page, false);
      await page.waitForFunction((text) => document.querySelector('[data-field="commandLine"]')?.textContent === text, answerCheck(expected).commandLine);
      await buttonNamed(page, 'Run').click();
      const run = await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'run');
      assert.deepEqual(run, { kind: 'intent', name: 'run', params: { values: expected } });
      const label = (run as { params: { values: LaunchValues } }).params.values.parameters['label'] as string;
      assert.ok(Buffer.from(label, 'utf8').equals(Buffer.from(TYPED, 'utf8')), 'the typed value byte for byte');
      await buttonNamed(page, 'Copy command line').click();
      assert.deepEqual(await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'copyCommandLine'), { kind: 'intent', name: 'copyCommandLine', params: { values: expected } });
      assert.deepEqual(parseRestoreState('launch', await view.savedState()), { projectFile: `${PROJECT_DIR}/MLproject`, entryPoint: 'main' });

      // The host's next states carry the values it launched (as the panel does): the form keeps them, and
      // what was typed for the other entry point; launching disables Run; then the outcome shows.
      const launched = { values: expected, check: answerCheck(expected) };
      await view.pushState(launchState({ ...launched, launching: true }));
      await waitForRun(page, true);
      assert.equal(await page.textContent('[data-field="launching"]'), 'Starting mlflow run…');
      assert.equal((await fieldInfo(page, 'param:label'))?.value, TYPED);
      assert.equal((await fieldInfo(page, 'backendConfig'))?.value, PICKED_CONFIG);
      const before = view.received.filter(isCheck).length;
      await view.pushState(launchState({ ...launched, lastLaunch: { runId: 'a1b2c3' } }));
      await page.waitForSelector('[data-field="lastLaunch"]');
      assert.equal(await page.textContent('[data-field="lastLaunch"]'), 'Started run a1b2c3');
      await buttonNamed(page, 'a1b2c3').click();
      assert.deepEqual(await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openRun'), { kind: 'intent', name: 'openRun', params: { runId: 'a1b2c3' } });
      await view.pushState(launchState({ ...launched, lastLaunch: { error: `mlflow exited with 1: ${HOSTILE_HTML}` } }));
      await page.waitForSelector('[data-field="lastLaunch"][role="alert"]');
      assert.equal(await page.textContent('[data-field="lastLaunch"]'), `The run could not start: mlflow exited with 1: ${HOSTILE_HTML}`);
      await waitForRun(page, false);
      assert.equal(view.received.filter(isCheck).length, before, 'the host checked the values it sent: nothing to ask');
      await chooseOption(page, 'Entry point', 'validate');
      await page.waitForSelector('[data-field="param:threshold"]');
      assert.equal((await fieldInfo(page, 'param:threshold'))?.value, '0.75');
      // New values from the host (another entry point opened in this panel) replace the form's.
      await view.pushState(launchState({ values: { ...launchState().values, entryPoint: 'validate', parameters: { threshold: '0.1' } }, check: { errors: {}, commandLine: 'mlflow run x' } }));
      await page.waitForFunction(() => document.querySelector('[data-field="commandLine"]')?.textContent === 'mlflow run x');
      assert.equal((await fieldInfo(page, 'param:threshold'))?.value, '0.1');
      assert.equal((await fieldInfo(page, 'runName'))?.value, '');

      assert.equal(await injectedElements(page), 0, 'no hostile text made an element');
      assert.deepEqual(await view.incidents(), []);
    },
    respond,
  );
});

test('launch: without MLflow, or with MLproject errors, nothing can be launched and the form says why', async () => {
  await withWebview(
    'launch',
    async (view) => {
      const page = view.page;
      const install = `No MLflow found on PATH. Install it with: pip install mlflow ${HOSTILE_HTML}`;
      const projectErrors = [`entry point "main": parameter ${HOSTILE_HTML} has no type`, `command: ${HOSTILE_SHELL}`];
      const valid: LaunchCheck = { errors: {}, commandLine: `mlflow run ${quote(PROJECT_DIR)} -e main -P epochs=3` };
      const values = { ...launchState().values, parameters: { epochs: '3' } };
      await view.pushState(launchState({ values, check: valid, mlflow: undefined, mlflowMissing: install, projectErrors }));
      await page.waitForSelector('[data-field="mlflowMissing"]');
      assert.equal(await page.textContent('[data-field="mlflowMissing"] .blocker-text'), install);
      assert.deepEqual(await page.$$eval('[data-field="projectErrors"] li', (lis) => lis.map((li) => li.textContent)), projectErrors);
      assert.equal(await runDisabled(page), true);
      const reasons = (await page.textContent('[data-field="runBlocked"]')) ?? '';
      assert.match(reasons, /MLflow is not installed/);
      assert.match(reasons, /The MLproject has errors/);
      // A click on the disabled button posts nothing.
      await page.$eval('vscode-button[data-focus-key="run"]', (b) => (b as HTMLElement).click());
      await buttonNamed(page, 'Open the MLproject').click();
      assert.deepEqual(await view.waitForMessage((m) => m.kind === 'intent' && m.name === 'openProject'), { kind: 'intent', name: 'openProject', params: {} });

      await view.pushState(launchState({ values, check: valid, mlflowMissing: install }));
      await page.waitForFunction(() => !document.querySelector('[data-field="projectErrors"]'));
      assert.equal(await runDisabled(page), true);
      await view.pushState(launchState({ values, check: valid, projectErrors: [projectErrors[0] as string] }));
      await page.waitForFunction(() => !document.querySelector('[data-field="mlflowMissing"]'));
      assert.equal(await runDisabled(page), true);
      assert.equal(await page.textContent('[data-field="projectErrors"] h2'), 'The MLproject has an error');
      await view.pushState(launchState({ values, check: valid }));
      await waitForRun(page, false);
      assert.equal(await page.textContent('[data-field="runBlocked"]'), '');
      assert.equal(view.received.filter((m) => m.kind === 'intent' && m.name === 'run').length, 0);
      assert.equal(await injectedElements(page), 0);
      assert.deepEqual(await view.incidents(), []);
    },
    respond,
  );
});

test('launch: theme colours, keyboard order, and the typed values survive a reload of the webview', async () => {
  for (const theme of ['light', 'dark'] as ThemeName[]) {
    await withWebview(
      'launch',
      async (view) => {
        const page = view.page;
        const shown = launchState({ values: { ...launchState().values, backend: 'kubernetes' }, lastLaunch: { runId: 'r1' } });
        const colours = await showInTheme(view, theme, shown, '[data-field="param:alpha"] vscode-text-field');
        await page.waitForFunction(
          (rgb) => {
            const root = document.querySelector('[data-field="param:alpha"] vscode-text-field')?.shadowRoot?.querySelector('.root');
            return !!root && getComputedStyle(root).backgroundColor === rgb;
          },
          colours['--vscode-input-background'] as string,
        );
        const errorColour = await page.$eval('[data-error-for="param:epochs"]', (e) => getComputedStyle(e).color);
        assert.equal(errorColour, colours['--vscode-errorForeground']);
        await screenshotIfAsked(page, `launch-${theme}`);

        // Tab reaches every control in reading order (Run and Copy are disabled by the epochs error, so skipped).
        await page.focus('vscode-dropdown[data-focus-key="entryPoint"]');
        const order: string[] = [];
        for (let i = 0; i < 40; i++) {
          const key = await page.evaluate(() => (document.activeElement === document.body ? null : (document.activeElement?.getAttribute('data-focus-key') ?? document.activeElement?.textContent ?? '')));
          if (key === null || order.includes(key)) break;
          order.push(key);
          await page.keyboard.press('Tab');
        }
        assert.deepEqual(order, [
          'entryPoint', 'param:alpha', 'param:epochs', 'param:data', 'browse:param:data', 'param:source', 'browse:param:source', 'param:label',
          'envManager', 'experimentPicker', 'runName', 'extra:0:key', 'extra:0:value', 'extra:0:remove', 'extra:add',
          'backend', 'backendConfig', 'browse:backendConfig', 'r1',
        ]);

        // A reloaded webview (window reload, moved editor) gets its saved state back: the typing is kept.
        await textbox(page, 'alpha (float)').fill('0.125');
        await chooseOption(page, 'Entry point', 'validate');
        await textbox(page, 'threshold (float)').fill('0.5');
        await checkWhere(view, (v) => v.parameters['threshold'] === '0.5');
        const saved = await view.savedState();
        assert.deepEqual(parseRestoreState('launch', saved), { projectFile: `${PROJECT_DIR}/MLproject`, entryPoint: 'validate' });
        await reloadWithSavedState(view);
        await showInTheme(view, theme, shown, '[data-field="param:threshold"]');
        assert.equal((await fieldInfo(page, 'param:threshold'))?.value, '0.5');
        await chooseOption(page, 'Entry point', 'main');
        await page.waitForSelector('[data-field="param:alpha"]');
        assert.equal((await fieldInfo(page, 'param:alpha'))?.value, '0.125');
        assert.deepEqual(await view.incidents(), []);
      },
      respond,
    );
  }
});

test('launch: the sample project as the form shows it, its command line from the core (the walkthrough picture)', async () => {
  const samples = path.resolve(__dirname, '../../../samples');
  const project = readLaunchProject(samples);
  const values: LaunchValues = { entryPoint: 'main', parameters: { C: '0.5', max_iter: '', solver: '' }, extraParameters: [], envManager: 'local', experimentName: 'iris-classification', runName: '', backend: 'local', backendConfig: '' };
  const { errors, request } = checkLaunch(project.model, values, { projectDir: project.dir, exists: (p) => fs.existsSync(path.resolve(project.dir, p)) });
  assert.deepEqual(errors, {});
  const state = launchState({
    projectDir: project.dir,
    projectName: project.name ?? 'samples',
    entryPoints: project.model.entryPoints.map((e) => ({
      name: e.name,
      parameters: e.parameters.map((p) => ({ name: p.name, type: p.type, required: p.required, defaultValue: p.defaultPair?.value?.kind === 'scalar' ? p.defaultPair.value.pythonStr : '' })),
    })),
    values,
    envManagers: [{ id: 'local', available: true }, { id: 'virtualenv', available: false, reason: 'pyenv and virtualenv not on PATH' }, { id: 'conda', available: false, reason: 'conda not on PATH' }, { id: 'uv', available: false, reason: 'MLflow 2.12.2 does not support it' }],
    experiments: [{ id: '0', name: 'Default' }, { id: '868010962877203020', name: 'iris-classification' }],
    mlflow: 'MLflow 2.12.2: /usr/local/bin/mlflow (from PATH)',
    trackingUri: `file://${samples}/mlruns`,
    check: { errors: {}, commandLine: commandLine(['mlflow', ...mlflowRunArgs(request!)], 'bash') },
    restore: { projectFile: project.file, entryPoint: 'main' },
  });
  await withWebview(
    'launch',
    async (view) => {
      const page = view.page;
      await showInTheme(view, 'dark', state, '[data-field="param:solver"] vscode-text-field');
      assert.match((await page.textContent('body')) ?? '', /mlflow run .*samples -e main -P C=0\.5 --experiment-name iris-classification --env-manager local/);
      await screenshotIfAsked(page, 'launch-sample', { width: 900, height: 760 });
      assert.deepEqual(await view.incidents(), []);
    },
    respond,
  );
});
