/**
 * The status-bar item naming the active connection (its name from `mlflowLens.connections`, else a
 * short form of the store's URI) and its health: connecting, unusable (red) or unreachable (yellow);
 * clicking it opens "Switch Connection".
 * It shows the store once the connection has determined it (when the view opens or a command asks),
 * so that activation itself never touches the workspace's store.
 */
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { StoreTarget } from '../connection/storeTarget';
import { CommandIds } from '../shared/commandIds';
import { statusBarView, type StatusBarView } from './statusBarView';

export class StoreStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlflowLens.store', vscode.StatusBarAlignment.Left, 50);
  private readonly listeners: vscode.Disposable[];

  private lastTarget: StoreTarget | undefined;
  private shown: StatusBarView | undefined;

  /** `nameFor` names a URI after its named connection; `onDidChangeNames` fires when those names change. */
  constructor(
    private readonly connection: ConnectionManager,
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
      connection.onDidChangeHealth(() => this.lastTarget && this.show(this.lastTarget)),
    ];
  }

  /** What the item shows, for the test API. */
  get text(): string {
    return this.item.text;
  }

  /** The health the item shows ('idle' before a store was determined), for the test API. */
  get state(): StatusBarView['state'] {
    return this.shown?.state ?? 'idle';
  }

  private show(target: StoreTarget | undefined): void {
    this.lastTarget = target;
    const view = statusBarView(target, target && this.nameFor(target.uri), this.connection.health);
    this.shown = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltipMarkdown);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.item.dispose();
  }
}
