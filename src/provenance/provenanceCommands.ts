/**
 * Open a run's source file as it was at the run's commit, or diff that against the working tree,
 * through VS Code's git extension (`git:` URIs from `toGitUri`, so the editors are its own, read-only).
 * Every dead end is one message saying which tag, file, repository or commit is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { codeProvenance, locateSourceFile, shortCommit, type CodeProvenance } from '../core/provenance/sourceLocation';
import type { TrackingStore } from '../core/store/trackingStore';
import { registerGuardedCommand } from '../commands/guardedCommand';
import { CommandIds } from '../shared/commandIds';
import { gitApi, ProvenanceError, repositoryOf, type GitApi, type GitRepository } from './gitApi';

export interface ProvenanceDeps {
  currentStore(): Promise<TrackingStore | undefined>;
  logger: Logger;
}

/** What the commands opened, returned for callers that automate them (and tests). */
export interface OpenedSource {
  file: vscode.Uri;
  atCommit: vscode.Uri;
  commit: string;
}

interface Located {
  provenance: CodeProvenance;
  runName: string;
  file: vscode.Uri;
  api: GitApi;
  repository: GitRepository;
}

function runIdOf(node: unknown): string {
  const runId = typeof node === 'object' && node !== null ? (node as { runId?: unknown }).runId : undefined;
  if (typeof runId !== 'string' || runId === '') throw new ProvenanceError('Choose a run in the MLflow view first.');
  return runId;
}

const isFile = (p: string) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Repositories one level below a workspace folder, as deep as the git extension scans on its own. */
function nestedGitRoots(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(folder, e.name, '.git')))
      .map((e) => path.join(folder, e.name));
  } catch {
    return [];
  }
}

async function locate(deps: ProvenanceDeps, node: unknown): Promise<Located> {
  const runId = runIdOf(node);
  const store = await deps.currentStore();
  if (!store) throw new ProvenanceError('No tracking store is open.');
  const run = await store.getRun(runId);
  const runName = run.info.run_name || runId;
  const found = codeProvenance(run.data.tags);
  if (!found.ok) throw new ProvenanceError(`Cannot open the code of run '${runName}': ${found.reason}.`);
  const { provenance } = found;
  const api = await gitApi();
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const roots = [...new Set([...api.repositories.map((r) => r.rootUri.fsPath), ...folders.flatMap(nestedGitRoots), ...folders])];
  const filePath = locateSourceFile(provenance.sourceName, roots, isFile);
  if (!filePath) {
    throw new ProvenanceError(
      `The run's source file '${provenance.sourceName}' was not found in this workspace${roots.length === 0 ? ' (no folder is open)' : ''}: open the project it was run from.`,
    );
  }
  const file = vscode.Uri.file(filePath);
  const repository = await repositoryOf(api, file);
  if (!repository) throw new ProvenanceError(`${filePath} is not in a git repository of this workspace, so commit ${shortCommit(provenance.commit)} cannot be read.`);
  try {
    await repository.getCommit(provenance.commit);
  } catch (e) {
    deps.logger.debug(`getCommit ${provenance.commit} in ${repository.rootUri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    throw new ProvenanceError(
      `Commit ${shortCommit(provenance.commit)} of run '${runName}' is not in the local repository ${repository.rootUri.fsPath}: fetch it (git fetch) and try again.`,
    );
  }
  const relative = path.relative(repository.rootUri.fsPath, filePath).split(path.sep).join('/');
  try {
    await repository.show(provenance.commit, filePath);
  } catch {
    throw new ProvenanceError(`${relative} did not exist at commit ${shortCommit(provenance.commit)} of run '${runName}'.`);
  }
  return { provenance, runName, file, api, repository };
}

export async function openSourceAtCommit(deps: ProvenanceDeps, node: unknown): Promise<OpenedSource> {
  const found = await locate(deps, node);
  const atCommit = found.api.toGitUri(found.file, found.provenance.commit);
  await vscode.commands.executeCommand('vscode.open', atCommit, { preview: true }, `${path.basename(found.file.fsPath)} (${shortCommit(found.provenance.commit)})`);
  return { file: found.file, atCommit, commit: found.provenance.commit };
}

export async function diffSourceWithWorkingTree(deps: ProvenanceDeps, node: unknown): Promise<OpenedSource> {
  const found = await locate(deps, node);
  const atCommit = found.api.toGitUri(found.file, found.provenance.commit);
  const title = `${path.basename(found.file.fsPath)} (${shortCommit(found.provenance.commit)} of ${found.runName} ↔ working tree)`;
  await vscode.commands.executeCommand('vscode.diff', atCommit, found.file, title, { preview: true });
  return { file: found.file, atCommit, commit: found.provenance.commit };
}

export function registerProvenanceCommands(deps: ProvenanceDeps): vscode.Disposable[] {
  // A dead end is a warning, and also the command's result, so automation can tell why nothing opened.
  const shown = async (run: () => Promise<OpenedSource>): Promise<OpenedSource | { problem: string }> => {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof ProvenanceError)) throw e;
      void vscode.window.showWarningMessage(`MLflow: ${e.message}`);
      return { problem: e.message };
    }
  };
  return [
    registerGuardedCommand(CommandIds.openSourceAtCommit, (node) => shown(() => openSourceAtCommit(deps, node)), deps.logger),
    registerGuardedCommand(CommandIds.diffSourceWithWorkingTree, (node) => shown(() => diffSourceWithWorkingTree(deps, node)), deps.logger),
  ];
}
