/** Metric file lines: 2/3/5 fields, Python floats, the latest-value rule, and the fast scanner. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { latestOfFile, latestPoint, parseMetricFile, parseMetricLine, parsePythonFloat } from '../../../src/core/store/file/metricFile';
import { corruptStore, generatedStore, realMlruns } from './fixtures';

function metricFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.split(path.sep).includes('metrics') && fs.statSync(path.join(dir, f)).isFile())
    .map((f) => path.join(dir, f));
}

void describe('metric lines', () => {
  void it('reads Python float text', () => {
    assert.ok(Number.isNaN(parsePythonFloat('nan')!));
    assert.equal(parsePythonFloat('inf'), Infinity);
    assert.equal(parsePythonFloat('-inf'), -Infinity);
    assert.equal(parsePythonFloat('1e-05'), 1e-5);
    assert.equal(parsePythonFloat('1.7976931348623157e+308'), 1.7976931348623157e308);
    assert.equal(parsePythonFloat('5e-324'), 5e-324);
    for (const bad of ['', 'abc', '0x10', '1,5', 'Infinit']) assert.equal(parsePythonFloat(bad), undefined, bad);
  });

  void it('reads 2, 3 and 5 fields, and dataset names with spaces', () => {
    assert.deepEqual(parseMetricLine('k', '1700000000000 0.5'), { key: 'k', value: 0.5, timestamp: 1700000000000, step: 0 });
    assert.deepEqual(parseMetricLine('k', '1700000000000 0.5 -3'), { key: 'k', value: 0.5, timestamp: 1700000000000, step: -3 });
    assert.deepEqual(parseMetricLine('k', '1 2 3 train set abc123'), { key: 'k', value: 2, timestamp: 1, step: 3, dataset_name: 'train set', dataset_digest: 'abc123' });
    assert.deepEqual(parseMetricLine('k', '1 2 3 run-id ds dg', true), { key: 'k', value: 2, timestamp: 1, step: 3, dataset_name: 'ds', dataset_digest: 'dg' });
    assert.match(parseMetricLine('k', '12') as string, /at least 2 fields/);
    assert.match(parseMetricLine('k', 'x 1 2') as string, /timestamp/);
  });

  void it('keeps the max (step, timestamp, value), not the last line; NaN never wins a tie', () => {
    const { points } = parseMetricFile('k', '10 1.0 5\n20 2.0 5\n30 0.5 -1\n');
    assert.deepEqual([latestPoint(points)?.value, latestPoint(points)?.step], [2, 5]);
    const tie = parseMetricFile('k', '10 3.0 1\n10 nan 1\n10 2.0 1\n').points;
    assert.equal(latestPoint(tie)?.value, 3);
    const nanFirst = parseMetricFile('k', '10 nan 1\n10 2.0 1\n').points;
    assert.ok(Number.isNaN(latestPoint(nanFirst)!.value));
  });

  void it('skips and reports a truncated last line and bad lines', () => {
    const r = parseMetricFile('k', '1 0.5 0\nnope\n3 0.7');
    assert.deepEqual(r.points.map((p) => p.value), [0.5]);
    assert.deepEqual(r.problems.map((p) => p.line), [2, 3]);
    assert.match(r.problems[1]!.message, /truncated/);
    assert.match(parseMetricFile('k', '').problems[0]!.message, /empty/);
  });

  void it('the fast scanner agrees with the full parse on every fixture metric file and on edge cases', () => {
    const committed = [...metricFiles(generatedStore), ...metricFiles(corruptStore)];
    const real = metricFiles(realMlruns);
    assert.ok(committed.length > 40, `${committed.length} committed metric files`);
    if (fs.existsSync(realMlruns)) assert.ok(real.length > 2000, `${real.length} metric files in ${realMlruns}`);
    else console.log(`SKIPPED the real-world part: ${realMlruns} is not next to this checkout (committed fixtures only)`);
    const files = [...committed, ...real];
    const texts = [
      ...files.map((f) => fs.readFileSync(f, 'utf8')),
      '10 1.0 5\n20 2.0 5\n30 0.5 -1\n',
      '10 3.0 1\n10 nan 1\n10 2.0 1\n',
      '10 nan 1\n10 2.0 1\n',
      '1 0.5 0\n2 0.6 1\n3 0.7',
      '1 0.5\n2 0.4\n',
      '1 0.5 0 my data set dg\n',
      '1 0.5 0\r\n2 0.25 0\r\n',
      '1 bad 0\n',
    ];
    for (const text of texts) {
      const full = parseMetricFile('k', text);
      const want = latestPoint(full.points);
      const fast = latestOfFile('k', text);
      assert.deepEqual(fast.latest, want, text.slice(0, 80));
      // The scanner only skips reporting bad values on lines that are not the latest.
      for (const p of fast.problems) assert.ok(full.problems.some((q) => q.message === p.message), p.message);
    }
  });
});
