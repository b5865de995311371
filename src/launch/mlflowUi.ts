/**
 * Open the MLflow UI: for a tracking server, its own URL; for a local store, `mlflow ui` on a free
 * loopback port in a terminal (a trusted workspace only), opened in VS Code's Simple Browser once it answers.
 * Loopback URLs go through `asExternalUri` (`platform/externalUri.ts`): the window may be on another machine.
 */
import * as vscode from 'vscode';
import { fileStoreVerdict } from '../core/launch/fileStoreSunset';
import { isFileStoreUri, launchEnvironment } from '../core/launch/trackingEnv';
import { redact } from '../core/log';
import { freePort } from '../core/serving/freePort';
import { openInSimpleBrowser } from '../platform/externalUri';
import { CommandIds } from '../shared/commandIds';
import type { Launcher } from './launcher';
import { LaunchTerminal } from './launchTerminal';

export interface MlflowUiDeps {
  launcher: Launcher;
  activeTrackingUri(): Promise<string | undefined>;
  projectDir(): string;
  env(): NodeJS.ProcessEnv;
  /** `mlflowLens.launch.allowFileStore`: MLFLOW_ALLOW_FILE_STORE=true for `mlflow ui` on a file store. */
  allowFileStore?(): boolean;
}

/** What the command opened: the UI's own URL and the one the window was given (they differ across machines). */
export interface OpenedMlflowUi {
  url: string;
  shownUrl: string;
}

let running: { terminal: LaunchTerminal; url: string; trackingUri: string } | undefined;

/** "MLflow: Open MLflow UI"; resolves to what it opened (automation and tests read it), undefined after an error it showed. */
export function registerMlflowUiCommand(deps: MlflowUiDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.openMlflowUi, async (): Promise<OpenedMlflowUi | undefined> => {
    try {
      return await openMlflowUi(deps);
    } catch (error) {
      void vscode.window.showErrorMessage(`MLflow: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
}

export async function openMlflowUi(deps: MlflowUiDeps): Promise<OpenedMlflowUi> {
  const trackingUri = await deps.activeTrackingUri();
  if (!trackingUri) throw new Error('no tracking store is open: choose one first (MLflow: Choose Tracking Store…).');
  if (/^https?:/i.test(trackingUri)) return openInBrowser(trackingUri);
  if (running?.terminal.running && running.trackingUri === trackingUri) return openInBrowser(running.url);
  if (!vscode.workspace.isTrusted) throw new Error('starting `mlflow ui` runs a program: trust this workspace first (Manage Workspace Trust).');
  const found = await deps.launcher.mlflowFor(deps.projectDir());
  if ('missing' in found) throw new Error(found.missing);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [...found.found.argv, 'ui', '--backend-store-uri', trackingUri, '--host', '127.0.0.1', '--port', String(port)];
  const terminal = new LaunchTerminal({ argv, cwd: deps.projectDir(), env: launchEnvironment(deps.env(), trackingUri, undefined, { allowFileStore: deps.allowFileStore?.() ?? false }), title: 'MLflow UI', what: 'mlflow ui', display: redact(argv.join(' ')) });
  running = { terminal, url, trackingUri };
  terminal.show(true);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the MLflow UI…', cancellable: true }, async (_progress, token) => {
    for (let i = 0; i < 120 && !token.isCancellationRequested && terminal.outcome === undefined; i++) {
      try {
        if ((await fetch(`${url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  if (terminal.outcome) {
    const refused = isFileStoreUri(trackingUri) && fileStoreVerdict(found.found.version).refuses && !deps.allowFileStore?.();
    const hint = refused
      ? ` MLflow ${found.found.version} refuses file stores: run MLflow: Migrate mlruns to mlflow.db…, or allow it with the setting mlflowLens.launch.allowFileStore.`
      : '';
    throw new Error(`\`mlflow ui\` stopped before it answered: see the "MLflow UI" terminal.${hint}`);
  }
  return openInBrowser(url);
}

async function openInBrowser(url: string): Promise<OpenedMlflowUi> {
  return { url, shownUrl: await openInSimpleBrowser(url) };
}
