/** The artifact commands of the run tree: open (size guard), open as text, compare across runs, download. */
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import { registerGuardedCommand } from '../commands/guardedCommand';
import { CommandIds } from '../shared/commandIds';
import { artifactTargetOf, selectedArtifacts, type ArtifactTarget } from './artifactTarget';
import { compareWithOtherRun, diffArtifacts, type CompareOptions } from './compareArtifacts';
import { downloadArtifact, type DownloadOptions, type DownloadResult } from './downloadArtifacts';
import { openArtifact, openArtifactAsText, type OpenArtifactDeps, type OpenArtifactOptions } from './openArtifact';

export interface ArtifactCommandDeps {
  currentStore(): Promise<TrackingStore | undefined>;
  logger: Logger;
}

function asOptions<T extends object>(value: unknown): T {
  return (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as T;
}

export function registerArtifactCommands(deps: ArtifactCommandDeps): vscode.Disposable[] {
  const store = async (): Promise<TrackingStore> => {
    const current = await deps.currentStore();
    if (!current) throw new Error('No tracking store is open.');
    return current;
  };
  const download = async (target: ArtifactTarget, options: DownloadOptions = {}): Promise<DownloadResult> => {
    const result = await downloadArtifact(await store(), target, options);
    if (result.written) {
      const reveal = 'Reveal';
      void vscode.window.showInformationMessage(`MLflow: downloaded ${result.files} file(s) to ${result.written}.`, reveal).then((answer) => {
        if (answer === reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.written ?? ''));
      });
    }
    return result;
  };
  const openDeps: OpenArtifactDeps = { store, download: (target) => download(target) };
  const target = (node: unknown): ArtifactTarget => {
    const found = artifactTargetOf(node);
    if (!found) throw new Error('Choose an artifact in the MLflow view first.');
    return found;
  };
  return [
    registerGuardedCommand(CommandIds.openArtifact, (node, options) => openArtifact(openDeps, node, asOptions<OpenArtifactOptions>(options)), deps.logger),
    registerGuardedCommand(CommandIds.openArtifactAsText, (node, options) => openArtifactAsText(openDeps, node, asOptions<OpenArtifactOptions>(options)), deps.logger),
    registerGuardedCommand(
      CommandIds.downloadArtifact,
      (node, options) => download(target(node), asOptions<DownloadOptions>(options)),
      deps.logger,
    ),
    registerGuardedCommand(
      CommandIds.compareArtifactWithRun,
      async (node, second) => {
        // From the context menu with two files selected, VS Code passes (clicked, selection).
        const selected = selectedArtifacts(node, second).filter((t) => !t.isDir);
        if (selected.length === 2 && selected[0] && selected[1]) return diffArtifacts(await store(), selected[0], selected[1]);
        if (selected.length > 2) throw new Error('Select one artifact file, or two to compare them with each other.');
        return compareWithOtherRun(await store(), target(node), asOptions<CompareOptions>(second));
      },
      deps.logger,
    ),
  ];
}
