/**
 * SQL rows → MLflow's REST entities. Encodings differ from the other stores
 * (tracking-stores.md §13.3): ids are integers, NaN is `value = 0, is_nan = 1`, status is text.
 */
import type { Experiment, LifecycleStage, Metric, RunInfo, RunStatus } from '../../model/entities';
import type { SqlRow, SqlValue } from './sqliteDriver';

export function text(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

export function optionalNumber(value: SqlValue | undefined): number | undefined {
  if (value === null || value === undefined || value instanceof Uint8Array) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

const STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
/** MLflow 0.x wrote the enum's number in some databases. */
const STATUS_BY_NUMBER: Readonly<Record<string, RunStatus>> = {
  '1': 'RUNNING',
  '2': 'SCHEDULED',
  '3': 'FINISHED',
  '4': 'FAILED',
  '5': 'KILLED',
};

export function runStatus(value: SqlValue | undefined): RunStatus {
  const s = text(value).toUpperCase();
  return (STATUSES as readonly string[]).includes(s) ? (s as RunStatus) : (STATUS_BY_NUMBER[s] ?? 'RUNNING');
}

export function lifecycle(value: SqlValue | undefined): LifecycleStage {
  return text(value) === 'deleted' ? 'deleted' : 'active';
}

/** A row of `SELECT … FROM runs` aliased as in queries.ts. */
export function runInfoFromRow(row: SqlRow): RunInfo {
  const runId = text(row['run_uuid']);
  const info: RunInfo = {
    run_id: runId,
    run_uuid: runId,
    run_name: text(row['run_name']),
    experiment_id: text(row['experiment_id']),
    user_id: text(row['user_id']),
    status: runStatus(row['status']),
    artifact_uri: text(row['artifact_uri']),
    lifecycle_stage: lifecycle(row['lifecycle_stage']),
  };
  const start = optionalNumber(row['start_time']);
  const end = optionalNumber(row['end_time']);
  if (start !== undefined) info.start_time = start;
  if (end !== undefined) info.end_time = end;
  return info;
}

/** Rows of `metrics` as the columns of `readMetricColumns`, with the values `metricFromRow` gives. */
export function metricColumnsFromRows(rows: readonly SqlRow[]): { steps: Float64Array; timestamps: Float64Array; values: Float64Array } {
  const n = rows.length;
  const steps = new Float64Array(n);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as SqlRow;
    values[i] = Number(row['is_nan'] ?? 0) === 1 ? Number.NaN : Number(row['value']);
    timestamps[i] = optionalNumber(row['timestamp']) ?? 0;
    steps[i] = optionalNumber(row['step']) ?? 0;
  }
  return { steps, timestamps, values };
}

export function metricFromRow(row: SqlRow): Metric {
  const isNan = Number(row['is_nan'] ?? 0) === 1;
  return {
    key: text(row['key']),
    value: isNan ? Number.NaN : Number(row['value']),
    timestamp: optionalNumber(row['timestamp']) ?? 0,
    step: optionalNumber(row['step']) ?? 0,
  };
}

/** True when `a` is later than `b` in MLflow's latest-value order: (step, timestamp, value). */
export function isLaterMetric(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

export function experimentFromRow(row: SqlRow): Experiment {
  const experiment: Experiment = {
    experiment_id: text(row['experiment_id']),
    name: text(row['name']),
    artifact_location: text(row['artifact_location']),
    lifecycle_stage: lifecycle(row['lifecycle_stage']),
    tags: [],
  };
  const created = optionalNumber(row['creation_time']);
  const updated = optionalNumber(row['last_update_time']);
  if (created !== undefined) experiment.creation_time = created;
  if (updated !== undefined) experiment.last_update_time = updated;
  return experiment;
}
