/**
 * Serve Model Locally: `mlflow models serve` for a model of the open store, in a terminal without a
 * shell (a trusted workspace only; the MLflow the run launcher finds), on a free loopback port, with
 * the store as MLFLOW_TRACKING_URI and a server's credentials in MLflow's own variables; then the Try
 * It panel, which posts the model's example request once the server answers. Stop Model Server ends it.
 */
import os from 'node:os';
import * as vscode from 'vscode';
import { commandLine } from '../core/launch/shellQuote';
import type { EnvManager } from '../core/launch/mlflowRun';
import { launchEnvironment } from '../core/launch/trackingEnv';
import { redact, type Logger } from '../core/log';
import type { Credentials } from '../core/store/rest/credentials';
import { exampleRequest } from '../core/serving/exampleRequest';
import { freePort } from '../core/serving/freePort';
import { resolveServeTarget, type ServeTarget } from '../core/serving/modelSource';
import { mlflowServeArgs, portProblem } from '../core/serving/serveCommand';
import type { TrackingStore } from '../core/store/trackingStore';
import { registerGuardedCommand } from '../commands/guardedCommand';
import type { Launcher } from '../launch/launcher';
import { LaunchTerminal } from '../launch/launchTerminal';
import { CommandIds, ContextKeys } from '../shared/commandIds';
import type { ModelServerStatus } from '../shared/webviewProtocol';
import { ModelServer } from './modelServer';
import { completeVersion, directTarget, modelFoldersOfRun } from './serveTargets';
import { TryItPanel } from './tryItPanel';

export interface ServingDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  launcher: Launcher;
  currentStore(): Promise<TrackingStore | undefined>;
  activeTrackingUri(): Promise<string | undefined>;
  credentials(trackingUri: string): Promise<Credentials | undefined>;
  /** Where the server process starts (the first workspace folder). */
  workingDir(): string | undefined;
  env(): NodeJS.ProcessEnv;
  workspaceState: vscode.Memento;
}

/** What Serve Model Locally started, for automation and tests. */
export interface ServedModelInfo {
  modelLabel: string;
  modelUri: string;
  port: number;
  url: string;
  envManager: EnvManager;
  status: ModelServerStatus;
  statusDetail?: string;
}

export interface ServingApi {
  servers(): ServedModelInfo[];
  /** The Try It panel of the server on `port`, driven as its webview drives it. */
  tryIt(port: number): Pick<TryItPanel, 'deliver' | 'state'> | undefined;
}

const LAST_ENV_MANAGER = 'mlflowLens.serve.envManager';
const ENV_MANAGERS: readonly EnvManager[] = ['local', 'virtualenv', 'conda', 'uv'];

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function infoOf(server: ModelServer): ServedModelInfo {
  return {
    modelLabel: server.model.label,
    modelUri: server.model.modelUri,
    port: server.port,
    url: server.url,
    envManager: server.envManager,
    status: server.status,
    ...(server.statusDetail ? { statusDetail: server.statusDetail } : {}),
  };
}

