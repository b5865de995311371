/**
 * The Experiments tree: experiments → runs (nested) → Parameters / Metrics / Tags / Artifacts.
 * Loads lazily and page by page, caches what it loaded, and keeps one node object per id so that a
 * refresh of one experiment (`refreshExperiments`) repaints only that subtree without flicker.
 * Every failure becomes a Problem node; `getChildren` never throws and never shows a toast.
 */
import * as vscode from 'vscode';
import type { Experiment, Run, ViewType } from '../../core/model/entities';
import type { Logger } from '../../core/log';
import type { StoreProblem } from '../../core/store/storeErrors';
import { StoreError } from '../../core/store/storeErrors';
import type { TrackingStore } from '../../core/store/trackingStore';
import type { StoreSource } from '../../connection/storeSource';
import { ViewIds } from '../../shared/commandIds';
import type { ArtifactNode, ExperimentNode, ExplorerNode, LoadMoreNode, RunNode, RunSectionNode } from './nodes';
import {
  artifactNodes,
  buildRunForest,
  errorNode,
  experimentNode,
  loadMoreNode,
  messageNode,
  metricNodes,
  paramNodes,
  problemNodes,
  runSectionNodes,
  tagNodes,
} from './nodes';
import type { RunQuery } from './runQuery';
import { orderByOf } from './runQuery';
import { toTreeItem } from './treeItems';

interface Paged<T> {
  items: T[];
  problems: StoreProblem[];
  nextPageToken?: string;
}

