/**
 * Reads MLflow 3 logged models of the file store: `<experiment>/models/<model_id>/meta.yaml` with
 * `tags/` and `params/` beside it. A broken entry becomes a problem naming its file; the others are
 * still listed. Entries marked `lifecycle_stage: deleted` are hidden, as MLflow's search hides them.
 */
import { loggedModelStatus, type LoggedModel, type LoggedModelInfo } from '../../registry/loggedModel';
import type { StoreProblem } from '../storeErrors';
import type { ReadFs } from './readFs';
import { readKeyValues } from './runReader';
import { MetaError, asNumber, asString, parseMetaYaml } from './yamlMeta';

export interface LoggedModelListing {
  models: LoggedModel[];
  problems: StoreProblem[];
}

function setIfPresent<K extends keyof LoggedModelInfo>(info: LoggedModelInfo, key: K, value: LoggedModelInfo[K] | undefined): void {
  if (value !== undefined && value !== '') info[key] = value;
}

async function readLoggedModel(fs: ReadFs, dir: string, experimentId: string, problems: StoreProblem[]): Promise<LoggedModel | undefined> {
  const metaPath = `${dir}/meta.yaml`;
  try {
    const text = await fs.readText(metaPath);
    if (text === undefined) throw new MetaError('meta.yaml is missing');
    const meta = parseMetaYaml(text);
    const modelId = asString(meta.model_id);
    if (modelId === undefined) throw new MetaError('model_id is missing');
    if (asString(meta.lifecycle_stage) === 'deleted') return undefined;
    const scope = { scope: 'value' as const, experimentId };
    const model: LoggedModel = {
      info: {
        model_id: modelId,
        experiment_id: asString(meta.experiment_id) ?? experimentId,
        name: asString(meta.name) ?? modelId,
        status: loggedModelStatus(asNumber(meta.status) ?? asString(meta.status)),
        tags: await readKeyValues(fs, `${dir}/tags`, problems, scope),
      },
      data: { params: await readKeyValues(fs, `${dir}/params`, problems, scope) },
    };
    const { info } = model;
    setIfPresent(info, 'artifact_uri', asString(meta.artifact_location));
    setIfPresent(info, 'creation_timestamp_ms', asNumber(meta.creation_timestamp));
    setIfPresent(info, 'last_updated_timestamp_ms', asNumber(meta.last_updated_timestamp));
    setIfPresent(info, 'status_message', asString(meta.status_message));
    setIfPresent(info, 'model_type', asString(meta.model_type));
    setIfPresent(info, 'source_run_id', asString(meta.source_run_id));
    return model;
  } catch (e) {
    problems.push({ scope: 'value', experimentId, location: metaPath, message: `logged model skipped: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

/** The logged models of one experiment folder, newest first (MLflow's default order). */
export async function readLoggedModels(fs: ReadFs, experimentDir: string, experimentId: string): Promise<LoggedModelListing> {
  const problems: StoreProblem[] = [];
  const models: LoggedModel[] = [];
  const entries = (await fs.readdir(`${experimentDir}/models`).catch(() => undefined)) ?? [];
  for (const e of entries) {
    if (!e.isDir || e.name.startsWith('.')) continue;
    const model = await readLoggedModel(fs, `${experimentDir}/models/${e.name}`, experimentId, problems);
    if (model) models.push(model);
  }
  models.sort((a, b) => (b.info.creation_timestamp_ms ?? 0) - (a.info.creation_timestamp_ms ?? 0) || (a.info.model_id < b.info.model_id ? -1 : 1));
  return { models, problems };
}
