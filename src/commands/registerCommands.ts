/** Command id → handler, every registration owned by the returned disposables. */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { CommandIds } from '../shared/commandIds';
import type { CommandId } from '../shared/commandIds';
import type { ArtifactNode, LoadMoreNode } from '../views/explorer/nodes';
import { artifactUri } from '../views/explorer/treeItems';
import { copyRunId } from './copyCommands';
import { registerGuardedCommand } from './guardedCommand';

export interface CommandHandlers {
  refresh(): void;
  chooseStore(uri?: unknown): Promise<void>;
  setShowDeleted(show: boolean): void;
  loadMore(node: LoadMoreNode): Promise<void>;
  enterCredentials(): Promise<void>;
}

function isNode<K extends string>(value: unknown, kind: K): value is { kind: K } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}

/** Registered by `panels/registerPanels.ts`, which owns the panels these commands open. */
type PanelCommandId = typeof CommandIds.openRun | typeof CommandIds.openMetricChart | typeof CommandIds.compareRuns;
/** Registered by `views/explorer/runQueryCommands.ts` (filter, sort) and `connection/connectionCommands.ts`. */
type OwnedElsewhere =
  | PanelCommandId
  | typeof CommandIds.filterRuns
  | typeof CommandIds.clearFilter
  | typeof CommandIds.sortRuns
  | typeof CommandIds.clearSort
  | typeof CommandIds.addConnection
  | typeof CommandIds.switchConnection
  | typeof CommandIds.removeConnection
  | LaunchCommandId;
/** Registered by `launch/launchCommands.ts` and the composition root (Open MLflow UI). */
type LaunchCommandId = typeof CommandIds.runEntryPoint | typeof CommandIds.rerunWithParameters | typeof CommandIds.stopLaunch | typeof CommandIds.openMlflowUi;

export function registerCommands(handlers: CommandHandlers, logger: Logger): vscode.Disposable[] {
  const table: Record<Exclude<CommandId, OwnedElsewhere>, (...args: unknown[]) => unknown> = {
    [CommandIds.refresh]: () => handlers.refresh(),
    [CommandIds.chooseStore]: (uri) => handlers.chooseStore(uri),
    [CommandIds.showDeleted]: () => handlers.setShowDeleted(true),
    [CommandIds.hideDeleted]: () => handlers.setShowDeleted(false),
    [CommandIds.copyRunId]: (node) => copyRunId(node),
    [CommandIds.loadMore]: (node) => (isNode(node, 'loadMore') ? handlers.loadMore(node as LoadMoreNode) : undefined),
    [CommandIds.enterCredentials]: () => handlers.enterCredentials(),
    [CommandIds.openArtifact]: (node) => {
      if (!isNode(node, 'artifact')) return undefined;
      const artifact = node as ArtifactNode;
      return vscode.commands.executeCommand('vscode.open', artifactUri(artifact.runId, artifact.path), { preview: true });
    },
  };
  return Object.entries(table).map(([id, handler]) => registerGuardedCommand(id, handler, logger));
}
