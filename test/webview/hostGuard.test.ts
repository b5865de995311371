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

const launchValues = () => ({
  entryPoint: 'main',
  parameters: { alpha: '0.5', data: '' } as Record<string, string>,
  extraParameters: [{ key: 'seed', value: `"'; touch PWNED #` }],
  envManager: 'uv',
  experimentName: '<img src=x onerror=alert(1)>',
  runName: '',
  backend: 'local',
  backendConfig: '',
});

test('guard: launch form messages are checked field by field', () => {
  // JSON.parse makes `__proto__` an own key, as VS Code's message passing does.
  const values = JSON.parse(JSON.stringify(launchValues())) as ReturnType<typeof launchValues>;
  values.parameters = JSON.parse('{"alpha":"0.5","data":"","__proto__":"kept as a key"}') as Record<string, string>;
  for (const name of ['run', 'copyCommandLine'] as const) {
    const parsed = parseWebviewMessage('launch', { kind: 'intent', name, params: { values } });
    assert.deepEqual(parsed, { kind: 'intent', name, params: { values } });
    assert.equal(Object.getPrototypeOf((parsed as { params: { values: { parameters: object } } }).params.values.parameters), Object.prototype);
    assert.deepEqual(Object.keys((parsed as { params: { values: { parameters: object } } }).params.values.parameters), ['alpha', 'data', '__proto__']);
  }
  assert.deepEqual(parseWebviewMessage('launch', { kind: 'request', id: 3, method: 'check', params: { values } }), { kind: 'request', id: 3, method: 'check', params: { values } });
  assert.deepEqual(parseWebviewMessage('launch', { kind: 'request', id: 4, method: 'pickPath', params: { field: 'param:data', current: '/tmp/x' } }), {
    kind: 'request', id: 4, method: 'pickPath', params: { field: 'param:data', current: '/tmp/x' },
  });
  assert.deepEqual(parseWebviewMessage('launch', { kind: 'request', id: 5, method: 'pickPath', params: { field: 'backendConfig', current: '' } }).kind, 'request');
  assert.deepEqual(parseWebviewMessage('launch', { kind: 'intent', name: 'openProject', params: {} }), { kind: 'intent', name: 'openProject', params: {} });
  assert.deepEqual(parseWebviewMessage('launch', { kind: 'intent', name: 'openRun', params: { runId: 'abc' } }), { kind: 'intent', name: 'openRun', params: { runId: 'abc' } });
  for (const envManager of ['local', 'virtualenv', 'conda', 'uv']) {
    for (const backend of ['local', 'databricks', 'kubernetes']) {
      assert.equal(parseWebviewMessage('launch', { kind: 'intent', name: 'run', params: { values: { ...launchValues(), envManager, backend } } }).kind, 'intent');
    }
  }
  assert.deepEqual(parseRestoreState('launch', { restore: { projectFile: '/p/MLproject', entryPoint: 'main' }, view: { anything: 1 } }), { projectFile: '/p/MLproject', entryPoint: 'main' });
});

