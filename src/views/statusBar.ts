/**
 * The status-bar item naming the active connection (its name from `mlflowLens.connections`, else a
 * short form of the store's URI); clicking it opens "Switch Connection".
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

  private lastTarget: StoreTarget | undefined;

  /** `nameFor` names a URI after its named connection; `onDidChangeNames` fires when those names change. */
  constructor(
    connection: ConnectionManager,
    private readonly nameFor: (uri: string) => string | undefined,
    onDidChangeNames: vscode.Event<void>,
  ) {
    this.item.name = 'MLflow Tracking Store';
    this.item.command = CommandIds.switchConnection;
    this.item.text = '$(beaker) MLflow';
    this.item.tooltip = 'MLflow tracking store: open the MLflow view to connect, or click to choose one.';
    this.item.show();
    this.listeners = [
      connection.onDidResolveTarget((target) => this.show(target)),
      // A store chosen by the user (command or setting) is shown at once, even with the view closed.
      connection.onDidChangeStore(() => void connection.target()),
      onDidChangeNames(() => this.lastTarget && this.show(this.lastTarget)),
    ];
  }

  /** What the item shows, for the test API. */
  get text(): string {
    return this.item.text;
  }

  private show(target: StoreTarget | undefined): void {
    this.lastTarget = target;
    if (!target) {
      this.item.text = '$(beaker) MLflow: no store';
      this.item.tooltip = 'No MLflow tracking store found. Click to choose one.';
    } else {
      const name = this.nameFor(target.uri);
      this.item.text = `$(beaker) MLflow: ${name ?? shortStoreLabel(target.uri)}`;
      const heading = name ? `**MLflow connection ${escapeMarkdown(name)}**` : '**MLflow tracking store**';
      const tooltip = new vscode.MarkdownString(
        `${heading}  \n${escapeMarkdown(target.uri)}  \n${escapeMarkdown(target.reason)}  \nClick to switch connection.`,
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
