/**
 * Export Runs to CSV…: the runs of an experiment (the Experiments view's active filter and sort
 * applied) with their params, metrics (latest, min, max), tags and times, written only to the file
 * the user picks in a save dialog (or the `uri` an automation caller gives).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { runsCsv } from '../core/export/runsCsv';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import { registerGuardedCommand } from '../commands/guardedCommand';
import { experimentIdsFrom } from '../panels/runsTableTarget';
import { CommandIds } from '../shared/commandIds';
import { orderByOf, type RunQuery } from '../views/explorer/runQuery';

export interface ExportRunsDeps {
  currentStore(): Promise<TrackingStore | undefined>;
  /** The Experiments view's filter and sort. */
  runQuery(): RunQuery;
  /** Where the save dialog opens (the first workspace folder). */
  defaultFolder(): string | undefined;
  logger: Logger;
}

export interface ExportedRuns {
  file: string;
  runCount: number;
  filter?: string;
  problems: string[];
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** A file name from an experiment name: no path separators or characters Windows refuses. */
export function csvFileName(experimentName: string): string {
  const safe = experimentName.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 120);
  return `${safe || 'experiment'}-runs.csv`;
}

async function pickExperiment(store: TrackingStore): Promise<string[]> {
  const page = await store.searchExperiments({ maxResults: 1000 });
  const picked = await vscode.window.showQuickPick(
    page.items.map((e) => ({ label: e.name || e.experiment_id, description: `id ${e.experiment_id}`, experimentId: e.experiment_id })),
    { title: 'Export Runs to CSV', placeHolder: 'The experiment whose runs to export' },
  );
  return picked ? [picked.experimentId] : [];
}

async function exportRuns(deps: ExportRunsDeps, arg: unknown, selection: unknown): Promise<ExportedRuns | undefined> {
  const store = await deps.currentStore();
  if (!store) throw new Error('no tracking store is open: choose one first (MLflow: Choose Tracking Store…).');
  const experimentIds = experimentIdsFrom(arg, selection);
  if (experimentIds.length === 0) experimentIds.push(...(await pickExperiment(store)));
  if (experimentIds.length === 0) return undefined;
  const query = deps.runQuery();
  const givenFilter = field(arg, 'filter');
  const filter = typeof givenFilter === 'string' ? givenFilter : query.filter;
  const names = await Promise.all(experimentIds.map(async (id) => (await store.getExperiment(id).catch(() => undefined))?.name ?? id));
  const given = field(arg, 'uri');
  let target: vscode.Uri | undefined;
  if (typeof given === 'string' && given !== '') target = vscode.Uri.file(path.resolve(given));
  else {
    const folder = deps.defaultFolder();
    const name = csvFileName(names.join(' + '));
    target = await vscode.window.showSaveDialog({
      title: `Export the runs of ${names.join(', ')}${filter ? ` matching ${filter}` : ''}`,
      saveLabel: 'Export',
      filters: { CSV: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.file(path.join(folder, name)) } : {}),
    });
  }
  if (!target) return undefined;
  const destination = target;
  const exported = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting the runs of ${names.join(', ')}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await runsCsv(store, { experimentIds, ...(filter ? { filter } : {}), ...(orderByOf(query) ? { orderBy: orderByOf(query) } : {}) }, abort.signal, (message) => progress.report({ message }));
      } finally {
        cancel.dispose();
      }
    },
  );
  await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(exported.csv));
  const where = destination.scheme === 'file' ? destination.fsPath : destination.toString();
  deps.logger.info(`exported ${exported.runCount} runs of ${experimentIds.join(', ')}${filter ? ` (filter ${filter})` : ''} to ${where}`);
  for (const problem of exported.problems) deps.logger.warn(`export: ${problem}`);
  const summary = `MLflow: exported ${exported.runCount} run${exported.runCount === 1 ? '' : 's'}${filter ? ` matching ${filter}` : ''} to ${path.basename(where)}${exported.truncated ? ' (the listing was cut short)' : ''}.`;
  const note = exported.problems.length ? ` ${exported.problems.length} value(s) could not be read and are left empty (see the MLflow Lens log).` : '';
  void (exported.problems.length ? vscode.window.showWarningMessage(summary + note, 'Open') : vscode.window.showInformationMessage(summary, 'Open')).then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', destination);
  });
  return { file: where, runCount: exported.runCount, ...(filter ? { filter } : {}), problems: exported.problems };
}

export function registerExportRuns(deps: ExportRunsDeps): vscode.Disposable {
  return registerGuardedCommand(CommandIds.exportRunsCsv, (arg: unknown, selection: unknown) => exportRuns(deps, arg, selection), deps.logger);
}
