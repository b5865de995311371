import * as vscode from 'vscode';
import { SettingKeys } from '../shared/commandIds';
import { FOLDER_SEPARATORS, type FolderSeparator } from '../views/explorer/experimentFolders';

const SECTION = 'mlflowLens';
type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

/** One typed getter per configuration key, and a change event filtered by key. */
export class Settings {
  private config() {
    return vscode.workspace.getConfiguration(SECTION);
  }

  trackingUri(): string {
    return this.config().get<string>('trackingUri', '').trim();
  }

  showDeleted(): boolean {
    return this.config().get<boolean>('showDeleted', false);
  }

  runPageSize(): number {
    const value = this.config().get<number>('runPageSize', 200);
    return Number.isInteger(value) && value > 0 ? Math.min(value, 5000) : 200;
  }

  /** With a run filter, whether experiments without a matching run are left out of the tree. */
  hideEmptyExperiments(): boolean {
    return this.config().get<boolean>('filter.hideEmptyExperiments', false);
  }

  /** What cuts experiment names into folders in the Experiments view: `/` (default), `.`, or '' for none. */
  experimentFolderSeparator(): FolderSeparator {
    const value = this.config().get<string>('experimentFolders.separator', '/');
    return (FOLDER_SEPARATORS as readonly string[]).includes(value) ? (value as FolderSeparator) : '/';
  }

  /** `mlflowLens.mlflowPath`: the MLflow (or Python) that launches runs; empty: the selected interpreter, then PATH. */
  mlflowPath(): string {
    return this.config().get<string>('mlflowPath', '').trim();
  }

  /** Whether a launched run's live metric chart opens once it logs a metric. */
  launchOpenChart(): boolean {
    return this.config().get<boolean>('launch.openChart', true);
  }

  /** Whether runs and `mlflow ui` started on a file store get MLFLOW_ALLOW_FILE_STORE=true (MLflow 3.13+ refuses one otherwise). */
  launchAllowFileStore(): boolean {
    return this.config().get<boolean>('launch.allowFileStore', false);
  }

  /** Records the user's answer to the file-store notice in the workspace (the user settings without a folder open). */
  async setLaunchAllowFileStore(allow: boolean): Promise<void> {
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.config().update('launch.allowFileStore', allow, target);
  }

  /** `mlflowLens.server.pollInterval` in ms: how often a visible view re-reads a tracking server; 0 turns it off. */
  serverPollIntervalMs(): number {
    const seconds = this.config().get<number>('server.pollInterval', 5);
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return seconds === 0 ? 0 : 5000;
    return Math.round(Math.min(Math.max(seconds, 1), 3600) * 1000);
  }

  /** The raw `mlflowLens.connections` value: `readConnections` checks it. */
  connections(): unknown {
    return this.config().get<unknown>('connections', []);
  }

  /** Saves the named connections where the user keeps them: the workspace if it defines them, else the user settings. */
  async updateConnections(connections: readonly { name: string; trackingUri: string }[]): Promise<void> {
    const inspected = this.config().inspect('connections');
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.config().update('connections', connections.length ? connections : undefined, target);
  }

  onDidChange(key: SettingKey, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(key)) listener();
    });
  }
}
