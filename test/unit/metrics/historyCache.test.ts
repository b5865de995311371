// The shared history cache: one read per (run, key, version) however many panels ask, bounded in
// points with the least recently used out first, and a read nobody waits for any more is cancelled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HistoryCache, historyVersion } from '../../../src/core/metrics/historyCache';
import type { SeriesRead } from '../../../src/core/metrics/readSeries';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { Run } from '../../../src/core/model/entities';

function series(points: number): SeriesRead {
  const steps = Float64Array.from({ length: points }, (_, i) => i);
  return { series: { steps, values: new Float64Array(points), timestamps: new Float64Array(points) }, problems: [] };
}

/** A load that resolves when told to, counting how often it ran and whether it was aborted. */
function controlledLoad(points: number) {
  const calls: AbortSignal[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const load = async (signal: AbortSignal) => {
    calls.push(signal);
    await gate;
    return series(points);
  };
  return { load, calls, release: () => release() };
}

void describe('HistoryCache', () => {
  void it('shares one read between callers and serves the finished history without reading again', async () => {
    const cache = new HistoryCache(1000);
    const { load, calls, release } = controlledLoad(100);
    const a = cache.get('r', 'k', 'v1', load);
    const b = cache.get('r', 'k', 'v1', load);
    assert.equal(cache.loading('r', 'k', 'v1'), true);
    release();
    assert.equal(await a, await b);
    assert.equal(calls.length, 1);
    assert.equal((await cache.get('r', 'k', 'v1', load)).series.steps.length, 100);
    assert.equal(calls.length, 1);
    assert.equal(cache.heldPoints, 100);
  });

  void it('reads again when the version changed (the run logged since)', async () => {
    const cache = new HistoryCache(1000);
    let reads = 0;
    const load = async () => (reads++, series(10 * reads));
    await cache.get('r', 'k', 'v1', load);
    assert.equal(cache.peek('r', 'k', 'v2'), undefined);
    assert.equal((await cache.get('r', 'k', 'v2', load)).series.steps.length, 20);
    assert.equal(cache.heldPoints, 20, 'the old version is gone');
  });

  void it('evicts the least recently used histories past its point bound and keeps none larger than it', async () => {
    const cache = new HistoryCache(250);
    await cache.get('a', 'k', 'v', async () => series(100));
    await cache.get('b', 'k', 'v', async () => series(100));
    cache.peek('a', 'k', 'v'); // a is now the most recently used
    await cache.get('c', 'k', 'v', async () => series(100));
    assert.ok(cache.peek('a', 'k', 'v'));
    assert.equal(cache.peek('b', 'k', 'v'), undefined);
    assert.ok(cache.peek('c', 'k', 'v'));
    assert.equal(cache.heldPoints, 200);
    const huge = await cache.get('d', 'k', 'v', async () => series(1000));
    assert.equal(huge.series.steps.length, 1000, 'the caller still gets it');
    assert.equal(cache.peek('d', 'k', 'v'), undefined);
    assert.equal(cache.heldPoints, 200);
  });

  void it('cancels the read when every caller gave up, but not while one still waits', async () => {
    const cache = new HistoryCache(1000);
    const { load, calls, release } = controlledLoad(10);
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get('r', 'k', 'v', load, first.signal);
    const b = cache.get('r', 'k', 'v', load, second.signal);
    first.abort();
    await assert.rejects(a, (error: unknown) => StoreError.is(error, 'cancelled'));
    assert.equal(calls[0]?.aborted, false, 'the second caller still waits');
    second.abort();
    await assert.rejects(b, (error: unknown) => StoreError.is(error, 'cancelled'));
    assert.equal(calls[0]?.aborted, true);
    assert.equal(cache.loading('r', 'k', 'v'), false);
    release();
    assert.equal(cache.heldPoints, 0);
  });

  void it('forgets a failed read so the next caller tries again', async () => {
    const cache = new HistoryCache(1000);
    await assert.rejects(cache.get('r', 'k', 'v', async () => Promise.reject(new Error('server died'))), /server died/);
    assert.equal((await cache.get('r', 'k', 'v', async () => series(5))).series.steps.length, 5);
  });

  void it("versions a history by the run's latest point of that metric", () => {
    const run = { data: { metrics: [{ key: 'loss', value: 0.5, timestamp: 7, step: 99 }], params: [], tags: [] } } as unknown as Run;
    assert.equal(historyVersion(run, 'loss'), '99/7/0.5');
    assert.equal(historyVersion(run, 'other'), 'none');
  });
});
