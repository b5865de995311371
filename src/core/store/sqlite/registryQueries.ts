/**
 * The model registry tables (1.4+; tags 1.10+; aliases 2.2+) → RegisteredModel / ModelVersion.
 * Versions in stage `Deleted_Internal` are rows MLflow keeps for a deleted version; its API hides them.
 */
import type { KeyValue, ModelVersion, RegisteredModel } from '../../model/entities';
import { optionalColumn, type SchemaInfo } from './schema';
import type { SqlRow, SqliteConnection } from './sqliteDriver';
import { optionalNumber, text } from './rowMapping';

export const DELETED_STAGE = 'Deleted_Internal';

export interface RegistryContents {
  models: RegisteredModel[];
  /** Visible versions per model name, in version order. */
  versions: Map<string, ModelVersion[]>;
}

function setIfPresent<T extends object>(target: T, key: keyof T, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') (target as Record<keyof T, unknown>)[key] = value;
}

function groupBy<T>(rows: readonly SqlRow[], key: (row: SqlRow) => string, value: (row: SqlRow) => T): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(value(row));
  }
  return map;
}

const keyValue = (row: SqlRow): KeyValue => ({ key: text(row['key']), value: text(row['value']) });

function versionFromRow(row: SqlRow): ModelVersion {
  const mv: ModelVersion = {
    name: text(row['name']),
    version: text(row['version']),
    current_stage: text(row['current_stage']) || 'None',
    source: text(row['source']),
    status: text(row['status']) || 'READY',
    tags: [],
    aliases: [],
  };
  setIfPresent(mv, 'creation_timestamp', optionalNumber(row['creation_time']));
  setIfPresent(mv, 'last_updated_timestamp', optionalNumber(row['last_updated_time']));
  setIfPresent(mv, 'user_id', row['user_id'] === null ? undefined : text(row['user_id']));
  setIfPresent(mv, 'description', row['description'] === null ? undefined : text(row['description']));
  setIfPresent(mv, 'run_id', row['run_id'] === null ? undefined : text(row['run_id']));
  setIfPresent(mv, 'run_link', row['run_link'] === null ? undefined : text(row['run_link']));
  setIfPresent(mv, 'status_message', row['status_message'] === null ? undefined : text(row['status_message']));
  return mv;
}

export function readRegistry(db: SqliteConnection, schema: SchemaInfo): RegistryContents {
  const versions = new Map<string, ModelVersion[]>();
  if (!schema.tables.has('registered_models')) return { models: [], versions };
  const modelTags = schema.tables.has('registered_model_tags')
    ? groupBy(db.all('SELECT name, "key", value FROM registered_model_tags ORDER BY "key"'), (r) => text(r['name']), keyValue)
    : new Map<string, KeyValue[]>();
  const versionTags = schema.tables.has('model_version_tags')
    ? groupBy(db.all('SELECT name, version, "key", value FROM model_version_tags ORDER BY "key"'), (r) => `${text(r['name'])}\u0000${text(r['version'])}`, keyValue)
    : new Map<string, KeyValue[]>();
  const aliases = schema.tables.has('registered_model_aliases')
    ? groupBy(db.all('SELECT name, alias, version FROM registered_model_aliases ORDER BY alias'), (r) => text(r['name']), (r) => ({ alias: text(r['alias']), version: text(r['version']) }))
    : new Map<string, { alias: string; version: string }[]>();

  if (schema.tables.has('model_versions')) {
    const col = (c: string): string => `${optionalColumn(schema, 'model_versions', 'v', c)} AS ${c}`;
    const rows = db.all(
      `SELECT v.name, v.version, ${['creation_time', 'last_updated_time', 'description', 'user_id', 'current_stage', 'source', 'run_id', 'status', 'status_message', 'run_link'].map(col).join(', ')}
         FROM model_versions v ORDER BY v.name, v.version`,
    );
    for (const row of rows) {
      const mv = versionFromRow(row);
      if (mv.current_stage === DELETED_STAGE) continue;
      mv.tags = versionTags.get(`${mv.name}\u0000${mv.version}`) ?? [];
      mv.aliases = (aliases.get(mv.name) ?? []).filter((a) => a.version === mv.version).map((a) => a.alias);
      let list = versions.get(mv.name);
      if (!list) versions.set(mv.name, (list = []));
      list.push(mv);
    }
  }

  const models = db
    .all(
      `SELECT m.name, ${optionalColumn(schema, 'registered_models', 'm', 'creation_time')} AS creation_time,
              ${optionalColumn(schema, 'registered_models', 'm', 'last_updated_time')} AS last_updated_time,
              ${optionalColumn(schema, 'registered_models', 'm', 'description')} AS description
         FROM registered_models m ORDER BY m.name`,
    )
    .map((row): RegisteredModel => {
      const name = text(row['name']);
      const own = versions.get(name) ?? [];
      // latest_versions: the highest version of each stage, as MLflow's registry returns them.
      const latest = new Map<string, ModelVersion>();
      for (const v of own) latest.set(v.current_stage, v);
      const model: RegisteredModel = {
        name,
        latest_versions: [...latest.values()].sort((a, b) => Number(a.version) - Number(b.version)),
        tags: modelTags.get(name) ?? [],
        aliases: (aliases.get(name) ?? []).filter((a) => own.some((v) => v.version === a.version)),
      };
      setIfPresent(model, 'creation_timestamp', optionalNumber(row['creation_time']));
      setIfPresent(model, 'last_updated_timestamp', optionalNumber(row['last_updated_time']));
      setIfPresent(model, 'description', row['description'] === null ? undefined : text(row['description']));
      return model;
    });
  return { models, versions };
}
