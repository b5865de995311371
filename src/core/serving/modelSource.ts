/**
 * What `mlflow models serve -m` is given for a model shown in MLflow Lens, and how its files are read.
 * A store on this machine hands MLflow the model's folder: the artifact location MLflow recorded may
 * point at the machine the store was written on (a copied `mlruns/`), which the stores already map to
 * where the artifacts really are. A tracking server's models go as `runs:/` or `models:/` URIs, which
 * MLflow downloads itself with the tracking URI and credentials of its environment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeArtifactPath, resolveArtifactPath } from '../artifacts/artifactPath';
import { runsUri, versionUri } from '../registry/registryFacts';
import { StoreError } from '../store/storeErrors';
import type { TrackingStore } from '../store/trackingStore';

export const MLMODEL_FILE = 'MLmodel';

export type ServeTarget =
  /** A model folder of a run's artifacts (or its `MLmodel` file). */
  | { kind: 'runArtifact'; runId: string; path: string }
  | { kind: 'modelVersion'; name: string; version: string; source: string; runId?: string }
  | { kind: 'loggedModel'; modelId: string; name?: string; artifactUri?: string };

export interface ServableModel {
  /** How the model is named to the user: `iris-classifier version 3`, `runs:/<id>/model`. */
  label: string;
  /** What `-m` gets: a local folder, or a URI MLflow resolves. */
  modelUri: string;
  /** The model's local folder, when it has one. */
  localDir?: string;
  /** A file of the model folder as text, or undefined when there is no such file (or it cannot be read from here). */
  readFile(relativePath: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** `models/MLmodel` → `models`: the MLmodel file stands for its folder. */
function modelFolderOf(artifactPath: string): string {
  const normalized = normalizeArtifactPath(artifactPath);
  return normalized === MLMODEL_FILE || normalized.endsWith(`/${MLMODEL_FILE}`) ? normalized.slice(0, -MLMODEL_FILE.length).replace(/\/$/, '') : normalized;
}

function join(folder: string, file: string): string {
  return folder === '' ? file : `${folder}/${file}`;
}

function localFolderModel(label: string, dir: string): ServableModel {
  return {
    label,
    modelUri: dir,
    localDir: dir,
    readFile: async (relativePath) => {
      try {
        const { path: file } = await resolveArtifactPath(dir, relativePath);
        return await fs.promises.readFile(file, 'utf8');
      } catch (error) {
        if (StoreError.is(error, 'notFound') || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

async function fromRunArtifact(store: TrackingStore, runId: string, artifactPath: string, label: string, remoteUri: string, signal?: AbortSignal): Promise<ServableModel> {
  const folder = modelFolderOf(artifactPath);
  const shown = `runs:/${runId}${folder ? `/${folder}` : ''}`;
  const root = await store.getArtifactRoot(runId, signal);
  if (root.localPath) {
    const dir = folder === '' ? root.localPath : path.join(root.localPath, ...folder.split('/'));
    if (!fs.existsSync(path.join(dir, MLMODEL_FILE))) throw new Error(`${shown} is not an MLflow model: ${path.join(dir, MLMODEL_FILE)} does not exist.`);
    return localFolderModel(label, dir);
  }
  if (store.kind !== 'rest') throw new Error(`The artifacts of run ${runId} cannot be read from here: ${root.unavailableReason ?? `nothing at ${root.recordedUri}`}.`);
  const listing = await store.listArtifacts(runId, folder, signal);
  if (!listing.some((f) => !f.is_dir && f.path.split('/').pop() === MLMODEL_FILE)) throw new Error(`${shown} is not an MLflow model: it has no ${MLMODEL_FILE} file.`);
  return {
    label,
    modelUri: remoteUri,
    readFile: async (relativePath, fileSignal) => {
      try {
        return new TextDecoder().decode(await store.readArtifact(runId, join(folder, normalizeArtifactPath(relativePath)), fileSignal));
      } catch (error) {
        if (StoreError.is(error, 'notFound')) return undefined;
        throw error;
      }
    },
  };
}

/** A local folder named by a plain path or a `file:` URI, when it exists here. */
function existingLocalFolder(location: string | undefined): string | undefined {
  if (!location) return undefined;
  let dir: string | undefined;
  if (/^file:/i.test(location)) {
    try {
      dir = fileURLToPath(location);
    } catch {
      return undefined;
    }
  } else if (path.isAbsolute(location)) dir = location;
  return dir && fs.existsSync(path.join(dir, MLMODEL_FILE)) ? dir : undefined;
}

/** Nothing of the model can be read here: MLflow fetches it from the URI. */
function remoteOnly(label: string, modelUri: string): ServableModel {
  return { label, modelUri, readFile: async () => undefined };
}

/** The model to serve, checked to be an MLflow model where its files can be seen. */
export async function resolveServeTarget(store: TrackingStore, target: ServeTarget, signal?: AbortSignal): Promise<ServableModel> {
  switch (target.kind) {
    case 'runArtifact': {
      const folder = modelFolderOf(target.path);
      const uri = `runs:/${target.runId}${folder ? `/${folder}` : ''}`;
      return fromRunArtifact(store, target.runId, folder, uri, uri, signal);
    }
    case 'modelVersion': {
      const label = `${target.name} version ${target.version}`;
      const registryUri = versionUri(target.name, target.version);
      const fromRun = runsUri({ run_id: target.runId ?? '', source: target.source });
      if (fromRun) {
        const [runId, ...rest] = fromRun.slice('runs:/'.length).split('/');
        try {
          return await fromRunArtifact(store, runId as string, rest.join('/'), label, registryUri, signal);
        } catch (error) {
          // The run may be gone while the version's source still exists where it was registered from.
          const local = existingLocalFolder(target.source);
          if (local) return localFolderModel(label, local);
          throw error;
        }
      }
      const local = existingLocalFolder(target.source);
      return local ? localFolderModel(label, local) : remoteOnly(label, registryUri);
    }
    case 'loggedModel': {
      const label = target.name ? `${target.name} (${target.modelId})` : target.modelId;
      const local = existingLocalFolder(target.artifactUri);
      return local ? localFolderModel(label, local) : remoteOnly(label, `models:/${target.modelId}`);
    }
  }
}
