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
  /** The row's resource: an artifact's editor URI, or the decorated URI of a faded (deleted) row. */
  resourceUri?: string;
  expandable: boolean;
}

export interface ExplorerApi {
  /**
   * Children of the node with this id (the experiments when omitted), as the view shows them. Right
   * after a store switch the root waits for the new store's listing unless `waitForSwitch` is false
   * (then it is the placeholder the view shows meanwhile).
   */
  children(parentId?: string, options?: { waitForSwitch?: boolean }): Promise<PlainTreeNode[]>;
  /** The node shown under this id as the view hands it to a context-menu command (for running one as the menu does). */
  commandArgument(id: string): unknown;
  /** Fires with the id of the node that is repainted, or undefined for the whole tree. */
  readonly onDidChange: vscode.Event<string | undefined>;
}

export function createExplorerApi(provider: ExplorerProvider): ExplorerApi & vscode.Disposable {
  const emitter = new vscode.EventEmitter<string | undefined>();
  const listener = provider.onDidChangeTreeData((node) => emitter.fire(node?.id));
  return {
    onDidChange: emitter.event,
    commandArgument: (id) => provider.nodeById(id),
    async children(parentId, options) {
      if (parentId === undefined && options?.waitForSwitch !== false) await provider.whenSwitched();
      const parent = parentId === undefined ? undefined : provider.nodeById(parentId);
      if (parentId !== undefined && !parent) throw new Error(`no tree node with id ${parentId} has been shown`);
      const nodes = await provider.getChildren(parent);
      return nodes.map((node) => {
        // As the workbench shows it: the tooltip is the one a hover resolves.
        const item = provider.resolveTreeItem(provider.getTreeItem(node), node);
        const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
        return {
          id: node.id,
          kind: node.kind,
          label,
          ...(typeof item.description === 'string' ? { description: item.description } : {}),
          ...(item.tooltip instanceof vscode.MarkdownString ? { tooltip: item.tooltip.value } : {}),
          ...(item.contextValue !== undefined ? { contextValue: item.contextValue } : {}),
          ...(item.iconPath instanceof vscode.ThemeIcon ? { icon: item.iconPath.id } : {}),
          ...(item.resourceUri ? { resourceUri: item.resourceUri.toString() } : {}),
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
