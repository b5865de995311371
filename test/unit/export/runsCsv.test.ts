/**
 * Export Runs to CSV over the stores MLflow wrote (the generated file and SQLite fixtures hold the
 * same iris runs): the header in MLflow's column names, each metric's latest value with the min and
 * max of its whole history (checked against the metric file MLflow wrote), times, the active filter
 * applied by the store, and cells a spreadsheet would run as formulas defused.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { ATTRIBUTE_HEADERS, runsCsv } from '../../../src/core/export/runsCsv';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { fixturesDir, openFileBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const IRIS_FILE = '868010962877203020';
const IRIS_SQLITE = '1';
const HOSTILE_EXPERIMENT = '364507864911754211';
const HOSTILE_RUN = '235b9d8bdd5f436493fc6978fb02bffe';
const C01_RUN = 'c6837e9babaf4e4f97aa06f8edac0c37';
const C01_DIR = path.join(fixturesDir, 'generated-mlruns', IRIS_FILE, C01_RUN);

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  assert.equal(cell, '', 'the document ends with CRLF');
  return rows;
}

function table(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(csv);
  assert.ok(header);
  for (const r of rows) assert.equal(r.length, header.length, 'every row has every column');
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] as string]))) };
}

/** Latest (highest step, then latest timestamp), min and max of a metric file MLflow wrote. */
function fromMetricFile(file: string): { latest: number; min: number; max: number } {
  const points = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number) as [number, number, number]);
  const latest = [...points].sort((a, b) => b[2] - a[2] || b[0] - a[0])[0] as [number, number, number];
  const values = points.map((p) => p[1]);
  return { latest: latest[1], min: Math.min(...values), max: Math.max(...values) };
}

let file: Backend;
let sqlite: Backend;
let scratch: string;

