/**
 * The one place that turns a caller's artifact path into a file path: relative to the run's
 * artifact root, and never outside it (no `..`, no absolute paths, no symlink leading out).
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../store/storeErrors';

/**
 * Validates a relative artifact path and returns it normalised (`a/b`, `''` for the root).
 * Throws `invalidArgument` for absolute paths, drive letters, `..` segments, NUL bytes.
 */
export function normalizeArtifactPath(rel: string | undefined): string {
  if (rel === undefined) return '';
  if (rel.includes('\0')) throw new StoreError('invalidArgument', 'Invalid artifact path: it contains a NUL byte.');
  const p = rel.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) {
    throw new StoreError('invalidArgument', `Invalid artifact path '${rel}': it must be relative to the run's artifact root.`);
  }
  const segments = p.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) {
    throw new StoreError('invalidArgument', `Invalid artifact path '${rel}': '..' is not allowed.`);
  }
  return segments.join('/');
}

/** True when `child` is `parent` or inside it (both already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `rel` under `root`, following symlinks, and checks the real path stays inside the
 * real root. Throws `invalidArgument` on an escape, `notFound` when the path does not exist.
 */
export async function resolveArtifactPath(root: string, rel: string | undefined): Promise<{ path: string; relative: string }> {
  const relative = normalizeArtifactPath(rel);
  const joined = relative === '' ? root : path.join(root, ...relative.split('/'));
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.promises.realpath(root);
  } catch (e) {
    throw new StoreError('notFound', `The artifact root ${root} does not exist.`, root, { cause: e });
  }
  try {
    real = await fs.promises.realpath(joined);
  } catch (e) {
    throw new StoreError('notFound', `No artifact '${relative}' under ${root}.`, joined, { cause: e });
  }
  if (!isInside(realRoot, real)) {
    throw new StoreError('invalidArgument', `Artifact '${relative}' leads outside the run's artifact root.`, joined);
  }
  return { path: joined, relative };
}
