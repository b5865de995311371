import * as vscode from 'vscode';
import type { Logger } from '../core/log';

/**
 * Registers a command whose failure is logged and shown as one error message, so no handler can
 * leave an unhandled rejection or fail silently.
 */
export function registerGuardedCommand(
  id: string,
  handler: (...args: unknown[]) => unknown,
  logger: Logger,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error(`${id} failed: ${message}`);
      void vscode.window.showErrorMessage(`MLflow: ${message}`);
      return undefined;
    }
  });
}
