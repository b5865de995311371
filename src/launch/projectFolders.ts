/**
 * Keeps the context key `mlflowLens.projectFolders` (folders holding an MLproject) so the explorer's
 * context menu offers Run Entry Point on those folders only. Searched once a few seconds after start-up
 * (never during activation), then kept current by a watcher.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { ContextKeys } from '../shared/commandIds';

const PATTERN = '**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt]';

export function trackProjectFolders(): vscode.Disposable {
  const folders = new Set<string>();
  const publish = () => void vscode.commands.executeCommand('setContext', ContextKeys.projectFolders, [...folders]);
  const watcher = vscode.workspace.createFileSystemWatcher(PATTERN, false, true, false);
  watcher.onDidCreate((uri) => {
    folders.add(path.dirname(uri.fsPath));
    publish();
  });
  watcher.onDidDelete((uri) => {
    folders.delete(path.dirname(uri.fsPath));
    publish();
  });
  const timer = setTimeout(() => {
    void vscode.workspace.findFiles(PATTERN, '**/{node_modules,.git,mlruns}/**', 500).then((found) => {
      for (const uri of found) folders.add(path.dirname(uri.fsPath));
      publish();
    });
  }, 3000);
  return vscode.Disposable.from(watcher, { dispose: () => clearTimeout(timer) });
}
