// `-r file` / `-c file` lines of python_env.yaml are installed relative to the project directory;
// a missing file fails before the environment is created.
import type { Problem, PythonEnvModel } from '../model';
import { findPair, problem } from '../parse';
import { defineRule } from './rule';

const REQUIREMENT_FILE = /^(?:-r|-c|--requirement|--constraint)[\s=]+(\S+)\s*$/;

/** The file a `-r file` / `-c file` requirement line refers to. */
export function requirementFileOf(line: string): string | undefined {
  return REQUIREMENT_FILE.exec(line.trim())?.[1];
}

export const requirementsFilesRule = defineRule<'pythonEnv'>({
  kind: 'pythonEnv',
  codes: ['python-env.requirements-missing'],
  check({ file, files }) {
    const root = (file.model as PythonEnvModel).root;
    if (!root || !files.available) return [];
    const problems: Problem[] = [];
    for (const key of ['build_dependencies', 'dependencies']) {
      const list = findPair(root, key)?.value;
      if (list?.kind !== 'seq') continue;
      for (const item of list.items) {
        if (item.kind !== 'scalar' || item.type !== 'str') continue;
        const target = requirementFileOf(item.text);
        if (target && !/[$]/.test(target) && !files.exists(target)) {
          problems.push(problem('python-env.requirements-missing', 'error', `${target} does not exist relative to the project directory: installing the environment fails.`, item.span, { file: target }));
        }
      }
    }
    return problems;
  },
});
