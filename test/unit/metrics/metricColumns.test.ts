/**
 * The columnar metric read (issue 4 item 7) against the object read it replaces on the chart path:
 * same points, same order, same problems, on files real MLflow wrote and on hostile lines.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seriesFromMetrics, type MetricSeries } from '../../../src/core/metrics/metricSeries';
import type { Metric } from '../../../src/core/model/entities';
import { parseMetricColumns, selectStepRange, type ParsedMetricColumns } from '../../../src/core/store/file/metricColumns';
import { parseMetricFile } from '../../../src/core/store/file/metricFile';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { readMetricSeries } from '../../../src/panels/metricHistory';
import { corruptStore, generatedStore, ids, repoRoot } from '../core/fixtures';
import { fixtureUri } from '../sqlite/sqliteFixture';

const sharedRoot = path.resolve(repoRoot, '../shared');
const realMlruns = path.join(sharedRoot, 'fixtures', 'real-mlruns');

function metricFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.split(path.sep).includes('metrics') && fs.statSync(path.join(dir, f)).isFile())
    .map((f) => path.join(dir, f));
}

/** Bit-exact column comparison: NaN equals NaN, -0 differs from 0. */
function assertSameColumn(actual: Float64Array, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} !== ${expected[i]}`);
  }
}

function assertSameAsObjects(columns: Pick<ParsedMetricColumns, 'steps' | 'timestamps' | 'values'>, points: readonly Metric[], what: string): void {
  assertSameColumn(columns.steps, points.map((p) => p.step), `${what} steps`);
  assertSameColumn(columns.timestamps, points.map((p) => p.timestamp), `${what} timestamps`);
  assertSameColumn(columns.values, points.map((p) => p.value), `${what} values`);
}

/** Parses `text` both ways and asserts the same points and problems; returns the columns. */
function sameAsObjectParse(text: string, what = JSON.stringify(text.slice(0, 60))): ParsedMetricColumns {
  const objects = parseMetricFile('k', text);
  const columns = parseMetricColumns('k', text);
  assertSameAsObjects(columns, objects.points, what);
  assert.deepEqual(columns.problems, objects.problems, `${what} problems`);
  return columns;
}

void describe('parseMetricColumns', () => {
  void it('reads every metric file MLflow wrote in the generated and corrupt stores as the object parser does', () => {
    const files = [...metricFiles(generatedStore), ...metricFiles(corruptStore)];
    assert.ok(files.length > 40, `found ${files.length} metric files`);
    let points = 0;
    for (const file of files) points += sameAsObjectParse(fs.readFileSync(file, 'utf8'), file).steps.length;
    assert.ok(points > 100_000, `${points} points compared`);
  });

  void it(
    'reads the real-world stores as the object parser does',
    { skip: fs.existsSync(realMlruns) ? false : `SKIPPED: ${realMlruns} not present` },
    () => {
      const files = metricFiles(realMlruns);
      assert.ok(files.length > 0);
      for (const file of files) sameAsObjectParse(fs.readFileSync(file, 'utf8'), file);
    },
  );

  void it('keeps NaN, ±inf, -0, duplicate and negative steps, 2/3/5-field lines, CRLF and extra spaces', () => {
    const columns = sameAsObjectParse(
      '1 nan 0\n2 inf 1\n3 -inf 2\n4 -0.0 2\n5 0.5 -3\r\n6  0.25   7 \n7 1.5\n8 2 9 train set abc123\n9 -Infinity 10\n10 +.5 11\n11 5. 12\n',
    );
    assert.ok(Number.isNaN(columns.values[0]));
    assert.deepEqual(Array.from(columns.values.subarray(1)), [Infinity, -Infinity, -0, 0.5, 0.25, 1.5, 2, -Infinity, 0.5, 5]);
    assert.deepEqual(Array.from(columns.steps), [0, 1, 2, 2, -3, 7, 0, 9, 10, 11, 12]);
    assert.ok(Object.is(columns.values[3], -0));
  });

  void it('reports bad lines, a truncated last line and an empty file with the same words and line numbers', () => {
    const columns = sameAsObjectParse('1 0.5 0\n\n   \nx 1 2\n3 0x10 4\n5 1e 6\n7\t1 8\n9 1 2.5\n10 .\n11 1 12\n12 0.7');
    // `2.5` as a step is read as 2 (a float timestamp or step is truncated, as the object parser does).
    assert.deepEqual(Array.from(columns.steps), [0, 2, 12]);
    assert.deepEqual(
      columns.problems.map((p) => p.line),
      [4, 5, 6, 7, 9, 11],
    );
    assert.match(columns.problems.at(-1)!.message, /truncated last line skipped: '12 0.7'/);
    assert.deepEqual(sameAsObjectParse('').problems, [{ line: 0, message: 'empty metric file (no data found)' }]);
    sameAsObjectParse('\n\n');
    sameAsObjectParse('1 2 3\n   ');
  });

  void it('reads long and extreme numbers exactly as Number() does', () => {
    const lines = [
      '1 0.30103782894736845 0',
      '1 2.0452000799840033 0',
      '1 9007199254740993 0',
      '1 9007199254740992 0',
      '1 1.7976931348623157e+308 0',
      '1 5e-324 0',
      '1 1e400 0',
      '1 -1e-400 0',
      '1 1E22 0',
      '1 1e23 0',
      '1 123456789012345.6e-7 0',
      '1 0.000000000000000000000000000001 0',
      '123456789012345 1 123456789012345',
      '1234567890123456 1 0',
      '1 1 -1234567890123456789',
      '1.7e12 1 0',
      '-0 1 +0',
    ];
    sameAsObjectParse(`${lines.join('\n')}\n`);
  });

  void it('reads random floats in every notation exactly as Number() does', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 40 - 20);
      const x = (random() - 0.5) * magnitude;
      const digits = 1 + Math.floor(random() * 20);
      const text = [String(x), x.toExponential(Math.min(digits, 20)), x.toFixed(Math.min(digits, 20)), x.toPrecision(digits)][i % 4]!;
      lines.push(`${1_700_000_000_000 + i} ${text} ${i}`);
    }
    const columns = sameAsObjectParse(`${lines.join('\n')}\n`, 'random floats');
    assert.equal(columns.values.length, 20_000);
  });

  void it('selects an inclusive step range in file order', () => {
    const all = parseMetricColumns('k', '1 1 5\n2 2 -1\n3 3 7\n4 4 5\n5 5 6\n');
    const part = selectStepRange(all, { startStep: 5, endStep: 6 });
    assert.deepEqual([Array.from(part.steps), Array.from(part.values)], [[5, 5, 6], [1, 4, 5]]);
    assert.equal(selectStepRange(all, {}), all);
    assert.deepEqual(Array.from(selectStepRange(all, { endStep: 0 }).timestamps), [2]);
  });
});

/** The same store without the capability: readMetricSeries falls back to getMetricHistory. */
function withoutColumns(store: TrackingStore): TrackingStore {
  return {
    kind: store.kind,
    uri: store.uri,
    searchExperiments: (r, s) => store.searchExperiments(r, s),
    getExperiment: (id, s) => store.getExperiment(id, s),
    searchRuns: (r, s) => store.searchRuns(r, s),
    getRun: (id, s) => store.getRun(id, s),
    getMetricHistory: (id, k, r, s) => store.getMetricHistory(id, k, r, s),
    getArtifactRoot: (id, s) => store.getArtifactRoot(id, s),
    listArtifacts: (id, p, s) => store.listArtifacts(id, p, s),
    readArtifact: (id, p, s) => store.readArtifact(id, p, s),
    dispose: () => undefined,
  };
}

function assertSameSeries(a: MetricSeries, b: MetricSeries, what: string): void {
  assertSameColumn(a.steps, Array.from(b.steps), `${what} steps`);
  assertSameColumn(a.timestamps, Array.from(b.timestamps), `${what} timestamps`);
  assertSameColumn(a.values, Array.from(b.values), `${what} values`);
}

void describe('FileStore.readMetricColumns and the chart read', () => {
  const store = new FileStore(generatedStore, { workerScript: false });
  after(() => store.dispose());
  const objectsOnly = withoutColumns(store);

  const cases: [string, string][] = [
    [ids.resnet, 'train/loss'],
    ...['special/nan', 'special/inf', 'special/neg_inf', 'special/dup_step', 'special/negative', 'special/huge', 'special/tiny', 'special/int_like'].map(
      (key): [string, string] => [ids.hostile, key],
    ),
  ];
  for (const [runId, key] of cases) {
    void it(`${key}: the same points, order and problems as getMetricHistory, whole and by step range`, async () => {
      const history = await store.getMetricHistory(runId, key);
      const columns = await store.readMetricColumns(runId, key);
      assert.ok(history.items.length > 0, `${key} has points`);
      assertSameAsObjects(columns, history.items, key);
      assert.deepEqual(columns.problems, history.problems);

      const steps = history.items.map((m) => m.step).sort((a, b) => a - b);
      const range = { startStep: steps[Math.floor(steps.length / 3)]!, endStep: steps[Math.floor((2 * steps.length) / 3)]! };
      assertSameAsObjects(await store.readMetricColumns(runId, key, range), (await store.getMetricHistory(runId, key, range)).items, `${key} range`);

      const viaColumns = await readMetricSeries(store, runId, key);
      const viaObjects = await readMetricSeries(objectsOnly, runId, key);
      assertSameSeries(viaColumns.series, viaObjects.series, key);
      assertSameSeries(viaColumns.series, seriesFromMetrics(history.items), key);
      assert.deepEqual(viaColumns.problems, viaObjects.problems);
    });
  }

  void it('sorts the hostile run’s duplicate and negative steps as the object path does', async () => {
    const { series } = await readMetricSeries(store, ids.hostile, 'special/dup_step');
    const steps = Array.from(series.steps);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    assert.ok(new Set(steps).size < steps.length, 'duplicate steps kept');
  });

  void it('answers an unknown metric with no points and rejects a key leaving the run', async () => {
    const none = await store.readMetricColumns(ids.hostile, 'no/such/metric');
    assert.deepEqual([none.steps.length, none.problems], [0, []]);
    await assert.rejects(store.readMetricColumns(ids.hostile, '../meta.yaml'), /Invalid metric key/);
  });
});

void describe('SqliteStore.readMetricColumns (MLflow 2.12.2 database)', () => {
  let store: SqliteStore;
  before(async () => {
    store = await SqliteStore.open(fixtureUri, { baseDir: repoRoot });
  });
  after(() => store.dispose());

  void it('gives the rows getMetricHistory gives for train/loss and the hostile run’s special metrics, whole and by range', async () => {
    const [resnet] = (await store.searchRuns({ experimentIds: ['3'] })).items;
    const [hostile] = (await store.searchRuns({ experimentIds: ['2'] })).items;
    assert.ok(resnet && hostile);
    const cases: [string, string][] = [
      [resnet.info.run_id, 'train/loss'],
      ...['special/nan', 'special/inf', 'special/neg_inf', 'special/dup_step', 'special/tiny'].map((key): [string, string] => [hostile.info.run_id, key]),
    ];
    let compared = 0;
    for (const [runId, key] of cases) {
      const history = await store.getMetricHistory(runId, key);
      assert.ok(history.items.length > 0, key);
      const columns = await store.readMetricColumns(runId, key);
      assertSameAsObjects(columns, history.items, key);
      assert.deepEqual(columns.problems, []);
      const range = { startStep: 0, endStep: 20 };
      assertSameAsObjects(await store.readMetricColumns(runId, key, range), (await store.getMetricHistory(runId, key, range)).items, `${key} range`);
      const viaColumns = await readMetricSeries(store, runId, key);
      assertSameSeries(viaColumns.series, (await readMetricSeries(withoutColumns(store), runId, key)).series, key);
      compared += columns.steps.length;
    }
    assert.ok(compared >= 50_000, `${compared} points compared`);
    await assert.rejects(store.readMetricColumns('0'.repeat(32), 'x'), /No run with id/);
  });
});
