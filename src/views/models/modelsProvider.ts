/**
 * The Models tree: registered models (filtered by name, page by page) → versions → aliases, tags and
 * source run; prompts and MLflow 3 logged models in groups of their own. Listings are cached until
 * Refresh or a store switch; every failure becomes a problem row, `getChildren` never throws.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { ModelVersion, RegisteredModel } from '../../core/model/entities';
import { collectPages } from '../../core/model/paging';
import type { LoggedModel } from '../../core/registry/loggedModel';
import { StoreError, type StoreProblem } from '../../core/store/storeErrors';
import type { TrackingStore } from '../../core/store/trackingStore';
import type { StoreSource } from '../../connection/storeSource';
import {
  groupLoggedModels,
  loggedExperimentChildren,
  loggedGroupChildren,
  loggedModelChildren,
  problemNode,
  promptChildren,
  rootNodes,
  versionChildren,
  versionNodes,
  type LoggedModelGroup,
  type ModelNode,
} from './modelNodes';
import { toModelTreeItem } from './modelTreeItems';
import { presentModelNode } from './modelPresentation';
import { tooltipOf } from '../explorer/treeItems';

const MODEL_PAGE_SIZE = 100;
const MAX_EXPERIMENTS_FOR_LOGGED_MODELS = 1000;

interface RootListing {
  models: RegisteredModel[];
  problems: StoreProblem[];
  nextPageToken?: string;
  loggedModels: LoggedModelGroup[];
}

export interface ModelsProviderOptions {
  source: StoreSource;
  logger: Logger;
}

export class ModelsProvider implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private nameFilter: string | undefined;
  private root: Promise<RootListing> | undefined;
  private readonly versions = new Map<string, Promise<ModelVersion[]>>();
  /** The last object shown for each id, so commands given an id find the node. */
  private readonly nodesById = new Map<string, ModelNode>();

  constructor(private readonly options: ModelsProviderOptions) {}

  dispose(): void {
    this.changeEmitter.dispose();
  }

  get filter(): string | undefined {
    return this.nameFilter;
  }

  /** Lists only the registered models whose name contains `text` (ignoring case); empty = all. */
  setFilter(text: string | undefined): void {
    this.nameFilter = text?.trim() || undefined;
    this.root = undefined;
    this.changeEmitter.fire(undefined);
  }

  refresh(): void {
    this.root = undefined;
    this.versions.clear();
    this.changeEmitter.fire(undefined);
  }

  nodeById(id: string): ModelNode | undefined {
    return this.nodesById.get(id);
  }

  /** The open store, when there is one (commands read runs through it). */
  async openStore(): Promise<TrackingStore | undefined> {
    const status = await this.options.source.open();
    return status.state === 'open' ? status.store : undefined;
  }

  /** Appends the next page of registered models. */
  async loadMore(): Promise<void> {
    const current = await this.root?.catch(() => undefined);
    const store = await this.openStore();
    if (!current?.nextPageToken || !store?.searchRegisteredModels) return;
    const next = store.searchRegisteredModels({ ...this.modelQuery(), pageToken: current.nextPageToken }).then((page) => {
      const listing: RootListing = { ...current, models: [...current.models, ...page.items], problems: [...current.problems, ...page.problems] };
      if (page.nextPageToken) listing.nextPageToken = page.nextPageToken;
      else delete listing.nextPageToken;
      return listing;
    });
    this.root = next;
    await next.catch(() => undefined);
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    return toModelTreeItem(node);
  }

  /** The tooltip, asked for when the row is hovered (see `treeItemOf`). */
  resolveTreeItem(item: vscode.TreeItem, node: ModelNode): vscode.TreeItem {
    const tooltip = tooltipOf(presentModelNode(node).tooltipMarkdown);
    if (tooltip) item.tooltip = tooltip;
    return item;
  }

  async getChildren(node?: ModelNode): Promise<ModelNode[]> {
    let children: ModelNode[];
    try {
      children = await this.childrenOf(node);
    } catch (error) {
      this.options.logger.error(`listing ${node?.id ?? 'models'} failed: ${describe(error)}`);
      children = [problemNode(`${node?.id ?? 'root'}:error`, messageOf(error), StoreError.is(error) ? error.location : undefined, 'error')];
    }
    for (const child of children) this.nodesById.set(child.id, child);
    return children;
  }

  private async childrenOf(node: ModelNode | undefined): Promise<ModelNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'model':
        return versionNodes(await this.versionsOf(node.model.name));
      case 'version':
        return versionChildren(node.version);
      case 'prompts':
        return promptChildren(node);
      case 'loggedModels':
        return loggedGroupChildren(node);
      case 'loggedExperiment':
        return loggedExperimentChildren(node.group);
      case 'loggedModel':
        return loggedModelChildren(node.model);
      default:
        return [];
    }
  }

  private async rootChildren(): Promise<ModelNode[]> {
    const status = await this.options.source.open();
    if (status.state === 'none') return [];
    if (status.state === 'error') return [problemNode('root:store-error', status.message, status.location, 'error')];
    const store = status.store;
    if (!store.searchRegisteredModels) {
      return [{ kind: 'message', id: 'models:unsupported', text: 'This store has no model registry' }];
    }
    this.root ??= this.readRoot(store);
    const listing = await this.root.catch((error: unknown) => {
      this.root = undefined;
      throw error;
    });
    return rootNodes({
      models: listing.models,
      problems: listing.problems,
      hasMore: listing.nextPageToken !== undefined,
      loggedModels: listing.loggedModels,
      ...(this.nameFilter !== undefined && { filter: this.nameFilter }),
    });
  }

  private modelQuery(): { maxResults: number; nameContains?: string } {
    return { maxResults: MODEL_PAGE_SIZE, ...(this.nameFilter !== undefined && { nameContains: this.nameFilter }) };
  }

  private async readRoot(store: TrackingStore): Promise<RootListing> {
    const [page, logged] = await Promise.all([store.searchRegisteredModels!(this.modelQuery()), this.readLoggedModels(store)]);
    const listing: RootListing = { models: page.items, problems: [...page.problems, ...logged.problems], loggedModels: logged.groups };
    if (page.nextPageToken) listing.nextPageToken = page.nextPageToken;
    return listing;
  }

  /** Logged models of the active experiments; a failure here is a problem row, the registry is still listed. */
  private async readLoggedModels(store: TrackingStore): Promise<{ groups: LoggedModelGroup[]; problems: StoreProblem[] }> {
    if (!store.searchLoggedModels) return { groups: [], problems: [] };
    try {
      const experiments = (await store.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: MAX_EXPERIMENTS_FOR_LOGGED_MODELS })).items;
      if (!experiments.length) return { groups: [], problems: [] };
      const problems: StoreProblem[] = [];
      const models: LoggedModel[] = await collectPages(async (pageToken) => {
        const page = await store.searchLoggedModels!({ experimentIds: experiments.map((e) => e.experiment_id), ...(pageToken && { pageToken }) });
        problems.push(...page.problems);
        return page;
      }, 100);
      const filtered = this.nameFilter ? models.filter((m) => m.info.name.toLowerCase().includes(this.nameFilter!.toLowerCase())) : models;
      return { groups: groupLoggedModels(experiments, filtered), problems };
    } catch (error) {
      this.options.logger.warn(`listing logged models failed: ${describe(error)}`);
      return { groups: [], problems: [{ scope: 'store', location: StoreError.is(error) && error.location ? error.location : store.uri, message: `Logged models not listed: ${messageOf(error)}` }] };
    }
  }

  private versionsOf(name: string): Promise<ModelVersion[]> {
    let pending = this.versions.get(name);
    if (!pending) {
      pending = this.openStore().then((store) => {
        if (!store?.listModelVersions) return [];
        return store.listModelVersions(name);
      });
      pending.catch(() => this.versions.delete(name));
      this.versions.set(name, pending);
    }
    return pending;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  return StoreError.is(error) ? `${error.reason}: ${error.message}${error.location ? ` (${error.location})` : ''}` : messageOf(error);
}
