// Which environment MLflow builds: env keys are exclusive by presence, referenced files must exist,
// and without a key only the exact names python_env.yaml / conda.yaml are picked up (in that order).
import type { MlprojectModel, Problem } from '../model';
import { problem } from '../parse';
import { defineRule } from './rule';
import { isNullish, stringValue } from './yamlHelpers';

const CONVENTION_LOOKALIKES = ['python_env.yml', 'conda.yml', 'environment.yml', 'environment.yaml'];

export const environmentsRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: [
    'mlproject.multiple-env',
    'mlproject.env-null',
    'mlproject.env-file-missing',
    'mlproject.env-convention-extension',
    'mlproject.env-convention-both',
    'mlproject.env-by-convention',
  ],
  check({ file, files }) {
    const model = file.model as MlprojectModel;
    if (!model.root) return [];
    const problems: Problem[] = [];
    const envPairs = model.envPairs;
    if (envPairs.length > 1) {
      const names = envPairs.map((p) => p.key).join(', ');
      envPairs.slice(1).forEach((pair) => {
        problems.push(
          problem('mlproject.multiple-env', 'error', `Only one of docker_env, python_env, conda_env may appear (null values count): MLflow fails with "Project cannot contain multiple environment fields" (${names}).`, pair.span, { key: pair.key }),
        );
      });
    }
    for (const pair of envPairs) {
      if (isNullish(pair.value)) {
        problems.push(problem('mlproject.env-null', 'warning', `'${pair.key}' has no value: it still blocks the other environment keys, yet MLflow falls back to the default environment files. Remove it or name a file.`, pair.keyNode.span, { key: pair.key }));
        continue;
      }
      if (pair.key === 'docker_env' || !files.available) continue;
      const reference = stringValue(pair.value);
      if (reference === undefined) {
        problems.push(problem('mlproject.env-file-missing', 'error', `'${pair.key}' must be a file path relative to the project directory.`, pair.valueSpan));
      } else if (!files.exists(reference)) {
        const sibling = alternativeName(reference, files.exists.bind(files));
        const label = pair.key === 'python_env' ? 'python_env file' : 'conda environment file';
        problems.push(
          problem(
            'mlproject.env-file-missing',
            'error',
            `${reference} does not exist: MLflow fails with "Project specified ${label} …, but no such file was found."${sibling ? ` Did you mean ${sibling}?` : ''}`,
            pair.valueSpan,
            sibling ? { replacement: sibling } : undefined,
          ),
        );
      }
    }
    if (envPairs.length === 0 && files.available) problems.push(...conventionProblems(model, files.exists.bind(files)));
    return problems;
  },
});

/** `conda.yaml` ↔ `conda.yml`: the sibling a wrong extension most likely meant. */
function alternativeName(reference: string, exists: (p: string) => boolean): string | undefined {
  const swapped = reference.endsWith('.yaml') ? `${reference.slice(0, -5)}.yml` : reference.endsWith('.yml') ? `${reference.slice(0, -4)}.yaml` : undefined;
  return swapped && exists(swapped) ? swapped : undefined;
}

function conventionProblems(model: MlprojectModel, exists: (p: string) => boolean): Problem[] {
  const anchor = model.root!.pairs[0]?.keyNode.span ?? { start: 0, end: 0 };
  const hasPython = exists('python_env.yaml');
  const hasConda = exists('conda.yaml');
  if (hasPython && hasConda) {
    return [problem('mlproject.env-convention-both', 'warning', 'No environment key, and both python_env.yaml and conda.yaml exist: MLflow uses python_env.yaml (its docs say conda.yaml). Add `python_env:` or `conda_env:` to make the choice explicit.', anchor, { key: 'python_env', file: 'python_env.yaml', otherKey: 'conda_env', otherFile: 'conda.yaml' })];
  }
  if (hasPython || hasConda) {
    const used = hasPython ? 'python_env.yaml' : 'conda.yaml';
    return [problem('mlproject.env-by-convention', 'hint', `No environment key: MLflow uses ${used} by convention.`, anchor, { key: hasPython ? 'python_env' : 'conda_env', file: used })];
  }
  const lookalike = CONVENTION_LOOKALIKES.find(exists);
  if (lookalike) {
    const key = lookalike.startsWith('python') ? 'python_env' : 'conda_env';
    return [
      problem('mlproject.env-convention-extension', 'warning', `${lookalike} is not picked up by convention (only python_env.yaml and conda.yaml are): MLflow will use an empty virtualenv. Add \`${key}: ${lookalike}\`.`, anchor, { key, file: lookalike }),
    ];
  }
  return [];
}
