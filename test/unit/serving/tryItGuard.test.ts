/** The host's check of what the Try It webview posts: only its intents, a bounded body string, a port as restore key. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseRestoreState, parseWebviewMessage, ProtocolViolation } from '../../../src/panels/messageGuard';
import { ProtocolLimits } from '../../../src/shared/webviewProtocol';

void it('accepts the Try It messages as declared', () => {
  assert.deepEqual(parseWebviewMessage('tryIt', { kind: 'request', id: 3, method: 'invoke', params: { body: '{"inputs": []}' } }), {
    kind: 'request', id: 3, method: 'invoke', params: { body: '{"inputs": []}' },
  });
  for (const name of ['stopServer', 'showTerminal', 'copyUrl']) {
    assert.deepEqual(parseWebviewMessage('tryIt', { kind: 'intent', name, params: {} }), { kind: 'intent', name, params: {} });
  }
  assert.deepEqual(parseRestoreState('tryIt', { restore: { port: 5001 } }), { port: 5001 });
});

void it('refuses a URL to post to, another panel’s intents, a body that is not a string or too long, and a bad port', () => {
  const refused = (raw: unknown, pattern: RegExp) => assert.throws(() => parseWebviewMessage('tryIt', raw), (e: unknown) => e instanceof ProtocolViolation && pattern.test(e.message));
  refused({ kind: 'request', id: 1, method: 'invoke', params: { body: '{}', url: 'http://evil.example' } }, /invoke\.url: expected no such field/);
  refused({ kind: 'request', id: 1, method: 'invoke', params: { body: { inputs: [] } } }, /invoke\.body: expected a string/);
  refused({ kind: 'request', id: 1, method: 'invoke', params: { body: 'x'.repeat(ProtocolLimits.maxServingRequestChars + 1) } }, /at most 16777216 characters/);
  refused({ kind: 'intent', name: 'openRun', params: { runId: 'x' } }, /intent\.name: expected one of stopServer, showTerminal, copyUrl/);
  refused({ kind: 'intent', name: 'stopServer', params: { port: 1 } }, /no such field/);
  assert.throws(() => parseRestoreState('tryIt', { restore: { port: 70000 } }), /a port number/);
  assert.throws(() => parseRestoreState('tryIt', { restore: { port: '5001' } }), /a port number/);
});
