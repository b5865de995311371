/**
 * Deleted experiments and runs are drawn faded. A TreeItem has no colour of its own: its label takes the
 * colour of the file decoration of its `resourceUri`, so faded rows carry a URI of this scheme (never
 * opened, only decorated).
 */
import * as vscode from 'vscode';

export const FADED_SCHEME = 'mlflow-lens-faded';

/** One URI per node, so VS Code can tell rows apart. */
export function fadedUri(nodeId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FADED_SCHEME, path: `/${nodeId}` });
}

export function registerFadedDecorations(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({
    provideFileDecoration: (uri) =>
      uri.scheme === FADED_SCHEME ? { color: new vscode.ThemeColor('disabledForeground'), tooltip: 'Deleted' } : undefined,
  });
}
