/**
 * The runs table panel: one row per run of one or more experiments, every param, metric and tag as
 * a column. The session (runsTableState.ts) holds the rows; this class wires it to the webview,
 * remembers the column layout per experiment set, and turns the table's actions into commands.
 */
import * as vscode from 'vscode';
import type { TrackingStore } from '../core/store/trackingStore';
import { CommandIds } from '../shared/commandIds';
import type { RunsTableLayout, RunsTableRestore, RunsTableState } from '../shared/webviewProtocol';
import { parseTableLayout, parseWebviewMessage, ProtocolViolation } from './messageGuard';
import { describe, PanelController, type PanelHandlers } from './panelController';
import { NO_STORE_MESSAGE, type PanelDeps } from './panelDeps';
import { filterProblem } from '../views/explorer/runQuery';
import { RunsTableSession } from './runsTableState';

/** How often RUNNING runs are re-read while the panel is visible. */
const LIVE_INTERVAL_MS = 3000;
const MAX_LIVE_RUNS = 50;

export interface RunsTableDeps extends PanelDeps {
  workspaceState: vscode.Memento;
}

export function layoutKey(experimentIds: readonly string[]): string {
  return `mlflowLens.runsTable.layout:${[...experimentIds].sort().join(',')}`;
}

export class RunsTablePanel implements vscode.Disposable {
  private readonly controller: PanelController<'runsTable'>;
  private readonly session: RunsTableSession;
  private loadGeneration = 0;
  private liveTimer: NodeJS.Timeout | undefined;
  private liveBusy = false;
  private readonly handlers: PanelHandlers<'runsTable'>;
  private readonly loaded: Promise<void>;

  constructor(
    panel: vscode.WebviewPanel,
    readonly target: RunsTableRestore,
    private readonly deps: RunsTableDeps,
  ) {
    this.session = new RunsTableSession(target.experimentIds, { pageSize: 1000 });
    this.session.layout = this.readLayout();
    this.handlers = {
      intents: {
        setFilter: ({ filter }) => {
          this.session.query = { ...this.session.query, filter: filter.trim() };
          return this.reload();
        },
        setSort: ({ sort }) => (this.session.setSort(sort ?? undefined) ? this.reload() : this.push()),
        setGroupBy: ({ columnId }) => {
          this.session.setGroupBy(columnId ?? undefined);
          this.push();
        },
        setExpanded: ({ rowId, expanded }) => {
          this.session.setExpanded(rowId, expanded);
          this.push();
        },
        setLayout: ({ layout }) => this.setLayout(layout),
        openRun: ({ runId }) => deps.openRun(runId),
        compareRuns: async ({ runIds }) => {
          await vscode.commands.executeCommand(CommandIds.compareRuns, { runIds });
        },
        openMetricChart: (chart) => deps.openMetricChart(chart),
        copyText: async ({ text }) => {
          await vscode.env.clipboard.writeText(text);
          vscode.window.setStatusBarMessage('MLflow Lens: copied', 2000);
        },
        exportCsv: ({ columnIds }) => this.exportCsv(columnIds),
        refresh: () => this.reload(),
      },
      requests: {
        rows: async (params) => this.session.rows(params),
        parallelRuns: async (params) => this.session.parallelRuns(params),
        checkFilter: async ({ filter }) => {
          const error = filter.trim() ? filterProblem(filter) : undefined;
          return error ? { error } : {};
        },
      },
    };
    this.controller = new PanelController(panel, 'runsTable', deps.extensionUri, deps.logger, this.handlers);
    panel.title = runsTableTitle(target);
    this.controller.onDidDispose(() => this.stopLive());
    panel.onDidChangeViewState(() => this.scheduleLive());
    this.loaded = this.reload();
  }

