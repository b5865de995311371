/**
 * Which parts of the explorer a batch of file changes in a file store affects, so the tree refreshes
 * only those experiment nodes (no whole-tree refresh, no flicker). Pure path logic, no `vscode`.
 */
import path from 'node:path';

export interface AffectedNodes {
  /** The experiment list itself changed (an experiment folder appeared, vanished or moved to .trash). */
  root: boolean;
  /** Experiments whose runs or metadata changed. */
  experimentIds: Set<string>;
}

/** Folders at the root of a file store that are not experiments. */
const NON_EXPERIMENT_ROOT_ENTRIES = new Set(['models']);

export function routeChanges(storeRoot: string, changedPaths: Iterable<string>): AffectedNodes {
  const affected: AffectedNodes = { root: false, experimentIds: new Set() };
  const root = path.resolve(storeRoot);
  for (const changed of changedPaths) {
    const relative = path.relative(root, path.resolve(changed));
    if (relative === '') {
      affected.root = true;
      continue;
    }
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const segments = relative.split(path.sep);
    const first = segments[0] ?? '';
    if (NON_EXPERIMENT_ROOT_ENTRIES.has(first)) continue;
    if (first === '.trash' || segments.length === 1) affected.root = true;
    else affected.experimentIds.add(first);
  }
  return affected;
}
