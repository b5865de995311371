// Env files with names MLflow's conventions never pick up, unless the MLproject references them.
import type { FileKind } from '../model';
import { parseFile } from '../parse';
import { problem } from '../parse';
import type { ProjectFiles } from '../projectFiles';
import { defineRule } from './rule';
import { stringValue } from './yamlHelpers';

/** The env file names the sibling MLproject references through `python_env:` / `conda_env:`. */
function referencedByMlproject(files: ProjectFiles): string[] | undefined {
  const name = files.siblings().find((n) => n.toLowerCase() === 'mlproject');
  const text = name ? files.readText(name) : undefined;
  if (text === undefined) return undefined;
  const parsed = parseFile(text, 'mlproject');
  return parsed.model.envPairs.map((p) => stringValue(p.value)).filter((v): v is string => v !== undefined).map((v) => v.replace(/^\.\//, ''));
}

function wrongNameRule(kind: Exclude<FileKind, 'mlproject'>, code: string, conventional: string, key: string) {
  return defineRule({
    kind,
    codes: [code],
    check({ fileName, files }) {
      if (fileName === conventional || !files.available) return [];
      const isLookalike = kind === 'pythonEnv' ? fileName === 'python_env.yml' : /^(conda\.yml|environment\.ya?ml)$/.test(fileName);
      if (!isLookalike) return [];
      const references = referencedByMlproject(files);
      // Without an MLproject beside it the file is not an MLflow project's env file at all.
      if (references === undefined || references.includes(fileName)) return [];
      return [problem(code, 'warning', `MLflow never picks up ${fileName} by convention (only ${conventional}): reference it with \`${key}: ${fileName}\` in the MLproject or rename it to ${conventional}.`, { start: 0, end: 0 }, { rename: conventional })];
    },
  });
}

export const pythonEnvFileNameRule = wrongNameRule('pythonEnv', 'python-env.wrong-extension', 'python_env.yaml', 'python_env');
export const condaFileNameRule = wrongNameRule('conda', 'conda.wrong-extension', 'conda.yaml', 'conda_env');
