/**
 * Where a SQLite-tracked run's artifacts are on this machine. The database records an
 * `artifact_uri` from the machine that wrote it; when that path does not exist here (the store was
 * moved or copied) the `<experiment>/<run>/artifacts` suffix is looked for next to the database:
 * in the database's folder, a sibling `mlartifacts/` (what `mlflow server` uses) and `mlruns/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactRoot } from '../trackingStore';
import { decodeLocation } from '../locationUri';
import { reRootSuffix } from '../file/artifactRoot';

export interface SqliteArtifactQuery {
  /** Folder holding the database file. */
  databaseDir: string;
  experimentId: string;
  runId: string;
  recordedUri: string;
}

/** Candidate folders, in the order they are tried. */
export function sqliteArtifactCandidates(q: SqliteArtifactQuery): string[] {
  const decoded = decodeLocation(q.recordedUri);
  if (decoded.kind === 'remote') return [];
  const out: string[] = [];
  if (decoded.kind === 'local' && decoded.path !== '') {
    // A 1.x database may hold `./mlruns/0/<run>/artifacts`, relative to the writer's cwd.
    out.push(decoded.absolute ? path.normalize(decoded.path) : path.resolve(q.databaseDir, decoded.path));
  }
  const suffix = reRootSuffix(decoded.path, q.experimentId, q.runId);
  if (decoded.kind === 'mlflowArtifacts') out.push(path.join(q.databaseDir, 'mlartifacts', ...suffix));
  out.push(
    path.join(q.databaseDir, 'mlartifacts', ...suffix),
    path.join(q.databaseDir, 'mlruns', ...suffix),
    path.join(q.databaseDir, ...suffix),
  );
  return [...new Set(out)];
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function resolveSqliteArtifactRoot(q: SqliteArtifactQuery): Promise<ArtifactRoot> {
  const decoded = decodeLocation(q.recordedUri);
  if (decoded.kind === 'remote') {
    return {
      recordedUri: q.recordedUri,
      unavailableReason: `The artifacts are stored remotely (${decoded.scheme}:), which the SQLite store cannot read.`,
    };
  }
  const candidates = sqliteArtifactCandidates(q);
  for (const candidate of candidates) {
    if (await isDirectory(candidate)) return { recordedUri: q.recordedUri, localPath: candidate };
  }
  return {
    recordedUri: q.recordedUri,
    unavailableReason: `The artifacts are not available locally: ${q.recordedUri || '(no artifact URI)'} does not exist here, nor does ${candidates[1] ?? candidates[0] ?? q.databaseDir}.`,
  };
}
