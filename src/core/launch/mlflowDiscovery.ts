// Which MLflow launches a run, and which env managers can work with it here. Order: the setting
// `mlflowLens.mlflowPath`, then the Python interpreter the user selected (`python -m mlflow`), then
// `mlflow` on PATH. Each candidate is asked for its version; the first that answers is used.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { EnvManager } from './mlflowRun';

export interface MlflowCommand {
  /** Program and leading arguments: `['/usr/bin/mlflow']` or `['/venv/bin/python', '-m', 'mlflow']`. */
  argv: string[];
  source: 'setting' | 'python' | 'PATH';
  version: string;
  /** Env managers `mlflow run --help` lists. */
  envManagers: EnvManager[];
}

export interface MlflowLookup {
  /** `mlflowLens.mlflowPath`: an `mlflow` executable or a Python interpreter. */
  setting?: string;
  /** The interpreter selected in the Python extension for the project's folder. */
  pythonInterpreter?: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export type MlflowFound = { found: MlflowCommand } | { missing: string };

const INSTALL_HINT =
  'Install MLflow in the Python environment you train with (`pip install mlflow`), select that interpreter in the Python extension, or set `mlflowLens.mlflowPath` to an `mlflow` executable.';

/** Finds an executable on PATH as a shell would (PATHEXT on Windows). */
export function whichSync(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (name.includes('/') || name.includes('\\')) return isExecutable(name) ? name : undefined;
  const exts = process.platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env['PATH'] ?? env['Path'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function run(argv: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { env, cwd, timeout: 60_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, out: `${stdout}${stderr}` }),
    );
  });
}

/** `mlflow, version 2.12.2` or `python -m mlflow, version 2.12.2` → 2.12.2. */
export function parseMlflowVersion(output: string): string | undefined {
  return /\bversion\s+(\d+\.\d+[^\s]*)/.exec(output)?.[1];
}

/** The `--env-manager` values `mlflow run --help` documents (`- local: …` lines). */
export function parseEnvManagers(help: string): EnvManager[] {
  const section = help.slice(help.indexOf('--env-manager'));
  const found = new Set<EnvManager>();
  for (const m of section.matchAll(/^\s*-\s*(local|virtualenv|conda|uv)\s*:/gm)) found.add(m[1] as EnvManager);
  return found.size ? [...found] : ['local', 'virtualenv', 'conda'];
}

async function probe(argv: string[], source: MlflowCommand['source'], lookup: MlflowLookup): Promise<MlflowCommand | string> {
  const [version, help] = await Promise.all([run([...argv, '--version'], lookup.env, lookup.cwd), run([...argv, 'run', '--help'], lookup.env, lookup.cwd)]);
  const parsed = parseMlflowVersion(version.out);
  if (!version.ok || !parsed) return `${argv.join(' ')} --version did not answer with a version (${version.out.trim().split('\n').at(-1) ?? 'no output'})`;
  return { argv, source, version: parsed, envManagers: help.ok ? parseEnvManagers(help.out) : ['local', 'virtualenv', 'conda'] };
}

/** The first MLflow that answers, or what was tried and how to install one. */
export async function findMlflow(lookup: MlflowLookup): Promise<MlflowFound> {
  const tried: string[] = [];
  const candidates: [string[], MlflowCommand['source']][] = [];
  if (lookup.setting) {
    const resolved = whichSync(lookup.setting, lookup.env);
    if (!resolved) tried.push(`mlflowLens.mlflowPath '${lookup.setting}' is not an executable file`);
    else if (/python[\d.]*(\.exe)?$/i.test(path.basename(resolved))) candidates.push([[resolved, '-m', 'mlflow'], 'setting']);
    else candidates.push([[resolved], 'setting']);
  }
  if (lookup.pythonInterpreter) {
    if (isExecutable(lookup.pythonInterpreter)) candidates.push([[lookup.pythonInterpreter, '-m', 'mlflow'], 'python']);
    else tried.push(`the selected interpreter ${lookup.pythonInterpreter} does not exist`);
  }
  const onPath = whichSync('mlflow', lookup.env);
  if (onPath) candidates.push([[onPath], 'PATH']);
  else tried.push('no `mlflow` on PATH');
  for (const [argv, source] of candidates) {
    const result = await probe(argv, source, lookup);
    if (typeof result !== 'string') return { found: result };
    tried.push(result);
  }
  return { missing: `No MLflow found: ${tried.join('; ')}. ${INSTALL_HINT}` };
}

/** What each env manager needs on PATH (MLflow's own requirements), and how to get it. */
const ENV_MANAGER_TOOLS: Record<EnvManager, { tools: string[]; install: string }> = {
  local: { tools: [], install: '' },
  virtualenv: { tools: ['pyenv', 'virtualenv'], install: 'install pyenv (https://github.com/pyenv/pyenv) and `pip install virtualenv`' },
  conda: { tools: ['conda'], install: 'install Miniconda or Anaconda and put `conda` on PATH' },
  uv: { tools: ['uv'], install: 'install uv (`pip install uv`)' },
};

/** Each env manager with the reason it cannot be used here, if any. */
export function envManagerAvailability(mlflow: MlflowCommand | undefined, env: NodeJS.ProcessEnv): { id: EnvManager; available: boolean; reason?: string }[] {
  return (Object.keys(ENV_MANAGER_TOOLS) as EnvManager[]).map((id) => {
    if (mlflow && !mlflow.envManagers.includes(id)) return { id, available: false, reason: `MLflow ${mlflow.version} does not support it` };
    const missing = ENV_MANAGER_TOOLS[id].tools.filter((tool) => !whichSync(tool, env));
    if (missing.length) return { id, available: false, reason: `${missing.join(' and ')} not on PATH: ${ENV_MANAGER_TOOLS[id].install}` };
    return { id, available: true };
  });
}
