/**
 * Index workers are V8 isolates of their own (tens of MB each in the extension host, issue 12 item
 * 6): once the reads are done they stop after an idle time, and the next read starts them again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/log';
import { WorkerPoolLoader } from '../../../src/core/store/file/workerPool';
import { builtWorker } from './fixtures';

const missing = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ loc: { runDir: `/nonexistent/${tag}/${i}`, folder: `${tag}${i}`, experimentId: tag, inTrash: false } }));

/** Threads of this process (Linux), or undefined elsewhere: a stopped worker's thread must really end. */
function osThreads(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `${what} (waited 5 s)`);
}

void describe('WorkerPoolLoader idle workers', { skip: fs.existsSync(builtWorker) ? false : `SKIPPED: ${builtWorker} is missing (run npm run build)` }, () => {
  void it('stops its workers once idle and starts them again for the next read, with the same answers', async () => {
    const pool = new WorkerPoolLoader(builtWorker, 2, silentLogger, 20);
    // libuv's thread pool starts with the first fs call: counted before the baseline.
    await fs.promises.stat(builtWorker);
    const threadsBefore = osThreads();
    try {
      const first = await pool.readInfos(missing(700, 'a'));
      assert.equal(first.length, 700);
      assert.ok(pool.liveWorkers >= 1, 'the read used workers');
      if (threadsBefore !== undefined) assert.ok(osThreads()! > threadsBefore, 'worker threads running');
      await until('the idle workers stopped', () => pool.liveWorkers === 0);
      if (threadsBefore !== undefined) await until('the worker threads ended', () => osThreads()! <= threadsBefore);
      const again = await pool.readInfos(missing(700, 'a'));
      assert.deepEqual(again, first);
      assert.ok(pool.liveWorkers >= 1, 'started again');
    } finally {
      pool.dispose();
    }
    assert.equal(pool.liveWorkers, 0);
  });
});