  /**
   * For the integration tests (the extension host cannot click inside a webview): a message as the
   * webview would post it, checked by the same guard and handled by the same handler table; resolves
   * when the handler has finished (an intent's reload included) with a request's result.
   */
  async deliver(raw: unknown): Promise<unknown> {
    const message = parseWebviewMessage('runsTable', raw);
    if (message.kind === 'intent') {
      await (this.handlers.intents[message.name] as (params: unknown) => unknown)(message.params);
      return undefined;
    }
    if (message.kind === 'request') return (this.handlers.requests[message.method] as (params: unknown, signal: AbortSignal) => Promise<unknown>)(message.params, this.controller.signal);
    return undefined;
  }

  /** The state the webview shows, once the first load is done. */
  async loadedState(): Promise<RunsTableState> {
    await this.loaded;
    return this.session.state();
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(listener);
  }

  private readLayout(): RunsTableLayout {
    const stored = this.deps.workspaceState.get<unknown>(layoutKey(this.target.experimentIds));
    if (stored === undefined) return this.session.layout;
    try {
      return parseTableLayout(stored);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.deps.logger.warn(`runs table: ignored a stored layout: ${error.message}`);
      return this.session.layout;
    }
  }

  private async setLayout(layout: RunsTableLayout): Promise<void> {
    const modesChanged = this.session.setLayout(layout);
    await this.deps.workspaceState.update(layoutKey(this.target.experimentIds), layout);
    if (!modesChanged) return this.push();
    const store = await this.deps.getStore();
    if (!store) return;
    this.push();
    await this.session.readExtremes(store, this.controller.signal);
    this.push();
  }

  private push(): void {
    if (!this.controller.disposed) this.controller.setState(this.session.state());
  }

  async reload(): Promise<void> {
    const generation = ++this.loadGeneration;
    this.session.markLoading();
    this.push();
    let store: TrackingStore | undefined;
    try {
      store = await this.deps.getStore();
      if (!store) throw new Error(NO_STORE_MESSAGE);
      await this.session.load(store, this.controller.signal);
    } catch (error) {
      if (this.controller.disposed) return;
      this.deps.logger.warn(`runs table ${this.target.experimentIds.join(', ')}: ${describe(error)}`);
    }
    // A newer load (the user typed another filter) wins; this one's result is dropped.
    if (generation !== this.loadGeneration) return;
    const names = this.session.state().experiments.map((e) => e.name);
    if (names.length === 1 && names[0]) this.panel.title = `Runs: ${names[0]}`;
    this.push();
    this.scheduleLive();
  }

  private async exportCsv(columnIds: string[]): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      filters: { CSV: ['csv'] },
      saveLabel: 'Export',
      defaultUri: vscode.Uri.file(`runs-${this.target.experimentIds.join('-')}.csv`),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(this.session.csv(columnIds)));
    void vscode.window.showInformationMessage(`MLflow Lens: exported the runs table to ${target.fsPath}`);
  }

  private scheduleLive(): void {
    const wanted = !this.controller.disposed && this.controller.visible && this.session.runningRunIds().length > 0;
    if (wanted && !this.liveTimer) this.liveTimer = setInterval(() => void this.pollRunning(), LIVE_INTERVAL_MS);
    if (!wanted) this.stopLive();
  }

  private stopLive(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = undefined;
  }

  /** Re-reads the RUNNING runs so their metrics, status and duration follow the training. */
  private async pollRunning(): Promise<void> {
    if (this.liveBusy) return;
    this.liveBusy = true;
    try {
      const store = await this.deps.getStore();
      if (store && (await this.session.refreshRunning(store, this.controller.signal, MAX_LIVE_RUNS))) this.push();
      this.scheduleLive();
    } catch (error) {
      if (!this.controller.disposed) this.deps.logger.debug(`runs table: live refresh: ${describe(error)}`);
    } finally {
      this.liveBusy = false;
    }
  }

  dispose(): void {
    this.stopLive();
    this.controller.dispose();
  }
}

export function runsTableTitle(target: RunsTableRestore): string {
  return target.experimentIds.length === 1 ? `Runs: experiment ${target.experimentIds[0]}` : `Runs: ${target.experimentIds.length} experiments`;
}
