/** A plain-data window on the Models tree, returned from `activate()` for the integration tests. */
import * as vscode from 'vscode';
import type { PlainTreeNode } from '../explorer/explorerApi';
import type { ModelsProvider } from './modelsProvider';

export interface ModelsApi {
  /** Children of the node with this id (the root when omitted), as the view shows them. */
  children(parentId?: string): Promise<PlainTreeNode[]>;
  readonly onDidChange: vscode.Event<string | undefined>;
}

export function createModelsApi(provider: ModelsProvider): ModelsApi & vscode.Disposable {
  const emitter = new vscode.EventEmitter<string | undefined>();
  const listener = provider.onDidChangeTreeData((node) => emitter.fire(node?.id));
  return {
    onDidChange: emitter.event,
    async children(parentId) {
      const parent = parentId === undefined ? undefined : provider.nodeById(parentId);
      if (parentId !== undefined && !parent) throw new Error(`no Models node with id ${parentId} has been shown`);
      const nodes = await provider.getChildren(parent);
      return nodes.map((node) => {
        // As the workbench shows it: the tooltip is the one a hover resolves.
        const item = provider.resolveTreeItem(provider.getTreeItem(node), node);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
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
