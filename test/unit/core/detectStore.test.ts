/**
 * Store detection: MLFLOW_TRACKING_URI first (file, sqlite and http(s) URIs are openable now),
 * then `<folder>/mlruns` with experiments, then `<folder>/mlflow.db`; a detected SQLite store opens
 * and reads the committed MLflow fixture.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import { detectStore, isSupportedUri } from '../../../src/core/store/detectStore';
import { openStore } from '../../../src/core/store/openStore';
import { repoRoot, tempDir } from './fixtures';

const sqliteFolder = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite');

void describe('detectStore', () => {
  void it('takes MLFLOW_TRACKING_URI verbatim and says whether this version opens it', () => {
    const cases: [string, boolean][] = [
      ['http://127.0.0.1:5000', true],
      ['HTTPS://mlflow.example.com/prefix', true],
      ['sqlite:///mlflow.db', true],
      ['sqlite:////abs/path/mlflow.db', true],
      ['file:///home/dev/mlruns', true],
      ['./mlruns', true],
      ['/abs/mlruns', true],
      ['C:\\Users\\dev\\mlruns', true],
      ['databricks', false], // MLflow reads this bare word as Databricks, not a folder
      ['databricks-uc', false],
      ['experiments', true], // other bare words are folders
      ['databricks://profile', false],
      ['postgresql://user@db/mlflow', false],
      ['mysql+pymysql://db/mlflow', false],
      ['uc:databricks', false],
    ];
    for (const [uri, supported] of cases) {
      const found = detectStore(['/work/project'], { MLFLOW_TRACKING_URI: `  ${uri} ` });
      assert.equal(found.store?.source, 'env', uri);
      assert.equal(found.store?.uri, uri);
      assert.equal(found.store?.cwd, '/work/project');
      assert.equal(found.store?.supported, supported, uri);
      assert.equal(isSupportedUri(uri), supported, uri);
    }
  });

  void it('never repeats a password or a token from the URI in its reason', () => {
    const found = detectStore([], { MLFLOW_TRACKING_URI: 'https://alice:s3cret-pw@mlflow.example.com' });
    assert.equal(found.store?.reason, 'MLFLOW_TRACKING_URI is set to https://***@mlflow.example.com.');
    const token = detectStore([], { MLFLOW_TRACKING_URI: 'https://dapi0123456789abcdef@mlflow.example.com/prod' });
    assert.equal(token.store?.reason, 'MLFLOW_TRACKING_URI is set to https://***@mlflow.example.com/prod.');
  });

  void it('finds a folder’s mlflow.db as a supported SQLite store that opens and reads', async () => {
    const found = detectStore([sqliteFolder], {});
    assert.deepEqual(found.tried, ['MLFLOW_TRACKING_URI', path.join(sqliteFolder, 'mlruns'), path.join(sqliteFolder, 'mlflow.db')]);
    assert.equal(found.store?.source, 'sqlite');
    assert.equal(found.store?.supported, true);
    assert.equal(found.store?.uri, `sqlite:///${path.join(sqliteFolder, 'mlflow.db')}`);
    assert.equal(found.store?.reason, `${path.join(sqliteFolder, 'mlflow.db')} is an MLflow SQLite store.`);
    const store = openStore(found.store.uri, { cwd: sqliteFolder });
    try {
      const experiments = await collectPages((pageToken) => store.searchExperiments({ viewType: 'ALL', ...(pageToken && { pageToken }) }));
      assert.equal(store.kind, 'sqlite');
      assert.equal(experiments.length, 7);
    } finally {
      store.dispose();
    }
  });

  void it('prefers mlruns with experiments, and says when mlruns only holds artifacts next to mlflow.db', () => {
    const dir = tempDir('detect');
    try {
      fs.mkdirSync(path.join(dir, 'mlruns', '1', 'abc'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'mlflow.db'), '');
      const artifactsOnly = detectStore([dir], {}).store;
      assert.equal(artifactsOnly?.source, 'sqlite');
      assert.match(artifactsOnly?.reason ?? '', /holds no experiment meta\.yaml: artifacts only\)\.$/);
      fs.writeFileSync(path.join(dir, 'mlruns', '1', 'meta.yaml'), 'name: x\n');
      const mlruns = detectStore([dir], {}).store;
      assert.deepEqual([mlruns?.source, mlruns?.uri, mlruns?.supported], ['mlruns', path.join(dir, 'mlruns'), true]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('lists every place it looked when nothing is there', () => {
    const dir = tempDir('detect-empty');
    try {
      assert.deepEqual(detectStore([dir], {}), { tried: ['MLFLOW_TRACKING_URI', path.join(dir, 'mlruns'), path.join(dir, 'mlflow.db')] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
