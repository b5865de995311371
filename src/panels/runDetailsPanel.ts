/** The run panel: loads a run through the store, pushes RunDetails state, handles its intents. */
import * as vscode from 'vscode';
import { PollBackoff } from '../core/metrics/liveTail';
import { CommandIds } from '../shared/commandIds';
import type { RunDetailsState } from '../shared/webviewProtocol';
import { NO_STORE_MESSAGE, type PanelDeps } from './panelDeps';
import { openInSystemBrowser } from '../platform/externalUri';
import { checkExternalLink } from './externalLinks';
import { describe, PanelController } from './panelController';
import { openRunDetails, runDisplayName, toArtifactEntries, valueToCopy, type OpenedRunDetails } from './runDetailsState';

/** How long a load waits for metric summaries before showing the run without them. */
const SUMMARY_GRACE_MS = 300;
const SUMMARY_PUSH_MS = 150;

export class RunDetailsPanel implements vscode.Disposable {
  private readonly controller: PanelController<'runDetails'>;
  private loads = 0;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff = new PollBackoff(2000, 30_000);
  private lastShown = '';
  private shown: RunDetailsState | undefined;
  /** Cancels the metric summaries and child runs still being read for the last load. */
  private summaries: AbortController | undefined;
  private showTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    readonly runId: string,
    private readonly deps: PanelDeps,
  ) {
    this.controller = new PanelController(panel, 'runDetails', deps.extensionUri, deps.logger, {
      intents: {
        openRun: ({ runId: target }) => deps.openRun(target),
        openMetricChart: ({ metricKeys }) => deps.openMetricChart({ runIds: [runId], metricKeys }),
        openArtifact: ({ path }) => this.openArtifact(path),
        openLink: ({ url }) => openExternalLink(url),
        refresh: () => this.load(),
        copyValue: ({ table, key }) => this.copyValue(table, key),
      },
      requests: {
        listArtifacts: async ({ path }, signal) => toArtifactEntries(await (await this.store()).listArtifacts(runId, path, signal)),
      },
    });
    this.controller.onDidDispose(() => {
      clearTimeout(this.liveTimer);
      clearTimeout(this.showTimer);
      this.summaries?.abort();
    });
    void this.load();
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(listener);
  }

  reveal(): void {
    this.panel.reveal();
  }

  private async store() {
    const store = await this.deps.getStore();
    if (!store) throw new Error(NO_STORE_MESSAGE);
    return store;
  }

  async load(): Promise<void> {
    const load = ++this.loads;
    const empty: RunDetailsState = { params: [], metrics: [], tags: [], artifacts: [], problems: [], restore: { runId: this.runId } };
    if (this.controller.disposed) return;
    this.summaries?.abort();
    const summaries = new AbortController();
    this.summaries = summaries;
    const current = () => load === this.loads && !this.controller.disposed;
    let state: RunDetailsState;
    let opened: OpenedRunDetails | undefined;
    try {
      opened = await openRunDetails(await this.store(), this.runId, {
        signal: AbortSignal.any([this.controller.signal, summaries.signal]),
        // The tab is named as soon as the run is read, before its experiment, artifacts and children.
        onRun: (run) => {
          if (current()) this.panel.title = `Run: ${runDisplayName(run)}`;
        },
        onUpdate: () => this.showSoon(current),
        // Listing the children reads the whole experiment (on a cold file store, every run's tags):
        // not while the workbench is still loading the panel the user is waiting for.
        childrenAfter: this.controller.whenLoaded(),
      });
      state = opened.state;
      // Local stores summarize at once: a moment's wait spares their rows a flash of "…".
      await Promise.race([opened.summaries, new Promise((resolve) => setTimeout(resolve, SUMMARY_GRACE_MS))]);
    } catch (error) {
      this.deps.logger.warn(`run ${this.runId}: ${describe(error)}`);
      state = { ...empty, error: `Cannot show run ${this.runId}: ${describe(error)}` };
    }
    // A later refresh wins over a slower earlier one.
    if (!current()) return;
    let changed = this.show(state);
    if (opened) {
      await opened.later;
      if (!current()) return;
      changed = this.show(state) || changed;
    }
    this.followIfRunning(state, changed);
  }

  /** Pushes the state when it differs from what the webview shows; true when it did. */
  private show(state: RunDetailsState): boolean {
    const shown = JSON.stringify(state);
    const changed = shown !== this.lastShown;
    this.lastShown = shown;
    this.shown = state;
    if (changed) this.controller.setState(state);
    return changed;
  }

  /** Summaries and child runs filling in: at most one push per SUMMARY_PUSH_MS, of the latest state. */
  private showSoon(current: () => boolean): void {
    if (this.showTimer) return;
    this.showTimer = setTimeout(() => {
      this.showTimer = undefined;
      if (current() && this.shown) this.show(this.shown);
    }, SUMMARY_PUSH_MS);
  }

  /**
   * A RUNNING run's tables change as it logs: reload while it runs, with backoff while nothing
   * changes, slowly while the panel is hidden; the state is pushed only when it differs.
   */
  private followIfRunning(state: RunDetailsState, changed: boolean): void {
    clearTimeout(this.liveTimer);
    const status = state.overview?.status;
    if (status !== 'RUNNING' && status !== 'SCHEDULED') return;
    const delay = this.backoff.next(changed && this.controller.visible);
    this.liveTimer = setTimeout(() => {
      if (this.controller.visible) void this.load();
      else this.followIfRunning(state, false);
    }, delay);
  }

  private async copyValue(table: 'params' | 'tags', key: string): Promise<void> {
    const value = this.shown && valueToCopy(this.shown, table, key);
    if (value === undefined) return;
    await vscode.env.clipboard.writeText(value);
    void vscode.window.setStatusBarMessage(`MLflow: ${table === 'params' ? 'parameter' : 'tag'} ${key} copied`, 3000);
  }

  /** Through the tree's Open Artifact: the same read-only URI, size guard and path checks, for every kind of store. */
  private async openArtifact(relativePath: string): Promise<void> {
    const runName = this.shown?.overview?.runName;
    await vscode.commands.executeCommand(CommandIds.openArtifact, { kind: 'artifact', runId: this.runId, path: relativePath, isDir: false, ...(runName ? { runName } : {}) });
  }

  dispose(): void {
    this.controller.dispose();
  }
}

/** Opens links from rendered Markdown: web and mail links only (`externalLinks.ts`); a refusal says why. */
export async function openExternalLink(url: string): Promise<void> {
  const link = checkExternalLink(url);
  if (!link.ok) {
    void vscode.window.showWarningMessage(`MLflow Lens: the link was not opened: ${link.reason}.`);
    return;
  }
  await openInSystemBrowser(link.href);
}
