/**
 * The file store's own background reads (counting every experiment's runs for the tree, then reading
 * their tags ahead) report their progress and can be cancelled (issue 12 item 4): progress only
 * grows and ends at its total; a cancel stops the reads, leaves the counts not read unknown, and
 * what the user asks afterwards is still read on demand, with the index keeping what was finished.
 * Run reads are counted by watching the store's file reads (in this thread: no workers).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, describe, it, mock } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import type { BackgroundProgress } from '../../../src/core/store/trackingStore';
import { writeSyntheticStore, type SyntheticStore } from '../../shared/syntheticFileStore';
import { tempDir } from './fixtures';

const EXPERIMENTS = 6;
const RUNS = 60;

const scratch: string[] = [];
after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});
afterEach(() => mock.restoreAll());

let shared: SyntheticStore | undefined;
/** One generated store for every test (nothing writes into it), and a fresh cache folder each. */
function storeAndCache(): { synthetic: SyntheticStore; cacheDir: string } {
  if (!shared) {
    const dir = tempDir('bg-progress-store');
    scratch.push(dir);
    shared = writeSyntheticStore(path.join(dir, 'mlruns'), EXPERIMENTS, RUNS);
  }
  const cacheDir = tempDir('bg-progress-cache');
  scratch.push(cacheDir);
  return { synthetic: shared, cacheDir };
}

/** Counts the runs' meta.yaml reads (by any fs call opening one, blocking or not), calling `onRead` at each. */
function countRunMetaReads(root: string, onRead: (count: number) => void = () => undefined): { count(): number } {
  let count = 0;
  const isRunMeta = (p: unknown) => typeof p === 'string' && p.startsWith(root) && p.endsWith('/meta.yaml') && path.relative(root, p).split(path.sep).length === 3;
  const watch = (target: object, name: string) => {
    const original = (target as Record<string, (...args: unknown[]) => unknown>)[name]!;
    mock.method(target as Record<string, (...args: unknown[]) => unknown>, name, (...args: unknown[]) => {
      if (isRunMeta(args[0])) onRead(++count);
      return original.apply(target, args);
    });
  };
  for (const name of ['readFile', 'open']) watch(fs.promises, name);
  for (const name of ['readFileSync', 'openSync']) watch(fs, name);
  return { count: () => count };
}

const fraction = (p: BackgroundProgress) => (p.toList + p.toReadAhead === 0 ? 0 : (p.listed + p.readAhead) / (p.toList + p.toReadAhead));

