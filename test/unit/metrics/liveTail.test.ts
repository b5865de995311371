import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PollBackoff, pointsAfter, seriesEnd } from '../../../src/core/metrics/liveTail';
import { seriesFromMetrics } from '../../../src/core/metrics/metricSeries';

const history = (points: Array<[step: number, timestamp: number, value: number]>) =>
  seriesFromMetrics(points.map(([step, timestamp, value]) => ({ key: 'loss', step, timestamp, value })));

void describe('live tail', () => {
  void it('finds the points logged after what the chart holds', () => {
    const shown = history([[0, 10, 1], [1, 20, 0.9], [2, 30, 0.8]]);
    const reread = history([[2, 30, 0.8], [3, 40, 0.7], [4, 50, NaN]]);
    const fresh = pointsAfter(reread, seriesEnd(shown));
    assert.deepEqual(Array.from(fresh.steps), [3, 4]);
    assert.ok(Number.isNaN(fresh.values[1]));
  });

  void it('counts a re-logged step and extra duplicates of the last point as new', () => {
    const shown = history([[5, 100, 1], [5, 100, 2]]);
    assert.deepEqual(seriesEnd(shown), { step: 5, timestamp: 100, countAtEnd: 2 });
    const reread = history([[5, 100, 1], [5, 100, 2], [5, 100, 3], [5, 200, 4]]);
    assert.deepEqual(Array.from(pointsAfter(reread, seriesEnd(shown)).values), [3, 4]);
    assert.equal(pointsAfter(shown, seriesEnd(shown)).steps.length, 0, 'nothing new');
  });

  void it('takes everything when the chart held nothing', () => {
    const reread = history([[0, 1, 1]]);
    assert.equal(pointsAfter(reread, seriesEnd(history([]))).steps.length, 1);
  });

  void it('backs off while nothing changes and snaps back on a change', () => {
    const backoff = new PollBackoff(1000, 8000);
    assert.deepEqual([false, false, false, false, true, false].map((c) => backoff.next(c)), [2000, 4000, 8000, 8000, 1000, 2000]);
  });
});
