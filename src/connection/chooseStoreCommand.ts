/** "MLflow: Choose Tracking Store…": detected and recent stores, a folder or database file, or a typed URI. */
import * as vscode from 'vscode';
import { redact } from '../core/log';
import type { ConnectionManager } from './connectionManager';
import { sameTrackingUri, trackingUriProblem } from './namedConnections';
import type { RecentStores } from './recentStores';
import type { StoreTarget } from './storeTarget';
import { typedTrackingUriProblem } from './trackingUriInput';

type Choice = vscode.QuickPickItem & { action: 'auto' | 'browse' | 'enter' | 'use'; uri?: string };

export interface ChooseStoreDeps {
  connection: ConnectionManager;
  detectAll(): Promise<StoreTarget[]>;
  recent: RecentStores;
  /** The folder relative paths are read from (the first workspace folder). */
  cwd(): string;
}

export async function chooseStore(deps: ChooseStoreDeps, uriArgument?: unknown): Promise<void> {
  const { connection, recent } = deps;
  // Scripts and tests may pass the URI directly; '' returns to automatic detection.
  if (typeof uriArgument === 'string') return connection.choose(uriArgument || undefined);

  const current = await connection.target();
  const detected = await deps.detectAll();
  const recentOnly = recent.list().filter((uri) => !detected.some((t) => sameTrackingUri(t.uri, uri)));
  const active = (uri: string) => (current && sameTrackingUri(current.uri, uri) ? 'active' : '');
  const items: Choice[] = [
    ...detected.map<Choice>((t) => ({ label: `$(database) ${redact(t.uri)}`, description: active(t.uri), detail: t.reason, action: 'use', uri: t.uri })),
    ...(recentOnly.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator, action: 'use' as const }] : []),
    ...recentOnly.map<Choice>((uri) => ({ label: `$(history) ${redact(uri)}`, description: active(uri), action: 'use', uri })),
    { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'use' },
    { label: '$(search) Automatic detection', detail: 'mlflowLens.trackingUri, then MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db', action: 'auto' },
    { label: '$(folder-opened) Browse for an mlruns folder or mlflow.db file…', action: 'browse' },
    { label: '$(edit) Enter a tracking URI…', detail: 'file:///…/mlruns, sqlite:///mlflow.db, http://localhost:5000', action: 'enter' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Choose MLflow Tracking Store',
    placeHolder: current ? `Active: ${redact(current.uri)}` : 'No store is active',
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
      const chosen = uri.fsPath.endsWith('.db') ? `sqlite:///${uri.fsPath}` : uri.fsPath;
      await recent.remember(chosen);
      return connection.choose(chosen);
    }
    case 'enter': {
      const typed = await vscode.window.showInputBox({
        title: 'MLflow tracking URI',
        prompt: 'A folder, file:// URI, sqlite:/// URI or http(s):// server. Credentials are asked for separately.',
        // An active URI with credentials in it (from the environment) is not put on screen.
        value: current && !trackingUriProblem(current.uri) ? current.uri : '',
        validateInput: (value) => typedTrackingUriProblem(value, deps.cwd()),
      });
      if (typed === undefined) return;
      await recent.remember(typed.trim());
      return connection.choose(typed.trim());
    }
  }
}
