/**
 * HTML artifacts shown rendered, in a webview where nothing runs: scripts are disabled (the webview's
 * sandbox lacks `allow-scripts`), forms and command links too, no local resource can be loaded, and
 * the document carries a policy with `script-src 'none'` (`core/artifacts/htmlSandbox.ts`).
 */
import * as vscode from 'vscode';
import { sandboxedHtmlDocument } from '../core/artifacts/htmlSandbox';

export const HTML_PREVIEW_VIEW_TYPE = 'mlflowLens.htmlArtifactPreview';

export const HTML_PREVIEW_OPTIONS: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
  enableScripts: false,
  enableForms: false,
  enableCommandUris: false,
  localResourceRoots: [],
  enableFindWidget: true,
};

/** Opens one preview panel; its title names the file and the run, as the artifact editors do. */
export function showHtmlPreview(title: string, bytes: Uint8Array): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(HTML_PREVIEW_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, HTML_PREVIEW_OPTIONS);
  panel.webview.html = sandboxedHtmlDocument(new TextDecoder('utf-8').decode(bytes));
  return panel;
}
