/**
 * Starts the MLproject language client the first time a document it serves is open, so activation
 * (for the Experiments view) neither loads vscode-languageclient nor spawns the server.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { loadBundledModule } from '../platform/lazyModule';
import type * as LanguageModule from './languageModule';

/** Cheap pre-filter before loading the client module; its document selector has the final say. */
const CANDIDATE_LANGUAGES = new Set(['mlproject', 'yaml']);

export function startLanguageClientOnDemand(context: vscode.ExtensionContext, logger: Logger): vscode.Disposable {
  let client: vscode.Disposable | undefined;
  const consider = (doc: vscode.TextDocument) => {
    if (client || !CANDIDATE_LANGUAGES.has(doc.languageId)) return;
    try {
      const module = loadBundledModule<typeof LanguageModule>('languageModule');
      if (vscode.languages.match(module.MLPROJECT_DOCUMENT_SELECTOR, doc) === 0) return;
      client = module.startLanguageClient(context, logger);
      listener.dispose();
    } catch (err) {
      logger.error(`cannot start the MLproject language client: ${err instanceof Error ? err.message : String(err)}`);
      listener.dispose();
    }
  };
  const listener = vscode.workspace.onDidOpenTextDocument(consider);
  vscode.workspace.textDocuments.forEach(consider);
  return {
    dispose: () => {
      listener.dispose();
      client?.dispose();
    },
  };
}
