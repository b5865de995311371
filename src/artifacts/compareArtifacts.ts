/**
 * Compares an artifact between two runs in VS Code's diff editor, both sides read-only artifact URIs.
 * Two selected artifact files are compared directly; one is compared with the same path in a run the
 * user picks (or another file of it, when that run lacks the path). Large files compare their heads.
 */
import * as vscode from 'vscode';
import { artifactEntry, listArtifactFiles } from '../core/artifacts/artifactRange';
import { formatBytes, openDecision, PREVIEW_LIMIT_BYTES } from '../core/artifacts/sizeGuard';
import type { FileInfo, Run } from '../core/model/entities';
import { StoreError } from '../core/store/storeErrors';
import type { TrackingStore } from '../core/store/trackingStore';
import { targetUri, type ArtifactTarget } from './artifactTarget';

export interface CompareOptions {
  /** The run to compare with, instead of asking. */
  otherRunId?: string;
  /** Its artifact path, when not the same path. */
  otherPath?: string;
}

export interface ComparedArtifacts {
  left: vscode.Uri;
  right: vscode.Uri;
  title: string;
  /** Set when the files were over the size guard and only their first bytes are compared. */
  headBytes?: number;
}

const MAX_RUN_CHOICES = 500;

async function pickOtherRun(store: TrackingStore, run: Run): Promise<Run | undefined> {
  const page = await store.searchRuns({ experimentIds: [run.info.experiment_id], maxResults: MAX_RUN_CHOICES });
  const others = page.items.filter((r) => r.info.run_id !== run.info.run_id);
  if (others.length === 0) throw new Error(`Run '${run.info.run_name || run.info.run_id}' is the only run of its experiment; select two artifacts to compare across experiments.`);
  const picked = await vscode.window.showQuickPick(
    others.map((r) => ({ label: r.info.run_name || r.info.run_id, description: r.info.status, detail: r.info.run_id, run: r })),
    { title: `Compare with the same artifact of…`, matchOnDetail: true, placeHolder: 'a run of the same experiment' },
  );
  return picked?.run;
}

async function pickOtherFile(store: TrackingStore, runId: string, runName: string, missing: string): Promise<string | undefined> {
  const files = await listArtifactFiles(store, runId, '');
  if (files.length === 0) throw new Error(`Run '${runName}' has no artifacts to compare with.`);
  const picked = await vscode.window.showQuickPick(
    files.map((f: FileInfo) => ({ label: f.path, description: f.file_size !== undefined ? formatBytes(f.file_size) : '' })),
    { title: `Run '${runName}' has no '${missing}': compare with…` },
  );
  return picked?.label;
}

async function sizeOf(store: TrackingStore, target: ArtifactTarget): Promise<number | undefined> {
  const entry = await artifactEntry(store, target.runId, target.path);
  if (entry.is_dir) throw new Error(`'${target.path}' is a folder; compare files.`);
  return entry.file_size;
}

/** Opens `vscode.diff` on two artifacts (left, right); heads only when either is over the guard. */
export async function diffArtifacts(store: TrackingStore, left: ArtifactTarget, right: ArtifactTarget): Promise<ComparedArtifacts> {
  const sizes = [await sizeOf(store, left), await sizeOf(store, right)];
  const guarded = sizes.map((s) => openDecision(s)).find((d) => d.kind === 'guarded');
  const headBytes = guarded?.kind === 'guarded' ? guarded.headBytes : undefined;
  const leftUri = targetUri(left, headBytes);
  const rightUri = targetUri(right, headBytes);
  const name = (t: ArtifactTarget) => t.runName ?? t.runId;
  const title =
    left.path === right.path ? `${left.path} (${name(left)} ↔ ${name(right)})` : `${name(left)}: ${left.path} ↔ ${name(right)}: ${right.path}`;
  await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title, { preview: true });
  if (headBytes !== undefined) {
    void vscode.window.showInformationMessage(`MLflow: comparing the first ${formatBytes(headBytes)} only: a file is larger than ${formatBytes(PREVIEW_LIMIT_BYTES)}.`);
  }
  return { left: leftUri, right: rightUri, title, ...(headBytes !== undefined ? { headBytes } : {}) };
}

/** Compares `target` with the same (or a chosen) artifact of another run. */
export async function compareWithOtherRun(store: TrackingStore, target: ArtifactTarget, options: CompareOptions = {}): Promise<ComparedArtifacts | undefined> {
  let other: Run | undefined;
  if (options.otherRunId !== undefined) other = await store.getRun(options.otherRunId);
  else other = await pickOtherRun(store, await store.getRun(target.runId));
  if (!other) return undefined;
  const otherName = other.info.run_name || other.info.run_id;
  let otherPath = options.otherPath ?? target.path;
  try {
    await artifactEntry(store, other.info.run_id, otherPath);
  } catch (e) {
    if (!StoreError.is(e, 'notFound') || options.otherPath !== undefined || options.otherRunId !== undefined) throw e;
    const chosen = await pickOtherFile(store, other.info.run_id, otherName, target.path);
    if (chosen === undefined) return undefined;
    otherPath = chosen;
  }
  return diffArtifacts(store, target, { runId: other.info.run_id, runName: other.info.run_name || undefined, path: otherPath, isDir: false });
}
