/**
 * Downloads an artifact file or folder into a folder the user picks (the workspace's by default).
 * Nothing is overwritten without the user saying so: an existing name asks Overwrite / Keep Both.
 * Local artifacts are copied by the file system, never buffered whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { copyArtifactFile, listArtifactFiles } from '../core/artifacts/artifactRange';
import { freeName, planDownload, topLevelName } from '../core/artifacts/downloadPlan';
import { formatBytes } from '../core/artifacts/sizeGuard';
import type { TrackingStore } from '../core/store/trackingStore';
import type { ArtifactTarget } from './artifactTarget';

export type ConflictChoice = 'overwrite' | 'keepBoth' | 'cancel';

export interface DownloadOptions {
  /** The destination folder (absolute path), instead of asking. */
  folder?: string;
  /** What to do when the name exists there, instead of asking. */
  onConflict?: ConflictChoice;
}

export interface DownloadResult {
  /** The file or folder created (or replaced) in the destination; undefined when cancelled. */
  written?: string;
  files: number;
  bytes: number;
}

async function chooseFolder(): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Download Here',
    title: 'MLflow: download artifacts into…',
    ...(folders[0] ? { defaultUri: folders[0].uri } : {}),
  });
  return picked?.[0]?.fsPath;
}

async function askConflict(name: string, folder: string): Promise<ConflictChoice> {
  const answer = await vscode.window.showWarningMessage(
    `'${name}' already exists in ${folder}.`,
    { modal: true, detail: 'Overwrite replaces the files of the same names; Keep Both downloads under a new name.' },
    'Overwrite',
    'Keep Both',
  );
  return answer === 'Overwrite' ? 'overwrite' : answer === 'Keep Both' ? 'keepBoth' : 'cancel';
}

export async function downloadArtifact(store: TrackingStore, target: ArtifactTarget, options: DownloadOptions = {}): Promise<DownloadResult> {
  const folder = options.folder ?? (await chooseFolder());
  if (!folder) return { files: 0, bytes: 0 };
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${folder} is not a folder.`);
  const files = await listArtifactFiles(store, target.runId, target.path);
  const isDir = files.length !== 1 || files[0]?.path !== target.path;
  let name = topLevelName(target.path, target.runName ?? target.runId);
  const exists = (candidate: string) => fs.existsSync(path.join(folder, candidate));
  let overwrite = false;
  if (exists(name)) {
    const choice = options.onConflict ?? (await askConflict(name, folder));
    if (choice === 'cancel') return { files: 0, bytes: 0 };
    if (choice === 'keepBoth') name = freeName(name, exists, isDir);
    else overwrite = true;
  }
  const plan = planDownload(folder, target.path, isDir, files, name);
  const bytes = plan.steps.reduce((sum, s) => sum + (s.size ?? 0), 0);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `MLflow: downloading ${name} (${formatBytes(bytes)})`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      for (const [i, step] of plan.steps.entries()) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${i + 1} of ${plan.steps.length}: ${step.artifactPath}`, increment: 100 / plan.steps.length });
        await fs.promises.mkdir(path.dirname(step.target), { recursive: true });
        if (overwrite) await fs.promises.rm(step.target, { force: true });
        await copyArtifactFile(store, target.runId, step.artifactPath, step.target, controller.signal);
      }
    },
  );
  return { written: plan.topLevel, files: plan.steps.length, bytes };
}
