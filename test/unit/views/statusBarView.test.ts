import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreTarget } from '../../../src/connection/storeTarget';
import { statusBarView } from '../../../src/views/statusBarView';

const server: StoreTarget = { uri: 'http://127.0.0.1:5000', origin: 'chosen', reason: 'Chosen with "MLflow: Choose Tracking Store".' };
const sqlite: StoreTarget = { uri: 'sqlite:////work/data/mlflow.db', origin: 'setting', reason: 'From the setting mlflowLens.trackingUri.' };

void describe('status bar item per connection health', () => {
  void it('names the store normally when healthy or not yet read', () => {
    for (const state of ['idle', 'ok'] as const) {
      const view = statusBarView(sqlite, undefined, { state });
      assert.equal(view.text, '$(beaker) MLflow: data/mlflow.db');
      assert.equal(view.background, undefined);
    }
    assert.equal(statusBarView(server, 'prod', { state: 'ok' }).text, '$(beaker) MLflow: prod');
    assert.equal(statusBarView(undefined, undefined, { state: 'idle' }).text, '$(beaker) MLflow: no store');
  });

  void it('spins while connecting', () => {
    const view = statusBarView(server, 'prod', { state: 'connecting' });
    assert.equal(view.text, '$(sync~spin) MLflow: prod');
    assert.match(view.tooltipMarkdown, /Connecting/);
  });

  void it('a store that fails to open is an error, with the reason and the file in the tooltip (every kind)', () => {
    for (const target of [sqlite, server, { uri: '/work/missing/mlruns', origin: 'setting', reason: 'setting' } as StoreTarget]) {
      const view = statusBarView(target, undefined, { state: 'failed', message: 'no such file', location: target.uri });
      assert.match(view.text, /^\$\(error\) MLflow: /);
      assert.equal(view.background, 'error');
      assert.equal(view.state, 'failed');
      assert.match(view.tooltipMarkdown, /Cannot use this store:\*\* no such file/);
    }
  });

  void it('an unreachable server is a warning saying since when, that it retries, and that the tree is stale', () => {
    const view = statusBarView(server, 'prod', { state: 'unreachable', message: 'connect ECONNREFUSED', since: Date.UTC(2024, 4, 1, 12, 0, 5) });
    assert.equal(view.text, '$(debug-disconnect) MLflow: prod (offline)');
    assert.equal(view.background, 'warning');
    assert.match(view.tooltipMarkdown, /Unreachable since 2024\\-05\\-01 12\\:00\\:05 UTC:\*\* connect ECONNREFUSED/);
    assert.match(view.tooltipMarkdown, /Retrying by itself/);
    assert.match(view.tooltipMarkdown, /stale/);
  });

  void it('escapes connection names and server messages in the tooltip', () => {
    const view = statusBarView(server, '[x](command:evil)', { state: 'failed', message: '<img src=x onerror=alert(1)> **bold**' });
    assert.ok(!view.tooltipMarkdown.includes('[x](command:evil)'));
    assert.ok(!/(^|[^\\])</.test(view.tooltipMarkdown), 'every < is escaped');
    assert.ok(view.tooltipMarkdown.includes('\\[x\\]\\(command\\:evil\\)'));
  });
});
