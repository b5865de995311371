/**
 * Keeps the Experiments view live over a tracking server: while the view is visible, the experiment
 * list and the experiments whose runs are loaded (and not collapsed) are read again every
 * `mlflowLens.server.pollInterval`, with backoff while the server fails. An outage marks the rows
 * stale; the first read that succeeds again clears the marks and reloads the tree.
 * Local stores are not polled: their file watcher already says what changed.
 */
import * as vscode from 'vscode';
import type { ConnectionHealth } from '../../connection/connectionHealth';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { TrackingStore } from '../../core/store/trackingStore';
import type { ExplorerProvider } from './explorerProvider';
import type { ExplorerNode } from './nodes';
import { LivePoller } from './serverPolling';

/** Most experiments one poll re-reads, so a poll stays a bounded number of requests. */
const MAX_POLLED_EXPERIMENTS = 20;

export interface LiveServerViewDeps {
  connection: ConnectionManager;
  explorer: ExplorerProvider;
  treeView: vscode.TreeView<ExplorerNode>;
  /** `mlflowLens.server.pollInterval` in ms (0: off). */
  intervalMs(): number;
  onDidChangeInterval: vscode.Event<void>;
}

export class LiveServerView implements vscode.Disposable {
  private readonly poller: LivePoller;
  private readonly listeners: vscode.Disposable[];
  private store: TrackingStore | undefined;
  /** Experiments the user collapsed: their runs stay cached but are not polled. */
  private readonly collapsed = new Set<string>();
  private staleShown = false;

  constructor(private readonly deps: LiveServerViewDeps) {
    const { connection, treeView } = deps;
    this.poller = new LivePoller({
      intervalMs: () => deps.intervalMs(),
      read: (signal) => this.read(signal),
      onResult: (error) => this.store && connection.noteRead(this.store, error),
    });
    this.listeners = [
      treeView.onDidChangeVisibility(() => this.update()),
      deps.onDidChangeInterval(() => {
        this.update();
        this.poller.nudge();
      }),
      connection.onDidOpenStore(({ store }) => {
        this.store = store;
        this.poller.resetBackoff();
        // The tree is reading the new store right now: the first poll waits an interval.
        this.update(false);
      }),
      connection.onDidChangeStore(() => {
        this.store = undefined;
        this.collapsed.clear();
        this.staleShown = false;
        this.update();
      }),
      connection.onDidChangeHealth((health) => this.showHealth(health)),
      treeView.onDidCollapseElement(({ element }) => {
        if (element.kind === 'experiment') this.collapsed.add(element.experimentId);
      }),
      treeView.onDidExpandElement(({ element }) => {
        if (element.kind !== 'experiment') return;
        // A collapsed experiment kept its old runs: read it again now rather than after an interval.
        if (this.collapsed.delete(element.experimentId)) this.poller.nudge();
      }),
    ];
  }

  /** Whether polls are scheduled now (a visible view over a server, polling not turned off). */
  get polling(): boolean {
    return this.poller.running;
  }

  dispose(): void {
    this.poller.dispose();
    for (const l of this.listeners) l.dispose();
  }

  private update(readNow = true): void {
    const active = this.deps.treeView.visible && this.store?.kind === 'rest' && this.deps.intervalMs() > 0;
    this.poller.setActive(active, readNow);
  }

  private async read(signal: AbortSignal): Promise<void> {
    const store = this.store;
    if (!store) return;
    const experimentIds = this.deps.explorer
      .loadedExperimentIds()
      .filter((id) => !this.collapsed.has(id))
      .slice(0, MAX_POLLED_EXPERIMENTS);
    await this.deps.explorer.reread(store, experimentIds, signal);
  }

  private showHealth(health: ConnectionHealth): void {
    if (health.state === 'unreachable') {
      this.staleShown = true;
      this.deps.explorer.setStale({ message: health.message, since: health.since, ...(health.location ? { location: health.location } : {}) });
    } else if (health.state === 'ok' && this.staleShown) {
      // Back: every listing is read again, errors shown during the outage included.
      this.staleShown = false;
      this.deps.explorer.setStale(undefined);
      this.deps.explorer.refreshAll();
    }
  }
}
