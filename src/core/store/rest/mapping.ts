/**
 * MLflow REST JSON → entities, tolerating what real servers send: omitted empty fields, non-finite
 * doubles as the strings "NaN"/"Infinity"/"-Infinity", int64 values as strings (some proxies),
 * `run_uuid` without `run_id`. A value that cannot be read becomes a `MappingError` naming the field,
 * which the store turns into a problem record for that entry instead of failing the whole listing.
 */
import type {
  DatasetInput,
  Experiment,
  FileInfo,
  KeyValue,
  LifecycleStage,
  Metric,
  ModelVersion,
  RegisteredModel,
  Run,
  RunInfo,
  RunStatus,
} from '../../model/entities';
import { RunTags, tagValue } from '../../model/entities';

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

type Json = Record<string, unknown>;

export function asObject(value: unknown, what: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new MappingError(`${what} is not a JSON object`);
}

/** A repeated field: absent means empty, as MLflow leaves empty lists out. */
export function list(obj: Json, key: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MappingError(`"${key}" is not a list`);
  return value;
}

export function optionalString(obj: Json, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MappingError(`"${key}" is not a string`);
}

function requiredString(obj: Json, key: string, what: string): string {
  const value = optionalString(obj, key);
  if (value === undefined) throw new MappingError(`${what} has no "${key}"`);
  return value;
}

/** int64 fields: numbers, or decimal strings from proxies that follow proto3's JSON mapping. */
export function optionalInteger(obj: Json, key: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  throw new MappingError(`"${key}" is not an integer: ${JSON.stringify(value).slice(0, 40)}`);
}

/** Doubles: numbers or "NaN", "Infinity", "-Infinity" (MLflow's JSON writes non-finite values so). */
export function double(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === 'NaN' || trimmed === 'nan') return Number.NaN;
    if (trimmed === 'Infinity' || trimmed === 'inf') return Number.POSITIVE_INFINITY;
    if (trimmed === '-Infinity' || trimmed === '-inf') return Number.NEGATIVE_INFINITY;
    const parsed = Number(trimmed);
    if (trimmed !== '' && !Number.isNaN(parsed)) return parsed;
  }
  if (value === undefined || value === null) return 0; // proto3 omits a 0.0 double
  throw new MappingError(`"${field}" is not a number: ${JSON.stringify(value).slice(0, 40)}`);
}

export function keyValues(obj: Json, key: string): KeyValue[] {
  return list(obj, key).map((item) => {
    const kv = asObject(item, `an entry of "${key}"`);
    return { key: requiredString(kv, 'key', `an entry of "${key}"`), value: optionalString(kv, 'value') ?? '' };
  });
}

export function toMetric(value: unknown): Metric {
  const obj = asObject(value, 'a metric');
  const metric: Metric = {
    key: requiredString(obj, 'key', 'a metric'),
    value: double(obj['value'], 'value'),
    timestamp: optionalInteger(obj, 'timestamp') ?? 0,
    step: optionalInteger(obj, 'step') ?? 0,
  };
  const datasetName = optionalString(obj, 'dataset_name');
  const datasetDigest = optionalString(obj, 'dataset_digest');
  if (datasetName !== undefined) metric.dataset_name = datasetName;
  if (datasetDigest !== undefined) metric.dataset_digest = datasetDigest;
  return metric;
}

export function toExperiment(value: unknown): Experiment {
  const obj = asObject(value, 'an experiment');
  return {
    experiment_id: requiredString(obj, 'experiment_id', 'an experiment'),
    name: optionalString(obj, 'name') ?? '',
    artifact_location: optionalString(obj, 'artifact_location') ?? '',
    lifecycle_stage: lifecycle(obj),
    creation_time: optionalInteger(obj, 'creation_time'),
    last_update_time: optionalInteger(obj, 'last_update_time'),
    tags: keyValues(obj, 'tags'),
  };
}

export function toRun(value: unknown): Run {
  const obj = asObject(value, 'a run');
  const data = obj['data'] === undefined ? {} : asObject(obj['data'], 'run "data"');
  const tags = keyValues(data, 'tags');
  const run: Run = {
    info: toRunInfo(obj['info'], tags),
    data: { metrics: list(data, 'metrics').map(toMetric), params: keyValues(data, 'params'), tags },
  };
  const inputs = obj['inputs'] === undefined ? undefined : asObject(obj['inputs'], 'run "inputs"');
  if (inputs !== undefined) run.inputs = { dataset_inputs: list(inputs, 'dataset_inputs').map(toDatasetInput) };
  return run;
}