void describe('FileStore background reads: progress and Cancel', () => {
  void it('reports progress that only grows, never passes its total, and ends done at every run', async () => {
    const { synthetic, cacheDir } = storeAndCache();
    const store = new FileStore(synthetic.root, { cacheDir, workerScript: false });
    const events: BackgroundProgress[] = [];
    store.backgroundWork.onProgress((p) => events.push(p));
    try {
      const counts = await store.countRuns({ experimentIds: [...synthetic.runs.keys()], viewType: 'ACTIVE_ONLY' });
      assert.deepEqual([...counts.values()], Array(EXPERIMENTS).fill(RUNS));
      await store.settled();
      assert.ok(events.length >= EXPERIMENTS, `an event per experiment at least (${events.length})`);
      // The run folders are counted before the first run is read: the total is known from the start.
      assert.equal(events[0]!.toList, EXPERIMENTS * RUNS);
      assert.equal(events[0]!.listed, 0);
      for (const [i, p] of events.entries()) {
        assert.ok(p.listed <= p.toList && p.readAhead <= p.toReadAhead, `event ${i} within its totals: ${JSON.stringify(p)}`);
        if (i === 0) continue;
        const before = events[i - 1]!;
        assert.ok(p.listed >= before.listed && p.toList >= before.toList && p.readAhead >= before.readAhead, `event ${i} does not go back`);
        assert.ok(fraction(p) >= fraction(before), `event ${i}: the share done does not go back (${fraction(before)} → ${fraction(p)})`);
      }
      assert.deepEqual(events.at(-1), { listed: EXPERIMENTS * RUNS, toList: EXPERIMENTS * RUNS, readAhead: EXPERIMENTS * RUNS, toReadAhead: EXPERIMENTS * RUNS, state: 'done' });
      assert.ok(events.slice(0, -1).every((p) => p.state === 'running'), 'running until the last event');
    } finally {
      store.dispose();
    }
  });

  void it('Cancel after the first experiment: no further run is read, the rest stay uncounted, and asking lists every run', async () => {
    const { synthetic, cacheDir } = storeAndCache();
    const store = new FileStore(synthetic.root, { cacheDir, workerScript: false });
    const reads = countRunMetaReads(synthetic.root);
    const events: BackgroundProgress[] = [];
    let readsAtCancel: number | undefined;
    store.backgroundWork.onProgress((p) => {
      events.push(p);
      if (p.listed > 0 && readsAtCancel === undefined) {
        readsAtCancel = reads.count();
        store.backgroundWork.cancel();
      }
    });
    try {
      const ids = [...synthetic.runs.keys()];
      const counts = await store.countRuns({ experimentIds: ids, viewType: 'ACTIVE_ONLY' });
      await store.settled();
      assert.equal(readsAtCancel, RUNS, "cancelled once the first experiment's runs were read");
      assert.equal(reads.count(), readsAtCancel, 'no run read after the cancel');
      assert.deepEqual([...counts], [[ids[0], RUNS]], 'only the experiment listed is counted; the others are left out (unknown), never 0');
      assert.equal(events.at(-1)?.state, 'cancelled');
      assert.equal(events.filter((p) => p.state === 'cancelled').length, 1);

      // Asked for later, every experiment is listed on demand (and counted again without background reads).
      for (const id of ids) {
        const page = await store.searchRuns({ experimentIds: [id], viewType: 'ACTIVE_ONLY', maxResults: 1000 });
        assert.deepEqual(page.items.map((r) => r.info.run_id).sort(), [...synthetic.runs.get(id)!].sort(), `experiment ${id} lists all its runs`);
      }
      assert.equal(reads.count(), EXPERIMENTS * RUNS, 'each run read once in all');
      const recount = await store.countRuns({ experimentIds: ids, viewType: 'ACTIVE_ONLY' });
      assert.deepEqual([...recount.values()], Array(EXPERIMENTS).fill(RUNS));
    } finally {
      store.dispose();
    }
  });

  void it('Cancel in the middle of an experiment stops it at its next batch; the index keeps the experiment finished before', async () => {
    const { synthetic, cacheDir } = storeAndCache();
    const store = new FileStore(synthetic.root, { cacheDir, workerScript: false });
    const ids = [...synthetic.runs.keys()];
    const cancelAt = RUNS + 10;
    const reads = countRunMetaReads(synthetic.root, (count) => {
      if (count === cancelAt) store.backgroundWork.cancel();
    });
    try {
      const counts = await store.countRuns({ experimentIds: ids, viewType: 'ACTIVE_ONLY' });
      await store.settled();
      // A background listing keeps 4 reads in flight: those already started finish, no new one starts.
      assert.ok(reads.count() <= cancelAt + 4, `${reads.count()} run reads, cancelled at ${cancelAt}`);
      assert.deepEqual([...counts], [[ids[0], RUNS]], 'the experiment being read when cancelled stays uncounted');
      await store.flush();
    } finally {
      store.dispose();
    }
    mock.restoreAll();

    // A new session: the first experiment comes from the index (stamps checked, no meta.yaml read),
    // the interrupted one is read whole; both list every run.
    const again = new FileStore(synthetic.root, { cacheDir, workerScript: false, backgroundReads: false });
    const readsAgain = countRunMetaReads(synthetic.root);
    try {
      const first = await again.searchRuns({ experimentIds: [ids[0]!], viewType: 'ACTIVE_ONLY', maxResults: 1000, include: { params: false, metrics: false, tags: false } });
      assert.equal(first.items.length, RUNS);
      assert.equal(readsAgain.count(), 0, 'the finished experiment is answered by the index');
      const second = await again.searchRuns({ experimentIds: [ids[1]!], viewType: 'ACTIVE_ONLY', maxResults: 1000, include: { params: false, metrics: false, tags: false } });
      assert.equal(second.items.length, RUNS);
      assert.equal(readsAgain.count(), RUNS, 'the interrupted experiment is read whole');
    } finally {
      again.dispose();
    }
  });
});
