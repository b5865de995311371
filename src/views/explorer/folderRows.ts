/**
 * The folder rows of the Experiments view (`experimentFolders.ts` decides the grouping): the root's
 * rows from the experiment rows the provider listed, a folder's rows when it expands, and a folder's
 * repaint when the counts of an experiment inside change (once per batch of counts, however many of
 * its experiments were counted). Folders are regrouped at every root listing, from the experiment list
 * already read: no store read of their own.
 */
import { experimentsAsShown, experimentsInTreeOrder, folderChain, groupExperiments, type ExperimentFolder, type FolderSeparator, type FolderTree } from './experimentFolders';
import type { NodeRegistry } from './nodeRegistry';
import type { ExperimentNode, ExplorerNode, FolderNode } from './nodes';

export interface FolderRowsDeps {
  nodes: NodeRegistry;
  separator(): FolderSeparator;
  repaint(node: ExplorerNode): void;
}

export class FolderRows {
  private tree: FolderTree | undefined;
  private readonly repaintsDue = new Set<string>();

  constructor(private readonly deps: FolderRowsDeps) {}

  /**
   * The root's rows for these experiment rows (registered, in the store's order): folders first, then
   * the experiments outside any folder. Every row's folder is recorded as its parent, so a run inside
   * a folder can be revealed before the folder was ever expanded. Every experiment row learns its
   * place in the tree's order, by which Open Runs Table lists a selection of rows.
   */
  rootRows(experiments: readonly ExperimentNode[]): ExplorerNode[] {
    const tree = groupExperiments(
      experiments.map((node) => node.experiment),
      this.deps.separator(),
    );
    this.tree = tree;
    const rows = new Map(experiments.map((node) => [node.experimentId, node]));
    for (const node of experiments) node.shortName = tree.folderOf.has(node.experimentId) ? tree.labels.get(node.experimentId) : undefined;
    const rowsOf = (list: readonly { experiment_id: string }[]) => list.map((e) => rows.get(e.experiment_id)!);
    experimentsInTreeOrder(tree).forEach((e, index) => (rows.get(e.experiment_id)!.treeOrder = index));
    for (const folder of tree.byId.values()) {
      const node = this.deps.nodes.intern<FolderNode>({
        kind: 'folder',
        id: folder.id,
        name: folder.name,
        path: folder.path,
        experimentIds: experimentsAsShown(folder).map((e) => e.experiment_id),
        experiments: rowsOf(folder.allExperiments),
      });
      this.deps.nodes.listedUnder(rowsOf(folder.experiments), node);
      if (folder.parent) this.deps.nodes.listedUnder([node], this.deps.nodes.get(folder.parent.id));
    }
    return [...this.folderRows(tree.folders), ...rowsOf(tree.experiments)];
  }

  /** What a folder shows: its subfolders, then its experiments; nothing once it is gone from the list. */
  childrenOf(folder: FolderNode): ExplorerNode[] {
    const current = this.tree?.byId.get(folder.id);
    if (!current) return [];
    const rows = new Map(folder.experiments.map((node) => [node.experimentId, node]));
    return [...this.folderRows(current.folders), ...current.experiments.map((e) => rows.get(e.experiment_id)!)];
  }

  /** An experiment's counts changed: the folders around it sum them, so they repaint (once per batch). */
  experimentCountChanged(experimentId: string): void {
    const chain = folderChain(this.tree?.folderOf.get(experimentId));
    if (chain.length === 0) return;
    const first = this.repaintsDue.size === 0;
    for (const folder of chain) this.repaintsDue.add(folder.id);
    if (first) queueMicrotask(() => this.flushRepaints());
  }

  private flushRepaints(): void {
    const due = [...this.repaintsDue];
    this.repaintsDue.clear();
    for (const id of due) {
      const node = this.deps.nodes.get(id);
      if (node?.kind === 'folder') this.deps.repaint(node);
    }
  }

  private folderRows(folders: readonly ExperimentFolder[]): FolderNode[] {
    return folders.map((f) => this.deps.nodes.get(f.id) as FolderNode);
  }
}
