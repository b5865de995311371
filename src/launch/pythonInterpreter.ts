/**
 * The Python interpreter the user selected in the Python extension for a folder, when that extension
 * is installed. Read through its public API by shape (both the `environments` API and the older
 * `settings.getExecutionDetails`), so MLflow Lens does not depend on the extension.
 */
import * as vscode from 'vscode';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

export async function selectedPythonInterpreter(folder: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const fromEnvironments = api?.environments?.getActiveEnvironmentPath?.(folder)?.path;
    if (fromEnvironments) return fromEnvironments;
    return api?.settings?.getExecutionDetails?.(folder)?.execCommand?.[0];
  } catch {
    return undefined;
  }
}
