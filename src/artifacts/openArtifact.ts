/**
 * Opens an artifact in VS Code's own editor for its kind (text, YAML for `MLmodel`, the Markdown
 * preview, notebooks, images) or the script-less HTML preview. A file over the size guard is not
 * opened whole: the user may open its first bytes ("Open Anyway", with a note) or download it.
 */
import * as vscode from 'vscode';
import { artifactKind, languageHint } from '../core/artifacts/artifactKind';
import { artifactEntry } from '../core/artifacts/artifactRange';
import { formatBytes, openDecision } from '../core/artifacts/sizeGuard';
import type { TrackingStore } from '../core/store/trackingStore';
import { artifactTargetOf, targetUri, type ArtifactTarget } from './artifactTarget';
import { showHtmlPreview } from './htmlPreview';

export type LargeFileChoice = 'openAnyway' | 'download' | 'cancel';

export interface OpenArtifactOptions {
  /** What to do with a file over the size guard, instead of asking (automation). */
  large?: LargeFileChoice;
}

/** What was opened, returned to callers that automate the command (and tests). */
export interface OpenedArtifact {
  uri?: vscode.Uri;
  /** True when the file was over the size guard. */
  guarded: boolean;
  /** Set when only the first bytes were opened. */
  headBytes?: number;
  size?: number;
  view: 'editor' | 'markdownPreview' | 'htmlPreview' | 'download' | 'none';
  panel?: vscode.WebviewPanel;
}

export interface OpenArtifactDeps {
  store(): Promise<TrackingStore>;
  download(target: ArtifactTarget): Promise<unknown>;
}

const OPEN_ANYWAY = 'Open Anyway';
const DOWNLOAD = 'Download…';

async function askLarge(target: ArtifactTarget, size: number, headBytes: number): Promise<LargeFileChoice> {
  const answer = await vscode.window.showWarningMessage(
    `'${target.path}' is ${formatBytes(size)}. Open Anyway shows its first ${formatBytes(headBytes)} only; Download copies the whole file.`,
    { modal: true },
    OPEN_ANYWAY,
    DOWNLOAD,
  );
  return answer === OPEN_ANYWAY ? 'openAnyway' : answer === DOWNLOAD ? 'download' : 'cancel';
}

function titleOf(target: ArtifactTarget): string {
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  return `${name} (${target.runName ?? target.runId})`;
}

export async function openArtifact(deps: OpenArtifactDeps, node: unknown, options: OpenArtifactOptions = {}): Promise<OpenedArtifact> {
  const target = artifactTargetOf(node);
  if (!target) throw new Error('Choose an artifact file in the MLflow view first.');
  const store = await deps.store();
  const entry = await artifactEntry(store, target.runId, target.path);
  if (entry.is_dir) throw new Error(`'${target.path}' is a folder: expand it in the MLflow view, or download it.`);
  const decision = openDecision(entry.file_size);
  if (decision.kind === 'guarded') {
    const choice = options.large ?? (await askLarge(target, decision.size, decision.headBytes));
    if (choice === 'download') {
      await deps.download(target);
      return { guarded: true, view: 'download', size: decision.size };
    }
    if (choice !== 'openAnyway') return { guarded: true, view: 'none', size: decision.size };
    const uri = targetUri(target, decision.headBytes);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'default', { preview: true });
    void vscode.window.showInformationMessage(
      `MLflow: showing the first ${formatBytes(decision.headBytes)} of '${target.path}' (${formatBytes(decision.size)}); the rest was not read. Download it to see it all.`,
    );
    return { uri, guarded: true, headBytes: decision.headBytes, size: decision.size, view: 'editor' };
  }
  const uri = targetUri(target);
  const size = entry.file_size;
  switch (artifactKind(target.path)) {
    case 'html': {
      const panel = showHtmlPreview(titleOf(target), await store.readArtifact(target.runId, target.path));
      return { uri, guarded: false, size, view: 'htmlPreview', panel };
    }
    case 'markdown':
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return { uri, guarded: false, size, view: 'markdownPreview' };
    default: {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
      const language = languageHint(target.path);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (language && document && document.languageId !== language) await vscode.languages.setTextDocumentLanguage(document, language);
      return { uri, guarded: false, size, view: 'editor' };
    }
  }
}

/** "Open as Text": the source of an HTML or Markdown artifact in the text editor (size guard included). */
export async function openArtifactAsText(deps: OpenArtifactDeps, node: unknown, options: OpenArtifactOptions = {}): Promise<OpenedArtifact> {
  const target = artifactTargetOf(node);
  if (!target) throw new Error('Choose an artifact file in the MLflow view first.');
  const store = await deps.store();
  const entry = await artifactEntry(store, target.runId, target.path);
  const decision = openDecision(entry.file_size);
  if (decision.kind === 'guarded') return openArtifact(deps, node, options);
  const uri = targetUri(target);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default', { preview: true });
  return { uri, guarded: false, size: entry.file_size, view: 'editor' };
}
