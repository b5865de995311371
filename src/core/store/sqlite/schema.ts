/**
 * What an MLflow SQLite database holds: its alembic revision and, since old databases lack many
 * tables and columns (tracking-stores.md §13.1), which of them exist. Queries are built from this
 * instead of assuming the newest schema.
 */
import type { SqliteConnection } from './sqliteDriver';

/** Alembic revisions of MLflow's tracking schema, oldest first, as far as this reader knows them. */
export const KNOWN_REVISIONS: readonly string[] = [
  '451aebb31d03', '90e64c465722', '181f10493468', 'df50e92ffc5e', '7ac759974ad8', '89d4b8295536',
  '2b4d017a5e9b', 'cfd24bdc0731', '0a8213491aaa', '728d730b5ebd', '27a6a02d2cf1', '84291f40a231',
  'a8c4a736bde6', '39d1c3be5f05', 'c48cb773bb87', 'bd07f7e963c5', '0c779009ac13', 'cc1f77228345',
  '97727af70f4d', '3500859a5d39', '7f2a7d5fae7d', '2d6e25af4d3e', 'acf3f17fdcc7', '867495a8f9d4',
  '5b0e9adcef9c', '4465047574b1', 'f5a4f2784254', '0584bdc529eb', '400f98739977', '6953534de441',
  'bda7b8c39065', 'cbc13b556ace', '770bee3ae1dd', 'a1b2c3d4e5f6', 'de4033877273', '1a0cddfcaa16',
  '534353b11cbc', '71994744cf8e', 'bf29a5ff90ea', '1b5f0d9ad7c1',
];

export interface SchemaInfo {
  /** `alembic_version.version_num`, when the table exists. */
  revision?: string;
  /** True when the revision is not one this reader knows (a newer MLflow wrote the database). */
  unknownRevision: boolean;
  tables: ReadonlySet<string>;
  /** Column names per table (only for the tables read here). */
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  /** Whether this SQLite has the JSON functions (3.38+ always; older builds optionally). */
  json: boolean;
  /** Whether its JSON text holds doubles exactly (17 significant digits; older SQLite printed 15). */
  jsonExactReals: boolean;
  /**
   * Tables with an index leading on `run_uuid` (MLflow adds them to params, tags and latest_metrics in
   * 2.x; older databases have none): reading their rows for a few runs is then a lookup, not a scan.
   */
  runUuidIndexed: ReadonlySet<string>;
}

const TABLES_READ = [
  'experiments',
  'experiment_tags',
  'runs',
  'params',
  'tags',
  'metrics',
  'latest_metrics',
  'registered_models',
  'registered_model_tags',
  'model_versions',
  'model_version_tags',
  'registered_model_aliases',
  'datasets',
  'inputs',
  'input_tags',
];

/** Tables without which the database is not an MLflow tracking store at all. */
export const REQUIRED_TABLES = ['experiments', 'runs'];

export function readSchema(db: SqliteConnection): SchemaInfo {
  const tables = new Set(
    db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r['name'])),
  );
  const columns = new Map<string, Set<string>>();
  for (const table of TABLES_READ) {
    if (!tables.has(table)) continue;
    const names = db.all(`PRAGMA table_info("${table}")`).map((r) => String(r['name']));
    columns.set(table, new Set(names));
  }
  let revision: string | undefined;
  if (tables.has('alembic_version')) {
    const row = db.all('SELECT version_num FROM alembic_version')[0];
    if (row && row['version_num'] !== null) revision = String(row['version_num']);
  }
  const unknownRevision = revision !== undefined && !KNOWN_REVISIONS.includes(revision);
  let json = true;
  let jsonExactReals = false;
  try {
    const row = db.all('SELECT json_array(0.1 + 0.2) AS probe')[0];
    jsonExactReals = JSON.parse(String(row?.['probe']))[0] === 0.1 + 0.2;
  } catch {
    json = false;
  }
  return { revision, unknownRevision, tables, columns, json, jsonExactReals, runUuidIndexed: runUuidIndexedTables(db, tables) };
}

function runUuidIndexedTables(db: SqliteConnection, tables: ReadonlySet<string>): Set<string> {
  const indexed = new Set<string>();
  for (const table of ['params', 'tags', 'latest_metrics', 'metrics']) {
    if (!tables.has(table)) continue;
    for (const index of db.all(`PRAGMA index_list("${table}")`)) {
      const [first] = db.all(`PRAGMA index_info("${String(index['name']).replaceAll('"', '""')}")`);
      if (first?.['name'] === 'run_uuid') indexed.add(table);
    }
  }
  return indexed;
}

export function hasColumn(schema: SchemaInfo, table: string, column: string): boolean {
  return schema.columns.get(table)?.has(column) ?? false;
}

/** `t.column` when the column exists, else `fallback` (a SQL literal), for optional columns. */
export function optionalColumn(schema: SchemaInfo, table: string, alias: string, column: string, fallback = 'NULL'): string {
  return hasColumn(schema, table, column) ? `${alias}."${column}"` : fallback;
}
