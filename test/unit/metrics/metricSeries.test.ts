import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriesFromMetrics, sliceByStep, summarizeSeries } from '../../../src/core/metrics/metricSeries';
import { metricsToCsv } from '../../../src/core/metrics/metricsCsv';

const history = seriesFromMetrics([
  { key: 'special/dup_step', value: 0.5, timestamp: 30, step: -1 },
  { key: 'special/dup_step', value: 1.0, timestamp: 10, step: 5 },
  { key: 'special/dup_step', value: 2.0, timestamp: 20, step: 5 },
  { key: 'special/dup_step', value: NaN, timestamp: 5, step: 0 },
  { key: 'special/dup_step', value: Infinity, timestamp: 40, step: 8 },
]);

void describe('metricSeries', () => {
  void it('summarizes over finite values and counts the rest', () => {
    assert.deepEqual(summarizeSeries(history), {
      count: 5, last: Infinity, lastStep: 8, min: 0.5, max: 2, nonFiniteCount: 2,
    });
  });

  void it('summarizes an empty and a single-point series', () => {
    assert.deepEqual(summarizeSeries(seriesFromMetrics([])), { count: 0, nonFiniteCount: 0 });
    const one = summarizeSeries(seriesFromMetrics([{ key: 'k', value: 3, timestamp: 1, step: 0 }]));
    assert.deepEqual(one, { count: 1, last: 3, lastStep: 0, min: 3, max: 3, nonFiniteCount: 0 });
  });

  void it('slices an inclusive step range, keeping duplicate steps', () => {
    assert.deepEqual(Array.from(sliceByStep(history, 0, 5).values), [NaN, 1, 2]);
    assert.deepEqual(Array.from(sliceByStep(history, 6, 7).steps), []);
    assert.deepEqual(Array.from(sliceByStep(history, -100, 100).steps), [-1, 0, 5, 5, 8]);
  });
});

void describe('metricsToCsv', () => {
  void it('writes one row per point with MLflow spellings of non-finite values', () => {
    const csv = metricsToCsv([{ runId: 'abc', runName: 'r1', key: 'special/dup_step', series: history }]);
    assert.equal(
      csv,
      'run_id,run_name,metric,step,timestamp,value\r\n' +
        'abc,r1,special/dup_step,-1,30,0.5\r\n' +
        'abc,r1,special/dup_step,0,5,NaN\r\n' +
        'abc,r1,special/dup_step,5,10,1\r\n' +
        'abc,r1,special/dup_step,5,20,2\r\n' +
        'abc,r1,special/dup_step,8,40,Infinity\r\n',
    );
  });

  void it('quotes hostile run names and defuses spreadsheet formulas', () => {
    const one = seriesFromMetrics([{ key: 'k', value: 1, timestamp: 1, step: 0 }]);
    const csv = metricsToCsv([
      { runId: 'a', runName: 'run with spaces, "quotes"\nline', key: '=HYPERLINK("x")', series: one },
    ]);
    const row = csv.split('\r\n')[1];
    assert.equal(row, 'a,"run with spaces, ""quotes""\nline","\'=HYPERLINK(""x"")",0,1,1');
  });
});
