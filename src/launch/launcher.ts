/**
 * Launches `mlflow run` for an MLproject entry point: finds the MLflow to use, checks the inputs with
 * the core rules, builds the argv (no shell), starts it in a terminal with the active store as an
 * absolute MLFLOW_TRACKING_URI and the server's credentials in the environment, and keeps the running
 * launches so they can be stopped and followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { checkLaunch, mlflowRunArgs, type LaunchInput, type LaunchRequest } from '../core/launch/mlflowRun';
import { envManagerAvailability, findMlflow, type MlflowFound } from '../core/launch/mlflowDiscovery';
import { readLaunchProject, type LaunchProject } from '../core/launch/launchProject';
import { commandLine, shellKindOf, type ShellKind } from '../core/launch/shellQuote';
import { launchEnvironment } from '../core/launch/trackingEnv';
import { redact, type Logger } from '../core/log';
import type { Credentials } from '../core/store/rest/credentials';
import { localPathOf } from '../core/mlproject/parameterValues';
import { LaunchTerminal } from './launchTerminal';
import { selectedPythonInterpreter } from './pythonInterpreter';

export interface LauncherDeps {
  logger: Logger;
  mlflowPathSetting(): string;
  /** The active store as an absolute URI, or undefined when there is none. */
  activeTrackingUri(): Promise<string | undefined>;
  credentials(trackingUri: string): Promise<Credentials | undefined>;
  /** The environment of launched processes (the extension host's). */
  env(): NodeJS.ProcessEnv;
  /** `mlflowLens.launch.allowFileStore`: the user chose MLFLOW_ALLOW_FILE_STORE=true for runs on a file store. */
  allowFileStore?(): boolean;
}

/** One `mlflow run` started by MLflow Lens. */
export interface Launch {
  readonly project: LaunchProject;
  readonly request: LaunchRequest;
  readonly terminal: LaunchTerminal;
  readonly trackingUri: string;
}

export class Launcher implements vscode.Disposable {
  private readonly mlflowByFolder = new Map<string, Promise<MlflowFound>>();
  private readonly launches = new Set<Launch>();
  private readonly started = new vscode.EventEmitter<Launch>();
  /** Fires when a launch starts (its terminal exists; the run id comes later). */
  readonly onDidStart = this.started.event;

  constructor(private readonly deps: LauncherDeps) {}

  /** The MLflow for a project folder (cached; `forget` after a settings change). */
  mlflowFor(projectDir: string): Promise<MlflowFound> {
    let found = this.mlflowByFolder.get(projectDir);
    if (!found) {
      found = (async () =>
        findMlflow({
          setting: this.deps.mlflowPathSetting() || undefined,
          pythonInterpreter: await selectedPythonInterpreter(vscode.Uri.file(projectDir)),
          env: this.deps.env(),
          cwd: projectDir,
        }))();
      this.mlflowByFolder.set(projectDir, found);
      void found.then((r) => this.deps.logger.info('found' in r ? `MLflow for ${projectDir}: ${r.found.argv.join(' ')} ${r.found.version} (${r.found.source})` : r.missing));
    }
    return found;
  }

  forgetMlflow(): void {
    this.mlflowByFolder.clear();
  }

  /** Asks again (the user may have just upgraded MLflow), and keeps the answer for later launches. */
  refreshMlflowFor(projectDir: string): Promise<MlflowFound> {
    this.mlflowByFolder.delete(projectDir);
    return this.mlflowFor(projectDir);
  }

  /** The environment of a process MLflow Lens starts, without a tracking store of its own (the file-store migration). */
  baseEnv(): NodeJS.ProcessEnv {
    return this.deps.env();
  }

  readProject(fileOrDir: string): LaunchProject {
    return readLaunchProject(fileOrDir);
  }

  async envManagers(projectDir: string): Promise<ReturnType<typeof envManagerAvailability>> {
    const found = await this.mlflowFor(projectDir);
    return envManagerAvailability('found' in found ? found.found : undefined, this.deps.env());
  }

