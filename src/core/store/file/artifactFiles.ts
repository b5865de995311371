/** Listing and reading a run's local artifacts; nothing outside the artifact root is reached. */
import fs from 'node:fs';
import path from 'node:path';
import type { FileInfo } from '../../model/entities';
import { normalizeArtifactPath, resolveArtifactPath, isInside } from '../../artifacts/artifactPath';
import { StoreError, throwIfAborted } from '../storeErrors';

/** The entries of one artifact folder (`relPath` already checked by `normalizeArtifactPath`). */
export async function listArtifactFolder(root: string, relPath: string | undefined, signal?: AbortSignal): Promise<FileInfo[]> {
  const rel = normalizeArtifactPath(relPath);
  if (rel === '' && !(await fs.promises.stat(root).then((s) => s.isDirectory(), () => false))) return [];
  const target = await resolveArtifactPath(root, relPath);
  const realRoot = await fs.promises.realpath(root);
  let dirents: fs.Dirent[];
  try {
    dirents = await fs.promises.readdir(target.path, { withFileTypes: true });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOTDIR') return [];
    throw new StoreError('notFound', `Cannot list artifacts in ${target.path}.`, target.path, { cause: e });
  }
  const out: FileInfo[] = [];
  for (const d of dirents) {
    throwIfAborted(signal);
    const abs = path.join(target.path, d.name);
    const rel = target.relative === '' ? d.name : `${target.relative}/${d.name}`;
    let st: fs.Stats;
    try {
      if (d.isSymbolicLink()) {
        const real = await fs.promises.realpath(abs);
        if (!isInside(realRoot, real)) continue; // a link leading out of the artifact root is not shown
      }
      st = await fs.promises.stat(abs);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push({ path: rel, is_dir: true });
    else if (st.isFile()) out.push({ path: rel, is_dir: false, file_size: st.size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function readArtifactFile(root: string, relPath: string, signal?: AbortSignal): Promise<Uint8Array> {
  const target = await resolveArtifactPath(root, relPath);
  throwIfAborted(signal);
  try {
    return await fs.promises.readFile(target.path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EISDIR') throw new StoreError('invalidArgument', `Artifact '${target.relative}' is a folder.`, target.path);
    throw new StoreError('notFound', `Cannot read artifact ${target.path}.`, target.path, { cause: e });
  }
}
