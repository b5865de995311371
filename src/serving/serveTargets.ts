/**
 * Which model a Serve Model Locally call means: a Models-view version or logged model, a run's model
 * folder (or its MLmodel file) in the Experiments view, a run (its model folders are looked up), or
 * the automation argument `{ runId, artifactPath }` / `{ modelName, version }`.
 */
import type { ModelVersion } from '../core/model/entities';
import type { LoggedModel } from '../core/registry/loggedModel';
import { MLMODEL_FILE, type ServeTarget } from '../core/serving/modelSource';
import type { TrackingStore } from '../core/store/trackingStore';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function versionTarget(v: Pick<ModelVersion, 'name' | 'version' | 'source' | 'run_id'>): ServeTarget {
  return { kind: 'modelVersion', name: v.name, version: v.version, source: v.source, ...(v.run_id ? { runId: v.run_id } : {}) };
}

function loggedTarget(m: LoggedModel): ServeTarget {
  return { kind: 'loggedModel', modelId: m.info.model_id, name: m.info.name, ...(m.info.artifact_uri ? { artifactUri: m.info.artifact_uri } : {}) };
}

/** An artifact row's model folder: a folder is itself, an `MLmodel` file stands for the folder holding it (`''` at the root). */
export function servedFolderOf(artifactPath: string, isFile: boolean): string {
  const parts = artifactPath.split('/').filter(Boolean);
  if (!isFile || parts[parts.length - 1] !== MLMODEL_FILE) return artifactPath;
  return parts.slice(0, -1).join('/');
}

/** The target a tree node or automation argument names directly; `{ runId }` alone means "a model of this run". */
export function directTarget(arg: unknown): ServeTarget | { runId: string } | undefined {
  const kind = field(arg, 'kind');
  if (kind === 'version') return versionTarget(field(arg, 'version') as ModelVersion);
  if (kind === 'loggedModel') return loggedTarget(field(arg, 'model') as LoggedModel);
  const runId = text(field(arg, 'runId'));
  if (kind === 'artifact' && runId) return { kind: 'runArtifact', runId, path: servedFolderOf(String(field(arg, 'path') ?? ''), field(arg, 'isDir') === false) };
  const artifactPath = field(arg, 'artifactPath');
  if (runId && typeof artifactPath === 'string') return { kind: 'runArtifact', runId, path: artifactPath };
  if (runId && (kind === 'run' || kind === undefined)) return { runId };
  const modelName = text(field(arg, 'modelName'));
  const version = text(field(arg, 'version'));
  if (modelName && version) return { kind: 'modelVersion', name: modelName, version, source: '' };
  return undefined;
}

/** The run's model folders: top-level artifact folders holding an MLmodel (where `log_model` puts them), or the root itself. */
export async function modelFoldersOfRun(store: TrackingStore, runId: string, signal?: AbortSignal): Promise<string[]> {
  const root = await store.listArtifacts(runId, '', signal);
  if (root.some((f) => !f.is_dir && f.path === MLMODEL_FILE)) return [''];
  const folders: string[] = [];
  for (const dir of root.filter((f) => f.is_dir)) {
    const inside = await store.listArtifacts(runId, dir.path, signal);
    if (inside.some((f) => !f.is_dir && f.path.split('/').pop() === MLMODEL_FILE)) folders.push(dir.path);
  }
  return folders;
}

/** A registered version named only by name and number (automation): its source and run from the registry. */
export async function completeVersion(store: TrackingStore, target: Extract<ServeTarget, { kind: 'modelVersion' }>, signal?: AbortSignal): Promise<ServeTarget> {
  if (target.source !== '' || !store.listModelVersions) return target;
  const found = (await store.listModelVersions(target.name, signal)).find((v) => v.version === target.version);
  if (!found) throw new Error(`${target.name} has no version ${target.version} in ${store.uri}.`);
  return versionTarget(found);
}
