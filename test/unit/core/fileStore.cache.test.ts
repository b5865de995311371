/**
 * Caches of the file store: the persistent index of finished runs (outside the store; stamp
 * invalidation; corrupt index ignored), the worker pool, and `notifyChanged` dropping only what
 * changed. Works on temporary copies of the generated store.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import type { Run } from '../../../src/core/model/entities';
import { silentLogger } from '../../../src/core/log';
import { FileStore, type FileStoreOptions } from '../../../src/core/store/file/fileStore';
import { INDEX_FORMAT, INDEX_VERSION, indexDirFor, indexFileFor } from '../../../src/core/store/file/runIndex';
import { builtWorker, generatedStore, ids, tempDir } from './fixtures';

const scratch: string[] = [];
after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

function copyStore(): string {
  const dir = tempDir('store');
  scratch.push(dir);
  const root = path.join(dir, 'mlruns');
  fs.cpSync(generatedStore, root, { recursive: true });
  return root;
}

const everyExperiment = [ids.defaultExp, ids.iris, ids.odd, ids.long, ids.zoo, ids.empty, ids.trashed];

async function listAll(root: string, options: FileStoreOptions, filter?: string): Promise<Run[]> {
  const store = new FileStore(root, options);
  try {
    return await collectPages((pageToken) => store.searchRuns({ experimentIds: everyExperiment, viewType: 'ALL', maxResults: 6, filter, ...(pageToken && { pageToken }) }));
  } finally {
    store.dispose();
  }
}

function param(runs: Run[], runId: string, key: string): string | undefined {
  return runs.find((r) => r.info.run_id === runId)?.data.params.find((p) => p.key === key)?.value;
}

const workerSkip = fs.existsSync(builtWorker) ? false : `SKIPPED: ${builtWorker} is missing (run npm run build)`;

void describe('FileStore worker pool', { skip: workerSkip }, () => {
  void it('reads the same runs through worker threads as in this thread', async () => {
    const inThread = await listAll(generatedStore, { workerScript: false });
    const workers = await listAll(generatedStore, { workerScript: builtWorker, workers: 3, workerThreshold: 1 });
    assert.equal(workers.length, 20);
    assert.deepEqual(workers, inThread);
  });

  void it('falls back to this thread when the worker script is broken', async () => {
    const dir = tempDir('badworker');
    scratch.push(dir);
    const bad = path.join(dir, 'indexWorker.js');
    fs.writeFileSync(bad, 'throw new Error("broken worker")');
    const runs = await listAll(generatedStore, { workerScript: bad, workerThreshold: 1 });
    assert.equal(runs.length, 20);
  });
});

void describe('FileStore persistent index', () => {
  void it('keeps finished runs in the cache folder, answers from it while meta.yaml is unchanged, re-reads when it changes', async () => {
    const root = copyStore();
    const cache = tempDir('cache');
    scratch.push(cache);
    const options = { cacheDir: cache, workerScript: fs.existsSync(builtWorker) ? builtWorker : (false as const), workerThreshold: 1 };
    const first = await listAll(root, options);
    const file = indexFileFor(cache, root, ids.iris);
    assert.ok(fs.existsSync(file), 'index written on dispose');
    assert.deepEqual(fs.readdirSync(indexDirFor(cache, root)).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
    const indexedIn = (experimentId: string): string[] =>
      (JSON.parse(fs.readFileSync(indexFileFor(cache, root, experimentId), 'utf8')) as { runs: [string, ...unknown[]][] }).runs.map((r) => r[0]);
    const indexed = new Set([...indexedIn(ids.iris), ...indexedIn(ids.zoo)].map((rel) => rel.split('/').pop()));
    assert.ok(indexed.has(ids.parent), 'a FINISHED run is indexed');
    assert.ok(!indexed.has('1c093d2312e14e94a6b0ac3037778b57'), 'the RUNNING run is not');
    assert.ok(!indexed.has('b0b7466347d046f7ae49aedcd12f956e'), 'the SCHEDULED run is not');

    // Change a param behind the store's back, meta.yaml untouched: the index answers (the rule).
    const paramFile = path.join(root, ids.iris, ids.parent, 'params', 'cv');
    const original = fs.readFileSync(paramFile, 'utf8');
    fs.writeFileSync(paramFile, 'changed');
    const second = await listAll(root, options);
    assert.deepEqual(second, first, 'warm listing equals the cold one (NaN and ±inf included)');
    assert.equal(param(second, ids.parent, 'cv'), original);

    // Touch meta.yaml (what MLflow does on any run update): the run is read again.
    const meta = path.join(root, ids.iris, ids.parent, 'meta.yaml');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(meta, later, later);
    const third = await listAll(root, options);
    assert.equal(param(third, ids.parent, 'cv'), 'changed');

    // A run that disappears (mlflow gc) leaves the index too.
    fs.rmSync(path.join(root, ids.iris, ids.c001), { recursive: true });
    await listAll(root, options);
    const rows = (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: [string][] }).runs.map((r) => r[0]);
    assert.ok(!rows.includes(`${ids.iris}/${ids.c001}`));
    assert.ok(rows.includes(`${ids.iris}/${ids.parent}`));
  });

  void it('keeps the parts a filtered search read: the next filter is answered from the index, a later listing reads only the missing parts', async () => {
    const root = copyStore();
    const cache = tempDir('cache-filter');
    scratch.push(cache);
    // No read-ahead (finished runs' tags would be indexed in the background): only what the searches read.
    const options = { cacheDir: cache, workerScript: false as const, backgroundReads: false };
    const filter = "metrics.accuracy > 0.9 and params.solver = 'lbfgs'";
    const reference = await listAll(root, { workerScript: false }, filter);
    assert.deepEqual(reference.map((r) => r.info.run_id).sort(), ['c6837e9babaf4e4f97aa06f8edac0c37', ids.c10, 'f6642ff47e094c789901a8428126bb0f']);
    assert.deepEqual(await listAll(root, options, filter), reference, 'cold, building the index');

    // The rejected run c001 was read for the filter only: its params and metrics are indexed, its tags are not.
    const body = JSON.parse(fs.readFileSync(indexFileFor(cache, root, ids.iris), 'utf8')) as { runs: unknown[][] };
    const row = body.runs.find((r) => r[0] === `${ids.iris}/${ids.c001}`);
    assert.ok(row, 'a run the filter rejected is indexed');
    assert.ok(Array.isArray(row[12]) && Array.isArray(row[13]), 'with its params and metrics');
    assert.equal(row[14], null, 'tags not read, not indexed');

    // Behind the store's back (meta.yaml untouched): c001's accuracy now passes, its user tag changed.
    const c001 = path.join(root, ids.iris, ids.c001);
    fs.appendFileSync(path.join(c001, 'metrics', 'accuracy'), '1795498627000 0.99 1\n');
    fs.writeFileSync(path.join(c001, 'tags', 'mlflow.user'), 'changed');
    assert.deepEqual(await listAll(root, options, filter), reference, 'warm: the filter reads the indexed metrics, not the file');
    const all = await listAll(root, options);
    const listed = all.find((r) => r.info.run_id === ids.c001);
    assert.equal(listed?.data.tags.find((t) => t.key === 'mlflow.user')?.value, 'changed', 'tags read from the files');
    assert.equal(listed?.data.metrics.find((m) => m.key === 'accuracy')?.value, 0.6888888888888889, 'metrics still from the index');

    // Touch meta.yaml (what MLflow does on any run update): the run is read again and now matches.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(c001, 'meta.yaml'), later, later);
    const after = await listAll(root, options, filter);
    assert.ok(after.some((r) => r.info.run_id === ids.c001));
    assert.deepEqual(after, await listAll(root, { workerScript: false }, filter), 'same as without an index');
  });

  void it('answers a warm listing without starting a worker (the index is checked in this thread)', async () => {
    const root = copyStore();
    const dir = tempDir('cache-noworker');
    scratch.push(dir);
    const cacheDir = path.join(dir, 'cache');
    // A worker that cannot start: using it leaves a warning (and the store reads in this thread).
    const broken = path.join(dir, 'indexWorker.js');
    fs.writeFileSync(broken, 'throw new Error("broken worker")');
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const reference = await listAll(root, { workerScript: false });

    // Batches of 8 runs or more go to the workers: the cold iris listing does, the few RUNNING runs a warm listing reads do not.
    assert.deepEqual(await listAll(root, { cacheDir, workerScript: broken, workerThreshold: 8, logger }), reference, 'cold, building the index');
    assert.ok(warnings.some((w) => w.includes('index workers failed')), 'the cold listing used the workers');
    warnings.length = 0;
    assert.deepEqual(await listAll(root, { cacheDir, workerScript: broken, workerThreshold: 8, logger }), reference, 'warm');
    assert.deepEqual(warnings, [], 'no worker started');
  });

  void it('ignores a corrupt or foreign index and rebuilds it', async () => {
    const root = copyStore();
    const cache = tempDir('cache-corrupt');
    scratch.push(cache);
    const file = indexFileFor(cache, root, ids.iris);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const reference = await listAll(root, { workerScript: false });
    const foreign = [
      JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION, root: '/elsewhere', experiment: ids.iris, keys: [], runs: [] }),
      JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION - 1, root, experiment: ids.iris, keys: [], runs: [] }),
      JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION, root, experiment: ids.odd, keys: [], runs: [] }),
    ];
    for (const garbage of ['{not json', ...foreign, JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION, root, experiment: ids.iris, keys: [], runs: [[`${ids.iris}/x`, 'bad']] })]) {
      fs.writeFileSync(file, garbage);
      assert.deepEqual(await listAll(root, { cacheDir: cache, workerScript: false }), reference);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')), 'rewritten as valid JSON');
    }
    // A row with a broken key index is dropped, not trusted.
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: unknown[][] };
    for (const row of body.runs) row[12] = [999999, 'x'];
    fs.writeFileSync(file, JSON.stringify(body));
    assert.deepEqual(await listAll(root, { cacheDir: cache, workerScript: false }), reference);
  });
});

void describe('FileStore.notifyChanged', () => {
  void it('keeps listings in memory and drops only the run that changed', async () => {
    const root = copyStore();
    const store = new FileStore(root, { workerScript: false });
    try {
      const running = '1c093d2312e14e94a6b0ac3037778b57';
      const finished = 'd3a6842fcaf847ac8912c4c1d1513736';
      const loss = async (runId: string) => (await store.getRun(runId)).data.metrics.find((m) => m.key === 'loss')?.step;
      await store.searchRuns({ experimentIds: [ids.zoo] });
      assert.equal(await loss(running), 9);
      fs.appendFileSync(path.join(root, ids.zoo, running, 'metrics', 'loss'), '1800000000000 0.01 10\n');
      fs.appendFileSync(path.join(root, ids.zoo, finished, 'metrics', 'loss'), '1800000000000 0.01 10\n');
      assert.equal(await loss(running), 9, 'cached until told');
      store.notifyChanged(path.join(root, ids.zoo, running, 'metrics', 'loss'));
      assert.equal(await loss(running), 10);
      assert.equal(await loss(finished), 9, 'the other run was not dropped');
    } finally {
      store.dispose();
    }
  });

  void it('sees a new run folder, a run deleted in place and an experiment moved to .trash', async () => {
    const root = copyStore();
    const store = new FileStore(root, { workerScript: false });
    try {
      assert.equal((await store.searchRuns({ experimentIds: [ids.defaultExp] })).items.length, 2);
      const source = path.join(root, '0', '4f8f8c9a6060467380b30d1d74496d18');
      const copy = path.join(root, '0', 'ffffffffffffffffffffffffffffffff');
      fs.cpSync(source, copy, { recursive: true });
      const meta = fs.readFileSync(path.join(copy, 'meta.yaml'), 'utf8').replaceAll('4f8f8c9a6060467380b30d1d74496d18', 'ffffffffffffffffffffffffffffffff');
      fs.writeFileSync(path.join(copy, 'meta.yaml'), meta);
      store.notifyChanged(copy);
      assert.equal((await store.searchRuns({ experimentIds: [ids.defaultExp] })).items.length, 3);

      fs.writeFileSync(path.join(copy, 'meta.yaml'), meta.replace('lifecycle_stage: active', 'lifecycle_stage: deleted'));
      store.notifyChanged(path.join(copy, 'meta.yaml'));
      assert.equal((await store.searchRuns({ experimentIds: [ids.defaultExp] })).items.length, 2);
      assert.equal((await store.getRun('ffffffffffffffffffffffffffffffff')).info.lifecycle_stage, 'deleted');

      assert.equal((await store.searchExperiments({})).items.length, 6);
      fs.renameSync(path.join(root, ids.long), path.join(root, '.trash', ids.long));
      store.notifyChanged(path.join(root, ids.long));
      store.notifyChanged(path.join(root, '.trash', ids.long));
      assert.equal((await store.searchExperiments({})).items.length, 5);
      assert.equal((await store.getExperiment(ids.long)).lifecycle_stage, 'deleted');
      assert.equal((await store.getRun(ids.resnet)).info.lifecycle_stage, 'deleted');
    } finally {
      store.dispose();
    }
  });

  void it('re-reads everything when told the root changed, and ignores paths outside the store', async () => {
    const root = copyStore();
    const store = new FileStore(root, { workerScript: false });
    try {
      assert.equal((await store.getExperiment(ids.empty)).name, 'empty experiment (no runs)');
      fs.writeFileSync(path.join(root, ids.empty, 'meta.yaml'), fs.readFileSync(path.join(root, ids.empty, 'meta.yaml'), 'utf8').replace('empty experiment (no runs)', 'renamed'));
      store.notifyChanged('/somewhere/else');
      assert.equal((await store.getExperiment(ids.empty)).name, 'empty experiment (no runs)');
      store.notifyChanged(root);
      assert.equal((await store.getExperiment(ids.empty)).name, 'renamed');
    } finally {
      store.dispose();
    }
  });
});
