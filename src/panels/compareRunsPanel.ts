/** The comparison panel: several runs side by side; charts open in the metric panel, overlaid. */
import * as vscode from 'vscode';
import type { CompareRunsRestore, CompareRunsState } from '../shared/webviewProtocol';
import { loadCompareRuns } from './compareRunsState';
import { describe, PanelController } from './panelController';
import { NO_STORE_MESSAGE, type PanelDeps } from './panelDeps';

export class CompareRunsPanel implements vscode.Disposable {
  private readonly controller: PanelController<'compareRuns'>;

  constructor(
    panel: vscode.WebviewPanel,
    readonly target: CompareRunsRestore,
    private readonly deps: PanelDeps,
  ) {
    this.controller = new PanelController(panel, 'compareRuns', deps.extensionUri, deps.logger, {
      intents: {
        openRun: ({ runId }) => deps.openRun(runId),
        openMetricChart: (chart) => deps.openMetricChart(chart),
      },
      requests: {},
    });
    panel.title = compareTitle(target);
    void this.load();
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(listener);
  }

  async load(): Promise<void> {
    let state: CompareRunsState;
    try {
      const store = await this.deps.getStore();
      if (!store) throw new Error(NO_STORE_MESSAGE);
      state = await loadCompareRuns(store, this.target.runIds, this.controller.signal);
    } catch (error) {
      this.deps.logger.warn(`compare ${this.target.runIds.join(', ')}: ${describe(error)}`);
      state = { runs: [], params: [], metrics: [], problems: [], restore: this.target, error: `Cannot compare these runs: ${describe(error)}` };
    }
    if (!this.controller.disposed) this.controller.setState(state);
  }

  dispose(): void {
    this.controller.dispose();
  }
}

export function compareTitle(target: CompareRunsRestore): string {
  return `Compare ${target.runIds.length} runs`;
}
