/**
 * What keeps the file store fast on large stores: the index split per experiment (a question reads
 * only its experiments' parts), finding a run by id without listing the store, background counting
 * that yields to what the user asked for, and stamp checks that agree with the files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it, mock } from 'node:test';
import { silentLogger } from '../../../src/core/log';
import { StoreError } from '../../../src/core/store/storeErrors';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { unchangedStamps } from '../../../src/core/store/file/readFs';
import { indexDirFor, indexFileFor } from '../../../src/core/store/file/runIndex';
import { WorkerPoolLoader } from '../../../src/core/store/file/workerPool';
import { builtWorker, generatedStore, ids, tempDir } from './fixtures';

const scratch: string[] = [];
after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function copyStore(): string {
  const dir = tempDir('scale-store');
  scratch.push(dir);
  const root = path.join(dir, 'mlruns');
  fs.cpSync(generatedStore, root, { recursive: true });
  return root;
}

function cacheFolder(): string {
  const dir = tempDir('scale-cache');
  scratch.push(dir);
  return dir;
}

const everyExperiment = [ids.defaultExp, ids.iris, ids.odd, ids.long, ids.zoo, ids.empty, ids.trashed];

/** Lists every run of every experiment with all its data, so each experiment's part of the index is written. */
async function warmIndex(root: string, cacheDir: string): Promise<void> {
  const store = new FileStore(root, { cacheDir, workerScript: false });
  try {
    await store.searchRuns({ experimentIds: everyExperiment, viewType: 'ALL' });
  } finally {
    store.dispose();
  }
}

function collectingLogger(): { logger: typeof silentLogger; messages: string[] } {
  const messages: string[] = [];
  const note = (m: string) => messages.push(m);
  return { logger: { ...silentLogger, info: note, warn: note }, messages };
}

void describe('FileStore index split per experiment', () => {
  void it('writes one index file per experiment folder, including .trash', async () => {
    const root = copyStore();
    const cacheDir = cacheFolder();
    await warmIndex(root, cacheDir);
    const files = fs.readdirSync(indexDirFor(cacheDir, root)).sort();
    assert.ok(files.includes(path.basename(indexFileFor(cacheDir, root, ids.iris))));
    assert.ok(files.includes(path.basename(indexFileFor(cacheDir, root, `.trash/${ids.trashed}`))), files.join(', '));
    for (const file of files) {
      const body = JSON.parse(fs.readFileSync(path.join(indexDirFor(cacheDir, root), file), 'utf8')) as { experiment: string; runs: [string][] };
      for (const [rel] of body.runs) assert.ok(rel.startsWith(`${body.experiment}/`), `${file} holds only its experiment's runs (${rel})`);
    }
  });

  void it('lists one experiment reading only that experiment’s part: the other parts are not even opened', async () => {
    const root = copyStore();
    const cacheDir = cacheFolder();
    await warmIndex(root, cacheDir);
    // Every other part is made unreadable garbage: reading one would log that it was ignored.
    for (const id of everyExperiment.filter((id) => id !== ids.iris && id !== ids.trashed)) {
      const file = indexFileFor(cacheDir, root, id);
      if (fs.existsSync(file)) fs.writeFileSync(file, '{not json');
    }
    const { logger, messages } = collectingLogger();
    const store = new FileStore(root, { cacheDir, workerScript: false, logger });
    try {
      // A param changed behind the store's back (meta.yaml untouched): only the index can answer the old value.
      fs.writeFileSync(path.join(root, ids.iris, ids.parent, 'params', 'cv'), 'changed');
      const page = await store.searchRuns({ experimentIds: [ids.iris] });
      const parent = page.items.find((r) => r.info.run_id === ids.parent);
      assert.notEqual(parent?.data.params.find((p) => p.key === 'cv')?.value, 'changed', 'answered from the iris part');
      assert.equal(messages.length, 0, `no other part was read: ${messages.join('; ')}`);
      await store.searchRuns({ experimentIds: everyExperiment, viewType: 'ALL' });
      assert.ok(messages.some((m) => m.includes('corrupt')), 'listing every experiment reads the other parts');
    } finally {
      store.dispose();
    }
  });

  void it('a whole-store listing answers the same from the split index as without one', async () => {
    const root = copyStore();
    const cacheDir = cacheFolder();
    const reference = new FileStore(root, { workerScript: false });
    const cold = new FileStore(root, { cacheDir, workerScript: false });
    const request = { experimentIds: everyExperiment, viewType: 'ALL' as const };
    try {
      const expected = await reference.searchRuns(request);
      assert.deepEqual(await cold.searchRuns(request), expected);
      cold.dispose();
      const warm = new FileStore(root, { cacheDir, workerScript: false });
      try {
        assert.deepEqual(await warm.searchRuns(request), expected);
      } finally {
        warm.dispose();
      }
    } finally {
      reference.dispose();
      cold.dispose();
    }
  });
});

