/**
 * "Add Connection…", "Switch Connection…" (also the status bar's click) and "Remove Connection…":
 * named tracking stores kept in the setting `mlflowLens.connections`, switched per workspace through
 * the connection manager. Credentials are never part of a connection: servers ask for them once.
 */
import * as vscode from 'vscode';
import { registerGuardedCommand } from '../commands/guardedCommand';
import { redact, type Logger } from '../core/log';
import type { Settings } from '../platform/settings';
import { CommandIds } from '../shared/commandIds';
import type { ConnectionManager } from './connectionManager';
import type { NamedConnection } from './namedConnections';
import {
  connectionNameFor,
  connectionNameProblem,
  readConnections,
  sameTrackingUri,
  suggestedConnectionName,
  withConnection,
  withoutConnection,
} from './namedConnections';
import type { RecentStores } from './recentStores';
import type { StoreTarget } from './storeTarget';
import { typedTrackingUriProblem } from './trackingUriInput';

type SwitchChoice = vscode.QuickPickItem & { action: 'use' | 'auto' | 'add' | 'choose'; uri?: string };

export interface ConnectionCommandDeps {
  connection: ConnectionManager;
  settings: Settings;
  logger: Logger;
  detectAll(): Promise<StoreTarget[]>;
  /** Stores typed or browsed to in Choose Tracking Store, offered again here. */
  recent: RecentStores;
  /** The folder relative paths are read from (the first workspace folder). */
  cwd(): string;
}

const reportedProblems = new Set<string>();

/** The named connections of the settings; skipped entries are logged once per distinct problem. */
export function namedConnections(settings: Settings, logger?: Logger): NamedConnection[] {
  const { connections, problems } = readConnections(settings.connections());
  for (const problem of problems) {
    if (!logger || reportedProblems.has(problem)) continue;
    reportedProblems.add(problem);
    logger.warn(problem);
  }
  return connections;
}

