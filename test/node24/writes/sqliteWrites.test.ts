// Runs only under Node 24 (the unit-node24 tier): SQLite writes need node:sqlite, and the CLI is
// spawned with this same Node. On a copy of the database MLflow 2.12.2 wrote.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { mlflowPythonJson, skipWithoutMlflow } from '../../shared/realMlflow';
import { nodeSqliteWriter } from '../../unit/sqlite/sqliteFixture';
import { mlflowView, ok, refused, repoRoot, runCli, snapshot, writeScenarios, type WriteTarget } from '../../unit/writes/writeScenarios';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db');
const RUN = '91efb8dc42244be3933cbde7423c1acc'; // quick-test-0, FINISHED, experiment 0
const skip = skipWithoutMlflow() || (nodeSqliteWriter ? false : `SKIPPED: node:sqlite is not in Node ${process.version} (this folder is for the unit-node24 tier)`);

function copyDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-sqlite-writes-'));
  fs.copyFileSync(FIXTURE, path.join(dir, 'mlflow.db'));
  return path.join(dir, 'mlflow.db');
}

void describe('run actions on a SQLite store, read back by MLflow', () => {
  let db = '';
  before(() => (db = copyDb()));
  after(() => fs.rmSync(path.dirname(db), { recursive: true, force: true }));
  writeScenarios(
    (): WriteTarget => ({ cliUri: `sqlite:///${db}`, mlflowUri: `sqlite:///${db}`, runId: RUN, experimentId: '1', takenExperimentName: 'long-training' }),
    skip,
  );
});

void describe('SQLite writes that fail', () => {
  void it('a lock held past the busy timeout refuses the write, nothing changed', { skip }, async () => {
    const db = copyDb();
    const holder = new nodeSqliteWriter!.DatabaseSync(db);
    try {
      holder.exec("BEGIN EXCLUSIVE; UPDATE runs SET name = name WHERE run_uuid = 'none'");
      refused(await runCli(['rename-run', '--tracking-uri', `sqlite:///${db}`, '--run-id', RUN, '--name', 'locked out']), /is locked by another process past the busy timeout .*nothing was changed/);
      holder.exec('ROLLBACK');
      assert.equal(mlflowView(`sqlite:///${db}`, RUN).name, 'quick-test-0');
    } finally {
      holder.close();
      fs.rmSync(path.dirname(db), { recursive: true, force: true });
    }
  });

  void it('a write killed inside its transaction leaves the old values, readable by MLflow Lens and MLflow (which keeps logging)', { skip }, async () => {
    const db = copyDb();
    try {
      const result = await runCli(['rename-run', '--tracking-uri', `sqlite:///${db}`, '--run-id', RUN, '--name', 'never committed'], {
        env: { MLFLOW_LENS_TEST_SQLITE_CRASH: 'before-commit' },
      });
      assert.equal(result.signal, 'SIGKILL', result.stderr);
      // MLflow Lens reads first (read-only), then MLflow, which rolls the hot journal back as it opens.
      const store = await SqliteStore.open(db);
      try {
        const run = await store.getRun(RUN);
        assert.equal(run.info.run_name, 'quick-test-0');
        assert.equal(run.data.tags.find((t) => t.key === 'mlflow.runName')?.value, 'quick-test-0');
      } finally {
        store.dispose();
      }
      const seen = mlflowView(`sqlite:///${db}`, RUN, { logAfter: true });
      assert.equal(seen.name, 'quick-test-0');
      assert.equal(seen.logged_after, 1.5);
    } finally {
      fs.rmSync(path.dirname(db), { recursive: true, force: true });
    }
  });

  void it('a refused write leaves the database file byte for byte as before', { skip }, async () => {
    const db = copyDb();
    try {
      const before = snapshot(path.dirname(db));
      refused(await runCli(['delete-tag', '--tracking-uri', `sqlite:///${db}`, '--run-id', RUN, '--key', 'absent']), /No tag with name: absent/);
      refused(await runCli(['rename-experiment', '--tracking-uri', `sqlite:///${db}`, '--experiment-id', '6', '--name', 'x']), /is deleted/);
      assert.deepEqual(snapshot(path.dirname(db)), before);
      const names = mlflowPythonJson<string[]>(`
import json
from mlflow.tracking import MlflowClient
from mlflow.entities import ViewType
print(json.dumps(sorted(e.name for e in MlflowClient(${JSON.stringify(`sqlite:///${db}`)}).search_experiments(view_type=ViewType.ALL))))
`);
      assert.ok(names.includes('to-be-deleted'));
      ok(await runCli(['set-tag', '--tracking-uri', `sqlite:///${db}`, '--run-id', RUN, '--key', 'k', '--value', 'v']));
    } finally {
      fs.rmSync(path.dirname(db), { recursive: true, force: true });
    }
  });
});