export function registerServing(deps: ServingDeps): { disposables: vscode.Disposable[]; api: ServingApi } {
  const servers = new Set<ModelServer>();
  const panels = new Map<ModelServer, TryItPanel>();
  const running = () => [...servers].filter((s) => s.status !== 'stopped');
  const updateContext = () => void vscode.commands.executeCommand('setContext', ContextKeys.modelServing, running().length > 0);

  function openTryIt(server: ModelServer): void {
    const existing = panels.get(server);
    if (existing && !existing.disposed) return existing.reveal();
    const panel = TryItPanel.open(server, { extensionUri: deps.extensionUri, logger: deps.logger });
    panels.set(server, panel);
    panel.onDidDispose(() => panels.delete(server));
  }

  async function targetOf(arg: unknown, store: TrackingStore): Promise<ServeTarget | undefined> {
    const direct = directTarget(arg);
    if (!direct) throw new Error('select a model version, a logged model, a run or its model folder to serve.');
    if ('kind' in direct) return direct.kind === 'modelVersion' ? completeVersion(store, direct) : direct;
    const folders = await modelFoldersOfRun(store, direct.runId);
    if (folders.length === 0) throw new Error(`run ${direct.runId} logged no model (no artifact folder holds an MLmodel file).`);
    const folder = folders.length === 1 ? folders[0] : await vscode.window.showQuickPick(folders, { title: `Serve which model of run ${direct.runId}?` });
    return folder === undefined ? undefined : { kind: 'runArtifact', runId: direct.runId, path: folder };
  }

  async function envManagerFor(arg: unknown, projectDir: string): Promise<EnvManager | undefined> {
    const availability = await deps.launcher.envManagers(projectDir);
    const given = field(arg, 'envManager');
    if (given !== undefined) {
      if (!ENV_MANAGERS.includes(given as EnvManager)) throw new Error(`unknown env manager ${JSON.stringify(given)}: use one of ${ENV_MANAGERS.join(', ')}.`);
      const problem = availability.find((m) => m.id === given && !m.available);
      if (problem) throw new Error(`the ${String(given)} env manager cannot work here: ${problem.reason ?? 'not available'}.`);
      return given as EnvManager;
    }
    const last = deps.workspaceState.get<string>(LAST_ENV_MANAGER);
    const items = [...availability]
      .sort((a, b) => Number(b.available) - Number(a.available) || Number(b.id === last) - Number(a.id === last))
      .map((m) => ({
        label: m.id,
        id: m.id,
        available: m.available,
        description: m.id === 'local' ? 'the Python environment MLflow runs in' : m.id === last ? 'used last time' : undefined,
        detail: m.available ? undefined : `$(warning) ${m.reason ?? 'not available'}`,
      }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Serve the model with which environment manager?', placeHolder: 'local uses the Python environment MLflow runs in' });
    if (!picked) return undefined;
    if (!picked.available) throw new Error(`the ${picked.id} env manager cannot work here: ${picked.detail?.replace('$(warning) ', '') ?? ''}`);
    await deps.workspaceState.update(LAST_ENV_MANAGER, picked.id);
    return picked.id;
  }

  async function serve(arg: unknown): Promise<ServedModelInfo | undefined> {
    if (!vscode.workspace.isTrusted) throw new Error('serving a model runs a program: trust this workspace first (Manage Workspace Trust).');
    const store = await deps.currentStore();
    if (!store) throw new Error('no tracking store is open: choose one first (MLflow: Choose Tracking Store…).');
    const target = await targetOf(arg, store);
    if (!target) return undefined;
    const model = await resolveServeTarget(store, target);
    const already = running().find((s) => s.model.modelUri === model.modelUri);
    if (already) {
      openTryIt(already);
      return infoOf(already);
    }
    const workingDir = deps.workingDir() ?? os.tmpdir();
    const found = await deps.launcher.mlflowFor(workingDir);
    if ('missing' in found) throw new Error(found.missing);
    const envManager = await envManagerFor(arg, workingDir);
    if (!envManager) return undefined;
    const requestedPort = field(arg, 'port');
    if (requestedPort !== undefined && portProblem(requestedPort)) throw new Error(portProblem(requestedPort));
    const port = (requestedPort as number | undefined) ?? (await freePort());
    const trackingUri = (await deps.activeTrackingUri()) ?? store.uri;
    const credentials = /^https?:/i.test(trackingUri) ? await deps.credentials(trackingUri) : undefined;
    const argv = [...found.found.argv, ...mlflowServeArgs({ modelUri: model.modelUri, port, envManager })];
    const terminal = new LaunchTerminal({
      argv,
      cwd: workingDir,
      env: launchEnvironment(deps.env(), trackingUri, credentials),
      title: `MLflow: serve ${model.label}`,
      display: `MLFLOW_TRACKING_URI=${redact(trackingUri)}\n${commandLine(argv, 'bash')}`,
      what: 'mlflow models serve',
      processGroup: true,
    });
    const server = new ModelServer(model, port, envManager, terminal, await exampleRequest(model));
    servers.add(server);
    server.onDidChange(updateContext);
    updateContext();
    terminal.show(true);
    deps.logger.info(`serving ${model.label} (${model.modelUri}) on ${server.url} with --env-manager ${envManager}`);
    openTryIt(server);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Starting the model server for ${model.label}…`, cancellable: true },
      async (_progress, token) => {
        const cancelled = token.onCancellationRequested(() => server.stop());
        try {
          await server.whenReady();
        } finally {
          cancelled.dispose();
        }
      },
    );
    if (server.status === 'stopped') void vscode.window.showErrorMessage(`MLflow: the model server for ${model.label} stopped before it answered. ${server.statusDetail ?? ''}`);
    return infoOf(server);
  }

  async function stop(arg: unknown): Promise<void> {
    const port = field(arg, 'port');
    const candidates = running();
    let chosen = typeof port === 'number' ? candidates.filter((s) => s.port === port) : candidates;
    if (chosen.length > 1) {
      const picked = await vscode.window.showQuickPick(
        chosen.map((s) => ({ label: s.model.label, description: s.url, server: s })),
        { title: 'Stop which model server?' },
      );
      chosen = picked ? [picked.server] : [];
    }
    if (chosen.length === 0 && candidates.length === 0) void vscode.window.showInformationMessage('MLflow: no model server started from this window is running.');
    for (const s of chosen) s.stop();
  }

  const disposables: vscode.Disposable[] = [
    registerGuardedCommand(CommandIds.serveModel, (arg: unknown) => serve(arg), deps.logger),
    registerGuardedCommand(CommandIds.stopModelServer, (arg: unknown) => stop(arg), deps.logger),
    {
      dispose: () => {
        for (const p of panels.values()) p.dispose();
        for (const s of servers) s.dispose();
        servers.clear();
      },
    },
  ];
  const api: ServingApi = {
    servers: () => [...servers].map(infoOf),
    tryIt: (port) => {
      const server = [...servers].find((s) => s.port === port);
      const panel = server ? panels.get(server) : undefined;
      return panel && !panel.disposed ? panel : undefined;
    },
  };
  return { disposables, api };
}
