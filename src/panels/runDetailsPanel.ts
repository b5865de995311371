/** The run panel: loads a run through the store, pushes RunDetails state, handles its intents. */
import * as vscode from 'vscode';
import { resolveArtifactPath } from '../core/artifacts/artifactPath';
import { PollBackoff } from '../core/metrics/liveTail';
import type { RunDetailsState } from '../shared/webviewProtocol';
import { NO_STORE_MESSAGE, type PanelDeps } from './panelDeps';
import { describe, PanelController } from './panelController';
import { loadRunDetails, toArtifactEntries } from './runDetailsState';

export class RunDetailsPanel implements vscode.Disposable {
  private readonly controller: PanelController<'runDetails'>;
  private loads = 0;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff = new PollBackoff(2000, 30_000);
  private lastShown = '';

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
      },
      requests: {
        listArtifacts: async ({ path }, signal) => toArtifactEntries(await (await this.store()).listArtifacts(runId, path, signal)),
      },
    });
    this.controller.onDidDispose(() => clearTimeout(this.liveTimer));
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
    let state: RunDetailsState;
    try {
      state = await loadRunDetails(await this.store(), this.runId, this.controller.signal);
      this.panel.title = `Run: ${state.overview?.runName ?? this.runId}`;
    } catch (error) {
      this.deps.logger.warn(`run ${this.runId}: ${describe(error)}`);
      state = { ...empty, error: `Cannot show run ${this.runId}: ${describe(error)}` };
    }
    // A later refresh wins over a slower earlier one.
    if (load !== this.loads || this.controller.disposed) return;
    const shown = JSON.stringify(state);
    const changed = shown !== this.lastShown;
    this.lastShown = shown;
    if (changed) this.controller.setState(state);
    this.followIfRunning(state, changed);
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

  private async openArtifact(relativePath: string): Promise<void> {
    const root = await (await this.store()).getArtifactRoot(this.runId, this.controller.signal);
    if (!root.localPath) {
      void vscode.window.showWarningMessage(`MLflow Lens: cannot open '${relativePath}': ${root.unavailableReason ?? 'the artifacts are not stored locally.'}`);
      return;
    }
    const resolved = await resolveArtifactPath(root.localPath, relativePath);
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(resolved.path));
  }

  dispose(): void {
    this.controller.dispose();
  }
}

/** Opens links from rendered Markdown: web links only, never `command:`, `file:` or script URLs. */
export async function openExternalLink(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  await vscode.env.openExternal(vscode.Uri.parse(parsed.href, true));
}
