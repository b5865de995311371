/**
 * MLflow entities shaped exactly like MLflow's REST API JSON (`/api/2.0/mlflow/...`), so that the
 * file, SQLite and REST stores all return the same objects and the CLI can print them as MLflow does.
 * Numbers that MLflow's JSON writes as strings for non-finite doubles (`"NaN"`, `"Infinity"`) are kept
 * as JavaScript numbers here (NaN, ±Infinity) and converted only when serialised (see `toRestJson`).
 */

export type LifecycleStage = 'active' | 'deleted';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** `view_type` / `run_view_type` of MLflow's search endpoints. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  /** Epoch ms; absent in stores written before MLflow 1.29. */
  creation_time?: number;
  last_update_time?: number;
  tags: KeyValue[];
}

export interface RunInfo {
  run_id: string;
  /** Deprecated alias of `run_id` that MLflow's REST API still returns. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  /** Epoch ms. */
  start_time?: number;
  /** Epoch ms; absent while RUNNING/SCHEDULED. */
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface Metric {
  key: string;
  /** May be NaN or ±Infinity. */
  value: number;
  /** Epoch ms. */
  timestamp: number;
  step: number;
  /** MLflow 3.x: metric logged against a dataset. */
  dataset_name?: string;
  dataset_digest?: string;
}

export interface RunData {
  /** Latest value per key (max of (step, timestamp, value)). */
  metrics: Metric[];
  params: KeyValue[];
  tags: KeyValue[];
}

export interface DatasetInput {
  tags: KeyValue[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs?: { dataset_inputs: DatasetInput[] };
}

export interface FileInfo {
  /** Relative to the run's artifact root, `/`-separated. */
  path: string;
  is_dir: boolean;
  /** Bytes; absent for directories. */
  file_size?: number;
}

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage: string;
  description?: string;
  source: string;
  run_id?: string;
  run_link?: string;
  status: string;
  status_message?: string;
  tags: KeyValue[];
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions: ModelVersion[];
  tags: KeyValue[];
  aliases: { alias: string; version: string }[];
}

/** Well-known run tags (see MLflow's `mlflow.utils.mlflow_tags`). */
export const RunTags = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  user: 'mlflow.user',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  note: 'mlflow.note.content',
} as const;

export function tagValue(tags: readonly KeyValue[], key: string): string | undefined {
  for (const t of tags) if (t.key === key) return t.value;
  return undefined;
}
