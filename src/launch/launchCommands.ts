/**
 * The launcher's commands: Run Entry Point (CodeLens, editor title, explorer context menu, palette and
 * the automation contract), Stop, Re-run with these parameters, and the launch form's panels.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchInput } from '../core/launch/mlflowRun';
import { findMlprojectFile, readLaunchProject, type LaunchProject } from '../core/launch/launchProject';
import type { Logger } from '../core/log';
import type { TrackingStore } from '../core/store/trackingStore';
import { parseRestoreState, ProtocolViolation } from '../panels/messageGuard';
import { panelOptions, viewTypeOf } from '../panels/panelController';
import { runIdFrom } from '../panels/registerPanels';
import { CommandIds } from '../shared/commandIds';
import type { Launch, Launcher } from './launcher';
import { followLaunch, type FollowDeps } from './launchFollower';
import { LaunchFormPanel, type LaunchFormDeps } from './launchFormPanel';
import { applyArgs, defaultInput, fsPathOf, parseRunEntryPointArgs, RememberedInputs, runOrigin, withParameters, type RunEntryPointArgs } from './launchInputs';

export interface LaunchCommandDeps extends Omit<LaunchFormDeps, 'onLaunch' | 'remembered' | 'launcher'>, Omit<FollowDeps, 'logger' | 'openRun'> {
  launcher: Launcher;
  logger: Logger;
  workspaceState: vscode.Memento;
  getStore(): Promise<TrackingStore | undefined>;
}

export function registerLaunchCommands(deps: LaunchCommandDeps): vscode.Disposable[] {
  const remembered = new RememberedInputs(deps.workspaceState);
  const forms = new Map<string, LaunchFormPanel>();
  const follow = (launch: Launch) => followLaunch(launch, { ...deps, logger: deps.logger });
  const formDeps: LaunchFormDeps = { ...deps, remembered, onLaunch: follow };

  const openForm = async (projectFile: string, entryPoint: string, preset?: LaunchInput): Promise<void> => {
    const existing = forms.get(projectFile);
    if (existing) return existing.show(entryPoint, preset);
    const panel = vscode.window.createWebviewPanel(viewTypeOf('launch'), `Run ${entryPoint}`, vscode.ViewColumn.Active, panelOptions(deps.extensionUri));
    adoptForm(panel, projectFile, entryPoint, preset);
  };
  const adoptForm = (panel: vscode.WebviewPanel, projectFile: string, entryPoint: string, preset?: LaunchInput) => {
    const form = new LaunchFormPanel(panel, projectFile, entryPoint, formDeps, preset);
    forms.set(projectFile, form);
    form.onDidDispose(() => forms.delete(projectFile));
  };

  /** The automation contract: launch without the form, resolving to `{ runId }` once MLflow printed it. */
  const launchNow = async (project: LaunchProject, args: RunEntryPointArgs): Promise<{ runId: string }> => {
    // Remembered choices (env manager, experiment …) apply; parameters are only those the caller gave.
    const defaults = defaultInput(project, args.entryPoint);
    const base = remembered.get(project.file, args.entryPoint) ?? defaults;
    const input = applyArgs(project, { ...base, parameters: defaults.parameters, extraParameters: [] }, args);
    const launch = await deps.launcher.launch(project, input);
    await remembered.set(project.file, input);
    follow(launch);
    const runId = await new Promise<string>((resolve, reject) => {
      launch.terminal.onRunId(resolve);
      launch.terminal.onExit((o) => reject(new Error(o.error ?? `mlflow run ended (exit ${o.exitCode ?? o.signal}) before creating a run; see the terminal "${launch.terminal.terminal.name}".`)));
    });
    return { runId };
  };

  const runEntryPoint = async (arg?: unknown): Promise<{ runId: string } | undefined> => {
    // No argument (palette), a Uri (editor title, explorer context menu): pick the entry point first.
    if (arg === undefined || arg instanceof vscode.Uri) {
      const picked = await pickEntryPoint(arg);
      if (picked) await openForm(picked.file, picked.entryPoint);
      return undefined;
    }
    const args = parseRunEntryPointArgs(arg);
    if (typeof args === 'string') throw new Error(`MLflow: Run Entry Point: ${args}.`);
    const target = fsPathOf(args.uri);
    const file = findMlprojectFile(target) ?? target;
    const project = deps.launcher.readProject(file);
    if (args.launch) return launchNow(project, args);
    const given = args.parameters || args.experimentName || args.envManager || args.runName;
    const preset = given ? applyArgs(project, remembered.get(project.file, args.entryPoint) ?? defaultInput(project, args.entryPoint), args) : undefined;
    await openForm(project.file, args.entryPoint, preset);
    return undefined;
  };

  const rerun = async (arg: unknown): Promise<{ runId: string } | undefined> => {
    const runId = runIdFrom(arg);
    const store = await deps.getStore();
    if (!runId || !store) throw new Error('select a run in the Experiments view.');
    const run = await store.getRun(runId);
    const origin = runOrigin(run);
    if (typeof origin === 'string') throw new Error(origin);
    const file = findMlprojectFile(origin.projectDir);
    if (!file) throw new Error(`The project folder of this run, ${origin.projectDir}, holds no MLproject (moved, or launched on another machine).`);
    const project = deps.launcher.readProject(file);
    const experiments = await deps.experiments().catch(() => []);
    const experimentName = experiments.find((e) => e.id === origin.experimentId)?.name ?? '';
    // Automation (`{ runId, launch: true }`): the same launch without the form.
    if (typeof arg === 'object' && arg !== null && (arg as { launch?: unknown }).launch === true) {
      return launchNow(project, { uri: file, entryPoint: origin.entryPoint, parameters: origin.parameters, experimentName, launch: true });
    }
    const preset = withParameters(project, { ...defaultInput(project, origin.entryPoint), experimentName }, origin.parameters);
    await openForm(file, origin.entryPoint, preset);
    return undefined;
  };

  const stop = async (arg: unknown): Promise<void> => {
    const runId = runIdFrom(arg);
    const launch = runId ? deps.launcher.launchOf(runId) : await pickRunning(deps.launcher);
    if (!launch) {
      if (runId) throw new Error(`run ${runId} was not launched from this window (stop it where it runs).`);
      return;
    }
    if (!launch.terminal.running) return;
    launch.terminal.stop();
  };

  const guard = (id: string, handler: (arg?: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.warn(`${id}: ${message}`);
        void vscode.window.showErrorMessage(message.startsWith('MLflow') ? message : `MLflow: ${message}`);
        // The automation contract rejects with the reason; interactive callers got the message.
        if (typeof arg === 'object' && arg !== null && (arg as { launch?: unknown }).launch === true) throw error;
        return undefined;
      }
    });

  return [
    guard(CommandIds.runEntryPoint, runEntryPoint),
    guard(CommandIds.rerunWithParameters, rerun),
    guard(CommandIds.stopLaunch, stop),
    vscode.window.registerWebviewPanelSerializer(viewTypeOf('launch'), {
      deserializeWebviewPanel: async (panel, saved) => {
        try {
          const restore = parseRestoreState('launch', saved);
          adoptForm(panel, restore.projectFile, restore.entryPoint);
        } catch (error) {
          deps.logger.warn(`could not restore a launch form: ${error instanceof ProtocolViolation || error instanceof Error ? error.message : String(error)}`);
          panel.dispose();
        }
      },
    }),
    new vscode.Disposable(() => {
      for (const form of forms.values()) form.dispose();
    }),
  ];
}

