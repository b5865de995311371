/**
 * The Experiments tree: experiments → runs (nested) → Parameters / Metrics / Tags / Artifacts.
 * Loads lazily and page by page (`listingCache.ts`), and keeps one node object per id
 * (`nodeRegistry.ts`) so that a refresh of one experiment (`refreshExperiments`) repaints only that
 * subtree without flicker. Every failure becomes a Problem node; `getChildren` never throws and never
 * shows a toast.
 */
import * as vscode from 'vscode';
import type { Run, ViewType } from '../../core/model/entities';
import type { Logger } from '../../core/log';
import { StoreError } from '../../core/store/storeErrors';
import type { TrackingStore } from '../../core/store/trackingStore';
import type { StoreSource } from '../../connection/storeSource';
import { ContextKeys } from '../../shared/commandIds';
import { ExperimentCounts } from './experimentCounts';
import type { FolderSeparator } from './experimentFolders';
import { registerFadedDecorations } from './fadedDecoration';
import { FolderRows } from './folderRows';
import { ListingCache } from './listingCache';
import { NodeRegistry } from './nodeRegistry';
import type { ExperimentNode, ExplorerNode, LoadMoreNode } from './nodes';
import { buildRunForest, errorNode, experimentNode, loadMoreNode, messageNode, problemNodes } from './nodes';
import { artifactChildren, runChildren, sectionChildren } from './runDetailChildren';
import { RunLoggedModels } from './runLoggedModels';
import type { RunQuery } from './runQuery';
import { withProgress, withSlowProgress } from './slowProgress';
import { markShownKey } from './sortValue';
import { markStale, staleBannerNode, staleTooltip, type StaleNote } from './staleMarks';
import { describeStoreError, errorLocationOf, errorMessageOf } from './storeErrorText';
import { toTreeItem, tooltipOf } from './treeItems';
import { present } from './presentation';

