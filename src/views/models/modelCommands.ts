/**
 * The Models view's commands: copy `models:/name/version`, `models:/name@alias` and `runs:/<id>/<path>`
 * (or a logged model's `models:/<model_id>`), show a version's source run in the Experiments view,
 * filter by name, refresh, load more. Each takes the tree node, or `{ id }` of a node already shown.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { registerGuardedCommand } from '../../commands/guardedCommand';
import { aliasUri, runsUri, versionUri } from '../../core/registry/registryFacts';
import { CommandIds, ContextKeys } from '../../shared/commandIds';
import type { ModelNode } from './modelNodes';
import type { ModelsProvider } from './modelsProvider';

export interface ModelCommandDeps {
  provider: ModelsProvider;
  logger: Logger;
  treeView: vscode.TreeView<ModelNode>;
  /** Selects the run in the Experiments view; false when it is not listed there (a deleted run while hidden). */
  revealRunInExplorer(runId: string, experimentId: string): Promise<boolean>;
  openRunDetails(runId: string): void;
}

function nodeOf(provider: ModelsProvider, arg: unknown): ModelNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const id = (arg as { id?: unknown }).id;
  if (typeof id !== 'string') return undefined;
  return 'kind' in arg ? (arg as ModelNode) : provider.nodeById(id);
}

async function copy(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
}

/** A version's or logged model's load URI: `models:/name/version`, `models:/<model_id>`. */
export function modelUriOf(node: ModelNode | undefined): string | undefined {
  if (node?.kind === 'version') return versionUri(node.version.name, node.version.version);
  if (node?.kind === 'loggedModel') return `models:/${node.model.info.model_id}`;
  return undefined;
}

async function aliasUriOf(node: ModelNode | undefined): Promise<string | undefined> {
  if (node?.kind === 'alias') return aliasUri(node.modelName, node.alias);
  if (node?.kind !== 'version' || node.version.aliases.length === 0) return undefined;
  const { name, aliases } = node.version;
  if (aliases.length === 1) return aliasUri(name, aliases[0]!);
  const picked = await vscode.window.showQuickPick(
    aliases.map((alias) => aliasUri(name, alias)),
    { title: `Copy which alias of ${name} version ${node.version.version}?` },
  );
  return picked;
}

function sourceRunOf(node: ModelNode | undefined): { runId: string; experimentId?: string } | undefined {
  if (node?.kind === 'sourceRun') return { runId: node.runId, ...(node.experimentId !== undefined && { experimentId: node.experimentId }) };
  if (node?.kind === 'version' && node.version.run_id) return { runId: node.version.run_id };
  if (node?.kind === 'loggedModel' && node.model.info.source_run_id) {
    return { runId: node.model.info.source_run_id, experimentId: node.model.info.experiment_id };
  }
  return undefined;
}

async function revealSourceRun(deps: ModelCommandDeps, node: ModelNode | undefined): Promise<void> {
  const source = sourceRunOf(node);
  if (!source) return;
  const store = await deps.provider.openStore();
  let experimentId = source.experimentId;
  if (experimentId === undefined) {
    try {
      experimentId = (await store?.getRun(source.runId))?.info.experiment_id;
    } catch (error) {
      void vscode.window.showWarningMessage(`MLflow: run ${source.runId} is not in this store (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
  }
  if (experimentId === undefined) return;
  if (!(await deps.revealRunInExplorer(source.runId, experimentId))) deps.openRunDetails(source.runId);
}

async function filterModels(provider: ModelsProvider, treeView: vscode.TreeView<ModelNode>, text?: string): Promise<void> {
  const value =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: 'Filter Registered Models',
          prompt: 'Show the models whose name contains this text (ignoring case); empty shows all',
          value: provider.filter ?? '',
        });
  if (value === undefined) return;
  provider.setFilter(value);
  treeView.description = provider.filter ? `name contains "${provider.filter}"` : undefined;
  await vscode.commands.executeCommand('setContext', ContextKeys.modelFilterActive, provider.filter !== undefined);
}

export function registerModelCommands(deps: ModelCommandDeps): vscode.Disposable[] {
  const { provider, treeView } = deps;
  const node = (arg: unknown) => nodeOf(provider, arg ?? treeView.selection[0]);
  const guarded = (id: string, handler: (...args: unknown[]) => unknown) => registerGuardedCommand(id, handler, deps.logger);
  return [
    guarded(CommandIds.copyModelUri, async (arg: unknown) => {
      const uri = modelUriOf(node(arg));
      if (uri) await copy(uri);
    }),
    guarded(CommandIds.copyModelAliasUri, async (arg: unknown) => {
      const uri = await aliasUriOf(node(arg));
      if (uri) await copy(uri);
    }),
    guarded(CommandIds.copyModelRunUri, async (arg: unknown) => {
      const target = node(arg);
      const uri = target?.kind === 'version' ? runsUri(target.version) : undefined;
      if (uri) await copy(uri);
      else if (target?.kind === 'version') void vscode.window.showInformationMessage(`MLflow: ${target.version.name} version ${target.version.version} has no runs:/ URI: its source ${target.version.source} is not a run's artifact.`);
    }),
    guarded(CommandIds.revealModelRun, (arg: unknown) => revealSourceRun(deps, node(arg))),
    guarded(CommandIds.filterModels, (text?: unknown) => filterModels(provider, treeView, typeof text === 'string' ? text : undefined)),
    guarded(CommandIds.clearModelFilter, () => filterModels(provider, treeView, '')),
    guarded(CommandIds.refreshModels, () => provider.refresh()),
    guarded(CommandIds.loadMoreModels, () => provider.loadMore()),
  ];
}
