/**
 * Finds a run's artifacts on this machine (tracking-stores.md section 7): the recorded
 * `artifact_uri` names the author's disk and goes stale when a store is moved or committed.
 *  1. `<run dir>/artifacts`;  2. the decoded recorded URI;  3. re-rooted: the suffix
 *  `<exp_id>/<run_id>/artifacts[/…]` under the store root, its `.trash/`, a sibling `mlruns/` and a
 *  sibling `mlartifacts/` (`mlflow-artifacts:`);  4. otherwise "not available locally".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactRoot } from '../trackingStore';
import { decodeLocation, pathSegments } from '../locationUri';

export interface ArtifactRootQuery {
  storeRoot: string;
  runDir: string;
  experimentId: string;
  runId: string;
  recordedUri: string;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The path relative to an artifact store root: from `<exp>/<run>` on, else `<exp>/<run>/artifacts`. */
export function reRootSuffix(decodedPath: string, experimentId: string, runId: string): string[] {
  const segs = pathSegments(decodedPath);
  for (let i = segs.length - 2; i >= 0; i--) {
    if (segs[i] === experimentId && segs[i + 1] === runId) return segs.slice(i);
  }
  return [experimentId, runId, 'artifacts'];
}

/** Candidate local folders, in the order they are tried. */
export function artifactRootCandidates(q: ArtifactRootQuery): string[] {
  const decoded = decodeLocation(q.recordedUri);
  const parent = path.dirname(q.storeRoot);
  const out: string[] = [path.join(q.runDir, 'artifacts')];
  let suffix = [q.experimentId, q.runId, 'artifacts'];
  if (decoded.kind === 'local') {
    if (decoded.path !== '') {
      // A relative path was relative to the writer's cwd, usually the folder holding mlruns/.
      out.push(decoded.absolute ? path.normalize(decoded.path) : path.resolve(parent, decoded.path));
    }
    suffix = reRootSuffix(decoded.path, q.experimentId, q.runId);
  } else if (decoded.kind === 'mlflowArtifacts') {
    suffix = reRootSuffix(decoded.path, q.experimentId, q.runId);
    out.push(path.join(parent, 'mlartifacts', ...suffix));
  }
  if (decoded.kind !== 'remote') {
    out.push(
      path.join(q.storeRoot, ...suffix),
      path.join(q.storeRoot, '.trash', ...suffix),
      path.join(parent, 'mlruns', ...suffix),
      path.join(parent, 'mlartifacts', ...suffix),
    );
  }
  return [...new Set(out)];
}

/** The recorded path ends with `<exp_id>/<run_id>/artifacts`: the file store's own layout. */
function isOwnRunFolder(decodedPath: string, q: ArtifactRootQuery): boolean {
  const segs = pathSegments(decodedPath);
  const n = segs.length;
  return n >= 3 && segs[n - 1] === 'artifacts' && segs[n - 2] === q.runId && segs[n - 3] === q.experimentId;
}

/**
 * Resolves where the run's artifacts are; never throws. `localPath` may name a folder that does
 * not exist when the run simply has no artifacts (its own `artifacts/` folder was never created).
 */
export async function resolveArtifactRoot(q: ArtifactRootQuery): Promise<ArtifactRoot> {
  const candidates = artifactRootCandidates(q);
  for (const c of candidates) {
    if (await isDir(c)) return { recordedUri: q.recordedUri, localPath: c };
  }
  const decoded = decodeLocation(q.recordedUri);
  if (decoded.kind === 'local' && isOwnRunFolder(decoded.path, q)) {
    // The URI named this run's own `artifacts/` folder in a file store: the run logged no
    // artifacts (or Git dropped the empty folder). That is an empty tree, not a missing one.
    return { recordedUri: q.recordedUri, localPath: candidates[0]! };
  }
  if (decoded.kind === 'remote') {
    return {
      recordedUri: q.recordedUri,
      unavailableReason: `The artifacts are stored remotely (${decoded.scheme}:), which a local store cannot read; no local copy in ${candidates[0]}.`,
    };
  }
  return {
    recordedUri: q.recordedUri,
    unavailableReason: `The artifacts are not available locally: ${q.recordedUri || '(no artifact URI)'} does not exist here, nor does ${candidates[0]}.`,
  };
}
