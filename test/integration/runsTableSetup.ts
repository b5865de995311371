// Where the runs-table suites of the real extension host start: the activated extension's API, and a
// Runs table opened the way the tree's inline action opens it (the experiment node as argument) on an
// experiment of the temp copy of samples/, with that experiment's active runs as MLflow's files hold them.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PanelsApi } from '../../src/panels/registerPanels';
import { CommandIds } from '../../src/shared/commandIds';
import { runsOnDisk, type RunOnDisk } from './runsOnDisk';

export const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

export async function activateLens(): Promise<MlflowLensApi> {
  const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export interface OpenedRunsTable {
  experimentId: string;
  /** The experiment's active runs, read from its folder in the workspace's mlruns/. */
  onDisk: RunOnDisk[];
  table: NonNullable<ReturnType<PanelsApi['runsTable']>>;
}

export async function openRunsTableOn(api: MlflowLensApi, experimentName: string): Promise<OpenedRunsTable> {
  const experiment = (await api.explorer.children()).find((n) => n.kind === 'experiment' && n.label === experimentName);
  assert.ok(experiment, `${experimentName} in the tree`);
  const experimentId = experiment.id.replace(/^exp:/, '');
  const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const onDisk = runsOnDisk(path.join(workspace, 'mlruns', experimentId)).filter((r) => r.active);

  await vscode.commands.executeCommand(CommandIds.openRunsTable, { kind: 'experiment', id: experiment.id, experimentId });
  const table = api.panels.runsTable([experimentId]);
  assert.ok(table, `a runs table panel for ${experimentName}`);
  return { experimentId, onDisk, table };
}
