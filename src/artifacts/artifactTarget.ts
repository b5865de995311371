/** An artifact a command was invoked on (a tree node, or the same shape from automation), and its URIs. */
import * as vscode from 'vscode';
import { normalizeArtifactPath } from '../core/artifacts/artifactPath';
import { headQuery } from '../views/explorer/artifactUriPath';
import { artifactUri } from '../views/explorer/treeItems';

export interface ArtifactTarget {
  runId: string;
  path: string;
  runName?: string;
  isDir: boolean;
  /** From the listing, when the caller had it. */
  size?: number;
}

/** The artifact `value` names, checked (`..` and absolute paths refused); undefined when it is not one. */
export function artifactTargetOf(value: unknown): ArtifactTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.kind !== 'artifact' || typeof v.runId !== 'string' || typeof v.path !== 'string') return undefined;
  return {
    runId: v.runId,
    path: normalizeArtifactPath(v.path),
    isDir: v.isDir === true,
    ...(typeof v.runName === 'string' ? { runName: v.runName } : {}),
    ...(typeof v.size === 'number' ? { size: v.size } : {}),
  };
}

/** The artifacts a context-menu command was invoked on: the selection when there is one, else the clicked item. */
export function selectedArtifacts(clicked: unknown, selection: unknown): ArtifactTarget[] {
  const all = Array.isArray(selection) && selection.length > 0 ? selection : [clicked];
  return all.map(artifactTargetOf).filter((t): t is ArtifactTarget => t !== undefined);
}

/** The read-only URI of the whole file, or of its first `headBytes` only. */
export function targetUri(target: ArtifactTarget, headBytes?: number): vscode.Uri {
  const uri = artifactUri(target.runId, target.path, target.runName);
  return headBytes === undefined ? uri : uri.with({ query: headQuery(headBytes) });
}
