import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectTargets } from '../../../src/connection/storeFactory';
import { shortStoreLabel } from '../../../src/connection/storeTarget';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The bundled sample workspace: its mlruns/ was written by MLflow 2.12.2. */
const samples = path.join(repoRoot, 'samples');

void describe('store targets', () => {
  void it('MLFLOW_TRACKING_URI comes first, then each workspace folder holding a store', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-empty-'));
    try {
      const targets = await detectTargets([empty, samples], { MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000' });
      assert.deepEqual(
        targets.map((t) => [t.origin, t.uri]),
        [
          ['environment', 'http://127.0.0.1:5000'],
          ['detected', path.join(samples, 'mlruns')],
        ],
      );
      assert.match(targets[1]!.reason, /holds MLflow experiments/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  void it('finds nothing in a folder without a store and without the variable', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-empty-'));
    try {
      assert.deepEqual(await detectTargets([empty], {}), []);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  void it('status-bar labels: folder tail for local stores, host for servers, never credentials', () => {
    assert.equal(shortStoreLabel('/home/dev/project/mlruns'), 'project/mlruns');
    assert.equal(shortStoreLabel('file:///C:/Users/dev/mlruns'), 'dev/mlruns');
    assert.equal(shortStoreLabel('sqlite:////data/exp/mlflow.db'), 'exp/mlflow.db');
    assert.equal(shortStoreLabel('https://user:secret@mlflow.example.com:8443/path'), 'mlflow.example.com:8443');
    assert.equal(shortStoreLabel('C:\\work\\mlruns'), 'work/mlruns');
  });
});