export interface ExplorerOptions {
  source: StoreSource;
  logger: Logger;
  runPageSize(): number;
  /** Told whether the root listing found a store ('open', also for one that failed to open) or none. */
  onStoreState?(state: 'none' | 'open'): void;
  /** Loads slower than this show a progress bar on the view. */
  progressDelayMs?: number;
}

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private showDeleted = false;
  private runQuery: RunQuery = {};
  /** One object per node id, so VS Code can match refresh events to what it shows. */
  private readonly nodesById = new Map<string, ExplorerNode>();
  /** The node each shown node was listed under (for `getParent`, which `TreeView.reveal` needs). */
  private readonly parentOf = new Map<string, ExplorerNode>();
  private experiments: Promise<Paged<Experiment>> | undefined;
  private readonly runsByExperiment = new Map<string, Promise<Paged<Run>>>();
  private readonly runDetails = new Map<string, Promise<Run>>();

  constructor(private readonly options: ExplorerOptions) {}

  dispose(): void {
    this.changeEmitter.dispose();
  }

  get viewType(): ViewType {
    return this.showDeleted ? 'ALL' : 'ACTIVE_ONLY';
  }

  setShowDeleted(show: boolean): void {
    if (show === this.showDeleted) return;
    this.showDeleted = show;
    this.refreshAll();
  }

  /** The filter and sort every experiment's run listing is searched with. */
  get query(): RunQuery {
    return this.runQuery;
  }

  /** Applies a new filter/sort: run listings are read again, the experiment list stays. */
  setQuery(query: RunQuery): void {
    this.runQuery = { ...query };
    this.runsByExperiment.clear();
    this.changeEmitter.fire(undefined);
  }

  /**
   * Runs of the experiments listed so far (or of the first experiments when none is expanded) with
   * their params and metrics, for the keys the Sort quick pick offers. The view's own listing reads
   * tags only, so this is a separate read, done only when the user asks to sort.
   */
  async sampleRunsForKeys(maxExperiments = 20): Promise<Run[]> {
    const store = await this.openStore();
    if (!store) return [];
    let experimentIds = [...this.runsByExperiment.keys()];
    if (experimentIds.length === 0) {
      const listed = await this.experiments?.catch(() => undefined);
      experimentIds = (listed?.items ?? []).map((e) => e.experiment_id);
    }
    if (experimentIds.length === 0) return [];
    const page = await store.searchRuns({
      experimentIds: experimentIds.slice(0, maxExperiments),
      viewType: this.viewType,
      maxResults: this.options.runPageSize(),
      include: { params: true, metrics: true },
      ...(this.runQuery.filter ? { filter: this.runQuery.filter } : {}),
    });
    return page.items;
  }

  /** Drops every cached listing and repaints the whole tree (store switch, explicit Refresh). */
  refreshAll(): void {
    this.experiments = undefined;
    this.runsByExperiment.clear();
    this.runDetails.clear();
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads the experiment list only; loaded runs stay cached. */
  refreshExperimentList(): void {
    this.experiments = undefined;
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads the runs of these experiments and repaints only their nodes. */
  refreshExperiments(experimentIds: Iterable<string>): void {
    for (const id of experimentIds) {
      const cached = this.runsByExperiment.get(id);
      this.runsByExperiment.delete(id);
      void cached?.then((page) => page.items.forEach((r) => this.runDetails.delete(r.info.run_id)), () => undefined);
      const node = this.nodesById.get(`exp:${id}`);
      if (node) this.changeEmitter.fire(node);
      else this.refreshExperimentList();
    }
  }

  /** The node currently shown under this id, if any (for the test API and commands). */
  nodeById(id: string): ExplorerNode | undefined {
    return this.nodesById.get(id);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.parentOf.get(node.id);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node, Date.now());
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      const children = (await this.withSlowProgress(this.childrenOf(node))).map((n) => this.intern(n));
      for (const child of children) {
        if (node) this.parentOf.set(child.id, node);
        else this.parentOf.delete(child.id);
      }
      return children;
    } catch (err) {
      this.options.logger.error(`listing ${node?.id ?? 'experiments'} failed: ${describe(err)}`);
      const action = StoreError.is(err, 'unauthorized') ? 'enterCredentials' : undefined;
      return [this.intern(errorNode(node?.id ?? 'root', messageOf(err), locationOf(err), action))];
    }
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    const store = await this.openStore();
    if (!store) return;
    if (node.parentId === undefined) {
      const current = await this.experiments;
      if (!current?.nextPageToken) return;
      const next = await this.withSlowProgress(this.fetchExperiments(store, current.nextPageToken));
      this.experiments = Promise.resolve(appendPage(current, next));
      this.changeEmitter.fire(undefined);
      return;
    }
    const parent = this.nodesById.get(node.parentId);
    if (parent?.kind !== 'experiment') return;
    const current = await this.runsByExperiment.get(parent.experimentId);
    if (!current?.nextPageToken) return;
    const next = await this.withSlowProgress(this.fetchRuns(store, parent.experimentId, current.nextPageToken));
    this.runsByExperiment.set(parent.experimentId, Promise.resolve(appendPage(current, next)));
    this.changeEmitter.fire(parent);
  }

  private async childrenOf(node: ExplorerNode | undefined): Promise<ExplorerNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'experiment':
        return this.experimentChildren(node);
      case 'run':
        return [...node.childRuns, ...runSectionNodes(node.runId)];
      case 'section':
        return this.sectionChildren(node);
      case 'artifact':
        return node.isDir ? this.artifactChildren(node.runId, node.path, node.id) : [];
      default:
        return [];
    }
  }

  private async rootChildren(): Promise<ExplorerNode[]> {
    const status = await this.options.source.open();
    this.options.onStoreState?.(status.state === 'none' ? 'none' : 'open');
    if (status.state === 'none') return [];
    if (status.state === 'error') return [errorNode('root', status.message, status.location)];
    const store = status.store;
    this.experiments ??= this.fetchExperiments(store, undefined);
    const page = await this.forget(this.experiments, () => (this.experiments = undefined));
    const nodes: ExplorerNode[] = page.items.map((e) => this.updateExperimentNode(e));
    nodes.push(...problemNodes('root', page.problems));
    if (page.nextPageToken) nodes.push(loadMoreNode(undefined, page.items.length));
    if (nodes.length === 0) nodes.push(messageNode('root', `No experiments in ${store.uri}`));
    return nodes;
  }

  private async experimentChildren(node: ExperimentNode): Promise<ExplorerNode[]> {
    const store = await this.openStore();
    if (!store) return [];
    const id = node.experimentId;
    let runs = this.runsByExperiment.get(id);
    if (!runs) {
      runs = this.fetchRuns(store, id, undefined);
      this.runsByExperiment.set(id, runs);
    }
    const page = await this.forget(runs, () => this.runsByExperiment.delete(id));
    const nodes: ExplorerNode[] = buildRunForest(page.items);
    nodes.push(...problemNodes(node.id, page.problems));
    if (page.nextPageToken) nodes.push(loadMoreNode(node.id, page.items.length));
    if (nodes.length === 0) nodes.push(messageNode(node.id, this.runQuery.filter ? 'No runs match the filter' : 'No runs'));
    return nodes;
  }

  private async sectionChildren(node: RunSectionNode): Promise<ExplorerNode[]> {
    if (node.section === 'artifacts') return this.artifactChildren(node.runId, '', node.id);
    const store = await this.openStore();
    if (!store) return [];
    let details = this.runDetails.get(node.runId);
    if (!details) {
      details = store.getRun(node.runId);
      this.runDetails.set(node.runId, details);
    }
    const run = await this.forget(details, () => this.runDetails.delete(node.runId));
    const children =
      node.section === 'params'
        ? paramNodes(node.runId, run.data.params)
        : node.section === 'metrics'
          ? metricNodes(node.runId, run.data.metrics)
          : tagNodes(node.runId, run.data.tags);
    const empty = { params: 'No parameters', metrics: 'No metrics', tags: 'No tags' }[node.section];
    return children.length ? children : [messageNode(node.id, empty)];
  }

  private async artifactChildren(runId: string, artifactPath: string, parentId: string): Promise<ExplorerNode[]> {
    const store = await this.openStore();
    if (!store) return [];
    if (artifactPath === '') {
      const root = await store.getArtifactRoot(runId);
      if (!root.localPath && root.unavailableReason) {
        return [errorNode(parentId, root.unavailableReason, root.recordedUri)];
      }
    }
    const files = await store.listArtifacts(runId, artifactPath || undefined);
    const nodes: ArtifactNode[] = artifactNodes(runId, files);
    return nodes.length ? nodes : [messageNode(parentId, 'No artifacts')];
  }

  private async openStore(): Promise<TrackingStore | undefined> {
    const status = await this.options.source.open();
    return status.state === 'open' ? status.store : undefined;
  }

  private async fetchExperiments(store: TrackingStore, pageToken: string | undefined): Promise<Paged<Experiment>> {
    const page = await store.searchExperiments({ viewType: this.viewType, ...(pageToken ? { pageToken } : {}) });
    return { items: page.items, problems: page.problems, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  private async fetchRuns(store: TrackingStore, experimentId: string, pageToken: string | undefined): Promise<Paged<Run>> {
    const page = await store.searchRuns({
      experimentIds: [experimentId],
      viewType: this.viewType,
      maxResults: this.options.runPageSize(),
      include: { tags: true },
      ...(this.runQuery.filter ? { filter: this.runQuery.filter } : {}),
      ...(this.runQuery.sort ? { orderBy: orderByOf(this.runQuery) } : {}),
      ...(pageToken ? { pageToken } : {}),
    });
    return { items: page.items, problems: page.problems, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** Awaits a cached load; a failed load is dropped from the cache so the next expand retries. */
  private async forget<T>(load: Promise<T>, drop: () => void): Promise<T> {
    try {
      return await load;
    } catch (err) {
      drop();
      throw err;
    }
  }

  private updateExperimentNode(experiment: Experiment): ExperimentNode {
    return this.intern(experimentNode(experiment));
  }

  /** Returns the node already shown under this id, updated in place, or registers the new one. */
  private intern<T extends ExplorerNode>(node: T): T {
    const existing = this.nodesById.get(node.id);
    if (existing && existing.kind === node.kind) {
      Object.assign(existing, node);
      if (node.kind === 'run') (existing as RunNode).childRuns = node.childRuns.map((c) => this.intern(c));
      return existing as T;
    }
    if (node.kind === 'run') node.childRuns = node.childRuns.map((c) => this.intern(c));
    this.nodesById.set(node.id, node);
    return node;
  }

  /** Shows the view's progress bar only when a load is slow, so fast expands do not flash it. */
  private withSlowProgress<T>(work: Promise<T>): Promise<T> {
    const delay = this.options.progressDelayMs ?? 250;
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      void vscode.window.withProgress({ location: { viewId: ViewIds.experiments } }, () =>
        work.then(
          () => undefined,
          () => undefined,
        ),
      );
    }, delay);
    return work.finally(() => {
      settled = true;
      clearTimeout(timer);
    });
  }
}

function appendPage<T>(current: Paged<T>, next: Paged<T>): Paged<T> {
  return {
    items: [...current.items, ...next.items],
    problems: [...current.problems, ...next.problems],
    ...(next.nextPageToken ? { nextPageToken: next.nextPageToken } : {}),
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function locationOf(err: unknown): string | undefined {
  return StoreError.is(err) ? err.location : undefined;
}

function describe(err: unknown): string {
  return StoreError.is(err) ? `${err.reason}: ${err.message}${err.location ? ` (${err.location})` : ''}` : messageOf(err);
}
