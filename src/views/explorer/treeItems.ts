import * as vscode from 'vscode';
import { CommandIds } from '../../shared/commandIds';
import { artifactUriParts } from './artifactUriPath';
import { fadedUri } from './fadedDecoration';
import type { ExplorerNode } from './nodes';
import { present, type NodePresentation } from './presentation';

export const ARTIFACT_SCHEME = 'mlflow-artifact';

/**
 * The read-only URI under which a run's artifact file is opened (served by `artifactFileSystem.ts`):
 * the run's name in the path editors show, its id where the file system finds the run.
 */
export function artifactUri(runId: string, artifactPath: string, runName?: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ARTIFACT_SCHEME, ...artifactUriParts(runId, artifactPath, runName) });
}

/**
 * The TreeItem both views draw from a presentation, without its tooltip: that is given on hover
 * (`tooltipOf`, through the providers' `resolveTreeItem`). A tooltip in the item made the workbench
 * parse its Markdown each time it drew the row, and the extension host convert it for every row
 * sent; a store's first listing repaints dozens of rows while its counts arrive.
 */
export function treeItemOf(id: string, p: NodePresentation): vscode.TreeItem {
  const item = new vscode.TreeItem(p.label, p.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.accessibilityInformation = { label: p.description ? `${p.label}, ${p.description}` : p.label };
  item.contextValue = p.contextValue;
  if (p.description !== undefined) item.description = p.description;
  if (p.icon) item.iconPath = new vscode.ThemeIcon(p.icon.id, p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined);
  return item;
}

/**
 * A row's tooltip. It is untrusted Markdown: no HTML, no command links; screen readers get the
 * label and description, not the tooltip's Markdown source.
 */
export function tooltipOf(markdown: string | undefined): vscode.MarkdownString | undefined {
  if (markdown === undefined) return undefined;
  const tooltip = new vscode.MarkdownString(markdown, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  return tooltip;
}

/** Maps a plain node to a TreeItem. */
export function toTreeItem(node: ExplorerNode, now: number): vscode.TreeItem {
  const p = present(node, now);
  const item = treeItemOf(node.id, p);
  if (p.faded) item.resourceUri = fadedUri(node.id);
  if (node.kind === 'artifact') {
    item.resourceUri = artifactUri(node.runId, node.path, node.runName);
    if (!node.isDir) {
      item.command = { command: CommandIds.openArtifact, title: 'Open Artifact', arguments: [node] };
    }
  } else if (node.kind === 'loadMore') {
    item.command = { command: CommandIds.loadMore, title: 'Load More', arguments: [node] };
  } else if (node.kind === 'problem' && node.action === 'enterCredentials') {
    item.command = { command: CommandIds.enterCredentials, title: 'Enter Credentials' };
  }
  return item;
}
