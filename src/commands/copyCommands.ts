import * as vscode from 'vscode';

/** Copies the run id of a run node (or of an object with `runId`) to the clipboard. */
export async function copyRunId(arg: unknown): Promise<void> {
  const runId = typeof arg === 'object' && arg !== null && 'runId' in arg ? (arg as { runId: unknown }).runId : undefined;
  if (typeof runId !== 'string' || !runId) return;
  await vscode.env.clipboard.writeText(runId);
  vscode.window.setStatusBarMessage(`Copied run ID ${runId}`, 3000);
}
