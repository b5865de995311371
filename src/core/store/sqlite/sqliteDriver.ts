/**
 * A read-only SQLite connection without native modules: Node's built-in `node:sqlite` where the
 * runtime has it (Node 22.13+/24, e.g. the code-server and recent VS Code extension hosts), else
 * `sql.js` (SQLite compiled to WASM), which loads the whole file into memory and therefore
 * refuses files larger than a limit instead of freezing the editor.
 */
import fs from 'node:fs';
import { StoreError } from '../storeErrors';
import { openSqlJs } from './sqlJsDriver';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export type SqliteEngine = 'node:sqlite' | 'sql.js';

export interface SqliteConnection {
  readonly engine: SqliteEngine;
  /** Runs one read statement with bound parameters and returns every row. */
  all(sql: string, params?: readonly SqlValue[]): SqlRow[];
  /**
   * Makes the next reads see what other processes committed since the last call: a no-op for
   * `node:sqlite` (each statement sees the latest commit), a reload for `sql.js` when the file changed.
   */
  refresh(): Promise<void>;
  /** Changes whenever the data this connection reads may have changed (another process committed). */
  snapshotId(): string;
  close(): void;
}

export interface OpenOptions {
  /** Which engine to use; default: `node:sqlite` when available, else `sql.js`. */
  engine?: SqliteEngine;
  /** Largest file `sql.js` will load into memory (bytes). */
  maxInMemoryBytes?: number;
  /** How long a read waits for a writer's lock before failing (ms). */
  busyTimeoutMs?: number;
}

export const DEFAULT_MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024;

/** The subset of `node:sqlite` used here (its types are not in @types/node 20). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { readOnly?: boolean; timeout?: number },
  ) => {
    prepare(sql: string): { all(...params: SqlValue[]): SqlRow[] };
    exec(sql: string): void;
    close(): void;
  };
}

function loadNodeSqlite(): NodeSqliteModule | undefined {
  try {
    const mod = process.getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined;
    return mod && typeof mod.DatabaseSync === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** The engine `openSqlite` picks on this runtime. */
export function availableEngine(): SqliteEngine {
  return loadNodeSqlite() ? 'node:sqlite' : 'sql.js';
}

export function sqliteErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openNodeSqlite(mod: NodeSqliteModule, file: string, busyTimeoutMs: number): SqliteConnection {
  const db = new mod.DatabaseSync(file, { readOnly: true, timeout: busyTimeoutMs });
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.exec('PRAGMA case_sensitive_like = ON');
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  return {
    engine: 'node:sqlite',
    all(sql, params = []) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        if (statements.size > 200) statements.clear();
        statements.set(sql, stmt);
      }
      return stmt.all(...params);
    },
    refresh: () => Promise.resolve(),
    snapshotId() {
      // data_version changes when another connection commits; each call is its own statement.
      return `v${String(db.prepare('PRAGMA data_version').all()[0]?.['data_version'])}`;
    },
    close: () => db.close(),
  };
}

/**
 * Opens `file` read-only. Throws `StoreError` naming the file: `notFound` when it is missing,
 * `unsupported` when only `sql.js` is available and the file is over the size limit, `corrupt`
 * when it is not a SQLite database.
 */
export async function openSqlite(file: string, options: OpenOptions = {}): Promise<SqliteConnection> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new StoreError('notFound', `${file} is not a file.`, file);
  } catch (error) {
    if (StoreError.is(error)) throw error;
    throw new StoreError('notFound', `The SQLite database ${file} does not exist.`, file, { cause: error });
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const nodeSqlite = options.engine === 'sql.js' ? undefined : loadNodeSqlite();
  if (options.engine === 'node:sqlite' && !nodeSqlite) {
    throw new StoreError('unsupported', `node:sqlite is not available in Node ${process.version}.`, file);
  }
  try {
    const connection = nodeSqlite
      ? openNodeSqlite(nodeSqlite, file, busyTimeoutMs)
      : await openSqlJs(file, options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY_BYTES);
    // Fails here, naming the file, when it is not a database at all.
    connection.all('SELECT count(*) AS n FROM sqlite_master');
    return connection;
  } catch (error) {
    if (StoreError.is(error)) throw error;
    throw new StoreError('corrupt', `Cannot read ${file} as a SQLite database: ${sqliteErrorMessage(error)}`, file, {
      cause: error,
    });
  }
}
