/** Command id → handler, every registration owned by the returned disposables. */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { CommandIds } from '../shared/commandIds';
import type { CommandId } from '../shared/commandIds';
import type { LoadMoreNode } from '../views/explorer/nodes';
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
type PanelCommandId = typeof CommandIds.openRun | typeof CommandIds.openMetricChart | typeof CommandIds.compareRuns | typeof CommandIds.openRunsTable;
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
  | LaunchCommandId
  | ModelsCommandId
  | RunActionCommandId
  | ArtifactCommandId
  | ServingCommandId;
/** Registered by `serving/servingCommands.ts` and `export/exportRunsCommand.ts`. */
type ServingCommandId = typeof CommandIds.serveModel | typeof CommandIds.stopModelServer | typeof CommandIds.exportRunsCsv;
/** Registered by `artifacts/artifactCommands.ts` and `provenance/provenanceCommands.ts`. */
type ArtifactCommandId =
  | typeof CommandIds.openArtifact
  | typeof CommandIds.openArtifactAsText
  | typeof CommandIds.downloadArtifact
  | typeof CommandIds.compareArtifactWithRun
  | typeof CommandIds.openSourceAtCommit
  | typeof CommandIds.diffSourceWithWorkingTree;
/** Registered by `commands/runActions.ts` (writes through the store, copy URI and web link). */
type RunActionCommandId =
  | typeof CommandIds.renameRun
  | typeof CommandIds.setRunTag
  | typeof CommandIds.deleteRunTag
  | typeof CommandIds.editRunNote
  | typeof CommandIds.deleteRun
  | typeof CommandIds.restoreRun
  | typeof CommandIds.renameExperiment
  | typeof CommandIds.copyRunUri
  | typeof CommandIds.copyRunWebLink;
/** Registered by `views/models/modelCommands.ts` with the Models view. */
type ModelsCommandId =
  | typeof CommandIds.copyModelUri
  | typeof CommandIds.copyModelAliasUri
  | typeof CommandIds.copyModelRunUri
  | typeof CommandIds.revealModelRun
  | typeof CommandIds.filterModels
  | typeof CommandIds.clearModelFilter
  | typeof CommandIds.refreshModels
  | typeof CommandIds.loadMoreModels;
/** Registered by `launch/launchCommands.ts`, `launch/mlflowUi.ts` and `launch/migrateFileStore.ts`. */
type LaunchCommandId =
  | typeof CommandIds.runEntryPoint
  | typeof CommandIds.rerunWithParameters
  | typeof CommandIds.stopLaunch
  | typeof CommandIds.openMlflowUi
  | typeof CommandIds.migrateFileStore
  | typeof CommandIds.showFileStoreNotice;

export function registerCommands(handlers: CommandHandlers, logger: Logger): vscode.Disposable[] {
  const table: Record<Exclude<CommandId, OwnedElsewhere>, (...args: unknown[]) => unknown> = {
    [CommandIds.refresh]: () => handlers.refresh(),
    [CommandIds.chooseStore]: (uri) => handlers.chooseStore(uri),
    [CommandIds.showDeleted]: () => handlers.setShowDeleted(true),
    [CommandIds.hideDeleted]: () => handlers.setShowDeleted(false),
    [CommandIds.copyRunId]: (node) => copyRunId(node),
    [CommandIds.loadMore]: (node) => (isNode(node, 'loadMore') ? handlers.loadMore(node as LoadMoreNode) : undefined),
    [CommandIds.enterCredentials]: () => handlers.enterCredentials(),
  };
  return Object.entries(table).map(([id, handler]) => registerGuardedCommand(id, handler, logger));
}
