/**
 * Try It: the request for a served model as editable JSON (the model's example to start with), sent
 * by the host to the model's `/invocations`, and the answer. Invalid JSON is refused here, before
 * anything is posted, with the line and column of the mistake. The page never connects anywhere
 * itself (CSP `default-src 'none'`); model names, URIs and answers are untrusted text.
 */
import '../styles/base.css';
import './tryIt.css';
import { checkRequestBody } from '../../src/shared/scoringRequest';
import { ProtocolLimits, type InvocationResult, type TryItState } from '../../src/shared/webviewProtocol';
import { el, replaceChildren } from '../shared/dom';
import { badge, button } from '../shared/ui';
import { HostConnection } from '../shared/vscodeApi';
import { resultView } from './predictions';

const app = document.getElementById('app') as HTMLElement;
const host = new HostConnection<'tryIt'>(render);

let state: TryItState | undefined;
/** The example the editor was filled from: a new one from the host replaces what was typed. */
let shownExample: string | undefined;
let sending = false;
let lastResult: InvocationResult | undefined;

const savedBody = (() => {
  const view = host.saved().view;
  return typeof view?.['body'] === 'string' && typeof view['example'] === 'string' ? { body: view['body'], example: view['example'] } : undefined;
})();

const editor = el('textarea', {
  className: 'request-editor',
  attrs: { 'aria-label': 'Request JSON', spellcheck: 'false', autocomplete: 'off', rows: 16, 'data-field': 'request', 'aria-describedby': 'request-problem request-warning' },
});
const problem = el('p', { className: 'field-error', attrs: { id: 'request-problem', 'data-field': 'requestProblem', role: 'alert' } });
const warning = el('p', { className: 'warning', attrs: { id: 'request-warning', 'data-field': 'requestWarning' } });
const note = el('p', { className: 'note', attrs: { 'data-field': 'exampleNote' } });
const sendBlocked = el('p', { className: 'note', attrs: { 'data-field': 'sendBlocked' } });
const resultSlot = el('div', { attrs: { 'data-field': 'resultSlot' } });

const sendButton = button('Send', () => void send(), { title: 'POST the request to the model (Ctrl+Enter)' });
const resetButton = button('Reset to example', () => setBody(state?.exampleRequest ?? ''), { secondary: true });
const formatButton = button('Format', () => {
  const check = checkRequestBody(editor.value);
  if (check.ok) setBody(JSON.stringify(check.value, null, 2));
}, { secondary: true, title: 'Indent the JSON' });
const stopButton = button('Stop server', () => host.intent('stopServer', {}), { secondary: true });
const terminalButton = button('Show terminal', () => host.intent('showTerminal', {}), { secondary: true });
const copyButton = button('Copy URL', () => host.intent('copyUrl', {}), { secondary: true, title: 'Copy the /invocations URL' });

editor.addEventListener('input', () => {
  save();
  applyCheck();
});
editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void send();
  }
});

function setBody(text: string): void {
  editor.value = text;
  save();
  applyCheck();
}

function save(): void {
  if (!state) return;
  host.save({ restore: state.restore, view: { body: editor.value, example: state.exampleRequest } });
}

function blockedReason(): string | undefined {
  if (!state) return 'Loading…';
  if (sending) return 'Waiting for the answer…';
  if (state.status === 'starting') return 'The server is starting: Send works once it answers.';
  if (state.status === 'stopped') return 'The server has stopped.';
  if (editor.value.length > ProtocolLimits.maxServingRequestChars) return `The request is longer than ${ProtocolLimits.maxServingRequestChars} characters.`;
  return undefined;
}

/** Checks the JSON as typed: the mistake under the editor, and Send only for valid JSON on a running server. */
function applyCheck(): boolean {
  const check = checkRequestBody(editor.value);
  problem.textContent = check.ok ? '' : check.error;
  problem.hidden = check.ok;
  if (check.ok) editor.removeAttribute('aria-invalid');
  else editor.setAttribute('aria-invalid', 'true');
  warning.textContent = check.ok ? (check.warning ?? '') : '';
  warning.hidden = !check.ok || !check.warning;
  formatButton.disabled = !check.ok;
  const reason = blockedReason();
  sendButton.disabled = !check.ok || reason !== undefined;
  sendBlocked.textContent = check.ok ? (reason ?? '') : 'Fix the JSON to send it.';
  sendBlocked.hidden = sendBlocked.textContent === '';
  return check.ok && reason === undefined;
}

async function send(): Promise<void> {
  if (!applyCheck()) return;
  sending = true;
  applyCheck();
  replaceChildren(resultSlot, el('p', { className: 'loading' }, 'Sending…'));
  try {
    lastResult = await host.request('invoke', { body: editor.value });
  } catch (error) {
    lastResult = { ok: false, message: `The request could not be sent: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    sending = false;
  }
  replaceChildren(resultSlot, resultView(lastResult));
  applyCheck();
}

function statusBadge(s: TryItState): HTMLElement {
  const kind = s.status === 'ready' ? 'finished' : s.status === 'starting' ? 'running' : 'failed';
  const text = s.status === 'ready' ? 'serving' : s.status === 'starting' ? 'starting' : 'stopped';
  const b = badge(text, kind);
  b.setAttribute('data-field', 'status');
  return b;
}

function render(next: TryItState): void {
  const first = state === undefined;
  state = next;
  if (first && savedBody && savedBody.example === next.exampleRequest) {
    editor.value = savedBody.body;
    shownExample = next.exampleRequest;
  } else if (shownExample !== next.exampleRequest) {
    editor.value = next.exampleRequest;
    shownExample = next.exampleRequest;
  }
  note.textContent = next.exampleNote;
  stopButton.disabled = next.status === 'stopped';
  const focused = document.activeElement;
  replaceChildren(
    app,
    el(
      'header',
      { className: 'try-header' },
      el('h1', { attrs: { 'data-field': 'modelLabel' } }, `Try It: ${next.modelLabel}`),
      el(
        'dl',
        { className: 'overview' },
        el('dt', {}, 'Model'),
        el('dd', {}, el('code', { attrs: { 'data-field': 'modelUri' } }, next.modelUri)),
        el('dt', {}, 'Server'),
        el('dd', { className: 'server-line' }, el('code', { attrs: { 'data-field': 'url' } }, `${next.url}/invocations`), statusBadge(next), el('span', { className: 'note' }, `--env-manager ${next.envManager}`)),
      ),
      next.statusDetail ? el('p', { className: next.status === 'stopped' ? 'error' : 'note', attrs: { 'data-field': 'statusDetail' } }, next.statusDetail) : null,
      el('div', { className: 'toolbar server-actions' }, copyButton, terminalButton, stopButton),
    ),
    el('h2', {}, 'Request'),
    note,
    editor,
    problem,
    warning,
    el('div', { className: 'toolbar request-actions' }, sendButton, formatButton, resetButton),
    sendBlocked,
    el('h2', {}, 'Response'),
    resultSlot,
  );
  if (lastResult === undefined && resultSlot.childElementCount === 0) replaceChildren(resultSlot, el('p', { className: 'empty' }, 'Nothing sent yet.'));
  if (focused instanceof HTMLElement && app.contains(focused)) focused.focus();
  save();
  applyCheck();
  app.setAttribute('aria-busy', 'false');
}

host.ready();
