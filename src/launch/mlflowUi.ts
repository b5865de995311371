/**
 * Open the MLflow UI: for a tracking server, its own URL; for a local store, `mlflow ui` on a free
 * loopback port in a terminal (a trusted workspace only), opened in VS Code's Simple Browser once it answers.
 */
import net from 'node:net';
import * as vscode from 'vscode';
import { launchEnvironment } from '../core/launch/trackingEnv';
import type { Launcher } from './launcher';
import { LaunchTerminal } from './launchTerminal';

export interface MlflowUiDeps {
  launcher: Launcher;
  activeTrackingUri(): Promise<string | undefined>;
  projectDir(): string;
  env(): NodeJS.ProcessEnv;
}

let running: { terminal: LaunchTerminal; url: string; trackingUri: string } | undefined;

export async function openMlflowUi(deps: MlflowUiDeps): Promise<void> {
  const trackingUri = await deps.activeTrackingUri();
  if (!trackingUri) throw new Error('no tracking store is open: choose one first (MLflow: Choose Tracking Store…).');
  if (/^https?:/i.test(trackingUri)) {
    await openInBrowser(trackingUri);
    return;
  }
  if (running?.terminal.running && running.trackingUri === trackingUri) {
    await openInBrowser(running.url);
    return;
  }
  if (!vscode.workspace.isTrusted) throw new Error('starting `mlflow ui` runs a program: trust this workspace first (Manage Workspace Trust).');
  const found = await deps.launcher.mlflowFor(deps.projectDir());
  if ('missing' in found) throw new Error(found.missing);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const argv = [...found.found.argv, 'ui', '--backend-store-uri', trackingUri, '--host', '127.0.0.1', '--port', String(port)];
  const terminal = new LaunchTerminal({ argv, cwd: deps.projectDir(), env: launchEnvironment(deps.env(), trackingUri), title: 'MLflow UI', display: argv.join(' ') });
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
  if (terminal.outcome) throw new Error('`mlflow ui` stopped before it answered: see the "MLflow UI" terminal.');
  await openInBrowser(url);
}

async function openInBrowser(url: string): Promise<void> {
  try {
    await vscode.commands.executeCommand('simpleBrowser.show', url);
  } catch {
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
