// Keys of the three file kinds as data: descriptions drive hover and completion, the key lists drive
// the unknown-key checks. Texts follow what MLflow's code does (docs/mlproject.md), not its docs.

import { editDistance } from '../text/editDistance';

export interface KeyDoc {
  key: string;
  /** Markdown shown on hover and in completion details. */
  doc: string;
  /** Snippet inserted by completion (LSP snippet syntax) after `key: `; plain value when absent. */
  snippet?: string;
  /** Other spellings people write for this key (lower case), suggested as renames. */
  aliases?: readonly string[];
}

export const MLPROJECT_KEYS: readonly KeyDoc[] = [
  { key: 'name', doc: 'Project name. Optional, but required with `docker_env` (it tags the image).', snippet: '${1:my-project}' },
  { key: 'entry_points', doc: 'Entry points: name → `{parameters, command}`. `mlflow run -e NAME`; default `main`.', snippet: '\n  main:\n    parameters:\n      ${1:alpha}: {type: float, default: ${2:0.5}}\n    command: "python ${3:train.py} --${1:alpha} {${1:alpha}}"' },
  { key: 'python_env', doc: 'Path (relative to the project) of a `python_env.yaml`: a virtualenv/uv environment. Exclusive with `conda_env` and `docker_env`.', snippet: '${1:python_env.yaml}' },
  { key: 'conda_env', doc: 'Path (relative to the project) of a conda environment file. Exclusive with `python_env` and `docker_env`.', snippet: '${1:conda.yaml}' },
  { key: 'docker_env', doc: 'Run inside a Docker container: `image` (required), `volumes` (list of strings), `environment` (names or `[NAME, value]` pairs).', snippet: '\n  image: ${1:my-image:latest}' },
  { key: 'databricks_spark_job', doc: 'Databricks Spark job (MLflow 2.14+): `python_file`, `parameters`, `python_libraries`. Ignored when running locally.', snippet: '\n  python_file: ${1:main.py}' },
];

export const ENTRY_POINT_KEYS: readonly KeyDoc[] = [
  { key: 'parameters', aliases: ['params', 'param', 'arguments', 'args'], doc: 'Parameters: name → type (`alpha: float`) or `{type, default}`. A parameter without default is required.', snippet: '\n  ${1:alpha}: {type: ${2|float,int,string,path,uri|}, default: ${3:0.5}}' },
  { key: 'command', aliases: ['cmd', 'commands'], doc: 'Shell command run with `bash -c` in the project directory. `{name}` is replaced by the shell-quoted parameter value (Python `str.format`: write `{{`/`}}` for literal braces).', snippet: '"python ${1:train.py}"' },
];

export const PARAMETER_KEYS: readonly KeyDoc[] = [
  { key: 'type', doc: 'One of `string` (default), `float`, `int`, `path`, `uri`. Only `path` and `uri` are checked by MLflow; any other text is treated as a string.', snippet: '${1|float,int,string,path,uri|}' },
  { key: 'default', doc: 'Default value, turned into text with Python `str()` (`false` → `False`, `1.10` → `1.1`). `null` makes the parameter required.' },
];

export const PARAMETER_TYPES: readonly KeyDoc[] = [
  { key: 'string', doc: 'Text, substituted as is (shell-quoted). The default type.' },
  { key: 'float', doc: 'A number. MLflow does **not** validate it (its docs say it does).' },
  { key: 'int', doc: 'An integer. MLflow does **not** validate it.' },
  { key: 'path', doc: 'A local path (must exist relative to the directory `mlflow run` is started from) or a URI that MLflow downloads first.' },
  { key: 'uri', doc: 'A URI with a scheme (`s3://…`, `file:///…`); MLflow rejects a value without one.' },
];

export const DOCKER_KEYS: readonly KeyDoc[] = [
  { key: 'image', doc: 'Docker image to run in (required). Pulled if missing; with `--build-image` a new image is built from it.', snippet: '${1:python:3.11}' },
  { key: 'volumes', doc: 'List of strings passed verbatim to `docker run -v` (no `~` or `$VAR` expansion).', snippet: '["${1:/host/path}:${2:/container/path}"]' },
  { key: 'environment', doc: 'List of `"NAME"` (copied from the host, must be set) or `["NAME", "value"]` pairs.', snippet: '["${1:NAME}"]' },
];

export const DATABRICKS_KEYS: readonly KeyDoc[] = [
  { key: 'python_file', doc: 'The Python file the Spark job runs (exclusive with `entry_points`).' },
  { key: 'parameters', doc: 'List of command-line arguments for `python_file`.' },
  { key: 'python_libraries', doc: 'List of pip requirements installed on the cluster.' },
];

export const PYTHON_ENV_KEYS: readonly KeyDoc[] = [
  { key: 'python', doc: 'Python version, **as a string** (`"3.10"`): unquoted `3.10` is the float 3.1 and MLflow fails. Missing → the current interpreter version.', snippet: '"${1:3.11}"' },
  { key: 'build_dependencies', doc: 'List of requirement lines installed first (e.g. `pip`, `setuptools`).', snippet: '\n  - ${1:pip}' },
  { key: 'dependencies', doc: 'List of pip requirement lines (`-r requirements.txt`, `pkg==1.0`), relative to the project directory.', snippet: '\n  - ${1:-r requirements.txt}' },
];

export const CONDA_KEYS: readonly KeyDoc[] = [
  { key: 'name', doc: 'Ignored by MLflow: the environment is named `mlflow-<sha1 of this file>`.' },
  { key: 'channels', doc: 'Conda channels, in priority order.', snippet: '\n  - ${1:conda-forge}' },
  { key: 'dependencies', doc: 'Conda packages (`python=3.10`) and a `pip:` sub-list. Under `--env-manager virtualenv|uv` only python/pip/setuptools/wheel and the pip list are kept.', snippet: '\n  - python=${1:3.11}\n  - pip\n  - pip:\n    - ${2:mlflow}' },
  { key: 'prefix', doc: 'Install prefix (conda option).' },
  { key: 'variables', doc: 'Environment variables set when the env is activated (conda option).' },
];

/**
 * The known key closest to `key`, if close enough to be a likely typo or near-synonym. Keys in
 * `taken` (already present beside it) are never suggested: renaming onto them would make a duplicate.
 */
export function suggestKey(key: string, known: readonly KeyDoc[], taken: ReadonlySet<string> = new Set()): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const k = candidate.key;
    if (taken.has(k)) continue;
    const distance = candidate.aliases?.includes(lower)
      ? 0
      : lower.startsWith(k) || k.startsWith(lower) ? Math.min(1, editDistance(lower, k)) : editDistance(lower, k);
    if (!best || distance < best.distance) best = { key: k, distance };
  }
  if (!best) return undefined;
  const prefixLike = best.key.startsWith(lower.replace(/_?env$/, '')) && lower.length >= 4;
  return best.distance <= Math.max(2, Math.floor(best.key.length / 4)) || prefixLike ? best.key : undefined;
}
