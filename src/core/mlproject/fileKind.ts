import type { FileKind } from './model';

/**
 * Which of the three files a name is. `MLproject.yaml`/`.yml` count as MLproject so the
 * not-discovered check can tell the user MLflow will never read them.
 */
export function fileKindOf(fileName: string): FileKind | undefined {
  const lower = fileName.toLowerCase();
  if (lower === 'mlproject' || /^mlproject\.ya?ml$/.test(lower)) return 'mlproject';
  if (/^python_env\.ya?ml$/.test(lower)) return 'pythonEnv';
  if (/^(conda|environment)([._-][\w.-]*)?\.ya?ml$/.test(lower) || /^conda_env\.ya?ml$/.test(lower)) return 'conda';
  return undefined;
}
