/**
 * Unfinished runs are never in the persistent index, so once an experiment is listed the file
 * store reads their params, metrics and tags in the background (issue 12: the first filter must not
 * read thousands of files while the user types). Finished runs are left to the index / the filter.
 * The test changes files behind the store's back (no notifyChanged) to see which were read when.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { indexFileFor } from '../../../src/core/store/file/runIndex';
import { generatedStore, ids, tempDir } from './fixtures';

const RUNNING_RUN = '1c093d2312e14e94a6b0ac3037778b57';
const SCHEDULED_RUN = 'b0b7466347d046f7ae49aedcd12f956e';
const FINISHED_RUN = 'd3a6842fcaf847ac8912c4c1d1513736';

const scratch: string[] = [];
after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function copyStore(): string {
  const dir = tempDir('prefetch');
  scratch.push(dir);
  const root = path.join(dir, 'mlruns');
  fs.cpSync(generatedStore, root, { recursive: true });
  return root;
}

void describe('FileStore background read of unfinished runs', () => {
  void it("reads unfinished runs' params in the background after a listing, and leaves finished runs alone", async () => {
    const root = copyStore();
    const store = new FileStore(root, { workerScript: false });
    try {
      const bare = { params: false, metrics: false, tags: false };
      const listed = await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', include: bare });
      assert.ok([RUNNING_RUN, SCHEDULED_RUN, FINISHED_RUN].every((id) => listed.items.some((r) => r.info.run_id === id)), 'the three runs are listed');
      await store.settled();
      for (const run of [RUNNING_RUN, SCHEDULED_RUN, FINISHED_RUN]) {
        fs.writeFileSync(path.join(root, ids.zoo, run, 'params', 'status_under_test'), 'CHANGED');
      }
      const search = async (filter: string) =>
        (await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', filter, include: bare })).items.map((r) => r.info.run_id).sort();
      // Read before the files changed: the background read of the unfinished runs.
      assert.deepEqual(await search("params.status_under_test = 'RUNNING'"), [RUNNING_RUN]);
      assert.deepEqual(await search("params.status_under_test = 'SCHEDULED'"), [SCHEDULED_RUN]);
      // Read by the filter itself, after the change: the finished run was not read ahead.
      assert.deepEqual(await search("params.status_under_test = 'CHANGED'"), [FINISHED_RUN]);
    } finally {
      store.dispose();
    }
  });

  void it('a run that changes is read again (the watcher drops it), in the background too', async () => {
    const root = copyStore();
    const store = new FileStore(root, { workerScript: false });
    try {
      await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', include: { params: false, metrics: false, tags: false } });
      await store.settled();
      const file = path.join(root, ids.zoo, RUNNING_RUN, 'params', 'status_under_test');
      fs.writeFileSync(file, 'CHANGED');
      store.notifyChanged(file);
      await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', include: { params: false, metrics: false, tags: false } });
      await store.settled();
      fs.writeFileSync(file, 'CHANGED AGAIN, UNSEEN');
      const page = await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', filter: "params.status_under_test = 'CHANGED'" });
      assert.deepEqual(page.items.map((r) => r.info.run_id), [RUNNING_RUN]);
    } finally {
      store.dispose();
    }
  });

  void it("a listing alone keeps finished runs' infos in the index (the next session checks stamps, reads no meta.yaml)", async () => {
    const root = copyStore();
    const cacheDir = tempDir('prefetch-cache');
    scratch.push(cacheDir);
    const bare = { params: false, metrics: false, tags: false };
    const list = async () => {
      const store = new FileStore(root, { workerScript: false, cacheDir });
      try {
        return (await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', include: bare })).items;
      } finally {
        store.dispose();
      }
    };
    const cold = await list();
    const rows = (JSON.parse(fs.readFileSync(indexFileFor(cacheDir, root, ids.zoo), 'utf8')) as { runs: [string][] }).runs.map((r) => r[0].split('/').pop()).sort();
    const finished = cold.filter((r) => ['FINISHED', 'FAILED', 'KILLED'].includes(r.info.status)).map((r) => r.info.run_id).sort();
    assert.ok(finished.length >= 3);
    assert.deepEqual(rows, finished, 'every finished run, and only those');
    // A meta.yaml changed behind the index's back with its stamp kept would be missed; a changed stamp is read again.
    const meta = path.join(root, ids.zoo, FINISHED_RUN, 'meta.yaml');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^run_name: .*$/m, 'run_name: renamed-later'));
    const warm = await list();
    assert.equal(warm.find((r) => r.info.run_id === FINISHED_RUN)?.info.run_name, 'renamed-later');
    assert.deepEqual(warm.filter((r) => r.info.run_id !== FINISHED_RUN), cold.filter((r) => r.info.run_id !== FINISHED_RUN));
  });

  void it("reads finished runs' tags ahead too (a tag filter, the child-run lookup of Run Details), unless background reads are off", async () => {
    for (const backgroundReads of [true, false]) {
      const root = copyStore();
      const store = new FileStore(root, { workerScript: false, backgroundReads });
      try {
        const bare = { params: false, metrics: false, tags: false };
        await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', include: bare });
        await store.settled();
        fs.writeFileSync(path.join(root, ids.zoo, FINISHED_RUN, 'tags', 'mlflow.user'), 'someone-else');
        const page = await store.searchRuns({ experimentIds: [ids.zoo], viewType: 'ALL', filter: "tags.`mlflow.user` = 'someone-else'", include: bare });
        assert.deepEqual(page.items.map((r) => r.info.run_id), backgroundReads ? [] : [FINISHED_RUN], `backgroundReads ${backgroundReads}`);
      } finally {
        store.dispose();
      }
    }
  });
});
