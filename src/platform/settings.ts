import * as vscode from 'vscode';
import { SettingKeys } from '../shared/commandIds';

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

  onDidChange(key: SettingKey, listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(key)) listener();
    });
  }
}
