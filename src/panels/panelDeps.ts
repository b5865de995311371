import type * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import type { MetricChartRestore } from '../shared/webviewProtocol';

/** What every panel needs from the rest of the extension. */
export interface PanelDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  /** The connected store (opened on demand), or undefined when none is found (the panel then says so). */
  getStore(): Promise<TrackingStore | undefined>;
  /** `runName`, when known, titles the new tab before the run has loaded. */
  openRun(runId: string, runName?: string): void;
  openMetricChart(target: MetricChartRestore): void;
}

export const NO_STORE_MESSAGE = 'No MLflow tracking store is open. Choose one in the MLflow view, then refresh.';
