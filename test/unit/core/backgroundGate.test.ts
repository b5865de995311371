/**
 * Background reads (the tree's counts, the read-ahead) hold off in the quiet moment after what the
 * user asked for, while the workbench draws it on the same cores: a running job's next slices and
 * worker batches wait, not just the next job. Foreground work releases them at once (it may be
 * waiting for one of their batches).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/log';
import { BackgroundQueue, type BackgroundGate } from '../../../src/core/store/file/backgroundQueue';
import { asyncReadFs, type ReadFs } from '../../../src/core/store/file/readFs';
import { InThreadLoader } from '../../../src/core/store/file/runLoader';
import { WorkerPoolLoader } from '../../../src/core/store/file/workerPool';
import { builtWorker } from './fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const missing = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ loc: { runDir: `/nonexistent/${tag}/${i}`, folder: `${tag}${i}`, experimentId: tag, inTrash: false } }));

/** A gate the test opens by hand. */
function manualGate(): BackgroundGate & { open(): void; waits: number } {
  let held = true;
  let release!: () => void;
  const cleared = new Promise<void>((resolve) => (release = resolve));
  return {
    waits: 0,
    holding: () => held,
    whenClear() {
      this.waits++;
      return held ? cleared : Promise.resolve();
    },
    open() {
      held = false;
      release();
    },
  };
}

/** Blocking reads that each take 0.5 ms (a local disk: well over the slow-disk limit of 2 ms) and find nothing, counted. */
function slowMissingFs(): ReadFs & { calls: number } {
  const spin = () => {
    const until = process.hrtime.bigint() + 500_000n;
    while (process.hrtime.bigint() < until);
  };
  const none = () => {
    counter.calls++;
    spin();
    return Promise.resolve(undefined);
  };
  const counter = { calls: 0, readText: none, readBytes: none, readTextWithStamp: none, stamp: none, readdir: none };
  return counter;
}

void describe('BackgroundQueue gate', () => {
  void it('holds for the quiet moment after foreground work, and foreground work releases it at once', async () => {
    const queue = new BackgroundQueue(150);
    assert.equal(queue.holding(), false, 'nothing asked yet');
    await queue.foregroundRun(() => Promise.resolve());
    assert.equal(queue.holding(), true, 'just after the foreground work');
    const started = Date.now();
    await queue.whenClear();
    assert.ok(Date.now() - started >= 100, `cleared after ${Date.now() - started} ms`);
    assert.equal(queue.holding(), false);

    await queue.foregroundRun(() => Promise.resolve());
    let cleared = false;
    const waiting = queue.whenClear().then(() => (cleared = true));
    await sleep(20);
    assert.equal(cleared, false, 'still quiet');
    let release!: () => void;
    const foreground = queue.foregroundRun(() => new Promise<void>((resolve) => (release = resolve)));
    await waiting;
    assert.equal(cleared, true, 'released by the new foreground work while it runs');
    assert.equal(queue.holding(), false);
    release();
    await foreground;
  });
});

void describe('background reads wait at the gate between their batches', () => {
  void it('in this thread: one slice, then nothing until the gate opens; foreground reads never wait', async () => {
    const blocking = slowMissingFs();
    const loader = new InThreadLoader(asyncReadFs, 4, blocking);
    const gate = manualGate();
    const reading = loader.readInfos(missing(60, 'bg'), undefined, { background: true, gate });
    await sleep(150);
    const whileHeld = blocking.calls;
    assert.ok(whileHeld > 0 && whileHeld < 30, `${whileHeld} reads while held (one 4 ms slice, about 8, expected)`);
    assert.ok(gate.waits >= 1);
    const foreground = await loader.readInfos(missing(10, 'fg'), undefined, { background: false, gate });
    assert.equal(foreground.length, 10, 'a foreground read goes on while the gate holds');
    gate.open();
    const results = await reading;
    assert.equal(results.length, 60);
    assert.ok(blocking.calls >= 70);
  });

  void it('in the workers: background batches are not sent (no worker started) until the gate opens', { skip: fs.existsSync(builtWorker) ? false : `SKIPPED: ${builtWorker} is missing (run npm run build)` }, async () => {
    const pool = new WorkerPoolLoader(builtWorker, 2, silentLogger, 50);
    const gate = manualGate();
    try {
      let done = false;
      const reading = pool.readInfos(missing(700, 'bg'), undefined, { background: true, gate }).then((r) => ((done = true), r));
      await sleep(300);
      assert.equal(done, false, 'nothing read while the gate holds');
      assert.equal(pool.liveWorkers, 0, 'no worker started for held batches');
      const foreground = await pool.readInfos(missing(700, 'fg'), undefined, { background: false, gate });
      assert.equal(foreground.length, 700, 'a foreground batch is read while the gate holds');
      assert.equal(done, false);
      gate.open();
      assert.equal((await reading).length, 700);
    } finally {
      pool.dispose();
    }
  });
});
