import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatBytes,
  formatDuration,
  formatMetricValue,
  formatRelativeTime,
  formatTimestamp,
} from '../../../src/views/explorer/format';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

void describe('explorer text formatting', () => {
  void it('relative time picks the largest whole unit, singular and plural', () => {
    assert.equal(formatRelativeTime(now - 20_000, now), 'just now');
    assert.equal(formatRelativeTime(now - MIN, now), '1 minute ago');
    assert.equal(formatRelativeTime(now - 59 * MIN, now), '59 minutes ago');
    assert.equal(formatRelativeTime(now - 2 * HOUR - 5 * MIN, now), '2 hours ago');
    assert.equal(formatRelativeTime(now - DAY, now), '1 day ago');
    assert.equal(formatRelativeTime(now - 25 * DAY, now), '3 weeks ago');
    assert.equal(formatRelativeTime(now - 40 * DAY, now), '1 month ago');
    assert.equal(formatRelativeTime(now - 800 * DAY, now), '2 years ago');
    assert.equal(formatRelativeTime(now + 3 * HOUR, now), 'in 3 hours');
  });

  void it('durations use at most two units', () => {
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(42_400), '42s');
    assert.equal(formatDuration(60_000), '1m 0s');
    assert.equal(formatDuration(65_000), '1m 5s');
    assert.equal(formatDuration(2 * HOUR + 3 * MIN + 9_000), '2h 3m');
    assert.equal(formatDuration(3 * DAY + 4 * HOUR), '3d 4h');
    assert.equal(formatDuration(-5), '?');
    assert.equal(formatDuration(Number.NaN), '?');
  });

  void it('metric values print non-finite values as MLflow JSON does', () => {
    assert.equal(formatMetricValue(Number.NaN), 'NaN');
    assert.equal(formatMetricValue(Infinity), 'Infinity');
    assert.equal(formatMetricValue(-Infinity), '-Infinity');
    assert.equal(formatMetricValue(0.9666666666666667), '0.9666666666666667');
    assert.equal(formatMetricValue(-0.5), '-0.5');
  });

  void it('timestamps are UTC and stable across time zones', () => {
    assert.equal(formatTimestamp(1792906624813), '2026-10-25 05:37:04 UTC');
  });

  void it('byte sizes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(262144), '256 KB');
    assert.equal(formatBytes(4_300_000), '4.1 MB');
  });
});
