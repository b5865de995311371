import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Metric } from '../../../src/core/model/entities';
import { downsample, downsampleIndices } from '../../../src/core/metrics/downsample';
import { seriesFromMetrics, summarizeSeries, type MetricSeries } from '../../../src/core/metrics/metricSeries';

function series(points: Array<[step: number, value: number]>): MetricSeries {
  return seriesFromMetrics(points.map(([step, value], i) => ({ key: 'm', step, value, timestamp: 1000 + i })));
}

function columns(n: number, valueAt: (i: number) => number): MetricSeries {
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const timestamps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    steps[i] = i;
    values[i] = valueAt(i);
    timestamps[i] = 1_700_000_000_000 + i * 10;
  }
  return { steps, values, timestamps };
}

function isSortedByStep(s: MetricSeries): boolean {
  for (let i = 1; i < s.steps.length; i++) if ((s.steps[i] as number) < (s.steps[i - 1] as number)) return false;
  return true;
}

void describe('downsample', () => {
  void it('returns a short series untouched', () => {
    const s = series([[0, 1], [1, 2], [2, 3]]);
    assert.equal(downsample(s, 1000), s);
  });

  void it('keeps a 1,000,000-point series within budget with global min, max, first and last', () => {
    // A noisy decaying loss with one upward spike and one downward spike far from the ends.
    const s = columns(1_000_000, (i) => 1 / (1 + i / 1000) + ((i * 7919) % 13) / 1000);
    s.values[123_457] = 50;
    s.values[876_543] = -3;
    const d = downsample(s, 1000);
    assert.ok(d.steps.length <= 1000, `got ${d.steps.length} points`);
    assert.ok(d.steps.length >= 900, `budget badly used: ${d.steps.length} points`);
    assert.ok(isSortedByStep(d));
    const full = summarizeSeries(s);
    const kept = summarizeSeries(d);
    assert.equal(kept.max, full.max);
    assert.equal(kept.min, full.min);
    assert.equal(kept.max, 50);
    assert.equal(kept.min, -3);
    assert.ok(Array.from(d.steps).includes(123_457));
    assert.ok(Array.from(d.steps).includes(876_543));
    assert.equal(d.steps[0], 0);
    assert.equal(d.steps[d.steps.length - 1], 999_999);
  });

  void it('keeps the min and max of every bucket so a periodic spike train survives', () => {
    const s = columns(100_000, (i) => (i % 1000 === 500 ? 10 : 0));
    const d = downsample(s, 400);
    const spikes = Array.from(d.values).filter((v) => v === 10).length;
    assert.equal(spikes, 100, 'each of the 100 spikes is kept');
  });

  void it('keeps NaN and ±Infinity as gap points, within budget', () => {
    const s = columns(50_000, (i) => Math.sin(i / 100));
    s.values[10] = NaN;
    s.values[25_000] = Infinity;
    s.values[49_000] = -Infinity;
    const d = downsample(s, 500);
    assert.ok(d.steps.length <= 500);
    const values = Array.from(d.values);
    assert.ok(values.some(Number.isNaN));
    assert.ok(values.includes(Infinity));
    assert.ok(values.includes(-Infinity));
    const kept = summarizeSeries(d);
    assert.equal(kept.nonFiniteCount, 3);
    assert.equal(kept.max, summarizeSeries(s).max);
    assert.equal(kept.min, summarizeSeries(s).min);
  });

  void it('handles a series of only NaN', () => {
    const s = columns(5000, () => NaN);
    const d = downsample(s, 100);
    assert.ok(d.steps.length > 0 && d.steps.length <= 100);
    assert.ok(Array.from(d.values).every(Number.isNaN));
  });

  void it('falls back to equal-count buckets when every point has the same step', () => {
    const metrics: Metric[] = Array.from({ length: 10_000 }, (_, i) => ({
      key: 'm', step: 7, value: i === 4321 ? 99 : i % 5, timestamp: i,
    }));
    const d = downsample(seriesFromMetrics(metrics), 200);
    assert.ok(d.steps.length <= 200 && d.steps.length > 100);
    assert.ok(Array.from(d.values).includes(99));
    assert.ok(Array.from(d.steps).every((step) => step === 7));
  });

  void it('handles negative and duplicate steps logged out of order', () => {
    const s = series([[5, 1], [-1, 0.5], [5, 2], [0, 3], [-10, 4]]);
    assert.deepEqual(Array.from(s.steps), [-10, -1, 0, 5, 5]);
    // Duplicate step 5 keeps logging order (timestamps 1000 then 1002).
    assert.deepEqual(Array.from(s.values), [4, 0.5, 3, 1, 2]);
    const long = columns(20_000, (i) => i % 97);
    for (let i = 0; i < long.steps.length; i++) long.steps[i] = -10_000 + Math.floor(i / 2);
    const d = downsample(long, 100);
    assert.ok(d.steps.length <= 100);
    assert.equal(d.steps[0], -10_000);
    assert.equal(summarizeSeries(d).max, 96);
    assert.equal(summarizeSeries(d).min, 0);
  });

  void it('clamps a tiny budget to the minimum and never returns duplicates', () => {
    const s = columns(1000, (i) => i);
    const idx = downsampleIndices(s, 1);
    assert.ok(idx.length <= 10);
    assert.equal(new Set(idx).size, idx.length);
    assert.equal(idx[0], 0);
    assert.equal(idx[idx.length - 1], 999);
  });
});
