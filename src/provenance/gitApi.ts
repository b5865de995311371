/**
 * The part of VS Code's git extension API (`vscode.git`, `getAPI(1)`) that provenance uses, typed
 * here as the extension documents it (extensions/git/src/api/git.d.ts), and how to reach it with a
 * message that says what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  getCommit(ref: string): Promise<GitCommit>;
  show(ref: string, path: string): Promise<string>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Thrown with a message meant for the user as it is. */
export class ProvenanceError extends Error {
  override readonly name = 'ProvenanceError';
}

const INIT_WAIT_MS = 10_000;

/** The git API once the extension has looked at the workspace; a ProvenanceError when there is none. */
export async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new ProvenanceError("VS Code's Git extension (vscode.git) is not available, so the run's code cannot be opened at its commit.");
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled) throw new ProvenanceError("VS Code's Git extension is disabled (setting git.enabled), so the run's code cannot be opened at its commit.");
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve();
      }, INIT_WAIT_MS);
      const listener = api.onDidChangeState((state) => {
        if (state !== 'initialized') return;
        clearTimeout(timer);
        listener.dispose();
        resolve();
      });
    });
  }
  return api;
}

/** The folder holding `.git` at or above `file`, not above `boundary` (a workspace folder). */
function gitRootOf(file: string, boundary: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const rel = path.relative(boundary, dir);
    if (rel === '' || rel.startsWith('..') || dir === path.dirname(dir)) return undefined;
  }
}

/**
 * The repository holding `file`: one the git extension already has, else the one found above the
 * file inside its workspace folder, opened in the git extension (it only scans so deep on its own).
 */
export async function repositoryOf(api: GitApi, file: vscode.Uri): Promise<GitRepository | undefined> {
  const known = api.getRepository(file);
  if (known) return known;
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (!folder || !api.openRepository) return undefined;
  const root = gitRootOf(file.fsPath, folder.uri.fsPath);
  if (!root) return undefined;
  return (await api.openRepository(vscode.Uri.file(root))) ?? undefined;
}
