/**
 * Run actions on an MLflow SQLite database, as MLflow 2.12.2's SqlAlchemyStore writes them: each
 * action is one short `BEGIN IMMEDIATE … COMMIT` transaction on the file (SQLite's own locking,
 * which MLflow's SQLAlchemy connections respect; a lock held past the busy timeout refuses the
 * write), rolled back on any failure. Only `node:sqlite` writes: `sql.js` holds a copy of the
 * database in memory and could only write the whole file back without locks, so writes are refused
 * on a runtime without `node:sqlite`.
 */
import fs from 'node:fs';
import { StoreError } from '../storeErrors';
import { sqliteErrorMessage } from '../sqlite/sqliteDriver';
import { RUN_NAME_TAG, type StoreWriter } from './storeWriter';

/** Test hook: `before-commit` kills the process inside the transaction, as a crash there would. */
export const SQLITE_CRASH_HOOK_ENV = 'MLFLOW_LENS_TEST_SQLITE_CRASH';

type Value = string | number | bigint | null;
type Row = Record<string, Value>;

interface WritableDatabase {
  prepare(sql: string): { all(...params: Value[]): Row[]; run(...params: Value[]): { changes: number | bigint } };
  exec(sql: string): void;
  close(): void;
}

interface NodeSqlite {
  DatabaseSync: new (path: string, options?: { timeout?: number }) => WritableDatabase;
}

