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

  void it('a folder holding both mlruns/ and mlflow.db offers both, the one MLflow would use first', async () => {
    const both = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-both-'));
    try {
      fs.cpSync(path.join(samples, 'mlruns', '0'), path.join(both, 'mlruns', '0'), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db'), path.join(both, 'mlflow.db'));
      const targets = await detectTargets([both], {});
      assert.deepEqual(
        targets.map((t) => [t.origin, t.uri]),
        [
          ['detected', path.join(both, 'mlruns')],
          ['detected', `sqlite:///${path.join(both, 'mlflow.db')}`],
        ],
      );
      assert.match(targets[1]!.reason, /is an MLflow SQLite store \(automatic detection prefers .*mlruns\)/);
      // With experiments only in the database, MLflow uses it, and the artifacts-only mlruns/ is not a store.
      fs.rmSync(path.join(both, 'mlruns', '0', 'meta.yaml'));
      assert.deepEqual((await detectTargets([both], {})).map((t) => t.uri), [`sqlite:///${path.join(both, 'mlflow.db')}`]);
    } finally {
      fs.rmSync(both, { recursive: true, force: true });
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
    assert.equal(shortStoreLabel('https://dapiTOKEN@mlflow.example.com'), 'mlflow.example.com');
    assert.equal(shortStoreLabel('C:\\work\\mlruns'), 'work/mlruns');
  });
});
