/**
 * The status-bar item naming the active tracking store; clicking it opens "Choose Tracking Store".
 * It shows the store once the connection has determined it (when the view opens or a command asks),
 * so that activation itself never touches the workspace's store.
 */
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { StoreTarget } from '../connection/storeTarget';
import { shortStoreLabel } from '../connection/storeTarget';
import { CommandIds } from '../shared/commandIds';
import { escapeMarkdown } from './explorer/presentation';

export class StoreStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlflowLens.store', vscode.StatusBarAlignment.Left, 50);
  private readonly listeners: vscode.Disposable[];

  constructor(connection: ConnectionManager) {
    this.item.name = 'MLflow Tracking Store';
    this.item.command = CommandIds.chooseStore;
    this.item.text = '$(beaker) MLflow';
    this.item.tooltip = 'MLflow tracking store: open the MLflow view to connect, or click to choose one.';
    this.item.show();
    this.listeners = [
      connection.onDidResolveTarget((target) => this.show(target)),
      // A store chosen by the user (command or setting) is shown at once, even with the view closed.
      connection.onDidChangeStore(() => void connection.target()),
    ];
  }

  private show(target: StoreTarget | undefined): void {
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
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.item.dispose();
  }
}