function nodeSqlite(): NodeSqlite | undefined {
  try {
    const mod = process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
    return mod && typeof mod.DatabaseSync === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

export interface SqliteWriterOptions {
  /** How long a write waits for another process's lock before it is refused (ms). */
  busyTimeoutMs?: number;
}

export class SqliteStoreWriter implements StoreWriter {
  readonly kind = 'sqlite' as const;
  private db: WritableDatabase | undefined;
  private columns = new Map<string, Set<string>>();

  constructor(
    readonly databasePath: string,
    private readonly onChanged: (changedPath: string) => void = () => undefined,
    private readonly options: SqliteWriterOptions = {},
  ) {}

  renameRun(runId: string, name: string): Promise<void> {
    return this.transaction((db) => {
      this.activeRun(db, runId);
      this.setRunName(db, runId, name);
    });
  }

  setRunTag(runId: string, key: string, value: string): Promise<void> {
    return this.transaction((db) => {
      this.activeRun(db, runId);
      if (key === RUN_NAME_TAG) this.setRunName(db, runId, value);
      else upsertTag(db, runId, key, value);
    });
  }

  deleteRunTag(runId: string, key: string): Promise<void> {
    return this.transaction((db) => {
      this.activeRun(db, runId);
      const gone = db.prepare('DELETE FROM tags WHERE run_uuid = ? AND key = ?').run(runId, key);
      if (Number(gone.changes) === 0) throw new StoreError('notFound', `No tag with name: ${key} in run with id ${runId}.`, this.databasePath);
    });
  }

  deleteRun(runId: string): Promise<void> {
    return this.transaction((db) => {
      this.run(db, runId);
      const deletedTime = this.hasColumn(db, 'runs', 'deleted_time') ? ', deleted_time = ?' : '';
      db.prepare(`UPDATE runs SET lifecycle_stage = 'deleted'${deletedTime} WHERE run_uuid = ?`).run(...(deletedTime ? [Date.now()] : []), runId);
    });
  }

  restoreRun(runId: string): Promise<void> {
    return this.transaction((db) => {
      this.run(db, runId);
      const deletedTime = this.hasColumn(db, 'runs', 'deleted_time') ? ', deleted_time = NULL' : '';
      db.prepare(`UPDATE runs SET lifecycle_stage = 'active'${deletedTime} WHERE run_uuid = ?`).run(runId);
    });
  }

  renameExperiment(experimentId: string, name: string): Promise<void> {
    return this.transaction((db) => {
      if (!/^\d+$/.test(experimentId)) throw new StoreError('notFound', `No Experiment with id=${experimentId} exists.`, this.databasePath);
      const row = db.prepare('SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?').all(Number(experimentId))[0];
      if (!row) throw new StoreError('notFound', `No Experiment with id=${experimentId} exists.`, this.databasePath);
      if (row['lifecycle_stage'] !== 'active') throw new StoreError('invalidArgument', `Experiment ${experimentId} is deleted: MLflow does not rename a deleted experiment.`, this.databasePath);
      const clash = db.prepare('SELECT experiment_id FROM experiments WHERE name = ? AND experiment_id != ?').all(name, Number(experimentId))[0];
      if (clash) throw new StoreError('invalidArgument', `Experiment '${name}' already exists (id ${String(clash['experiment_id'])}).`, this.databasePath);
      const updated = this.hasColumn(db, 'experiments', 'last_update_time') ? ', last_update_time = ?' : '';
      db.prepare(`UPDATE experiments SET name = ?${updated} WHERE experiment_id = ?`).run(name, ...(updated ? [Date.now()] : []), Number(experimentId));
    });
  }

  dispose(): void {
    this.db?.close();
    this.db = undefined;
  }

  // ---------------------------------------------------------------- helpers

  private setRunName(db: WritableDatabase, runId: string, name: string): void {
    // Old schemas keep the name only in the tag, as MLflow before 1.29 did.
    if (this.hasColumn(db, 'runs', 'name')) db.prepare('UPDATE runs SET name = ? WHERE run_uuid = ?').run(name, runId);
    upsertTag(db, runId, RUN_NAME_TAG, name);
  }

  private run(db: WritableDatabase, runId: string): Row {
    const row = db.prepare('SELECT lifecycle_stage FROM runs WHERE run_uuid = ?').all(runId)[0];
    if (!row) throw new StoreError('notFound', `Run with id=${runId} not found.`, this.databasePath);
    return row;
  }

  private activeRun(db: WritableDatabase, runId: string): void {
    if (this.run(db, runId)['lifecycle_stage'] !== 'active') {
      throw new StoreError('invalidArgument', `Run ${runId} is deleted: MLflow does not change a deleted run (restore it first).`, this.databasePath);
    }
  }

  private hasColumn(db: WritableDatabase, table: string, column: string): boolean {
    let known = this.columns.get(table);
    if (!known) {
      known = new Set(db.prepare(`PRAGMA table_info(${table})`).all().map((r) => String(r['name'])));
      this.columns.set(table, known);
    }
    return known.has(column);
  }

  private open(): WritableDatabase {
    if (this.db) return this.db;
    const mod = nodeSqlite();
    if (!mod) {
      throw new StoreError(
        'unsupported',
        `Cannot write to ${this.databasePath} from Node ${process.version}: it has no built-in node:sqlite, and the sql.js fallback keeps a copy of the database in memory that it could only write back whole, without the locks MLflow relies on. Use a VS Code whose extension host runs Node 22.13 or later, or write through \`mlflow server\`.`,
        this.databasePath,
      );
    }
    if (!fs.existsSync(this.databasePath)) throw new StoreError('notFound', `The SQLite database ${this.databasePath} does not exist.`, this.databasePath);
    try {
      const db = new mod.DatabaseSync(this.databasePath, { timeout: this.options.busyTimeoutMs ?? 5000 });
      const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r['name'])));
      const missing = ['experiments', 'runs', 'tags'].filter((t) => !tables.has(t));
      if (missing.length > 0) {
        db.close();
        throw new StoreError('corrupt', `${this.databasePath} is not an MLflow tracking database: it has no ${missing.join(' or ')} table.`, this.databasePath);
      }
      this.db = db;
      return db;
    } catch (e) {
      if (StoreError.is(e)) throw e;
      throw this.mapError(e);
    }
  }

  private async transaction(body: (db: WritableDatabase) => void): Promise<void> {
    const db = this.open();
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      throw this.mapError(e);
    }
    try {
      body(db);
      if (process.env[SQLITE_CRASH_HOOK_ENV] === 'before-commit') process.kill(process.pid, 'SIGKILL');
      db.exec('COMMIT');
    } catch (e) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite (a failed COMMIT under a lock).
      }
      throw StoreError.is(e) ? e : this.mapError(e);
    }
    this.onChanged(this.databasePath);
    return Promise.resolve();
  }

  private mapError(e: unknown): StoreError {
    const message = sqliteErrorMessage(e);
    if (/database is locked|SQLITE_BUSY/i.test(message)) {
      return new StoreError('unreachable', `${this.databasePath} is locked by another process past the busy timeout (${message}); nothing was changed, try again.`, this.databasePath, { cause: e });
    }
    if (/readonly|read-only|unable to open|SQLITE_CANTOPEN|SQLITE_READONLY/i.test(message)) {
      return new StoreError('unsupported', `${this.databasePath} cannot be written (${message}): the database or its folder is read-only for this user; nothing was changed.`, this.databasePath, { cause: e });
    }
    return new StoreError('corrupt', `Writing ${this.databasePath} failed: ${message}; nothing was changed.`, this.databasePath, { cause: e });
  }
}

/** `session.merge(SqlTag(...))`: one row per (run, key). */
function upsertTag(db: WritableDatabase, runId: string, key: string, value: string): void {
  const updated = db.prepare('UPDATE tags SET value = ? WHERE run_uuid = ? AND key = ?').run(value, runId, key);
  if (Number(updated.changes) === 0) db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)').run(key, value, runId);
}