void describe('FileStore.getRun without scanning the store', () => {
  void it('answers from the experiment’s index part while meta.yaml is unchanged, and from the files once it changed', async () => {
    const root = copyStore();
    const cacheDir = cacheFolder();
    await warmIndex(root, cacheDir);
    const paramFile = path.join(root, ids.iris, ids.parent, 'params', 'cv');
    const original = fs.readFileSync(paramFile, 'utf8');
    fs.writeFileSync(paramFile, 'changed');
    const readdir = mock.method(fs.promises, 'readdir');
    let store = new FileStore(root, { cacheDir, workerScript: false });
    try {
      const run = await store.getRun(ids.parent);
      assert.equal(run.data.params.find((p) => p.key === 'cv')?.value, original, 'from the index');
      const listed = readdir.mock.calls.map((c) => String(c.arguments[0]));
      const runDir = `${root}/${ids.iris}/${ids.parent}`;
      assert.ok(!listed.includes(`${root}/${ids.iris}`), `the experiment's runs were not listed: ${listed.join(', ')}`);
      assert.ok(!listed.some((dir) => dir.startsWith(runDir)), `the run's params, metrics and tags folders were not read: ${listed.join(', ')}`);
    } finally {
      readdir.mock.restore();
      store.dispose();
    }
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, ids.iris, ids.parent, 'meta.yaml'), later, later);
    store = new FileStore(root, { cacheDir, workerScript: false });
    try {
      assert.equal((await store.getRun(ids.parent)).data.params.find((p) => p.key === 'cv')?.value, 'changed');
    } finally {
      store.dispose();
    }
  });

  void it('says notFound for an unknown id without listing any experiment’s runs', async () => {
    const readdir = mock.method(fs.promises, 'readdir');
    const store = new FileStore(generatedStore, { workerScript: false });
    try {
      await assert.rejects(store.getRun('0123456789abcdef0123456789abcdef'), (e: unknown) => StoreError.is(e, 'notFound'));
      const listed = readdir.mock.calls.map((c) => String(c.arguments[0]));
      const experimentFolders = listed.filter((dir) => everyExperiment.some((id) => dir.endsWith(`/${id}`)));
      assert.deepEqual(experimentFolders, [], 'no run folder listing');
    } finally {
      readdir.mock.restore();
      store.dispose();
    }
  });
});

const workerSkip = fs.existsSync(builtWorker) ? false : `SKIPPED: ${builtWorker} is missing (run npm run build)`;

void describe('background reads yield to what the user asked for', { skip: workerSkip }, () => {
  void it('a foreground batch queued after a background one is read before the background batch’s rest', async () => {
    const pool = new WorkerPoolLoader(builtWorker, 1, silentLogger);
    const missing = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ loc: { runDir: `/nonexistent/${tag}/${i}`, folder: `${tag}${i}`, experimentId: tag, inTrash: false } }));
    try {
      const finished: string[] = [];
      // 400 runs on one worker: several chunks, the first dispatched at once, the rest queued.
      const background = pool.readInfos(missing(400, 'bg'), undefined, { background: true }).then(() => finished.push('background'));
      const foreground = pool.readInfos(missing(16, 'fg'), undefined, { background: false }).then(() => finished.push('foreground'));
      await Promise.all([background, foreground]);
      assert.deepEqual(finished, ['foreground', 'background']);
    } finally {
      pool.dispose();
    }
  });

  void it('counting runs in the background gives the same counts as the listings', async () => {
    const store = new FileStore(generatedStore, { workerScript: builtWorker, workerThreshold: 1, workers: 1 });
    try {
      const counting = store.countRuns({ experimentIds: everyExperiment, viewType: 'ACTIVE_ONLY' });
      const iris = await store.searchRuns({ experimentIds: [ids.iris] });
      const counts = await counting;
      assert.equal(counts.get(ids.iris), iris.items.length);
      for (const id of everyExperiment) {
        assert.equal(counts.get(id), (await store.searchRuns({ experimentIds: [id] })).items.length, `experiment ${id}`);
      }
    } finally {
      store.dispose();
    }
  });
});

void describe('unchangedStamps', () => {
  void it('agrees with the files: unchanged, touched, resized, missing, a folder, over several slices', async () => {
    const dir = cacheFolder();
    const files = Array.from({ length: 600 }, (_, i) => path.join(dir, `f${i}`));
    for (const f of files) fs.writeFileSync(f, 'abc');
    const stamps = files.map((f) => {
      const st = fs.statSync(f);
      return { mtimeMs: st.mtimeMs, size: st.size };
    });
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(files[5]!, later, later);
    fs.writeFileSync(files[300]!, 'abcd');
    fs.rmSync(files[599]!);
    fs.rmSync(files[1]!);
    fs.mkdirSync(files[1]!);
    const result = await unchangedStamps(files, stamps);
    const changed = result.flatMap((same, i) => (same ? [] : [i]));
    assert.deepEqual(changed, [1, 5, 300, 599]);
  });
});
