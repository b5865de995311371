/**
 * Bounded reads of one artifact: its size from the store's listing (MLflow's `file_size`, which a
 * tracking server sends too) before any byte is read, and the first bytes of a local file without
 * reading the rest. A server store is only read whole when the listing says the file fits.
 */
import fs from 'node:fs';
import type { FileInfo } from '../model/entities';
import { StoreError, throwIfAborted } from '../store/storeErrors';
import type { TrackingStore } from '../store/trackingStore';
import { normalizeArtifactPath, resolveArtifactPath } from './artifactPath';
import { formatBytes } from './sizeGuard';

/** The store's listing entry of one artifact (file or folder); `notFound` when the listing lacks it. */
export async function artifactEntry(store: TrackingStore, runId: string, artifactPath: string, signal?: AbortSignal): Promise<FileInfo> {
  const rel = normalizeArtifactPath(artifactPath);
  if (rel === '') return { path: '', is_dir: true };
  const slash = rel.lastIndexOf('/');
  const parent = slash >= 0 ? rel.slice(0, slash) : '';
  const entries = await store.listArtifacts(runId, parent || undefined, signal);
  const entry = entries.find((e) => e.path.replace(/\/+$/, '') === rel);
  if (!entry) throw new StoreError('notFound', `Run ${runId} has no artifact '${rel}'.`, store.uri);
  return entry;
}

export interface ArtifactHead {
  bytes: Uint8Array;
  /** The whole file's size, from the listing. */
  size: number;
  /** True when `bytes` is only the start of the file. */
  truncated: boolean;
}

/** The local file behind an artifact, when the store keeps its artifacts on this machine. */
export async function localArtifactFile(store: TrackingStore, runId: string, artifactPath: string, signal?: AbortSignal): Promise<string | undefined> {
  const root = await store.getArtifactRoot(runId, signal);
  if (!root.localPath) return undefined;
  return (await resolveArtifactPath(root.localPath, artifactPath)).path;
}

/** Reads at most `length` bytes from the start of a local file; nothing past them is read. */
export async function readFileHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The first `maxBytes` of an artifact. A local file is read up to that bound only; a server's file
 * is fetched only when its listed size fits, since MLflow's artifact endpoints answer whole files.
 */
export async function readArtifactHead(
  store: TrackingStore,
  runId: string,
  artifactPath: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<ArtifactHead> {
  const entry = await artifactEntry(store, runId, artifactPath, signal);
  if (entry.is_dir) throw new StoreError('invalidArgument', `Artifact '${entry.path}' is a folder.`, store.uri);
  throwIfAborted(signal);
  const local = await localArtifactFile(store, runId, artifactPath, signal);
  if (local !== undefined) {
    const size = (await fs.promises.stat(local)).size;
    const bytes = await readFileHead(local, Math.min(size, maxBytes));
    return { bytes, size, truncated: bytes.length < size };
  }
  const size = entry.file_size;
  if (size === undefined || size > maxBytes) {
    throw new StoreError(
      'unsupported',
      `Artifact '${entry.path}' is ${size === undefined ? 'of unknown size' : formatBytes(size)} on ${store.uri}: the server only sends whole files, ` +
        `so it is not previewed here. Download it instead.`,
      store.uri,
    );
  }
  const bytes = await store.readArtifact(runId, entry.path, signal);
  return { bytes, size: bytes.length, truncated: false };
}

/**
 * Copies one artifact file to `target`, which must not exist yet (`exists` when it does: nothing is
 * overwritten). A local file is copied by the file system, never buffered whole.
 */
export async function copyArtifactFile(
  store: TrackingStore,
  runId: string,
  artifactPath: string,
  target: string,
  signal?: AbortSignal,
): Promise<void> {
  throwIfAborted(signal);
  const local = await localArtifactFile(store, runId, artifactPath, signal);
  try {
    if (local !== undefined) {
      await fs.promises.copyFile(local, target, fs.constants.COPYFILE_EXCL);
    } else {
      const bytes = await store.readArtifact(runId, artifactPath, signal);
      await fs.promises.writeFile(target, bytes, { flag: 'wx' });
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') {
      throw new StoreError('invalidArgument', `${target} already exists; it was not overwritten.`, target, { cause: e });
    }
    throw e;
  }
}

/** Bound on one download, so a folder of millions of files cannot hang the window. */
export const MAX_TREE_FILES = 10_000;

/** Every file under an artifact folder (or the file itself), depth first, up to `MAX_TREE_FILES`. */
export async function listArtifactFiles(
  store: TrackingStore,
  runId: string,
  artifactPath: string,
  signal?: AbortSignal,
  limit = MAX_TREE_FILES,
): Promise<FileInfo[]> {
  const top = await artifactEntry(store, runId, artifactPath, signal);
  if (!top.is_dir) return [top];
  const files: FileInfo[] = [];
  const pending = [top.path];
  while (pending.length > 0) {
    throwIfAborted(signal);
    const folder = pending.pop() ?? '';
    for (const entry of await store.listArtifacts(runId, folder || undefined, signal)) {
      const rel = normalizeArtifactPath(entry.path);
      if (entry.is_dir) pending.push(rel);
      else files.push({ ...entry, path: rel });
      if (files.length > limit) {
        throw new StoreError('unsupported', `'${artifactPath || 'the artifact root'}' holds more than ${limit} files; download fewer at a time.`, store.uri);
      }
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
