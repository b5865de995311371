/**
 * The one home for opening URLs. The extension runs where the stores and the training are
 * (`extensionKind: ["workspace"]`), which may not be the machine of the window: a loopback URL
 * (`mlflow ui`, a served model, a local tracking server) is reachable from the window only through
 * `vscode.env.asExternalUri`, which forwards the port (Remote-SSH, WSL, Dev Containers) or maps it to
 * a proxy path (Codespaces, code-server). Every other URL is left as it is.
 */
import * as vscode from 'vscode';
import { isLoopbackUrl } from '../core/launch/loopbackUrl';

/** The URL the window can reach: loopback URLs through `asExternalUri`, others unchanged. */
export async function externalUrl(url: string): Promise<string> {
  if (!isLoopbackUrl(url)) return url;
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url, true));
  return external.toString(true);
}

/**
 * Opens a URL in VS Code's Simple Browser (a webview, so it needs the URL the window can reach), or
 * in the system browser when the Simple Browser is not there. Resolves to the URL shown.
 */
export async function openInSimpleBrowser(url: string): Promise<string> {
  const shown = await externalUrl(url);
  try {
    await vscode.commands.executeCommand('simpleBrowser.show', shown);
  } catch {
    await openInSystemBrowser(url);
  }
  return shown;
}

/**
 * Opens a URL in the system browser. `openExternal` forwards a loopback URL itself (VS Code's API
 * contract: a URI it is given must not be resolved first, or the mapping would apply twice), so the
 * original is passed; the returned URL is where the browser lands.
 */
export async function openInSystemBrowser(url: string): Promise<string> {
  const shown = await externalUrl(url);
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return shown;
}
