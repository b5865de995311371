/**
 * The launch form: the values `mlflow run` is built from for one MLproject entry point, checked by
 * the host as the user types (debounced, stale answers ignored), with the command line they give
 * and a Run button enabled only when nothing stands in the way. Project and store text is untrusted:
 * it reaches the page as text nodes and attribute values only. There is no <form> element, so Enter
 * in a field submits nothing.
 */
import '../styles/base.css';
import './launch.css';
import type { LaunchCheck, LaunchFormState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren, type Child } from '../shared/dom';
import { button } from '../shared/ui';
import { HostConnection } from '../shared/vscodeApi';
import { FieldErrors } from './fieldErrors';
import { backendFields, entryPointField, envManagerField, experimentFields, extraFields, parameterFields, runNameField, type FormContext } from './fields';
import { copyValues, FormModel, parseSavedForm, sameValues, type SavedForm } from './formModel';
import { blockers, header, launchOutcome } from './header';

const CHECK_DELAY_MS = 150;

const app = document.getElementById('app') as HTMLElement;
const host = new HostConnection<'launch'>(render);
/** The form as it was before a window reload, used once if the host still shows the same values. */
let savedForm: SavedForm | undefined = parseSavedForm(host.saved().view?.['form']);

/** Everything the fields work on; created with the first state, updated in place by the next ones. */
let ctx: FormContext | undefined;
let check: LaunchCheck = { errors: {}, commandLine: '' };
let checkFailure: string | undefined;
/** Bumped on every edit (and on new host values): a check answer for an older version is dropped. */
let version = 0;
let checkTimer: ReturnType<typeof setTimeout> | undefined;
/** The control to focus after the next redraw (a row just added), by its `data-focus-key`. */
let pendingFocus: string | undefined;

const errors = new FieldErrors();
const commandLine = el('code', { attrs: { 'data-field': 'commandLine' } });
const otherErrors = el('ul', { className: 'other-errors', attrs: { 'data-field': 'otherErrors' } });
const runBlocked = el('p', { className: 'note run-blocked', attrs: { id: 'run-blocked', 'data-field': 'runBlocked' } });
const runButton = button('Run', () => {
  if (ctx && canRun()) host.intent('run', { values: ctx.model.snapshot() });
}, { title: 'Start mlflow run with these values' });
runButton.setAttribute('data-focus-key', 'run');
const copyButton = button('Copy command line', () => {
  if (ctx) host.intent('copyCommandLine', { values: ctx.model.snapshot() });
}, { secondary: true });
copyButton.setAttribute('data-focus-key', 'copy');

function render(state: LaunchFormState): void {
  const hostValues = FormModel.of(state.values, state.entryPoints).snapshot();
  const restored = savedForm?.projectFile === state.restore.projectFile && sameValues(savedForm.hostValues, hostValues) ? savedForm : undefined;
  savedForm = undefined;
  // New values from the host replace the form's, unless they are the ones shown (Run sends them back with the state).
  const fresh =
    !ctx ||
    ctx.state.restore.projectFile !== state.restore.projectFile ||
    (!sameValues(ctx.hostValues, hostValues) && !sameValues(ctx.model.snapshot(), hostValues));
  let model: FormModel;
  if (restored) model = FormModel.of(restored.values, state.entryPoints, restored.others);
  else if (fresh || !ctx) model = FormModel.of(state.values, state.entryPoints);
  // Same host values: keep what was typed; the entry points may have changed (an edited MLproject).
  else model = FormModel.of(ctx.model.values, state.entryPoints, ctx.model.others());
  if (fresh) {
    version++;
    check = state.check;
  }
  if (!ctx) ctx = { state, model, hostValues, errors, edited, focusAfterRedraw: (key) => (pendingFocus = key), pickPath, newExperiment: false };
  else Object.assign(ctx, { state, model, hostValues }, fresh ? { newExperiment: false } : {});
  if (sameValues(model.snapshot(), hostValues)) {
    check = state.check;
    checkFailure = undefined;
  } else {
    // The host checked its own values, not the ones shown: ask about these.
    scheduleCheck(0);
  }
  save();
  draw();
}

function save(): void {
  if (!ctx) return;
  const form: SavedForm = { projectFile: ctx.state.restore.projectFile, hostValues: ctx.hostValues, values: copyValues(ctx.model.values), others: ctx.model.others() };
  // The restore key names the entry point shown, so a reloaded window opens the form on it.
  host.save({ restore: { ...ctx.state.restore, entryPoint: ctx.model.values.entryPoint }, view: { form } });
}

/** Every edit: remember it, and ask the host about the new values once typing pauses. */
function edited(): void {
  version++;
  save();
  scheduleCheck(CHECK_DELAY_MS);
}

function scheduleCheck(delay: number): void {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(sendCheck, delay);
}

