/**
 * Reads the file store's model registry (`<root>/models/`, MLflow 2.1+): one folder per registered
 * model with `meta.yaml`, `tags/`, `aliases/<alias>` (file content = version: the truth, the
 * meta.yaml map is stale) and `version-<n>/` folders. Versions in stage `Deleted_Internal` are
 * deleted and hidden, as MLflow's API hides them.
 */
import type { ModelVersion, RegisteredModel } from '../../model/entities';
import type { StoreProblem } from '../storeErrors';
import type { ReadFs } from './readFs';
import { readKeyValues } from './runReader';
import { MetaError, asNumber, asString, parseMetaYaml } from './yamlMeta';

export const DELETED_STAGE = 'Deleted_Internal';

export interface RegistryListing {
  models: RegisteredModel[];
  /** Every visible version of each model, by model name, in version order. */
  versions: Map<string, ModelVersion[]>;
  problems: StoreProblem[];
}

function optional<T extends object>(target: T, key: keyof T, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') (target as Record<keyof T, unknown>)[key] = value;
}

async function readVersion(fs: ReadFs, dir: string, modelName: string, problems: StoreProblem[]): Promise<ModelVersion | undefined> {
  const metaPath = `${dir}/meta.yaml`;
  try {
    const text = await fs.readText(metaPath);
    if (text === undefined) return undefined;
    const meta = parseMetaYaml(text);
    const version = asString(meta.version);
    if (version === undefined) throw new MetaError('version is missing');
    const mv: ModelVersion = {
      name: asString(meta.name) ?? modelName,
      version,
      current_stage: asString(meta.current_stage) ?? 'None',
      source: asString(meta.source) ?? '',
      status: asString(meta.status) ?? 'READY',
      tags: await readKeyValues(fs, `${dir}/tags`, problems, { scope: 'value' }),
      aliases: [],
    };
    optional(mv, 'creation_timestamp', asNumber(meta.creation_timestamp));
    optional(mv, 'last_updated_timestamp', asNumber(meta.last_updated_timestamp));
    optional(mv, 'user_id', asString(meta.user_id));
    optional(mv, 'description', asString(meta.description));
    optional(mv, 'run_id', asString(meta.run_id));
    optional(mv, 'run_link', asString(meta.run_link));
    optional(mv, 'status_message', asString(meta.status_message));
    return mv;
  } catch (e) {
    problems.push({ scope: 'value', location: metaPath, message: `model '${modelName}' version skipped: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

async function readModel(fs: ReadFs, dir: string, folder: string, problems: StoreProblem[]): Promise<{ model: RegisteredModel; versions: ModelVersion[] } | undefined> {
  const metaPath = `${dir}/meta.yaml`;
  let meta: Record<string, unknown>;
  try {
    const text = await fs.readText(metaPath);
    if (text === undefined) {
      problems.push({ scope: 'value', location: dir, message: `registered model folder '${folder}' has no meta.yaml` });
      return undefined;
    }
    meta = parseMetaYaml(text);
  } catch (e) {
    problems.push({ scope: 'value', location: metaPath, message: `registered model '${folder}' skipped: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
  const name = asString(meta.name) ?? folder;
  const entries = (await fs.readdir(dir).catch(() => undefined)) ?? [];
  const versions: ModelVersion[] = [];
  for (const e of entries) {
    if (!e.isDir || !/^version-\d+$/.test(e.name)) continue;
    const mv = await readVersion(fs, `${dir}/${e.name}`, name, problems);
    if (mv && mv.current_stage !== DELETED_STAGE) versions.push(mv);
  }
  versions.sort((a, b) => Number(a.version) - Number(b.version));
  const aliasValues = await readKeyValues(fs, `${dir}/aliases`, problems, { scope: 'value' });
  const aliases = aliasValues
    .map((a) => ({ alias: a.key, version: a.value.trim() }))
    .filter((a) => versions.some((v) => v.version === a.version));
  for (const v of versions) v.aliases = aliases.filter((a) => a.version === v.version).map((a) => a.alias);
  // latest_versions: the highest version of each stage, as MLflow's registry returns them.
  const latest = new Map<string, ModelVersion>();
  for (const v of versions) latest.set(v.current_stage, v);
  const model: RegisteredModel = {
    name,
    latest_versions: [...latest.values()].sort((a, b) => Number(a.version) - Number(b.version)),
    tags: await readKeyValues(fs, `${dir}/tags`, problems, { scope: 'value' }),
    aliases,
  };
  optional(model, 'creation_timestamp', asNumber(meta.creation_timestamp));
  optional(model, 'last_updated_timestamp', asNumber(meta.last_updated_timestamp));
  optional(model, 'description', asString(meta.description));
  return { model, versions };
}

/** Every registered model under `<root>/models`, by name. */
export async function readRegistry(fs: ReadFs, root: string): Promise<RegistryListing> {
  const problems: StoreProblem[] = [];
  const versions = new Map<string, ModelVersion[]>();
  const models: RegisteredModel[] = [];
  const entries = (await fs.readdir(`${root}/models`).catch(() => undefined)) ?? [];
  for (const e of entries) {
    if (!e.isDir || e.name.startsWith('.')) continue;
    const r = await readModel(fs, `${root}/models/${e.name}`, e.name, problems);
    if (!r) continue;
    models.push(r.model);
    versions.set(r.model.name, r.versions);
  }
  models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { models, versions, problems };
}
