/** Host side of the contract, in plain Node: the inbound message guard and the HTML writer. */
import assert from 'node:assert/strict';
import { parseRestoreState, parseWebviewMessage, ProtocolViolation } from '../../src/panels/messageGuard';
import { withWebview } from './browser';
import { chooseOption } from './controls';
import { contentSecurityPolicy, createNonce, webviewHtml } from '../../src/panels/webviewHtml';
import { ProtocolLimits, type PanelKind } from '../../src/shared/webviewProtocol';
import { test } from './testing';

const refused = (panel: PanelKind, raw: unknown, pattern: RegExp) =>
  assert.throws(() => parseWebviewMessage(panel, raw), (e: unknown) => e instanceof ProtocolViolation && pattern.test(e.message));

test('guard: accepts each declared message and returns only declared fields', () => {
  assert.deepEqual(parseWebviewMessage('metrics', { kind: 'ready' }), { kind: 'ready' });
  assert.deepEqual(parseWebviewMessage('runDetails', { kind: 'intent', name: 'openRun', params: { runId: 'abc' } }), {
    kind: 'intent', name: 'openRun', params: { runId: 'abc' },
  });
  assert.deepEqual(
    parseWebviewMessage('metrics', { kind: 'request', id: 7, method: 'readRange', params: { runId: 'r', key: 'train/loss', startStep: -5, endStep: 10 } }),
    { kind: 'request', id: 7, method: 'readRange', params: { runId: 'r', key: 'train/loss', startStep: -5, endStep: 10 } },
  );
  assert.deepEqual(parseWebviewMessage('metrics', { kind: 'intent', name: 'exportCsv', params: {} }), { kind: 'intent', name: 'exportCsv', params: {} });
  assert.deepEqual(parseWebviewMessage('compareRuns', { kind: 'intent', name: 'openMetricChart', params: { runIds: ['a', 'b'], metricKeys: ['loss'] } }), {
    kind: 'intent', name: 'openMetricChart', params: { runIds: ['a', 'b'], metricKeys: ['loss'] },
  });
});

test('guard: refuses unknown kinds, names, fields and wrong types, naming the problem', () => {
  refused('metrics', 'ready', /message: expected an object/);
  refused('metrics', { kind: 'eval', code: 'x' }, /message.kind/);
  refused('metrics', { kind: 'intent', name: 'openArtifact', params: { path: 'a' } }, /intent.name: expected one of openRun, exportPng/);
  refused('runDetails', { kind: 'intent', name: 'constructor', params: {} }, /intent.name/);
  refused('runDetails', { kind: 'intent', name: 'openRun', params: { runId: 'a', extra: 1 } }, /params.extra|openRun.extra: expected no such field/);
  refused('runDetails', { kind: 'intent', name: 'openRun', params: { runId: 42 } }, /openRun.runId: expected a string/);
  refused('metrics', { kind: 'request', id: -1, method: 'readRange', params: { runId: 'r', key: 'k', startStep: 0, endStep: 1 } }, /request.id/);
  refused('metrics', { kind: 'request', id: 1, method: 'readRange', params: { runId: 'r', key: 'k', startStep: 0, endStep: Infinity } }, /endStep: expected a finite number/);
  refused('metrics', { kind: 'request', id: 1, method: 'listArtifacts', params: { path: '' } }, /request.method/);
  refused('metrics', { kind: 'ready', sneaky: true }, /ready.sneaky/);
  refused('compareRuns', { kind: 'request', id: 1, method: 'readRange', params: {} }, /request.method: expected one of $/);
  refused('compareRuns', { kind: 'intent', name: 'openMetricChart', params: { runIds: 'a', metricKeys: [] } }, /runIds: expected an array/);
});

test('guard: bounds sizes (ids, key lists, PNG data URLs, whole messages)', () => {
  refused('runDetails', { kind: 'intent', name: 'openRun', params: { runId: 'x'.repeat(ProtocolLimits.maxIdLength + 1) } }, /at most 256 characters/);
  refused('runDetails', { kind: 'intent', name: 'openMetricChart', params: { metricKeys: Array(101).fill('k') } }, /at most 100 items/);
  refused('metrics', { kind: 'intent', name: 'exportPng', params: { metricKey: 'k', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' } }, /a PNG data URL/);
  refused('metrics', { kind: 'intent', name: 'exportPng', params: { metricKey: 'k', dataUrl: 'x'.repeat(ProtocolLimits.maxMessageChars + 10) } }, /message: expected at most/);
});

test('guard: restore state after a reload is checked like a message', () => {
  assert.deepEqual(parseRestoreState('runDetails', { restore: { runId: 'abc' }, view: { anything: 1 } }), { runId: 'abc' });
  assert.deepEqual(parseRestoreState('metrics', { restore: { runIds: ['a', 'b'], metricKeys: ['loss'] } }), { runIds: ['a', 'b'], metricKeys: ['loss'] });
  assert.throws(() => parseRestoreState('metrics', { restore: { runIds: 'a', metricKeys: [] } }), /runIds: expected an array/);
  assert.throws(() => parseRestoreState('runDetails', undefined), /saved state: expected an object/);
});

test('html: strict CSP with a fresh nonce, nothing unsafe, text escaped', () => {
  const nonce = createNonce();
  assert.notEqual(nonce, createNonce());
  assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
  assert.equal(
    csp,
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net`,
  );
  const html = webviewHtml({ cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/a.js', styleUri: 'https://x/a.css', nonce, title: '<script>alert(1)</script>"' });
  assert.ok(!/unsafe-(inline|eval)/.test(html));
  assert.ok(html.includes('<title>&lt;script&gt;alert(1)&lt;/script&gt;"</title>'));
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/a.js"></script>`));
});

test('serializer: each webview saves what the host needs to restore it after a reload, and its view choices', async () => {
  await withWebview('metrics', async (view) => {
    const restore = { runIds: ['r1', 'r2'], metricKeys: ['loss'] };
    await view.pushState({ runs: [], metricKeys: ['loss'], series: [], maxPointsPerSeries: 1000, loading: false, problems: [], restore });
    await view.page.waitForSelector('figure[data-metric-key="loss"][data-renders]');
    await chooseOption(view.page, 'Y scale', 'log');
    const saved = await view.savedState();
    assert.deepEqual(parseRestoreState('metrics', saved), restore);
    assert.equal((saved as { view: { yScale: string } }).view.yScale, 'log');
  });
  await withWebview('runDetails', async (view) => {
    await view.pushState({ params: [], metrics: [], tags: [], artifacts: [], problems: [], restore: { runId: 'abc' }, error: 'x' });
    await view.page.waitForSelector('[role="alert"]');
    assert.deepEqual(parseRestoreState('runDetails', await view.savedState()), { runId: 'abc' });
  });
});
