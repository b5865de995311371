/**
 * Live rows of the runs table: a RUNNING run of a file store MLflow wrote (a temp copy of the
 * fixture's status-zoo experiment) finishes and logs a new metric on disk; after the watcher's
 * notice, the session's refresh shows the new status, duration and metric column.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { RunsTableSession } from '../../../src/panels/runsTableState';
import { fixturesDir } from '../conformance/backends';

const ZOO = '113332356586864389';
const RUNNING_RUN = '1c093d2312e14e94a6b0ac3037778b57';

let root: string;
let store: FileStore;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-table-live-'));
  fs.cpSync(path.join(fixturesDir, 'generated-mlruns', ZOO), path.join(root, 'mlruns', ZOO), { recursive: true });
  store = new FileStore(path.join(root, 'mlruns'), { workerScript: false });
});

after(() => {
  store.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

function runRow(session: RunsTableSession, columnIds: string[]) {
  const state = session.state();
  const rows = session.rows({ version: state.version, start: 0, count: state.rowCount, columnIds });
  const row = rows.rows.find((r) => r.id === RUNNING_RUN);
  assert.ok(row, 'the running run is listed');
  return row;
}

void it('a RUNNING run that finishes on disk (and logs a new metric) updates the table on the next refresh', async () => {
  const session = new RunsTableSession([ZOO], { now: () => 1_793_253_424_813 + 60_000 });
  await session.load(store);
  assert.deepEqual(session.runningRunIds(), [RUNNING_RUN]);
  const before = runRow(session, ['attr:status', 'attr:duration']);
  assert.deepEqual(before.cells, ['RUNNING', 60_000], 'a running run lasts until now');
  assert.equal(session.state().columns.some((c) => c.id === 'metric:late_metric'), false);
  const versionBefore = session.state().version;

  // Nothing changed yet: the refresh re-reads the run and reports no new row content beyond the re-read.
  const runDir = path.join(root, 'mlruns', ZOO, RUNNING_RUN);
  const meta = fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8');
  fs.writeFileSync(path.join(runDir, 'meta.yaml'), meta.replace('end_time: null', 'end_time: 1793253429813').replace('status: 1', 'status: 3'));
  fs.writeFileSync(path.join(runDir, 'metrics', 'late_metric'), '1793253429000 0.25 7\n');
  store.notifyChanged(path.join(runDir, 'meta.yaml'));
  store.notifyChanged(path.join(runDir, 'metrics', 'late_metric'));

  assert.equal(await session.refreshRunning(store), true);
  const state = session.state();
  assert.ok(state.version > versionBefore, 'a new version makes the webview refetch its rows');
  assert.ok(state.columns.some((c) => c.id === 'metric:late_metric'), 'the new metric gets its column');
  const after = runRow(session, ['attr:status', 'attr:duration', 'metric:late_metric']);
  assert.deepEqual(after.cells, ['FINISHED', 5000, 0.25]);
  assert.deepEqual(session.runningRunIds(), [], 'nothing left to follow');
  assert.equal(await session.refreshRunning(store), false, 'no RUNNING run: no read, no change');
});
