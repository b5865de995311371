/**
 * A plain-data window on the Experiments tree, returned from `activate()`: the integration tests (and
 * other extensions) read what the view shows without scraping the UI.
 */
import * as vscode from 'vscode';
import type { ExplorerProvider } from './explorerProvider';

export interface PlainTreeNode {
  id: string;
  kind: string;
  label: string;
  description?: string;
  /** Tooltip Markdown source (escaped store data). */
  tooltip?: string;
  contextValue?: string;
  icon?: string;
  expandable: boolean;
}

export interface ExplorerApi {
  /** Children of the node with this id (the experiments when omitted), as the view shows them. */
  children(parentId?: string): Promise<PlainTreeNode[]>;
  /** Fires with the id of the node that is repainted, or undefined for the whole tree. */
  readonly onDidChange: vscode.Event<string | undefined>;
}

export function createExplorerApi(provider: ExplorerProvider): ExplorerApi & vscode.Disposable {
  const emitter = new vscode.EventEmitter<string | undefined>();
  const listener = provider.onDidChangeTreeData((node) => emitter.fire(node?.id));
  return {
    onDidChange: emitter.event,
    async children(parentId) {
      const parent = parentId === undefined ? undefined : provider.nodeById(parentId);
      if (parentId !== undefined && !parent) throw new Error(`no tree node with id ${parentId} has been shown`);
      const nodes = await provider.getChildren(parent);
      return nodes.map((node) => {
        const item = provider.getTreeItem(node);
        const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
        return {
          id: node.id,
          kind: node.kind,
          label,
          ...(typeof item.description === 'string' ? { description: item.description } : {}),
          ...(item.tooltip instanceof vscode.MarkdownString ? { tooltip: item.tooltip.value } : {}),
          ...(item.contextValue !== undefined ? { contextValue: item.contextValue } : {}),
          ...(item.iconPath instanceof vscode.ThemeIcon ? { icon: item.iconPath.id } : {}),
          expandable: item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
        };
      });
    },
    dispose() {
      listener.dispose();
      emitter.dispose();
    },
  };
}
