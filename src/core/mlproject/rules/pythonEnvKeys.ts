// python_env.yaml is loaded as `PythonEnv(**yaml)`: unknown keys and non-string values are TypeErrors.
import type { Problem, PythonEnvModel } from '../model';
import { findPair, problem } from '../parse';
import { PYTHON_ENV_KEYS, suggestKey } from '../schema';
import { defineRule } from './rule';
import { describeNode } from './yamlHelpers';

export const pythonEnvKeysRule = defineRule<'pythonEnv'>({
  kind: 'pythonEnv',
  codes: ['python-env.unknown-key', 'python-env.python-not-string', 'python-env.not-list', 'python-env.python-missing'],
  check({ file }) {
    const root = (file.model as PythonEnvModel).root;
    if (!root) return [];
    const problems: Problem[] = [];
    for (const pair of root.pairs) {
      if (PYTHON_ENV_KEYS.some((k) => k.key === pair.key)) continue;
      const suggestion = suggestKey(pair.key, PYTHON_ENV_KEYS);
      problems.push(
        problem('python-env.unknown-key', 'error', `Unknown key '${pair.key}': MLflow fails with "TypeError: __init__() got an unexpected keyword argument '${pair.key}'". Allowed: python, build_dependencies, dependencies.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, pair.keyNode.span, suggestion ? { key: pair.key, replacement: suggestion } : { key: pair.key }),
      );
    }
    const python = findPair(root, 'python');
    if (!python) {
      problems.push(problem('python-env.python-missing', 'hint', 'No `python` version: MLflow uses the version of the Python it runs under.', root.pairs[0]?.keyNode.span ?? root.span));
    } else if (python.value?.kind === 'scalar' && python.value.type !== 'str' && python.value.type !== 'null') {
      const text = python.value.text;
      problems.push(
        problem('python-env.python-not-string', 'error', `python: ${text} is read as the ${python.value.type} ${python.value.pythonStr}: MLflow fails with "TypeError: \`python\` must be a string". Quote it: "${text}".`, python.value.span, { replacement: `"${text}"` }),
      );
    } else if (python.value && python.value.kind !== 'scalar') {
      problems.push(problem('python-env.python-not-string', 'error', `python must be a version string, not ${describeNode(python.value)}.`, python.valueSpan));
    }
    for (const key of ['build_dependencies', 'dependencies']) {
      const pair = findPair(root, key);
      if (!pair || pair.value === null) continue;
      const value = pair.value;
      if (value.kind !== 'seq') {
        problems.push(problem('python-env.not-list', 'error', `\`${key}\` must be a list of requirement strings, not ${describeNode(value)}: MLflow fails with a TypeError.`, pair.valueSpan));
        continue;
      }
      for (const item of value.items) {
        if (item.kind !== 'scalar' || item.type !== 'str') {
          problems.push(problem('python-env.not-list', 'error', `Items of \`${key}\` must be strings; this one is ${describeNode(item)}.`, item.span));
        }
      }
    }
    return problems;
  },
});
