/** The status-bar item naming the active tracking store; clicking it opens "Choose Tracking Store". */
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { shortStoreLabel } from '../connection/storeTarget';
import { CommandIds } from '../shared/commandIds';
import { escapeMarkdown } from './explorer/presentation';

export class StoreStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlflowLens.store', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;
  private updates = 0;

  constructor(private readonly connection: ConnectionManager) {
    this.item.name = 'MLflow Tracking Store';
    this.item.command = CommandIds.chooseStore;
    this.item.text = '$(beaker) MLflow';
    this.listener = connection.onDidChangeStore(() => void this.update());
  }

  /** Shows the item and fills it in once the active store is known. */
  async update(): Promise<void> {
    const mine = ++this.updates;
    const target = await this.connection.target();
    if (mine !== this.updates) return;
    if (!target) {
      this.item.text = '$(beaker) MLflow: no store';
      this.item.tooltip = 'No MLflow tracking store found. Click to choose one.';
    } else {
      this.item.text = `$(beaker) MLflow: ${shortStoreLabel(target.uri)}`;
      const tooltip = new vscode.MarkdownString(
        `**MLflow tracking store**  \n${escapeMarkdown(target.uri)}  \n${escapeMarkdown(target.reason)}  \nClick to choose another store.`,
      );
      tooltip.isTrusted = false;
      this.item.tooltip = tooltip;
    }
    this.item.show();
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
