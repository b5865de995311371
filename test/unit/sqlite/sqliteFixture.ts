/**
 * Locates the SQLite store MLflow 2.12.2 wrote (committed under test/fixtures/generated-sqlite) and
 * builds variants of it (older or newer schemas, an empty run name) in a temporary folder, using
 * sql.js as a writable in-memory SQLite: the store under test only ever reads them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import initSqlJs from 'sql.js';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite');
export const fixtureDb = path.join(fixtureDir, 'mlflow.db');
export const fixtureUri = 'sqlite:///test/fixtures/generated-sqlite/mlflow.db';

/** Copies the fixture database into a fresh temp folder after running `sql` on it; returns the db path. */
export async function fixtureVariant(name: string, sql: string, withArtifacts = false): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(fixtureDb));
  db.exec(sql);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mlflow-lens-${name}-`));
  const file = path.join(dir, 'mlflow.db');
  fs.writeFileSync(file, db.export());
  db.close();
  if (withArtifacts) fs.cpSync(path.join(fixtureDir, 'mlartifacts'), path.join(dir, 'mlartifacts'), { recursive: true });
  return file;
}

export function removeVariant(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** The part of node:sqlite a test writer needs (a second connection, as a training process has). */
export interface WriterModule {
  DatabaseSync: new (path: string) => { exec(sql: string): void; close(): void };
}

/** node:sqlite where this Node has it (22.13+), else undefined. */
export const nodeSqliteWriter = process.getBuiltinModule?.('node:sqlite') as WriterModule | undefined;

/** A run a writer inserts while the store is open (experiment 0). */
export const NEW_RUN_SQL = `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
  source_version, lifecycle_stage, artifact_uri, experiment_id)
  VALUES ('0123456789abcdef0123456789abcdef', 'written-later', 'LOCAL', '', '', 'bob', 'RUNNING', 1800000000000, NULL, '', 'active', '', 0)`;