export function registerConnectionCommands(deps: ConnectionCommandDeps): vscode.Disposable[] {
  const { connection, settings, logger } = deps;
  const guarded = (id: string, handler: (...args: unknown[]) => Promise<void>) =>
    registerGuardedCommand(id, handler, logger);

  /** A string argument names the connection to use (scripts, tests); '' returns to automatic detection. */
  async function switchConnection(argument: unknown): Promise<void> {
    const named = namedConnections(settings, logger);
    if (typeof argument === 'string') {
      if (argument === '') return connection.choose(undefined);
      const found = named.find((c) => c.name === argument);
      if (!found) throw new Error(`No connection named "${argument}" in mlflowLens.connections.`);
      return connection.choose(found.trackingUri);
    }
    const current = await connection.target();
    const detected = (await deps.detectAll()).filter((t) => !named.some((c) => sameTrackingUri(c.trackingUri, t.uri)));
    const known = [...named.map((c) => c.trackingUri), ...detected.map((t) => t.uri)];
    const recent = deps.recent.list().filter((uri) => !known.some((k) => sameTrackingUri(k, uri)));
    const active = (uri: string) => (current && sameTrackingUri(current.uri, uri) ? '$(check) active' : '');
    const items: SwitchChoice[] = [
      ...(named.length ? [{ label: 'Connections', kind: vscode.QuickPickItemKind.Separator, action: 'use' as const }] : []),
      ...named.map<SwitchChoice>((c) => ({
        label: `$(${/^https?:/i.test(c.trackingUri) ? 'cloud' : 'database'}) ${c.name}`,
        description: [active(c.trackingUri), redact(c.trackingUri)].filter(Boolean).join(' '),
        action: 'use',
        uri: c.trackingUri,
      })),
      ...(detected.length ? [{ label: 'Found in this workspace', kind: vscode.QuickPickItemKind.Separator, action: 'use' as const }] : []),
      ...detected.map<SwitchChoice>((t) => ({ label: `$(search) ${redact(t.uri)}`, description: active(t.uri), detail: t.reason, action: 'use', uri: t.uri })),
      ...(recent.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator, action: 'use' as const }] : []),
      ...recent.map<SwitchChoice>((uri) => ({ label: `$(history) ${redact(uri)}`, description: active(uri), action: 'use', uri })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'use' },
      { label: '$(sync) Automatic detection', detail: 'mlflowLens.trackingUri, then MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db', action: 'auto' },
      { label: '$(add) Add Connection…', action: 'add' },
      { label: '$(folder-opened) Choose Tracking Store…', detail: 'Browse for a folder or database, or type a URI', action: 'choose' },
    ];
    const currentName = connectionNameFor(named, current?.uri);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Switch MLflow Connection',
      placeHolder: current ? `Active: ${currentName ?? redact(current.uri)}` : 'No store is active',
      matchOnDescription: true,
    });
    if (!picked) return;
    if (picked.action === 'auto') return connection.choose(undefined);
    if (picked.action === 'add') return addConnection(undefined);
    if (picked.action === 'choose') return void (await vscode.commands.executeCommand(CommandIds.chooseStore));
    if (picked.uri) return connection.choose(picked.uri);
  }

  /** An argument `{ name, trackingUri }` adds without asking and without switching (scripts, tests). */
  async function addConnection(argument: unknown): Promise<void> {
    const named = namedConnections(settings, logger);
    if (typeof argument === 'object' && argument !== null) {
      const { name, trackingUri } = argument as { name?: unknown; trackingUri?: unknown };
      if (typeof name !== 'string' || typeof trackingUri !== 'string') throw new Error('Add Connection expects { name, trackingUri } strings.');
      const problem = connectionNameProblem(named, name) ?? typedTrackingUriProblem(trackingUri, deps.cwd());
      if (problem) throw new Error(problem);
      await settings.updateConnections(withConnection(named, { name, trackingUri }));
      return;
    }
    const current = await connection.target();
    const trackingUri = await vscode.window.showInputBox({
      title: 'Add MLflow Connection (1/2): tracking URI',
      prompt: 'A folder, file:// URI, sqlite:///path/mlflow.db or http(s):// server. Credentials are asked for separately and kept in secret storage.',
      // An active URI with credentials in it (from the environment) is not put on screen.
      value: current && !typedTrackingUriProblem(current.uri, deps.cwd()) ? current.uri : '',
      validateInput: (value) => typedTrackingUriProblem(value, deps.cwd()),
    });
    if (trackingUri === undefined) return;
    const name = await vscode.window.showInputBox({
      title: 'Add MLflow Connection (2/2): name',
      prompt: 'Shown in the status bar and in Switch Connection.',
      value: suggestedConnectionName(trackingUri),
      validateInput: (value) => connectionNameProblem(named, value),
    });
    if (name === undefined) return;
    await settings.updateConnections(withConnection(named, { name, trackingUri }));
    await connection.choose(trackingUri.trim());
  }

  /** A string argument names the connection to remove. The store in use stays open until another is chosen. */
  async function removeConnection(argument: unknown): Promise<void> {
    const named = namedConnections(settings, logger);
    let name = typeof argument === 'string' ? argument : undefined;
    if (name === undefined) {
      if (!named.length) {
        void vscode.window.showInformationMessage('MLflow: there are no named connections (setting mlflowLens.connections).');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        named.map((c) => ({ label: c.name, description: redact(c.trackingUri) })),
        { title: 'Remove MLflow Connection', placeHolder: 'The connection is removed from the settings; its saved credentials stay until you sign out' },
      );
      name = picked?.label;
    }
    if (name === undefined) return;
    if (!named.some((c) => c.name === name)) throw new Error(`No connection named "${name}" in mlflowLens.connections.`);
    await settings.updateConnections(withoutConnection(named, name));
  }

  return [
    guarded(CommandIds.switchConnection, switchConnection),
    guarded(CommandIds.addConnection, addConnection),
    guarded(CommandIds.removeConnection, removeConnection),
  ];
}