before(async () => {
  file = await openFileBackend();
  sqlite = await openSqliteBackend();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-export-'));
});
after(async () => {
  await file.close();
  await sqlite.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

void it('the iris runs of the file and SQLite stores: header, params, latest/min/max metrics, tags and times', async () => {
  const expectedLoss = fromMetricFile(path.join(C01_DIR, 'metrics', 'train_loss'));
  const expectedAccuracy = fromMetricFile(path.join(C01_DIR, 'metrics', 'accuracy'));
  const meta = fs.readFileSync(path.join(C01_DIR, 'meta.yaml'), 'utf8');
  const startTime = Number(/^start_time: (\d+)/m.exec(meta)?.[1]);
  const endTime = Number(/^end_time: (\d+)/m.exec(meta)?.[1]);
  assert.ok(endTime > startTime);
  for (const [backend, experimentId] of [[file, IRIS_FILE], [sqlite, IRIS_SQLITE]] as const) {
    const exported = await runsCsv(backend.store, { experimentIds: [experimentId] });
    assert.equal(exported.runCount, 9, `${backend.kind}: the parent, 4 children, 4 grandchildren`);
    assert.deepEqual(exported.problems, []);
    const { header, rows } = table(exported.csv);
    assert.deepEqual(header.slice(0, ATTRIBUTE_HEADERS.length), [...ATTRIBUTE_HEADERS]);
    for (const column of ['params.C', 'params.solver', 'params.fold', 'metrics.train_loss', 'metrics.train_loss (min)', 'metrics.train_loss (max)', 'metrics.fold_accuracy (max)', 'tags.mlflow.parentRunId', 'tags.mlflow.user']) {
      assert.ok(header.includes(column), `${backend.kind}: column ${column}`);
    }
    assert.ok(header.indexOf('params.C') < header.indexOf('metrics.accuracy') && header.indexOf('metrics.accuracy') < header.indexOf('tags.mlflow.runName'), 'params, then metrics, then tags');
    const c01 = rows.find((r) => r['run_name'] === 'C=0.1');
    assert.ok(c01, `${backend.kind}: run C=0.1`);
    assert.equal(c01['params.C'], '0.1');
    assert.equal(c01['status'], 'FINISHED');
    if (backend.kind === 'file') {
      assert.equal(c01['start_time'], new Date(startTime).toISOString());
      assert.equal(c01['end_time'], new Date(endTime).toISOString());
    }
    // The iris runs carry the time each store was written at: the SQLite ones differ, their form does not.
    assert.match(c01['start_time'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(Number(c01['duration_s']), (Date.parse(c01['end_time'] ?? '') - Date.parse(c01['start_time'] ?? '')) / 1000);
    assert.equal(c01['user'], 'root');
    assert.equal(c01['parent_run_id'], rows.find((r) => r['run_name'] === 'hyperparam-search')?.['run_id']);
    assert.equal(Number(c01['metrics.train_loss']), expectedLoss.latest);
    assert.equal(Number(c01['metrics.train_loss (min)']), expectedLoss.min);
    assert.equal(Number(c01['metrics.train_loss (max)']), expectedLoss.max);
    assert.ok(expectedLoss.min < expectedLoss.latest || expectedLoss.min === expectedLoss.latest);
    assert.notEqual(expectedLoss.min, expectedLoss.max, 'a history whose min and max differ, so each column is checked');
    assert.equal(Number(c01['metrics.accuracy']), expectedAccuracy.latest);
    // A run without a key has an empty cell, not 0.
    const parent = rows.find((r) => r['run_name'] === 'hyperparam-search');
    assert.equal(parent?.['metrics.train_loss'], '');
    assert.equal(parent?.['metrics.train_loss (min)'], '');
    assert.equal(parent?.['params.C'], '');
  }
});

void it('the active filter and order are applied by the store', async () => {
  for (const [backend, experimentId] of [[file, IRIS_FILE], [sqlite, IRIS_SQLITE]] as const) {
    const one = table((await runsCsv(backend.store, { experimentIds: [experimentId], filter: "params.C = '0.1'" })).csv);
    assert.deepEqual(one.rows.map((r) => r['run_name']), ['C=0.1'], backend.kind);
    const ordered = await runsCsv(backend.store, { experimentIds: [experimentId], filter: 'metrics.accuracy > 0', orderBy: ['params.C ASC'] });
    assert.deepEqual(table(ordered.csv).rows.map((r) => r['params.C']), ['0.01', '0.1', '1.0', '10.0'], backend.kind);
    // Columns come from the exported runs only: no fold columns when no grandchild matched.
    assert.equal(table(ordered.csv).header.includes('params.fold'), false);
  }
});

void it('formula-like values are defused, negative numbers stay numbers, and hostile text survives', async () => {
  const root = path.join(scratch, 'mlruns');
  fs.cpSync(path.join(fixturesDir, 'generated-mlruns', HOSTILE_EXPERIMENT), path.join(root, HOSTILE_EXPERIMENT), { recursive: true });
  const runDir = path.join(root, HOSTILE_EXPERIMENT, HOSTILE_RUN);
  // Written as MLflow writes a tag and a param: one file each, the value as its content.
  fs.writeFileSync(path.join(runDir, 'tags', 'link'), '=HYPERLINK("http://evil.example","click")');
  fs.writeFileSync(path.join(runDir, 'params', 'at'), '@SUM(A1:A9)');
  fs.writeFileSync(path.join(runDir, 'params', 'minus'), '-2+3');
  const store = new FileStore(root, { workerScript: false });
  try {
    const exported = await runsCsv(store, { experimentIds: [HOSTILE_EXPERIMENT] });
    assert.match(exported.csv, /,"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)"/);
    const { rows } = table(exported.csv);
    const run = rows[0];
    assert.ok(run);
    assert.equal(run['tags.link'], `'=HYPERLINK("http://evil.example","click")`);
    assert.equal(run['params.at'], "'@SUM(A1:A9)");
    assert.equal(run['params.minus'], "'-2+3");
    assert.equal(run['metrics.special/negative'], '-42.125');
    assert.equal(run['metrics.special/nan'], '1.5', 'the latest point of special/nan is 1.5 at step 1');
    assert.equal(run['metrics.special/nan (min)'], '1.5', 'NaN is left out of min and max');
    assert.equal(run['metrics.special/inf'], 'Infinity');
    assert.equal(run['run_name'], `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`);
    assert.equal(run['params.empty'], '');
    assert.equal(run['params.long_value']?.length, 5000);
    assert.equal(run['tags.multiline'], fs.readFileSync(path.join(runDir, 'tags', 'multiline'), 'utf8'), 'line breaks and tabs inside one quoted cell');
  } finally {
    store.dispose();
  }
});
