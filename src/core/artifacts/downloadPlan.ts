/**
 * Where downloaded artifacts go: a file lands as `<folder>/<its name>`, a folder as `<folder>/<its
 * name>/…` with its tree. Nothing is overwritten unless the user chose to; "keep both" picks the
 * first free `name (1).ext`. Every target is checked to stay inside the chosen folder.
 */
import path from 'node:path';
import type { FileInfo } from '../model/entities';
import { StoreError } from '../store/storeErrors';
import { isInside, normalizeArtifactPath } from './artifactPath';

export interface DownloadStep {
  artifactPath: string;
  target: string;
  size?: number;
}

export interface DownloadPlan {
  /** The file or folder created directly in the chosen folder. */
  topLevel: string;
  steps: DownloadStep[];
}

/** The name a download gets in the folder: the artifact's last segment, or `artifacts` for the root. */
export function topLevelName(artifactPath: string, runLabel: string): string {
  const rel = normalizeArtifactPath(artifactPath);
  return rel === '' ? `${runLabel}-artifacts` : rel.slice(rel.lastIndexOf('/') + 1);
}

/** `name.ext` → `name (1).ext`, `name (2).ext`… until `exists` says no (folders: `name (1)`). */
export function freeName(name: string, exists: (candidate: string) => boolean, isFolder: boolean): string {
  if (!exists(name)) return name;
  const dot = isFolder ? -1 : name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * The copies that put `files` (from `listArtifactFiles`) under `folder/topLevel`. Throws
 * `invalidArgument` if any target would leave `folder` (a hostile name the listing let through).
 */
export function planDownload(folder: string, artifactPath: string, isDir: boolean, files: readonly FileInfo[], topLevel: string): DownloadPlan {
  const base = normalizeArtifactPath(artifactPath);
  const top = path.join(folder, topLevel);
  const steps = files.map((f) => {
    const rel = normalizeArtifactPath(f.path);
    const inside = isDir ? (base === '' ? rel : rel.slice(base.length + 1)) : '';
    const target = inside === '' ? top : path.join(top, ...inside.split('/'));
    if (!isInside(path.resolve(folder), path.resolve(target)) || (isDir && !rel.startsWith(base === '' ? '' : `${base}/`))) {
      throw new StoreError('invalidArgument', `Artifact '${f.path}' would be written outside ${folder}; nothing was downloaded.`, folder);
    }
    return { artifactPath: rel, target, ...(f.file_size !== undefined ? { size: f.file_size } : {}) };
  });
  return { topLevel: top, steps };
}
