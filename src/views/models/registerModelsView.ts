/**
 * Creates the Models view (beside Experiments in the MLflow container) with its commands; the store
 * is the connection's, re-listed when it switches.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { StoreSource } from '../../connection/storeSource';
import { ViewIds } from '../../shared/commandIds';
import { registerModelCommands } from './modelCommands';
import { createModelsApi, type ModelsApi } from './modelsApi';
import { ModelsProvider } from './modelsProvider';

export interface ModelsViewDeps {
  connection: StoreSource;
  logger: Logger;
  revealRunInExplorer(runId: string, experimentId: string): Promise<boolean>;
  openRunDetails(runId: string): void;
}

export function registerModelsView(deps: ModelsViewDeps): { api: ModelsApi; disposable: vscode.Disposable } {
  const provider = new ModelsProvider({ source: deps.connection, logger: deps.logger });
  const treeView = vscode.window.createTreeView(ViewIds.models, { treeDataProvider: provider, showCollapseAll: true });
  const api = createModelsApi(provider);
  const disposables: vscode.Disposable[] = [
    provider,
    treeView,
    api,
    deps.connection.onDidChangeStore(() => provider.refresh()),
    ...registerModelCommands({ provider, treeView, logger: deps.logger, revealRunInExplorer: deps.revealRunInExplorer, openRunDetails: deps.openRunDetails }),
  ];
  return { api, disposable: vscode.Disposable.from(...disposables) };
}
