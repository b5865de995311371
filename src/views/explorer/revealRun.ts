/**
 * Shows a run in the Experiments view as soon as the store has it (a run just started by the launcher):
 * its experiment is re-read, listed, expanded, and the run selected, nested under its parent if it has one.
 */
import type * as vscode from 'vscode';
import type { ExplorerProvider } from './explorerProvider';
import { parentRunId, type ExplorerNode } from './nodes';

export async function revealRun(provider: ExplorerProvider, view: vscode.TreeView<ExplorerNode>, runId: string, experimentId: string): Promise<boolean> {
  provider.refreshExperiments([experimentId]);
  let experiment = provider.nodeById(`exp:${experimentId}`);
  if (!experiment) {
    provider.refreshExperimentList();
    await provider.getChildren(undefined);
    experiment = provider.nodeById(`exp:${experimentId}`);
  }
  if (!experiment) return false;
  await provider.getChildren(experiment);
  const run = provider.nodeById(`run:${runId}`);
  if (!run) return false;
  await listAncestors(provider, run, 0);
  await view.reveal(run, { select: true, focus: false, expand: false });
  return true;
}

/** A nested run is listed only once its parent run is expanded: list its ancestors, outermost first. */
async function listAncestors(provider: ExplorerProvider, node: ExplorerNode, depth: number): Promise<void> {
  if (provider.getParent(node) || node.kind !== 'run' || depth > 16) return;
  const parentId = parentRunId(node.run);
  const parent = parentId ? provider.nodeById(`run:${parentId}`) : undefined;
  if (!parent) return;
  await listAncestors(provider, parent, depth + 1);
  await provider.getChildren(parent);
}
