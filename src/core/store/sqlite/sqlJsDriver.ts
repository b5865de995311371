/**
 * The `sql.js` (WASM) fallback: reads the whole database file into memory, so it refuses files
 * over a size limit, and reloads the file when another process changed it.
 */
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue as SqlJsValue } from 'sql.js';
import { StoreError } from '../storeErrors';
import type { SqlRow, SqlValue, SqliteConnection } from './sqliteDriver';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The WASM binary ships next to the bundle (`dist/sql-wasm.wasm`); unbundled, sql.js finds its own. */
function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlJs) {
    const bundled = path.join(__dirname, 'sql-wasm.wasm');
    sqlJs = initSqlJs(fs.existsSync(bundled) ? { locateFile: () => bundled } : undefined);
    sqlJs.catch(() => {
      sqlJs = undefined;
    });
  }
  return sqlJs;
}

function formatMb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

interface Snapshot {
  db: Database;
  mtimeMs: number;
  size: number;
}

export async function openSqlJs(file: string, maxBytes: number): Promise<SqliteConnection> {
  const SQL = await loadSqlJs();

  async function load(): Promise<Snapshot> {
    const stat = await fs.promises.stat(file);
    if (stat.size > maxBytes) {
      throw new StoreError(
        'unsupported',
        `${file} is ${formatMb(stat.size)}, more than the ${formatMb(maxBytes)} this VS Code can load into memory: ` +
          `its runtime (Node ${process.version}) has no built-in node:sqlite, so the database would have to be read whole. ` +
          'Use a VS Code whose extension host runs Node 22.13 or later, or open the store through `mlflow server`.',
        file,
      );
    }
    const bytes = await fs.promises.readFile(file);
    const db = new SQL.Database(bytes);
    db.exec('PRAGMA case_sensitive_like = ON');
    return { db, mtimeMs: stat.mtimeMs, size: stat.size };
  }

  let snapshot = await load();
  const statements = new Map<string, ReturnType<Database['prepare']>>();

  function statement(sql: string): ReturnType<Database['prepare']> {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = snapshot.db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  }

  function dropStatements(): void {
    for (const stmt of statements.values()) stmt.free();
    statements.clear();
  }

  return {
    engine: 'sql.js',
    all(sql: string, params: readonly SqlValue[] = []): SqlRow[] {
      const stmt = statement(sql);
      const bound = params.map((p) => (typeof p === 'bigint' ? Number(p) : p)) as SqlJsValue[];
      stmt.bind(bound);
      const rows: SqlRow[] = [];
      try {
        const columns = stmt.getColumnNames();
        while (stmt.step()) {
          const values = stmt.get();
          const row: SqlRow = {};
          for (let i = 0; i < columns.length; i++) row[columns[i] ?? ''] = (values[i] ?? null) as SqlValue;
          rows.push(row);
        }
      } finally {
        stmt.reset();
      }
      return rows;
    },
    async refresh(): Promise<void> {
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (!stat || (stat.mtimeMs === snapshot.mtimeMs && stat.size === snapshot.size)) return;
      const next = await load();
      dropStatements();
      snapshot.db.close();
      snapshot = next;
    },
    snapshotId(): string {
      return `${snapshot.mtimeMs}:${snapshot.size}`;
    },
    close(): void {
      dropStatements();
      snapshot.db.close();
    },
  };
}