function toRunInfo(value: unknown, tags: readonly KeyValue[]): RunInfo {
  const obj = asObject(value, 'run "info"');
  const runId = optionalString(obj, 'run_id') ?? optionalString(obj, 'run_uuid');
  if (runId === undefined) throw new MappingError('a run has neither "run_id" nor "run_uuid"');
  return {
    run_id: runId,
    run_uuid: optionalString(obj, 'run_uuid') ?? runId,
    run_name: optionalString(obj, 'run_name') ?? tagValue(tags, RunTags.runName) ?? '',
    experiment_id: requiredString(obj, 'experiment_id', `run ${runId}`),
    user_id: optionalString(obj, 'user_id') ?? '',
    status: runStatus(obj),
    start_time: optionalInteger(obj, 'start_time'),
    end_time: optionalInteger(obj, 'end_time'),
    artifact_uri: optionalString(obj, 'artifact_uri') ?? '',
    lifecycle_stage: lifecycle(obj),
  };
}

function toDatasetInput(value: unknown): DatasetInput {
  const obj = asObject(value, 'a dataset input');
  const dataset = asObject(obj['dataset'] ?? {}, 'a dataset');
  const out: DatasetInput = {
    tags: keyValues(obj, 'tags'),
    dataset: {
      name: optionalString(dataset, 'name') ?? '',
      digest: optionalString(dataset, 'digest') ?? '',
      source_type: optionalString(dataset, 'source_type') ?? '',
      source: optionalString(dataset, 'source') ?? '',
    },
  };
  const schema = optionalString(dataset, 'schema');
  const profile = optionalString(dataset, 'profile');
  if (schema !== undefined) out.dataset.schema = schema;
  if (profile !== undefined) out.dataset.profile = profile;
  return out;
}

/** `artifacts/list` paths are already relative to the run's artifact root. */
export function toFileInfo(value: unknown): FileInfo {
  const obj = asObject(value, 'an artifact entry');
  const isDir = obj['is_dir'] === true;
  const info: FileInfo = { path: requiredString(obj, 'path', 'an artifact entry'), is_dir: isDir };
  // MLflow leaves `file_size` out for 0-byte files as well as for folders.
  if (!isDir) info.file_size = optionalInteger(obj, 'file_size') ?? 0;
  return info;
}

export function toModelVersion(value: unknown): ModelVersion {
  const obj = asObject(value, 'a model version');
  const version: ModelVersion = {
    name: requiredString(obj, 'name', 'a model version'),
    version: requiredString(obj, 'version', 'a model version'),
    creation_timestamp: optionalInteger(obj, 'creation_timestamp'),
    last_updated_timestamp: optionalInteger(obj, 'last_updated_timestamp'),
    user_id: optionalString(obj, 'user_id'),
    current_stage: optionalString(obj, 'current_stage') ?? 'None',
    description: optionalString(obj, 'description'),
    source: optionalString(obj, 'source') ?? '',
    // MLflow sends `run_id: ""` for a version without a run.
    run_id: optionalString(obj, 'run_id') || undefined,
    run_link: optionalString(obj, 'run_link') || undefined,
    status: optionalString(obj, 'status') ?? 'READY',
    status_message: optionalString(obj, 'status_message'),
    tags: keyValues(obj, 'tags'),
    aliases: list(obj, 'aliases').map((alias) => {
      if (typeof alias !== 'string') throw new MappingError('a model version alias is not a string');
      return alias;
    }),
  };
  return version;
}

export function toRegisteredModel(value: unknown): RegisteredModel {
  const obj = asObject(value, 'a registered model');
  return {
    name: requiredString(obj, 'name', 'a registered model'),
    creation_timestamp: optionalInteger(obj, 'creation_timestamp'),
    last_updated_timestamp: optionalInteger(obj, 'last_updated_timestamp'),
    description: optionalString(obj, 'description'),
    latest_versions: list(obj, 'latest_versions').map(toModelVersion),
    tags: keyValues(obj, 'tags'),
    aliases: list(obj, 'aliases').map((item) => {
      const alias = asObject(item, 'a registered model alias');
      return {
        alias: requiredString(alias, 'alias', 'a registered model alias'),
        version: requiredString(alias, 'version', 'a registered model alias'),
      };
    }),
  };
}

const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

function runStatus(obj: Json): RunStatus {
  const status = optionalString(obj, 'status') ?? 'RUNNING';
  if ((RUN_STATUSES as readonly string[]).includes(status)) return status as RunStatus;
  throw new MappingError(`unknown run status "${status.slice(0, 40)}"`);
}

function lifecycle(obj: Json): LifecycleStage {
  const stage = optionalString(obj, 'lifecycle_stage') ?? 'active';
  if (stage === 'active' || stage === 'deleted') return stage;
  throw new MappingError(`unknown lifecycle_stage "${stage.slice(0, 40)}"`);
}
