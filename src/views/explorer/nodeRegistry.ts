/**
 * One node object per id, and the node each shown node was listed under. VS Code matches refresh
 * events to rows by object, so a node re-listed is the same object updated in place; `getParent`
 * (which `TreeView.reveal` needs) answers from the parents recorded here.
 */
import type { ExplorerNode, RunNode } from './nodes';

export class NodeRegistry {
  private readonly byId = new Map<string, ExplorerNode>();
  private readonly parents = new Map<string, ExplorerNode>();

  get(id: string): ExplorerNode | undefined {
    return this.byId.get(id);
  }

  /** Returns the node already registered under this id, updated in place, or registers the new one. */
  intern<T extends ExplorerNode>(node: T): T {
    const existing = this.byId.get(node.id);
    if (existing && existing.kind === node.kind) {
      Object.assign(existing, node);
      if (node.kind === 'run') (existing as RunNode).childRuns = node.childRuns.map((c) => this.intern(c));
      return existing as T;
    }
    if (node.kind === 'run') node.childRuns = node.childRuns.map((c) => this.intern(c));
    this.byId.set(node.id, node);
    return node;
  }

  parentOf(node: ExplorerNode): ExplorerNode | undefined {
    return this.parents.get(node.id);
  }

  /** Records where these nodes are listed: under `parent`, or at the root when it is undefined. */
  listedUnder(children: readonly ExplorerNode[], parent: ExplorerNode | undefined): void {
    for (const child of children) {
      if (parent) this.parents.set(child.id, parent);
      else this.parents.delete(child.id);
    }
  }
}
