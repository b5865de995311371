/** Readable numbers (shared by tree, panels and table), CSV defusing, and local sorts MLflow cannot order by. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { defuseFormula, toCsv } from '../../../src/core/table/csv';
import { compareCells, RunsTableModel } from '../../../src/core/table/runsTableModel';
import { exactNumber, readableNumber, readableNumericText } from '../../../src/shared/numberFormat';

void describe('readable numbers', () => {
  void it('shows six significant digits, exact values kept for hover and copy', () => {
    assert.equal(readableNumber(0.0010000000000000002), '0.001');
    assert.equal(exactNumber(0.0010000000000000002), '0.0010000000000000002');
    assert.equal(readableNumber(0.9777777777777777), '0.977778');
    assert.equal(readableNumber(123456789.123), '123457000');
    assert.equal(readableNumber(42), '42');
    assert.equal(readableNumber(1.5e-7), '1.5e-7');
    assert.equal(readableNumber(1.7976931348623157e308), '1.79769e+308');
    assert.equal(readableNumber(NaN), 'NaN');
    assert.equal(readableNumber(-Infinity), '-Infinity');
    assert.equal(readableNumber(-0.000123456789), '-0.000123457');
  });

  void it('shortens numeric param text only when it is a plain decimal', () => {
    assert.equal(readableNumericText('0.0010000000000000002'), '0.001');
    assert.equal(readableNumericText('0.1'), '0.1');
    assert.equal(readableNumericText('007'), '007');
    assert.equal(readableNumericText('1.0.2'), '1.0.2');
    assert.equal(readableNumericText('nan'), 'nan');
    assert.equal(readableNumericText('12345678901234567890'), '12345678901234567890');
  });
});

void describe('CSV export', () => {
  void it('defuses cells a spreadsheet would run, and quotes what needs it', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(defuseFormula(`${start}cmd`), `'${start}cmd`);
    assert.equal(defuseFormula('plain'), 'plain');
    const csv = toCsv(['name', 'value'], [['=HYPERLINK("x")', -1.5], ['a,b', NaN], ['line\nbreak', undefined]]);
    assert.equal(csv, 'name,value\r\n"\'=HYPERLINK(""x"")",-1.5\r\n"a,b",NaN\r\n"line\nbreak",\r\n');
  });
});

function run(id: string, start: number | undefined, end: number | undefined, status: Run['info']['status'] = 'FINISHED'): Run {
  return {
    info: { run_id: id, run_uuid: id, run_name: id, experiment_id: '1', user_id: 'u', status, ...(start !== undefined ? { start_time: start } : {}), ...(end !== undefined ? { end_time: end } : {}), artifact_uri: '', lifecycle_stage: 'active' },
    data: { metrics: [], params: [], tags: [] },
  };
}

void describe('local sorts', () => {
  void it('sorts by duration with missing values last in both directions, ties in store order', () => {
    const model = new RunsTableModel([run('a', 0, 50), run('b', undefined, undefined), run('c', 0, 10), run('d', 0, 50), run('e', 100, undefined, 'RUNNING')], () => 130);
    const order = (ascending: boolean) =>
      model.rows({ expanded: new Set(), localSort: { columnId: 'attr:duration', ascending, mode: 'latest' } }).map((r) => r.id);
    assert.deepEqual(order(true), ['c', 'e', 'a', 'd', 'b']);
    assert.deepEqual(order(false), ['a', 'd', 'e', 'c', 'b']);
    assert.ok(compareCells(NaN, undefined, true) < 0 && compareCells(1, NaN, false) < 0);
  });

  void it('lists runs in a parent cycle once', () => {
    const a = run('a', 1, 2);
    const b = run('b', 1, 2);
    a.data.tags.push({ key: 'mlflow.parentRunId', value: 'b' });
    b.data.tags.push({ key: 'mlflow.parentRunId', value: 'a' });
    const rows = new RunsTableModel([a, b]).rows({ expanded: new Set(['a', 'b']) });
    assert.deepEqual(rows.map((r) => r.id).sort(), ['a', 'b']);
  });
});
