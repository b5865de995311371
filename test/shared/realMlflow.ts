/**
 * The real MLflow 2.12.2 beside the repository (../shared/mlflow), for tests that need MLflow itself.
 * Absent on a contributor's clone without ../shared: such tests skip and say why; CI has it (and
 * `npm test` under CI=true fails a run that skipped).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RealMlflow {
  /** bin/ of the shared MLflow: first on PATH, it works like a virtual environment's bin/. */
  binDir: string;
  mlflow: string;
  python: string;
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'core'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${start}`);
  }
}

let found: RealMlflow | string | undefined;

/** The real MLflow, or the reason it cannot be used (a `SKIPPED: …` text for `{ skip }`). */
export function realMlflow(): RealMlflow | string {
  if (found !== undefined) return found;
  const binDir = path.resolve(findRepoRoot(__dirname), '..', 'shared', 'mlflow', 'bin');
  const python = path.join(binDir, 'mlflow-python');
  if (!fs.existsSync(python)) return (found = `SKIPPED: no real MLflow at ${binDir} (../shared is not next to this checkout)`);
  const probe = spawnSync(python, ['-c', 'import mlflow, mlflow.projects, sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0) return (found = `SKIPPED: ${python} cannot import mlflow: run ../shared/mlflow/setup.sh (${probe.stderr.trim().split('\n').at(-1)})`);
  return (found = { binDir, mlflow: path.join(binDir, 'mlflow'), python });
}

/** `{ skip }` for node:test: false when the real MLflow is usable. */
export function skipWithoutMlflow(): false | string {
  const m = realMlflow();
  return typeof m === 'string' ? m : false;
}

/** Runs a Python script with the real MLflow importable and returns its stdout parsed as JSON. */
export function mlflowPythonJson<T>(script: string, env: NodeJS.ProcessEnv = {}): T {
  const m = realMlflow();
  if (typeof m === 'string') throw new Error(m);
  const r = spawnSync(m.python, ['-c', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`mlflow-python failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}