export interface ExplorerOptions {
  source: StoreSource;
  logger: Logger;
  runPageSize(): number;
  /** With a filter, leave out the experiments without a matching run (else they show "0 of n runs"). */
  hideEmptyExperiments?(): boolean;
  /** Told whether the root listing found a store ('open', also for one that failed to open) or none. */
  onStoreState?(state: 'none' | 'open'): void;
  /** Loads slower than this show a progress bar on the view. */
  progressDelayMs?: number;
  /** Told what each read of the store did (`undefined`: it answered), for the connection's health. */
  onRead?(store: TrackingStore, error: unknown, experimentList: boolean): void;
  /** What cuts experiment names into folders (`team/project/exp`); '' or absent: no folders. */
  folderSeparator?(): FolderSeparator;
}

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private showDeleted = false;
  private runQuery: RunQuery = {};
  private readonly nodes = new NodeRegistry();
  private readonly listings: ListingCache;
  private readonly loggedModels = new RunLoggedModels();
  private readonly counts: ExperimentCounts;
  private readonly folders: FolderRows;
  /** Set while the server cannot be read: rows from memory are marked stale. */
  private stale: StaleNote | undefined;
  /** The new store's first listing after a switch; the tree shows a placeholder until it settles. */
  private switching: Promise<void> | undefined;
  private readonly decorations = registerFadedDecorations();
  private storeOpen: boolean | undefined;

  constructor(private readonly options: ExplorerOptions) {
    this.listings = new ListingCache({
      viewType: () => this.viewType,
      query: () => this.runQuery,
      runPageSize: () => options.runPageSize(),
      onRead: (store, error, experimentList) => options.onRead?.(store, error, experimentList),
    });
    this.counts = new ExperimentCounts({
      logger: options.logger,
      viewType: () => this.viewType,
      filter: () => this.runQuery.filter,
      hideEmptyExperiments: () => options.hideEmptyExperiments?.() === true,
      onCountChanged: (experimentId) => this.repaintExperiment(experimentId),
      onHidden: () => this.changeEmitter.fire(undefined),
    });
    this.folders = new FolderRows({
      nodes: this.nodes,
      separator: () => options.folderSeparator?.() ?? '',
      repaint: (node) => this.changeEmitter.fire(node),
    });
  }

  dispose(): void {
    this.decorations.dispose();
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
    this.listings.clearRunListings();
    this.counts.clearMatches();
    this.changeEmitter.fire(undefined);
  }

  /** Runs with their params and metrics for the keys Sort and Filter offer (`ListingCache.sampleRunsForKeys`). */
  async sampleRunsForKeys(options: { unfiltered?: boolean } = {}, maxExperiments = 20): Promise<Run[]> {
    const store = await this.openStore();
    return store ? this.listings.sampleRunsForKeys(store, options, maxExperiments) : [];
  }

  /**
   * Drops every cached listing and repaints the whole tree (explicit Refresh). After a store switch
   * (`switching`) the old rows are replaced at once by a placeholder until the new store has listed.
   */
  refreshAll(options: { switching?: boolean } = {}): void {
    this.listings.clear();
    this.loggedModels.clear();
    this.counts.clear();
    if (options.switching) {
      this.stale = undefined;
      const load = this.loadFirstListing().finally(() => {
        if (this.switching !== load) return;
        this.switching = undefined;
        this.changeEmitter.fire(undefined);
      });
      this.switching = load;
      withProgress(load);
    }
    this.changeEmitter.fire(undefined);
  }

  /** Resolves once no store switch is pending (the test API lists the new store, not the placeholder). */
  async whenSwitched(): Promise<void> {
    while (this.switching) await this.switching;
  }

  /** Marks the rows served from memory as stale (`undefined`: fresh again) and repaints them. */
  setStale(note: StaleNote | undefined): void {
    if (this.stale === note) return;
    this.stale = note;
    this.changeEmitter.fire(undefined);
  }

  /** Experiments whose runs are loaded (listed, or failed to list), for the live re-read. */
  loadedExperimentIds(): string[] {
    return this.listings.loadedExperimentIds();
  }

  /**
   * Reads the experiment list and these experiments' runs again and repaints only what changed
   * (a new run, a changed status). Rejects when the store cannot be read; the cache then stays.
   */
  async reread(store: TrackingStore, experimentIds: readonly string[], signal: AbortSignal): Promise<void> {
    await this.listings.reread(store, experimentIds, signal, {
      experimentList: () => this.changeEmitter.fire(undefined),
      runsOf: (id) => {
        const node = this.nodes.get(`exp:${id}`);
        if (node) this.changeEmitter.fire(node);
      },
    });
  }

  /** Groups the experiments again (the folder separator changed); nothing is read again. */
  regroup(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads the experiment list only; loaded runs stay cached. */
  refreshExperimentList(): void {
    this.listings.dropExperimentList();
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads the runs of these experiments and repaints only their nodes. */
  refreshExperiments(experimentIds: Iterable<string>): void {
    const recount: string[] = [];
    for (const id of experimentIds) {
      this.counts.forget(id);
      recount.push(id);
      this.listings.dropRuns(id);
      this.loggedModels.drop(id);
      const node = this.nodes.get(`exp:${id}`);
      if (node) this.changeEmitter.fire(node);
      else this.refreshExperimentList();
    }
    void this.openStore().then((store) => store && this.counts.request(store, recount));
  }

  /** The node currently shown under this id, if any (for the test API and commands). */
  nodeById(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.nodes.parentOf(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = toTreeItem(node, Date.now());
    return this.stale ? markStale(item, node) : item;
  }

  /** The tooltip, asked for when the row is hovered (see `treeItemOf`). */
  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    const markdown = present(node, Date.now()).tooltipMarkdown;
    const tooltip = tooltipOf(this.stale ? staleTooltip(markdown, node, this.stale) : markdown);
    if (tooltip) item.tooltip = tooltip;
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      const children = (await this.withSlowProgress(this.childrenOf(node))).map((n) => this.nodes.intern(n));
      this.nodes.relisted(children, node);
      return children;
    } catch (err) {
      this.options.logger.error(`listing ${node?.id ?? 'experiments'} failed: ${describeStoreError(err)}`);
      const action = StoreError.is(err, 'unauthorized') ? 'enterCredentials' : undefined;
      return [this.nodes.intern(errorNode(node?.id ?? 'root', errorMessageOf(err), errorLocationOf(err), action))];
    }
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    const store = await this.openStore();
    if (!store) return;
    if (node.parentId === undefined) {
      if (await this.withSlowProgress(this.listings.moreExperiments(store))) this.changeEmitter.fire(undefined);
      return;
    }
    const parent = this.nodes.get(node.parentId);
    if (parent?.kind !== 'experiment') return;
    if (await this.withSlowProgress(this.listings.moreRuns(store, parent.experimentId))) this.changeEmitter.fire(parent);
  }

  private async childrenOf(node: ExplorerNode | undefined): Promise<ExplorerNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'folder':
        return this.folders.childrenOf(node);
      case 'experiment':
        return this.experimentChildren(node);
      case 'run':
        return runChildren(await this.openStore(), this.loggedModels, node);
      case 'section': {
        const store = await this.openStore();
        return store ? sectionChildren(store, this.listings, node, this.loggedModels) : [];
      }
      case 'artifact': {
        const store = node.isDir ? await this.openStore() : undefined;
        return store ? artifactChildren(store, node.runId, node.path, node.id, node.runName) : [];
      }
      default:
        return [];
    }
  }

  private async rootChildren(): Promise<ExplorerNode[]> {
    if (this.switching) return [messageNode('root', 'Connecting to the tracking store…')];
    const status = await this.options.source.open();
    this.options.onStoreState?.(status.state === 'none' ? 'none' : 'open');
    this.setStoreOpen(status.state === 'open');
    if (status.state === 'none') return [];
    if (status.state === 'error') return [errorNode('root', status.message, status.location)];
    const store = status.store;
    const page = await this.listings.experimentList(store);
    const experimentIds = page.items.map((e) => e.experiment_id);
    await this.counts.countMatches(store, experimentIds);
    const shown = page.items.map((e) => this.updateExperimentNode(experimentNode(e))).filter((n) => !this.counts.hidden(n));
    const nodes = this.folders.rootRows(shown);
    void this.counts.countRuns(store, experimentIds);
    nodes.push(...problemNodes('root', page.problems));
    if (page.nextPageToken) nodes.push(loadMoreNode(undefined, page.items.length, page.totalCount));
    if (nodes.length === 0) nodes.push(messageNode('root', page.items.length ? 'No experiment has a run matching the filter' : `No experiments in ${store.uri}`));
    if (this.stale) nodes.unshift(staleBannerNode(this.stale));
    return nodes;
  }

  private async experimentChildren(node: ExperimentNode): Promise<ExplorerNode[]> {
    const store = await this.openStore();
    if (!store) return [];
    const page = await this.listings.runsOf(store, node.experimentId);
    this.counts.learnFromListing(node.experimentId, page);
    const forest = buildRunForest(page.items);
    markShownKey(forest, this.runQuery.sort);
    const nodes: ExplorerNode[] = forest;
    nodes.push(...problemNodes(node.id, page.problems));
    if (page.nextPageToken) nodes.push(loadMoreNode(node.id, page.items.length, page.totalCount));
    if (nodes.length === 0) nodes.push(messageNode(node.id, this.runQuery.filter ? 'No runs match the filter' : 'No runs'));
    return nodes;
  }

  private async openStore(): Promise<TrackingStore | undefined> {
    const status = await this.options.source.open();
    return status.state === 'open' ? status.store : undefined;
  }

  /** The experiment list of the store, for the root or a switch's placeholder; never rejects. */
  private async loadFirstListing(): Promise<void> {
    const status = await this.options.source.open().catch(() => undefined);
    if (status?.state !== 'open' || !this.switching) return;
    await this.listings.preloadExperimentList(status.store);
  }

  private updateExperimentNode(node: ExperimentNode): ExperimentNode {
    return this.nodes.intern(this.counts.fill(node));
  }

  /** Repaints an experiment whose run count changed (its description; no chevron once known empty). */
  private repaintExperiment(experimentId: string): void {
    const node = this.nodes.get(`exp:${experimentId}`);
    if (node?.kind !== 'experiment') return;
    this.counts.fill(node);
    this.changeEmitter.fire(node);
    this.folders.experimentCountChanged(experimentId);
  }

  /** Filter, Sort and Show Deleted are offered (view title, palette) only while a store is open. */
  private setStoreOpen(open: boolean): void {
    if (this.storeOpen === open) return;
    this.storeOpen = open;
    void vscode.commands.executeCommand('setContext', ContextKeys.storeOpen, open);
  }

  private withSlowProgress<T>(work: Promise<T>): Promise<T> {
    return withSlowProgress(work, this.options.progressDelayMs ?? 250);
  }
}
