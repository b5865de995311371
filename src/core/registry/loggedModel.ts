/**
 * MLflow 3 logged models (`LoggedModel` in MLflow's REST API: `info` + `data`), which the file store
 * keeps under `<experiment>/models/<model_id>/` and the SQL stores in `logged_models`. A model logged
 * by MLflow 2 lives only as run artifacts and has no such entry.
 */
import type { KeyValue } from '../model/entities';

/** MLflow's `LoggedModelStatus` names; the stores write the enum number (2 = READY). */
export type LoggedModelStatus =
  | 'LOGGED_MODEL_STATUS_UNSPECIFIED'
  | 'LOGGED_MODEL_PENDING'
  | 'LOGGED_MODEL_READY'
  | 'LOGGED_MODEL_UPLOAD_FAILED';

const STATUS_BY_NUMBER: readonly LoggedModelStatus[] = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
];

export interface LoggedModelInfo {
  model_id: string;
  experiment_id: string;
  name: string;
  artifact_uri?: string;
  creation_timestamp_ms?: number;
  last_updated_timestamp_ms?: number;
  status: LoggedModelStatus;
  status_message?: string;
  model_type?: string;
  source_run_id?: string;
  tags: KeyValue[];
}

export interface LoggedModel {
  info: LoggedModelInfo;
  data: { params: KeyValue[] };
}

/** The status as MLflow names it, from the number the stores write or a name a server sends. */
export function loggedModelStatus(value: unknown): LoggedModelStatus {
  if (typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return STATUS_BY_NUMBER[Number(value)] ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED';
  }
  return typeof value === 'string' && (STATUS_BY_NUMBER as readonly string[]).includes(value)
    ? (value as LoggedModelStatus)
    : 'LOGGED_MODEL_STATUS_UNSPECIFIED';
}