test('guard: refuses malformed launch values, pickers and restores', () => {
  const run = (patch: Record<string, unknown>) => ({ kind: 'intent', name: 'run', params: { values: { ...launchValues(), ...patch } } });
  refused('launch', run({ envManager: 'pip' }), /envManager: expected one of local, virtualenv, conda, uv/);
  refused('launch', run({ backend: 'ssh' }), /backend: expected one of local, databricks, kubernetes/);
  refused('launch', run({ parameters: [['alpha', '1']] }), /parameters: expected an object/);
  refused('launch', run({ parameters: { alpha: 1 } }), /parameters.alpha: expected a string/);
  refused('launch', run({ parameters: { alpha: null } }), /parameters.alpha: expected a string/);
  refused('launch', run({ parameters: { alpha: { toString: 'x' } } }), /parameters.alpha: expected a string/);
  refused('launch', run({ parameters: { ['k'.repeat(ProtocolLimits.maxKeyLength + 1)]: 'v' } }), /parameters key: expected a string of at most 1024/);
  refused('launch', run({ parameters: { alpha: 'v'.repeat(ProtocolLimits.maxParameterValueLength + 1) } }), /parameters.alpha: expected a string of at most 65536/);
  refused('launch', run({ parameters: Object.fromEntries(Array.from({ length: ProtocolLimits.maxLaunchParameters + 1 }, (_, i) => [`p${i}`, ''])) }), /at most 1000 keys/);
  refused('launch', run({ extraParameters: { key: 'a', value: 'b' } }), /extraParameters: expected an array/);
  refused('launch', run({ extraParameters: [{ key: 'a' }] }), /extraParameters\[0\].value: expected a string/);
  refused('launch', run({ extraParameters: [{ key: 'a', value: 'b', shell: true }] }), /extraParameters\[0\].shell: expected no such field/);
  refused('launch', run({ extraParameters: Array(ProtocolLimits.maxExtraParameters + 1).fill({ key: 'a', value: 'b' }) }), /extraParameters: expected an array of at most 100 items/);
  refused('launch', run({ experimentName: 7 }), /experimentName: expected a string/);
  refused('launch', run({ runName: 'r'.repeat(ProtocolLimits.maxKeyLength + 1) }), /runName: expected a string/);
  refused('launch', run({ backendConfig: 'c'.repeat(ProtocolLimits.maxPathLength + 1) }), /backendConfig: expected a string/);
  refused('launch', run({ command: 'rm -rf /' }), /values.command: expected no such field/);
  refused('launch', { kind: 'intent', name: 'run', params: {} }, /run.values: expected an object/);
  refused('launch', { kind: 'intent', name: 'run', params: { values: launchValues(), force: true } }, /run.force: expected no such field/);
  refused('launch', { kind: 'intent', name: 'openProject', params: { line: 3 } }, /openProject.line: expected no such field/);
  refused('launch', { kind: 'intent', name: 'exec', params: {} }, /intent.name: expected one of run, copyCommandLine, openRun, openProject/);
  refused('launch', { kind: 'request', id: 1, method: 'pickPath', params: { field: 'runName', current: '' } }, /field: expected 'backendConfig' or 'param:<name>'/);
  refused('launch', { kind: 'request', id: 1, method: 'pickPath', params: { field: 'param:', current: '' } }, /field: expected/);
  refused('launch', { kind: 'request', id: 1, method: 'pickPath', params: { field: 'backendConfig' } }, /current: expected a string/);
  refused('launch', { kind: 'request', id: 1, method: 'check', params: { values: { ...launchValues(), envManager: undefined } } }, /envManager: expected one of/);
  assert.throws(() => parseRestoreState('launch', { restore: { projectFile: '/p/MLproject' } }), /restore.entryPoint: expected a string/);
  assert.throws(() => parseRestoreState('launch', { restore: { projectFile: 'x'.repeat(ProtocolLimits.maxPathLength + 1), entryPoint: 'main' } }), /projectFile: expected a string of at most 4096/);
  assert.throws(() => parseRestoreState('launch', { restore: { projectFile: '/p/MLproject', entryPoint: 'main', cwd: '/' } }), /restore.cwd: expected no such field/);
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

test('guard: the chart\'s `drawn` report is checked like any intent', () => {
  const series = [{ runId: 'r', key: 'train/loss', lastStep: 7 }];
  assert.deepEqual(parseWebviewMessage('metrics', { kind: 'intent', name: 'drawn', params: { series } }), { kind: 'intent', name: 'drawn', params: { series } });
  refused('metrics', { kind: 'intent', name: 'drawn', params: { series: [{ runId: 'r', key: 'k', lastStep: 'NaN' }] } }, /drawn.series\[0\].lastStep: expected a finite number/);
  refused('metrics', { kind: 'intent', name: 'drawn', params: { series: [{ runId: 'r', key: 'k', lastStep: 1, value: 2 }] } }, /series\[0\].value: expected no such field/);
  refused('runDetails', { kind: 'intent', name: 'drawn', params: { series } }, /intent.name/);
});
