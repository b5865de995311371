/**
 * One node object per id, and the node each shown node was listed under. VS Code matches refresh
 * events to rows by object, so a node re-listed is the same object updated in place; `getParent`
 * (which `TreeView.reveal` needs) answers from the parents recorded here.
 *
 * Only what the tree can still show is kept: a node its parent no longer lists (a run gone from a
 * re-read page, the experiments of a store switched away) is forgotten with everything under it,
 * so the registry does not hold every run ever listed (each run node carries its run).
 */
import type { ExplorerNode, RunNode } from './nodes';

/** The parent key of the nodes listed at the root (node ids are never empty). */
const ROOT = '';

export class NodeRegistry {
  private readonly byId = new Map<string, ExplorerNode>();
  private readonly parents = new Map<string, ExplorerNode>();
  /** Where each node was last listed: its parent's id, or ROOT. */
  private readonly listedIn = new Map<string, string>();
  /** The ids each parent (ROOT for the root) listed last. */
  private readonly childIds = new Map<string, Set<string>>();

  get(id: string): ExplorerNode | undefined {
    return this.byId.get(id);
  }

  /** Nodes held (for tests and the memory bench). */
  get size(): number {
    return this.byId.size;
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
    const key = parent ? parent.id : ROOT;
    const known = this.childIds.get(key) ?? new Set<string>();
    for (const c of children) known.add(c.id);
    this.childIds.set(key, known);
    this.record(children, parent);
  }

  /**
   * Records the whole listing of `parent` (the root when undefined): what it listed before and lists
   * no more is forgotten, with everything under it, unless it was listed elsewhere since.
   */
  relisted(children: readonly ExplorerNode[], parent: ExplorerNode | undefined): void {
    const key = parent ? parent.id : ROOT;
    const before = this.childIds.get(key);
    const listed = new Set(children.map((c) => c.id));
    this.childIds.set(key, listed);
    this.record(children, parent);
    for (const id of before ?? []) if (!listed.has(id) && this.listedIn.get(id) === key) this.forget(id);
  }

  private record(children: readonly ExplorerNode[], parent: ExplorerNode | undefined): void {
    const key = parent ? parent.id : ROOT;
    for (const child of children) {
      if (parent) this.parents.set(child.id, parent);
      else this.parents.delete(child.id);
      this.listedIn.set(child.id, key);
    }
  }

  /** Drops a node and everything listed under it. */
  private forget(id: string): void {
    const node = this.byId.get(id);
    this.byId.delete(id);
    this.parents.delete(id);
    this.listedIn.delete(id);
    const children = this.childIds.get(id) ?? new Set<string>();
    this.childIds.delete(id);
    for (const child of children) if (this.listedIn.get(child) === id) this.forget(child);
    // Child runs are registered with their parent run even before it is expanded.
    if (node?.kind === 'run') {
      for (const c of node.childRuns) {
        const where = this.listedIn.get(c.id);
        if (where === undefined || where === id) this.forget(c.id);
      }
    }
  }
}
