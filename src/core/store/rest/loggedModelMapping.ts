/** MLflow 3's `logged-models/search` JSON → LoggedModel (the fields shown; the others are left out). */
import { loggedModelStatus, type LoggedModel, type LoggedModelInfo } from '../../registry/loggedModel';
import { asObject, keyValues, MappingError, optionalInteger, optionalString } from './mapping';

export function toLoggedModel(value: unknown): LoggedModel {
  const obj = asObject(value, 'a logged model');
  const info = asObject(obj['info'], 'a logged model info');
  const modelId = optionalString(info, 'model_id');
  const experimentId = optionalString(info, 'experiment_id');
  if (!modelId || !experimentId) throw new MappingError('a logged model has no model_id or experiment_id');
  const out: LoggedModelInfo = {
    model_id: modelId,
    experiment_id: experimentId,
    name: optionalString(info, 'name') ?? modelId,
    status: loggedModelStatus(info['status']),
    tags: keyValues(info, 'tags'),
  };
  const optional: [keyof LoggedModelInfo, string | number | undefined][] = [
    ['artifact_uri', optionalString(info, 'artifact_uri')],
    ['creation_timestamp_ms', optionalInteger(info, 'creation_timestamp_ms')],
    ['last_updated_timestamp_ms', optionalInteger(info, 'last_updated_timestamp_ms')],
    ['status_message', optionalString(info, 'status_message')],
    ['model_type', optionalString(info, 'model_type')],
    ['source_run_id', optionalString(info, 'source_run_id')],
  ];
  for (const [key, v] of optional) if (v !== undefined && v !== '') Object.assign(out, { [key]: v });
  const data = obj['data'] === undefined ? {} : asObject(obj['data'], 'a logged model data');
  return { info: out, data: { params: keyValues(data, 'params') } };
}
