/**
 * MLflow 3 logged models in the SQL schema (`logged_models`, `logged_model_tags`,
 * `logged_model_params`); older databases have no such tables and no logged models. Rows with
 * `lifecycle_stage = 'deleted'` are hidden, as MLflow's search hides them.
 */
import type { KeyValue } from '../../model/entities';
import { loggedModelStatus, type LoggedModel } from '../../registry/loggedModel';
import type { SchemaInfo } from './schema';
import type { SqlRow, SqliteConnection } from './sqliteDriver';
import { optionalNumber, text } from './rowMapping';

function keyValuesByModel(rows: readonly SqlRow[], key: string, value: string): Map<string, KeyValue[]> {
  const map = new Map<string, KeyValue[]>();
  for (const row of rows) {
    const id = text(row['model_id']);
    let list = map.get(id);
    if (!list) map.set(id, (list = []));
    list.push({ key: text(row[key]), value: text(row[value]) });
  }
  return map;
}

/** The logged models of these experiments, newest first (MLflow's default order). */
export function readLoggedModels(db: SqliteConnection, schema: SchemaInfo, experimentIds: readonly string[]): LoggedModel[] {
  const ids = [...new Set(experimentIds)].filter((id) => /^\d+$/.test(id));
  if (!schema.tables.has('logged_models') || ids.length === 0) return [];
  const marks = ids.map(() => '?').join(', ');
  const rows = db.all(
    `SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status,
            status_message, model_type, source_run_id
       FROM logged_models
      WHERE experiment_id IN (${marks}) AND (lifecycle_stage IS NULL OR lifecycle_stage != 'deleted')
      ORDER BY creation_timestamp_ms DESC, model_id`,
    ids.map(Number),
  );
  const tagged = (table: string, key: string, value: string): Map<string, KeyValue[]> =>
    schema.tables.has(table)
      ? keyValuesByModel(db.all(`SELECT model_id, ${key}, ${value} FROM ${table} WHERE experiment_id IN (${marks}) ORDER BY ${key}`, ids.map(Number)), key, value)
      : new Map();
  const tags = tagged('logged_model_tags', 'tag_key', 'tag_value');
  const params = tagged('logged_model_params', 'param_key', 'param_value');
  return rows.map((row): LoggedModel => {
    const id = text(row['model_id']);
    const model: LoggedModel = {
      info: {
        model_id: id,
        experiment_id: text(row['experiment_id']),
        name: text(row['name']),
        status: loggedModelStatus(row['status']),
        tags: tags.get(id) ?? [],
      },
      data: { params: params.get(id) ?? [] },
    };
    const { info } = model;
    const optionalText = (v: unknown): string | undefined => (v === null || v === undefined || v === '' ? undefined : String(v));
    const artifactUri = optionalText(row['artifact_location']);
    if (artifactUri !== undefined) info.artifact_uri = artifactUri;
    const created = optionalNumber(row['creation_timestamp_ms']);
    if (created !== undefined) info.creation_timestamp_ms = created;
    const updated = optionalNumber(row['last_updated_timestamp_ms']);
    if (updated !== undefined) info.last_updated_timestamp_ms = updated;
    const statusMessage = optionalText(row['status_message']);
    if (statusMessage !== undefined) info.status_message = statusMessage;
    const modelType = optionalText(row['model_type']);
    if (modelType !== undefined) info.model_type = modelType;
    const runId = optionalText(row['source_run_id']);
    if (runId !== undefined) info.source_run_id = runId;
    return model;
  });
}
