/**
 * The inputs of a launch and where they come from: the automation command's argument object, the
 * values remembered per entry point, a run to re-run, and the defaults of the MLproject.
 */
import * as vscode from 'vscode';
import { unquoteLoggedParam } from '../core/launch/loggedParams';
import type { EnvManager, LaunchInput } from '../core/launch/mlflowRun';
import type { LaunchProject } from '../core/launch/launchProject';
import { tagValue, type Run } from '../core/model/entities';

/** `mlflowLens.runEntryPoint`'s argument object (keybindings, tasks, tests, the Run lens). */
export interface RunEntryPointArgs {
  uri: string | vscode.Uri;
  entryPoint: string;
  parameters?: Record<string, string>;
  experimentName?: string;
  envManager?: EnvManager;
  runName?: string;
  launch?: boolean;
}

const ENV_MANAGERS: readonly EnvManager[] = ['local', 'virtualenv', 'conda', 'uv'];

/** Checks the argument object's shape; returns the reason when it is not one. */
export function parseRunEntryPointArgs(value: unknown): RunEntryPointArgs | string {
  if (typeof value !== 'object' || value === null) return 'expected { uri, entryPoint, parameters?, experimentName?, envManager?, runName?, launch? }';
  const v = value as Record<string, unknown>;
  if (!(typeof v['uri'] === 'string' || v['uri'] instanceof vscode.Uri)) return '`uri` must be the MLproject file or its folder (a string or a Uri)';
  if (typeof v['entryPoint'] !== 'string' || v['entryPoint'] === '') return '`entryPoint` must name an entry point';
  const params = v['parameters'];
  if (params !== undefined && (typeof params !== 'object' || params === null || Object.values(params).some((p) => typeof p !== 'string' && typeof p !== 'number'))) {
    return '`parameters` must map names to string values';
  }
  for (const key of ['experimentName', 'runName'] as const) if (v[key] !== undefined && typeof v[key] !== 'string') return `\`${key}\` must be a string`;
  if (v['envManager'] !== undefined && !ENV_MANAGERS.includes(v['envManager'] as EnvManager)) return `\`envManager\` must be one of ${ENV_MANAGERS.join(', ')}`;
  if (v['launch'] !== undefined && typeof v['launch'] !== 'boolean') return '`launch` must be true or false';
  const parameters = params ? Object.fromEntries(Object.entries(params as Record<string, string | number>).map(([k, p]) => [k, String(p)])) : undefined;
  return { ...(v as unknown as RunEntryPointArgs), ...(parameters ? { parameters } : {}) };
}

export function fsPathOf(uri: string | vscode.Uri): string {
  if (uri instanceof vscode.Uri) return uri.fsPath;
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri).fsPath : uri;
}

/** The form's starting values: the defaults of the entry point (empty text = default). */
export function defaultInput(project: LaunchProject, entryPoint: string): LaunchInput {
  const entry = project.model.entryPoints.find((e) => e.name === entryPoint);
  return {
    entryPoint,
    parameters: Object.fromEntries((entry?.parameters ?? []).map((p) => [p.name, ''])),
    extraParameters: [],
    envManager: 'local',
    experimentName: '',
    runName: '',
    backend: 'local',
    backendConfig: '',
  };
}

/** Declared parameters go to their fields; undeclared ones become extra `-P` pairs. */
export function withParameters(project: LaunchProject, input: LaunchInput, given: Record<string, string>): LaunchInput {
  const entry = project.model.entryPoints.find((e) => e.name === input.entryPoint);
  const declared = new Set((entry?.parameters ?? []).map((p) => p.name));
  const parameters = { ...input.parameters };
  const extraParameters = [...input.extraParameters];
  for (const [key, value] of Object.entries(given)) {
    if (declared.has(key)) parameters[key] = value;
    else extraParameters.push({ key, value });
  }
  return { ...input, parameters, extraParameters };
}

/** The inputs an argument object asks for, over `base` (remembered values, or the defaults). */
export function applyArgs(project: LaunchProject, base: LaunchInput, args: RunEntryPointArgs): LaunchInput {
  const input = withParameters(project, { ...base, entryPoint: args.entryPoint }, args.parameters ?? {});
  if (args.experimentName !== undefined) input.experimentName = args.experimentName;
  if (args.envManager !== undefined) input.envManager = args.envManager;
  if (args.runName !== undefined) input.runName = args.runName;
  return input;
}

/** Remembered values per MLproject file and entry point (workspace state). */
export class RememberedInputs {
  private static readonly KEY = 'mlflowLens.launch.lastInputs';

  constructor(private readonly state: vscode.Memento) {}

  get(projectFile: string, entryPoint: string): LaunchInput | undefined {
    const all = this.state.get<Record<string, LaunchInput>>(RememberedInputs.KEY, {});
    return all[`${projectFile}#${entryPoint}`];
  }

  async set(projectFile: string, input: LaunchInput): Promise<void> {
    const all = { ...this.state.get<Record<string, LaunchInput>>(RememberedInputs.KEY, {}) };
    all[`${projectFile}#${input.entryPoint}`] = input;
    await this.state.update(RememberedInputs.KEY, all);
  }
}

/** What a run started by `mlflow run` says of its launch: the project folder, entry point, parameters. */
export interface RunOrigin {
  projectDir: string;
  entryPoint: string;
  /** As the user typed them: MLflow's shell quoting of logged values undone. */
  parameters: Record<string, string>;
  experimentId: string;
}

/** The launch a run came from, or why it cannot be re-run from the editor. */
export function runOrigin(run: Run): RunOrigin | string {
  const tags = run.data.tags;
  const entryPoint = tagValue(tags, 'mlflow.project.entryPoint');
  const source = tagValue(tags, 'mlflow.source.name');
  if (tagValue(tags, 'mlflow.source.type') !== 'PROJECT' || !entryPoint || !source) {
    return 'This run was not started by `mlflow run` (it has no mlflow.project.entryPoint / mlflow.source.name tags).';
  }
  if (/^(https?|git|ssh):|\.git$|@/.test(source) && !/^file:/.test(source)) return `This run came from the remote project ${source}: re-run it with mlflow run.`;
  const projectDir = source.startsWith('file:') ? vscode.Uri.parse(source).fsPath : source;
  const parameters = Object.fromEntries(run.data.params.map((p) => [p.key, unquoteLoggedParam(p.value)]));
  return { projectDir, entryPoint, parameters, experimentId: run.info.experiment_id };
}
