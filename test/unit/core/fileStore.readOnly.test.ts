/** Browsing never writes: every byte of a store is the same after a full browse. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { browseEverything, builtWorker, corruptStore, findStores, generatedStore, hashTree, realMlruns, tempDir } from './fixtures';

void describe('FileStore never writes to a store', () => {
  void it('leaves the generated store byte for byte as it was after a full browse (workers and index on)', async () => {
    const before = hashTree(generatedStore);
    const cache = tempDir('readonly-cache');
    const store = new FileStore(generatedStore, { cacheDir: cache, workerScript: fs.existsSync(builtWorker) ? builtWorker : false });
    try {
      const seen = await browseEverything(store);
      assert.equal(seen.runs.length, 20);
      assert.equal(seen.experiments, 7);
    } finally {
      store.dispose();
    }
    assert.deepEqual(hashTree(generatedStore), before);
    assert.ok(fs.readdirSync(cache).some((f) => f.startsWith('runs-')), 'the index went to the cache folder');
    fs.rmSync(cache, { recursive: true, force: true });
  });

  void it('leaves the corrupt store as it was', async () => {
    const before = hashTree(corruptStore);
    const store = new FileStore(corruptStore, { workerScript: false });
    try {
      await browseEverything(store);
    } finally {
      store.dispose();
    }
    assert.deepEqual(hashTree(corruptStore), before);
  });

  void it('refuses a cache folder inside the store', async () => {
    const copy = tempDir('readonly-inside');
    fs.cpSync(path.join(generatedStore, '0'), path.join(copy, '0'), { recursive: true });
    const before = hashTree(copy);
    const store = new FileStore(copy, { cacheDir: path.join(copy, '.cache'), workerScript: false });
    try {
      await browseEverything(store);
    } finally {
      store.dispose();
    }
    assert.deepEqual(hashTree(copy), before);
    fs.rmSync(copy, { recursive: true, force: true });
  });

  void it('leaves every real store as it was', { skip: fs.existsSync(realMlruns) ? false : `SKIPPED: ${realMlruns} is missing` }, async () => {
    for (const root of findStores(realMlruns).filter((s) => !s.includes(`${path.sep}mlruns${path.sep}`))) {
      const before = hashTree(root);
      const store = new FileStore(root, { workerScript: false });
      try {
        await browseEverything(store);
      } finally {
        store.dispose();
      }
      assert.deepEqual(hashTree(root), before, root);
    }
  });
});
