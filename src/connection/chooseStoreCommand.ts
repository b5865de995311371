/** "MLflow: Choose Tracking Store…": detected stores, a folder or database file, or a typed URI. */
import * as vscode from 'vscode';
import type { ConnectionManager } from './connectionManager';
import type { StoreTarget } from './storeTarget';

type Choice = vscode.QuickPickItem & { action: 'auto' | 'browse' | 'enter' | 'use'; uri?: string };

const CREDENTIALS_IN_URI = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+:[^/@\s]*@/i;

export async function chooseStore(
  connection: ConnectionManager,
  detectAll: () => Promise<StoreTarget[]>,
  uriArgument?: unknown,
): Promise<void> {
  // Scripts and tests may pass the URI directly; '' returns to automatic detection.
  if (typeof uriArgument === 'string') return connection.choose(uriArgument || undefined);

  const current = await connection.target();
  const detected = await detectAll();
  const items: Choice[] = [
    ...detected.map<Choice>((t) => ({
      label: `$(database) ${t.uri}`,
      description: t.uri === current?.uri ? 'active' : '',
      detail: t.reason,
      action: 'use',
      uri: t.uri,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'use' },
    { label: '$(search) Automatic detection', detail: 'mlflowLens.trackingUri, then MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db', action: 'auto' },
    { label: '$(folder-opened) Browse for an mlruns folder or mlflow.db file…', action: 'browse' },
    { label: '$(edit) Enter a tracking URI…', detail: 'file:///…/mlruns, sqlite:///mlflow.db, http://localhost:5000', action: 'enter' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Choose MLflow Tracking Store',
    placeHolder: current ? `Active: ${current.uri}` : 'No store is active',
  });
  if (!picked) return;
  switch (picked.action) {
    case 'auto':
      return connection.choose(undefined);
    case 'use':
      return picked.uri ? connection.choose(picked.uri) : undefined;
    case 'browse': {
      const selection = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: true,
        canSelectMany: false,
        openLabel: 'Use as Tracking Store',
        filters: { 'MLflow store': ['db', 'sqlite'], 'All files': ['*'] },
      });
      const uri = selection?.[0];
      if (!uri) return;
      return connection.choose(uri.fsPath.endsWith('.db') ? `sqlite:///${uri.fsPath}` : uri.fsPath);
    }
    case 'enter': {
      const typed = await vscode.window.showInputBox({
        title: 'MLflow tracking URI',
        prompt: 'A folder, file:// URI, sqlite:/// URI or http(s):// server. Credentials are asked for separately.',
        value: current?.uri ?? '',
        validateInput: (value) =>
          !value.trim()
            ? 'Enter a tracking URI.'
            : CREDENTIALS_IN_URI.test(value.trim())
              ? 'Do not put a password in the URI: it would be stored in plain text.'
              : undefined,
      });
      if (typed === undefined) return;
      return connection.choose(typed.trim());
    }
  }
}
