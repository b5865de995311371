import type * as vscode from 'vscode';
import type { MlflowLensApi } from './extensionRoot';
import { ExtensionRoot } from './extensionRoot';

export function activate(context: vscode.ExtensionContext): MlflowLensApi {
  const root = new ExtensionRoot(context);
  context.subscriptions.push(root);
  return root.api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