/** The workspace's projects and their entry points (or those of one project, for a Uri). */
async function pickEntryPoint(resource: vscode.Uri | undefined): Promise<{ file: string; entryPoint: string } | undefined> {
  let files: string[];
  if (resource) {
    const file = findMlprojectFile(resource.fsPath) ?? resource.fsPath;
    files = [file];
  } else {
    const found = await vscode.workspace.findFiles('**/[Mm][Ll][Pp][Rr][Oo][Jj][Ee][Cc][Tt]', '**/{node_modules,.git,mlruns}/**', 200);
    files = found.map((u) => u.fsPath).sort();
  }
  if (files.length === 0) {
    void vscode.window.showInformationMessage('MLflow: no MLproject file in this workspace.');
    return undefined;
  }
  const items: (vscode.QuickPickItem & { file?: string; entryPoint?: string })[] = [];
  for (const file of files) {
    let project: LaunchProject;
    try {
      project = readLaunchProject(file);
    } catch (error) {
      items.push({ label: vscode.workspace.asRelativePath(file), description: error instanceof Error ? error.message : String(error) });
      continue;
    }
    items.push({ label: project.name ?? path.basename(project.dir), kind: vscode.QuickPickItemKind.Separator });
    for (const entry of project.model.entryPoints) {
      const params = entry.parameters.map((p) => `${p.name}${p.required ? '*' : ''}`).join(', ');
      items.push({ label: `$(run) ${entry.name}`, description: params, detail: vscode.workspace.asRelativePath(file), file, entryPoint: entry.name });
    }
    if (project.errors.length) items.push({ label: `$(error) ${vscode.workspace.asRelativePath(file)}`, description: project.errors[0], file, entryPoint: project.model.entryPoints[0]?.name ?? 'main' });
  }
  const choice = await vscode.window.showQuickPick(items, { title: 'MLflow: Run Entry Point', placeHolder: 'Entry point to run', matchOnDescription: true, matchOnDetail: true });
  return choice?.file && choice.entryPoint ? { file: choice.file, entryPoint: choice.entryPoint } : undefined;
}

async function pickRunning(launcher: Launcher): Promise<Launch | undefined> {
  const running = launcher.running();
  if (running.length === 0) {
    void vscode.window.showInformationMessage('MLflow: no run launched from this window is running.');
    return undefined;
  }
  if (running.length === 1) return running[0];
  const choice = await vscode.window.showQuickPick(
    running.map((l) => ({ label: `${l.request.entryPoint} · ${path.basename(l.project.dir)}`, description: l.terminal.runId ?? 'starting', launch: l })),
    { title: 'MLflow: Stop Run' },
  );
  return choice?.launch;
}
