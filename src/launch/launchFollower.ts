/**
 * After a launch printed its run id: shows the run in the Experiments view as soon as the store has
 * it (RUNNING), opens its live metric chart once it logs a metric (setting), and when the process ends
 * says FINISHED or FAILED in the terminal title and a notification with a link to the run.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { Run } from '../core/model/entities';
import type { TrackingStore } from '../core/store/trackingStore';
import type { Launch } from './launcher';

export interface FollowDeps {
  logger: Logger;
  getStore(): Promise<TrackingStore | undefined>;
  /** Re-reads the run's experiment in the tree and selects the run; false when it is not listed yet. */
  revealRun(run: Run): Promise<boolean>;
  openRun(runId: string): void;
  openChart(runId: string, metricKeys: string[]): void;
  openChartOnLaunch(): boolean;
}

const POLL_MS = 1000;
const FIND_TIMEOUT_MS = 120_000;

export function followLaunch(launch: Launch, deps: FollowDeps): void {
  const terminal = launch.terminal;
  let chartOpened = false;
  let revealed = false;
  let ended = false;

  const readRun = async (runId: string): Promise<Run | undefined> => {
    const store = await deps.getStore();
    // The launch went to the active store (or, with none, to the project's ./mlruns, not shown).
    if (!store) return undefined;
    try {
      return await store.getRun(runId);
    } catch {
      return undefined;
    }
  };

  terminal.onRunId((runId) => {
    deps.logger.info(`launch: run ${runId} started`);
    void vscode.window.showInformationMessage(`MLflow: run ${runId.slice(0, 8)} of '${launch.request.entryPoint}' started.`, 'Open Run', 'Stop').then((choice) => {
      if (choice === 'Open Run') deps.openRun(runId);
      if (choice === 'Stop') terminal.stop();
    });
    const started = Date.now();
    const tick = async (): Promise<void> => {
      const run = await readRun(runId);
      if (run && !revealed) revealed = await deps.revealRun(run).catch(() => false);
      const keys = run?.data.metrics.map((m) => m.key) ?? [];
      if (run && keys.length > 0 && !chartOpened && deps.openChartOnLaunch() && !ended) {
        chartOpened = true;
        deps.openChart(runId, keys);
      }
      const done = ended && revealed;
      if (!done && Date.now() - started < FIND_TIMEOUT_MS && (terminal.running || !revealed)) setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  });

  terminal.onExit((outcome) => {
    ended = true;
    void (async () => {
      const runId = terminal.runId;
      // MLflow sets the end status just before it exits; a store may take a moment to show it.
      let run = runId ? await readRun(runId) : undefined;
      for (let i = 0; runId && i < 10 && run?.info.status === 'RUNNING'; i++) {
        await new Promise((r) => setTimeout(r, 500));
        run = await readRun(runId);
      }
      if (run) await deps.revealRun(run).catch(() => false);
      const status = run?.info.status ?? (outcome.exitCode === 0 ? 'FINISHED' : 'FAILED');
      const entry = launch.request.entryPoint;
      terminal.setTitle(`MLflow: ${entry} — ${status}`);
      const what = runId ? `Run ${run?.info.run_name || runId.slice(0, 8)} of '${entry}'` : `'${entry}'`;
      const text = outcome.error
        ? `MLflow: ${what} could not start: ${outcome.error}`
        : runId
          ? `MLflow: ${what} ${status}.`
          : `MLflow: ${what} ended before MLflow created a run (exit ${outcome.exitCode ?? outcome.signal}); see the terminal.`;
      const actions = runId ? ['Open Run', 'Show Terminal'] : ['Show Terminal'];
      const show = status === 'FINISHED' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      const choice = await show(text, ...actions);
      if (choice === 'Open Run' && runId) deps.openRun(runId);
      if (choice === 'Show Terminal') terminal.show(false);
    })();
  });
}
