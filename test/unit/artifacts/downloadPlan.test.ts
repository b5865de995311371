import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { listArtifactFiles } from '../../../src/core/artifacts/artifactRange';
import { freeName, planDownload, topLevelName } from '../../../src/core/artifacts/downloadPlan';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { generatedStore, ids } from '../core/fixtures';

const store = new FileStore(generatedStore, { workerScript: false });
after(() => store.dispose());

void describe('artifact downloads', () => {
  void it('list every file under a folder of the real store, odd names included', async () => {
    const files = await listArtifactFiles(store, ids.parent, 'reports');
    assert.deepEqual(
      files.map((f) => [f.path, f.file_size]),
      [
        ['reports/2024/details/deeper/file with spaces & ünïcödé.txt', files[0]?.file_size],
        ['reports/2024/details/per_class.csv', files[1]?.file_size],
        ['reports/2024/summary.json', files[2]?.file_size],
        ['reports/README.md', files[3]?.file_size],
        ['reports/empty.bin', 0],
      ],
    );
    assert.ok(files.slice(0, 4).every((f) => typeof f.file_size === 'number' && f.file_size > 0));
    assert.deepEqual((await listArtifactFiles(store, ids.parent, 'notes.txt')).map((f) => f.path), ['notes.txt']);
  });

  void it('put a folder under its own name and a file directly in the chosen folder', async () => {
    const folder = path.join('/', 'work', 'ws');
    const files = await listArtifactFiles(store, ids.parent, 'reports/2024');
    const plan = planDownload(folder, 'reports/2024', true, files, '2024');
    assert.equal(plan.topLevel, path.join(folder, '2024'));
    assert.deepEqual(
      plan.steps.map((s) => path.relative(folder, s.target)),
      ['2024/details/deeper/file with spaces & ünïcödé.txt', '2024/details/per_class.csv', '2024/summary.json'],
    );
    const one = planDownload(folder, 'config/params.yaml', false, [{ path: 'config/params.yaml', is_dir: false, file_size: 9 }], 'params.yaml');
    assert.deepEqual(one.steps, [{ artifactPath: 'config/params.yaml', target: path.join(folder, 'params.yaml'), size: 9 }]);
    assert.equal(topLevelName('', 'hyperparam-search'), 'hyperparam-search-artifacts');
    assert.equal(topLevelName('model/MLmodel', 'x'), 'MLmodel');
  });

  void it('"keep both" picks the first free name, for files and folders', () => {
    const taken = new Set(['model.pkl', 'model (1).pkl', 'reports', 'MLmodel']);
    const exists = (n: string) => taken.has(n);
    assert.equal(freeName('model.pkl', exists, false), 'model (2).pkl');
    assert.equal(freeName('reports', exists, true), 'reports (1)');
    assert.equal(freeName('MLmodel', exists, false), 'MLmodel (1)');
    assert.equal(freeName('v1.2', exists, true), 'v1.2');
    assert.equal(freeName('new.txt', exists, false), 'new.txt');
  });

  void it('the plan copies files that really exist in the store', async () => {
    const files = await listArtifactFiles(store, ids.parent, '');
    assert.equal(files.length, 11);
    const plan = planDownload('/tmp/x', '', true, files, 'hyperparam-search-artifacts');
    for (const step of plan.steps) {
      const source = path.join(generatedStore, '868010962877203020', ids.parent, 'artifacts', ...step.artifactPath.split('/'));
      assert.equal(fs.statSync(source).size, step.size, step.artifactPath);
    }
  });
});
