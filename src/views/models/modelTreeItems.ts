import * as vscode from 'vscode';
import { CommandIds } from '../../shared/commandIds';
import type { ModelNode } from './modelNodes';
import { presentModelNode } from './modelPresentation';

/** Maps a Models-view node to a TreeItem. Tooltips are untrusted Markdown: no HTML, no command links. */
export function toModelTreeItem(node: ModelNode): vscode.TreeItem {
  const p = presentModelNode(node);
  const item = new vscode.TreeItem(p.label, p.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.accessibilityInformation = { label: p.description ? `${p.label}, ${p.description}` : p.label };
  item.contextValue = p.contextValue;
  if (p.description !== undefined) item.description = p.description;
  if (p.tooltipMarkdown !== undefined) {
    const tooltip = new vscode.MarkdownString(p.tooltipMarkdown, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
  }
  if (p.icon) item.iconPath = new vscode.ThemeIcon(p.icon.id, p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined);
  if (node.kind === 'sourceRun') {
    item.command = { command: CommandIds.revealModelRun, title: 'Show Source Run', arguments: [node] };
  } else if (node.kind === 'loadMore') {
    item.command = { command: CommandIds.loadMoreModels, title: 'Load More Models', arguments: [node] };
  }
  return item;
}
