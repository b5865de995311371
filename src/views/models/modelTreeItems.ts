import * as vscode from 'vscode';
import { CommandIds } from '../../shared/commandIds';
import type { ModelNode } from './modelNodes';
import { treeItemOf } from '../explorer/treeItems';
import { presentModelNode } from './modelPresentation';

/** Maps a Models-view node to a TreeItem (drawn as the Experiments view draws its rows). */
export function toModelTreeItem(node: ModelNode): vscode.TreeItem {
  const item = treeItemOf(node.id, presentModelNode(node));
  if (node.kind === 'sourceRun') {
    item.command = { command: CommandIds.revealModelRun, title: 'Show Source Run', arguments: [node] };
  } else if (node.kind === 'loadMore') {
    item.command = { command: CommandIds.loadMoreModels, title: 'Load More Models', arguments: [node] };
  }
  return item;
}
