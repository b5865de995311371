/**
 * `mlflowLens.runEntryPoint` until the run launcher exists: the Run lens opens the MLproject at the
 * entry point and selects its parameters, so the user sees what a run will ask for. When another
 * part of the extension registers the real command first, this stub stays out of the way.
 */
import * as vscode from 'vscode';
import { parseFile } from '../core/mlproject/parse';

export const RUN_ENTRY_POINT_COMMAND = 'mlflowLens.runEntryPoint';

/** Arguments the language server's Run lens sends. */
interface RunEntryPointArgs {
  uri: string;
  entryPoint: string;
}

function isRunArgs(value: unknown): value is RunEntryPointArgs {
  const v = value as Partial<RunEntryPointArgs> | null;
  return typeof v === 'object' && v !== null && typeof v.uri === 'string' && typeof v.entryPoint === 'string';
}

export function registerRunEntryPointStub(): vscode.Disposable {
  let registration: vscode.Disposable | undefined;
  let disposed = false;
  void vscode.commands.getCommands(true).then((commands) => {
    if (disposed || commands.includes(RUN_ENTRY_POINT_COMMAND)) return;
    registration = vscode.commands.registerCommand(RUN_ENTRY_POINT_COMMAND, revealEntryPoint);
  });
  return {
    dispose: () => {
      disposed = true;
      registration?.dispose();
    },
  };
}

async function revealEntryPoint(args: unknown): Promise<void> {
  if (!isRunArgs(args)) {
    void vscode.window.showWarningMessage('Run entry point: open an MLproject and use the Run lens above an entry point.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  const parsed = parseFile(document.getText(), 'mlproject');
  const entry = parsed.model.entryPoints.find((e) => e.name === args.entryPoint);
  const span = entry?.parametersPair?.span ?? entry?.pair.keyNode.span;
  const editor = await vscode.window.showTextDocument(document);
  if (span) {
    const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }
  const params = entry?.parameters.map((p) => `${p.name}${p.required ? ' (required)' : ''}`).join(', ');
  void vscode.window.showInformationMessage(
    `Entry point '${args.entryPoint}'${params ? ` takes: ${params}` : ' takes no parameters'}. Launching runs from the editor comes with the run launcher; for now: mlflow run . -e ${args.entryPoint}`,
  );
}