function sendCheck(): void {
  if (!ctx) return;
  const asked = version;
  host.request('check', { values: ctx.model.snapshot() }).then(
    (result) => {
      if (asked !== version) return;
      check = result;
      checkFailure = undefined;
      applyCheck();
    },
    (error: unknown) => {
      if (asked !== version) return;
      checkFailure = `The values could not be checked: ${describe(error)}`;
      applyCheck();
    },
  );
}

function pickPath(field: string, current: string): Promise<string | undefined> {
  return host.request('pickPath', { field, current }).then(
    (result) => result.path,
    (error: unknown) => {
      checkFailure = `The file picker failed: ${describe(error)}`;
      applyCheck();
      return undefined;
    },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function blockedReasons(): string[] {
  if (!ctx) return ['Loading…'];
  const s = ctx.state;
  const reasons: string[] = [];
  if (s.launching) reasons.push('A run is starting.');
  if (s.mlflowMissing) reasons.push('MLflow is not installed (see above).');
  if (s.projectErrors.length > 0) reasons.push('The MLproject has errors (see above).');
  if (s.entryPoints.length === 0) reasons.push('The MLproject declares no entry point.');
  if (Object.keys(check.errors).length > 0) reasons.push('Some values are not valid (see the marked fields).');
  return reasons;
}

function canRun(): boolean {
  return blockedReasons().length === 0;
}

/** Shows the latest check: errors by their fields (the others listed), the command line, Run's state. */
function applyCheck(): void {
  const unplaced = errors.apply(check.errors);
  replaceChildren(otherErrors, ...unplaced.map(([id, message]) => el('li', { attrs: { 'data-error-for': id } }, message)));
  otherErrors.hidden = unplaced.length === 0;
  commandLine.textContent = check.commandLine || '(no command line until the values are valid)';
  copyButton.disabled = !check.commandLine;
  const reasons = blockedReasons();
  runButton.disabled = reasons.length > 0;
  if (checkFailure) reasons.push(checkFailure);
  runBlocked.textContent = reasons.join(' ');
  runBlocked.hidden = reasons.length === 0;
}

/** The control to give the focus back to after a redraw: the one asked for, or the one focused now. */
function focusToKeep(): string | undefined {
  const key = pendingFocus ?? document.activeElement?.getAttribute('data-focus-key') ?? undefined;
  pendingFocus = undefined;
  return key;
}

function restoreFocus(key: string | undefined): void {
  if (key === undefined) return;
  // Compared as strings, never put in a selector: keys hold parameter names.
  [...app.querySelectorAll<HTMLElement>('[data-focus-key]')].find((e) => e.getAttribute('data-focus-key') === key)?.focus();
}

function fill(container: HTMLElement, group: string, build: () => Child[]): void {
  errors.clearGroup(group);
  replaceChildren(container, ...build());
}

/** A part of the form drawn again on its own (another entry point, a row added), keeping the focus. */
function part(className: string, group: string, build: (again: () => void) => Child[]): { container: HTMLElement; again: () => void } {
  const container = el('div', { className });
  const again = () => {
    const focus = focusToKeep();
    fill(container, group, () => build(again));
    applyCheck();
    restoreFocus(focus);
  };
  fill(container, group, () => build(again));
  return { container, again };
}

function draw(): void {
  if (!ctx) return;
  const c = ctx;
  const focus = focusToKeep();
  const parameters = part('parameters', 'parameters', () => parameterFields(c));
  const experiment = part('form-row experiment', 'experiment', (again) => experimentFields(c, again));
  const extras = part('extras', 'extras', (again) => extraFields(c, again));
  const backend = part('form-row backend', 'backend', (again) => backendFields(c, again));
  errors.clearGroup('form');
  replaceChildren(
    app,
    header(c.state),
    blockers(c.state, () => host.intent('openProject', {})),
    el(
      'div',
      { className: 'launch-form' },
      entryPointField(c, parameters.again),
      el('fieldset', { className: 'group' }, el('legend', {}, 'Parameters'), parameters.container),
      envManagerField(c),
      experiment.container,
      runNameField(c),
      el(
        'fieldset',
        { className: 'group' },
        el('legend', {}, 'Extra parameters'),
        el('p', { className: 'note' }, 'Passed as -P key=value; MLflow adds those the entry point does not declare to its command as --key value.'),
        extras.container,
      ),
      backend.container,
    ),
    el('h2', {}, 'Command line'),
    el('pre', { className: 'command-line' }, commandLine),
    el('div', { className: 'toolbar launch-actions' }, runButton, copyButton),
    runBlocked,
    otherErrors,
    launchOutcome(c.state, (runId) => host.intent('openRun', { runId })),
  );
  app.setAttribute('aria-busy', 'false');
  applyCheck();
  restoreFocus(focus);
}

host.ready();
