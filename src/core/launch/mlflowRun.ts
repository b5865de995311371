// `mlflow run` as an argv array (never a string: it is started without a shell), and the checks a launch
// passes first. The form, the automation command and "Copy command line" all build from here.
import { type MlprojectModel } from '../mlproject/model';
import { checkParameterValue, type ValueContext } from '../mlproject/parameterValues';

export type EnvManager = 'local' | 'virtualenv' | 'conda' | 'uv';
export type Backend = 'local' | 'databricks' | 'kubernetes';

export interface LaunchRequest {
  /** The project folder (absolute). */
  projectDir: string;
  entryPoint: string;
  /** Declared parameters the user gave a value for (the rest take their defaults). */
  parameters: Record<string, string>;
  /** Extra `-P key=value` pairs: MLflow appends them to the command as `--key value`. */
  extraParameters: { key: string; value: string }[];
  envManager?: EnvManager;
  /** Always given: without it a script calling `mlflow.set_experiment` fails under `mlflow run`. */
  experiment: { name: string } | { id: string };
  runName?: string;
  backend?: Backend;
  backendConfig?: string;
}

/** Arguments after the MLflow program (`mlflow`, or `python -m mlflow`). */
export function mlflowRunArgs(request: LaunchRequest): string[] {
  const args = ['run', request.projectDir, '-e', request.entryPoint];
  for (const [key, value] of Object.entries(request.parameters)) args.push('-P', `${key}=${value}`);
  for (const { key, value } of request.extraParameters) args.push('-P', `${key}=${value}`);
  if ('name' in request.experiment) args.push('--experiment-name', request.experiment.name);
  else args.push('--experiment-id', request.experiment.id);
  if (request.runName) args.push('--run-name', request.runName);
  if (request.envManager) args.push('--env-manager', request.envManager);
  if (request.backend && request.backend !== 'local') {
    args.push('--backend', request.backend);
    if (request.backendConfig) args.push('--backend-config', request.backendConfig);
  }
  return args;
}

/** A launch as the form holds it: every field as typed. */
export interface LaunchInput {
  entryPoint: string;
  /** Declared parameters by name; empty text means "use the default". */
  parameters: Record<string, string>;
  extraParameters: { key: string; value: string }[];
  envManager: EnvManager;
  /** Empty: MLflow's Default experiment (`--experiment-id 0`). A new name creates the experiment. */
  experimentName: string;
  runName: string;
  backend: Backend;
  backendConfig: string;
}

export interface LaunchContext extends ValueContext {
  projectDir: string;
  /** Env managers that cannot work here, with the reason. */
  unavailableEnvManagers?: Partial<Record<EnvManager, string>>;
}

/** Field id → problem (ids as the form names them: `param:<name>`, `extra:<i>`, `experimentName` …). */
export type LaunchErrors = Record<string, string>;

const PARAM_KEY = /^[^=\s]+$/;
const DEFAULT_EXPERIMENT_ID = '0';

/**
 * Checks a launch against the project (the same value rules the language server applies to defaults),
 * and builds the request when there is no error.
 */
export function checkLaunch(model: MlprojectModel, input: LaunchInput, context: LaunchContext): { errors: LaunchErrors; request?: LaunchRequest } {
  const errors: LaunchErrors = {};
  const entry = model.entryPoints.find((e) => e.name === input.entryPoint);
  // MLflow also runs a .py or .sh file of the project named as the entry point.
  const scriptEntry = !entry && /\.(py|sh)$/.test(input.entryPoint) && context.exists(input.entryPoint);
  if (!entry && !scriptEntry) {
    const known = model.entryPoints.map((e) => e.name).join(', ') || 'none';
    errors['entryPoint'] = `No entry point '${input.entryPoint}' in this MLproject (entry points: ${known}).`;
  }
  const parameters: Record<string, string> = {};
  const declared = new Set<string>();
  for (const parameter of entry?.parameters ?? []) {
    declared.add(parameter.name);
    const given = input.parameters[parameter.name];
    const value = given === undefined || given === '' ? undefined : given;
    const problem = checkParameterValue(parameter, value, context);
    if (problem) errors[`param:${parameter.name}`] = problem;
    if (value !== undefined) parameters[parameter.name] = value;
  }
  for (const name of Object.keys(input.parameters)) {
    if (!declared.has(name) && input.parameters[name] !== '' && entry) errors[`param:${name}`] = `'${name}' is not a parameter of entry point '${entry.name}': add it as an extra parameter.`;
  }
  const extraParameters: { key: string; value: string }[] = [];
  input.extraParameters.forEach(({ key, value }, i) => {
    if (key === '' && value === '') return;
    if (!PARAM_KEY.test(key)) errors[`extra:${i}`] = `'${key}' cannot be a parameter name: it must be non-empty, without '=' or spaces.`;
    else if (declared.has(key)) errors[`extra:${i}`] = `'${key}' is a declared parameter: set it in its own field.`;
    else if (extraParameters.some((p) => p.key === key)) errors[`extra:${i}`] = `'${key}' is given twice.`;
    else extraParameters.push({ key, value });
  });
  // No name: MLflow's Default experiment, named by its id (0 in every store) so the flag is always passed.
  const experimentName = input.experimentName.trim();
  const unavailable = context.unavailableEnvManagers?.[input.envManager];
  if (unavailable) errors['envManager'] = unavailable;
  if (input.backend !== 'local') {
    if (input.backendConfig === '') errors['backendConfig'] = `The ${input.backend} backend needs a backend-config JSON file.`;
    else if (!input.backendConfig.endsWith('.json')) errors['backendConfig'] = "The backend config must be a JSON file (its name ends in '.json').";
    else if (!context.exists(input.backendConfig)) errors['backendConfig'] = `No file ${input.backendConfig}.`;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    request: {
      projectDir: context.projectDir,
      entryPoint: input.entryPoint,
      parameters,
      extraParameters,
      envManager: input.envManager,
      experiment: experimentName === '' ? { id: DEFAULT_EXPERIMENT_ID } : { name: experimentName },
      ...(input.runName.trim() ? { runName: input.runName.trim() } : {}),
      backend: input.backend,
      ...(input.backend !== 'local' ? { backendConfig: input.backendConfig } : {}),
    },
  };
}