  /** Field errors for these inputs, and the request they give when there are none. */
  async check(project: LaunchProject, input: LaunchInput): Promise<ReturnType<typeof checkLaunch>> {
    const unavailable = Object.fromEntries((await this.envManagers(project.dir)).filter((m) => !m.available).map((m) => [m.id, m.reason ?? 'not available']));
    return checkLaunch(project.model, input, {
      projectDir: project.dir,
      unavailableEnvManagers: unavailable,
      exists: (p) => existsFrom(project.dir, p),
    });
  }

  /** The command line a user can paste into `shell` (the terminal's default when omitted). */
  async commandLineFor(request: LaunchRequest, shell: ShellKind = defaultShellKind()): Promise<string> {
    const found = await this.mlflowFor(request.projectDir);
    const program = 'found' in found ? found.found.argv : ['mlflow'];
    return commandLine([...program, ...mlflowRunArgs(request)], shell);
  }

  /**
   * Starts the run. Rejects, having started nothing, when the workspace is untrusted, the project has
   * errors, no MLflow is found or the inputs are invalid (the message says which).
   */
  async launch(project: LaunchProject, input: LaunchInput): Promise<Launch> {
    if (!vscode.workspace.isTrusted) throw new Error('MLflow Lens runs nothing in an untrusted workspace: trust this folder first (Manage Workspace Trust).');
    if (project.errors.length) throw new Error(`${project.file} has errors that stop \`mlflow run\`:\n${project.errors.join('\n')}`);
    const found = await this.mlflowFor(project.dir);
    if ('missing' in found) throw new Error(found.missing);
    const { errors, request } = await this.check(project, input);
    if (!request) throw new Error(Object.values(errors).join('\n'));
    const trackingUri = (await this.deps.activeTrackingUri()) ?? absoluteDefaultStore(project.dir);
    const credentials = /^https?:/i.test(trackingUri) ? await this.deps.credentials(trackingUri) : undefined;
    const argv = [...found.found.argv, ...mlflowRunArgs(request)];
    const terminal = new LaunchTerminal({
      argv,
      cwd: project.dir,
      env: launchEnvironment(this.deps.env(), trackingUri, credentials, { allowFileStore: this.deps.allowFileStore?.() ?? false }),
      title: `MLflow: ${input.entryPoint}`,
      display: `MLFLOW_TRACKING_URI=${redact(trackingUri)}\n${commandLine(argv, 'bash')}`,
    });
    const launch: Launch = { project, request, terminal, trackingUri };
    this.launches.add(launch);
    terminal.onExit(() => this.deps.logger.info(`launch of ${project.file} -e ${input.entryPoint} ended: ${JSON.stringify(terminal.outcome)}`));
    terminal.show(true);
    this.deps.logger.info(`launched ${path.basename(project.dir)} -e ${input.entryPoint} into ${trackingUri}`);
    this.started.fire(launch);
    return launch;
  }

  /** The launch that produced this run, while MLflow Lens knows it. */
  launchOf(runId: string): Launch | undefined {
    return [...this.launches].find((l) => l.terminal.runId === runId);
  }

  running(): Launch[] {
    return [...this.launches].filter((l) => l.terminal.running);
  }

  dispose(): void {
    for (const l of this.launches) l.terminal.dispose();
    this.launches.clear();
    this.started.dispose();
  }
}

/** Without an active store MLflow writes to ./mlruns of the folder it starts in: said explicitly. */
function absoluteDefaultStore(projectDir: string): string {
  return vscode.Uri.file(path.join(projectDir, 'mlruns')).toString();
}

function existsFrom(dir: string, value: string): boolean {
  const local = localPathOf(value) ?? value;
  return fs.existsSync(path.resolve(dir, local));
}

/** The shell of VS Code's default terminal profile, for "Copy command line". */
export function defaultShellKind(): ShellKind {
  const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
  const config = vscode.workspace.getConfiguration('terminal.integrated');
  const profileName = config.get<string>(`defaultProfile.${platform}`);
  const profiles = config.get<Record<string, { path?: string | string[] } | null>>(`profiles.${platform}`) ?? {};
  const profilePath = profileName ? profiles[profileName]?.path : undefined;
  const shell = (Array.isArray(profilePath) ? profilePath[0] : profilePath) ?? profileName ?? vscode.env.shell;
  return (shell ? shellKindOf(shell) : undefined) ?? (process.platform === 'win32' ? 'pwsh' : 'bash');
}
