/**
 * The launch form: one panel per MLproject file. The webview shows the fields; every check and the
 * command line come from the host (`Launcher.check`, the same rules a launch applies), so the form and
 * the automation command can never disagree.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchInput } from '../core/launch/mlflowRun';
import type { LaunchProject } from '../core/launch/launchProject';
import { redact, type Logger } from '../core/log';
import type { LaunchCheck, LaunchFormState, LaunchValues } from '../shared/webviewProtocol';
import { PanelController } from '../panels/panelController';
import type { Launch, Launcher } from './launcher';
import { defaultInput, RememberedInputs } from './launchInputs';

export interface LaunchFormDeps {
  extensionUri: vscode.Uri;
  logger: Logger;
  launcher: Launcher;
  remembered: RememberedInputs;
  experiments(): Promise<{ id: string; name: string }[]>;
  activeTrackingUri(): Promise<string | undefined>;
  /** Called for every launch the form starts (the follower shows the run). */
  onLaunch(launch: Launch): void;
  openRun(runId: string): void;
}

export class LaunchFormPanel {
  private readonly controller: PanelController<'launch'>;
  private project: LaunchProject;
  private state: LaunchFormState | undefined;

  constructor(panel: vscode.WebviewPanel, projectFile: string, entryPoint: string, private readonly deps: LaunchFormDeps, preset?: LaunchInput) {
    this.project = deps.launcher.readProject(projectFile);
    this.controller = new PanelController(panel, 'launch', deps.extensionUri, deps.logger, {
      intents: {
        run: ({ values }) => this.run(values),
        copyCommandLine: async ({ values }) => {
          const check = await this.check(values);
          if (!check.commandLine) throw new Error(Object.values(check.errors).join(' '));
          await vscode.env.clipboard.writeText(check.commandLine);
          void vscode.window.setStatusBarMessage('MLflow: command line copied', 3000);
        },
        openRun: ({ runId }) => deps.openRun(runId),
        openProject: async () => {
          await vscode.window.showTextDocument(vscode.Uri.file(this.project.file));
        },
      },
      requests: {
        check: ({ values }) => this.check(values),
        pickPath: async ({ field, current }) => {
          const picked = await vscode.window.showOpenDialog({
            defaultUri: vscode.Uri.file(current ? path.resolve(this.project.dir, current) : this.project.dir),
            canSelectFiles: true,
            canSelectFolders: field !== 'backendConfig',
            canSelectMany: false,
            openLabel: 'Use',
            ...(field === 'backendConfig' ? { filters: { JSON: ['json'] } } : {}),
          });
          const file = picked?.[0]?.fsPath;
          if (!file) return {};
          const relative = path.relative(this.project.dir, file);
          return { path: relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file };
        },
      },
    });
    void this.load(entryPoint, preset);
  }

  get panel(): vscode.WebviewPanel {
    return this.controller.panel;
  }

  onDidDispose(listener: () => void): void {
    this.controller.onDidDispose(listener);
  }

  /** Shows another entry point (or other preset values) in this panel. */
  async show(entryPoint: string, preset?: LaunchInput): Promise<void> {
    this.controller.panel.reveal();
    this.project = this.deps.launcher.readProject(this.project.file);
    await this.load(entryPoint, preset);
  }

  private async load(entryPoint: string, preset?: LaunchInput): Promise<void> {
    const project = this.project;
    const entry = project.model.entryPoints.some((e) => e.name === entryPoint) ? entryPoint : (project.model.entryPoints[0]?.name ?? entryPoint);
    const input = preset ?? this.deps.remembered.get(project.file, entry) ?? defaultInput(project, entry);
    const [found, envManagers, experiments, trackingUri] = await Promise.all([
      this.deps.launcher.mlflowFor(project.dir),
      this.deps.launcher.envManagers(project.dir),
      this.deps.experiments().catch(() => []),
      this.deps.activeTrackingUri(),
    ]);
    const values = toValues(input);
    this.state = {
      projectDir: project.dir,
      ...(project.name ? { projectName: project.name } : {}),
      entryPoints: project.model.entryPoints.map((e) => ({
        name: e.name,
        parameters: e.parameters.map((p) => {
          const d = p.defaultPair?.value;
          return { name: p.name, type: p.type, required: p.required, ...(d?.kind === 'scalar' && d.type !== 'null' ? { defaultValue: d.pythonStr } : {}) };
        }),
      })),
      values,
      envManagers,
      experiments,
      ...('found' in found ? { mlflow: `MLflow ${found.found.version}: ${found.found.argv.join(' ')} (${sourceLabel(found.found.source)})` } : { mlflowMissing: found.missing }),
      trackingUri: trackingUri ? redact(trackingUri) : vscode.Uri.file(path.join(project.dir, 'mlruns')).toString(),
      projectErrors: project.errors,
      check: await this.check(values),
      launching: false,
      restore: { projectFile: project.file, entryPoint: entry },
    };
    this.controller.panel.title = `Run ${entry} · ${project.name ?? path.basename(project.dir)}`;
    this.controller.setState(this.state);
  }

  private async check(values: LaunchValues): Promise<LaunchCheck> {
    const { errors, request } = await this.deps.launcher.check(this.project, toInput(values));
    return { errors, commandLine: request ? await this.deps.launcher.commandLineFor(request) : '' };
  }

  private async run(values: LaunchValues): Promise<void> {
    if (!this.state || this.state.launching) return;
    const input = toInput(values);
    this.state = { ...this.state, values, launching: true, check: await this.check(values) };
    this.controller.setState(this.state);
    await this.deps.remembered.set(this.project.file, input);
    try {
      const launch = await this.deps.launcher.launch(this.project, input);
      this.deps.onLaunch(launch);
      const runId = await new Promise<string>((resolve, reject) => {
        launch.terminal.onRunId(resolve);
        launch.terminal.onExit((o) => reject(new Error(o.error ?? `mlflow run ended (exit ${o.exitCode ?? o.signal}) before creating a run: see the terminal.`)));
      });
      this.state = { ...this.state, launching: false, lastLaunch: { runId } };
    } catch (error) {
      this.state = { ...this.state, launching: false, lastLaunch: { error: error instanceof Error ? error.message : String(error) } };
    }
    this.controller.setState(this.state);
  }

  dispose(): void {
    this.controller.dispose();
  }
}

function sourceLabel(source: 'setting' | 'python' | 'PATH'): string {
  return source === 'setting' ? 'mlflowLens.mlflowPath' : source === 'python' ? 'the selected Python interpreter' : 'from PATH';
}

export function toInput(values: LaunchValues): LaunchInput {
  return { ...values, extraParameters: values.extraParameters.map((p) => ({ key: p.key, value: p.value })) };
}

export function toValues(input: LaunchInput): LaunchValues {
  return { ...input, extraParameters: input.extraParameters.map((p) => ({ key: p.key, value: p.value })) };
}
