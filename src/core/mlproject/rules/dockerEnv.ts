// docker_env shape as MLflow's loader checks it, plus what `docker run` / image tagging trip over.
import type { MlprojectModel, Problem, YNode } from '../model';
import { findPair, problem } from '../parse';
import { DOCKER_KEYS } from '../schema';
import { defineRule } from './rule';
import { describeNode, isNullish, stringValue } from './yamlHelpers';

const DOCKER_REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const UNEXPANDED = /(^~|\$\{?[A-Za-z_]|%[A-Za-z_]+%)/;

export const dockerEnvRule = defineRule<'mlproject'>({
  kind: 'mlproject',
  codes: [
    'mlproject.docker-not-mapping',
    'mlproject.docker-image-missing',
    'mlproject.docker-volumes',
    'mlproject.docker-environment',
    'mlproject.docker-name-missing',
    'mlproject.docker-tag-invalid',
    'mlproject.docker-unknown-key',
    'mlproject.docker-volume-unexpanded',
  ],
  check({ file }) {
    const model = file.model as MlprojectModel;
    const pair = findPair(model.root, 'docker_env');
    if (!pair || isNullish(pair.value)) return [];
    const docker = pair.value;
    if (docker.kind !== 'map') {
      return [problem('mlproject.docker-not-mapping', 'error', `docker_env must be a mapping with an \`image\` key, not ${describeNode(docker)}: MLflow crashes ("'str' object has no attribute 'get'").`, pair.valueSpan)];
    }
    const problems: Problem[] = [];
    const image = findPair(docker, 'image');
    if (!stringValue(image?.value)) {
      problems.push(problem('mlproject.docker-image-missing', 'error', 'docker_env has no image: MLflow fails with "Docker environment specified but no image attribute found."', image ? image.valueSpan : pair.keyNode.span));
    }
    const volumes = findPair(docker, 'volumes');
    if (volumes) {
      const value = volumes.value;
      if (value?.kind !== 'seq' || value.items.some((item) => item.kind !== 'scalar' || item.type !== 'str')) {
        problems.push(problem('mlproject.docker-volumes', 'error', 'Docker volumes must be a list of strings, e.g. ["/path1/:/path1", "/path2/:/path2"].', volumes.valueSpan));
      } else {
        for (const item of value.items) {
          if (item.kind === 'scalar' && UNEXPANDED.test(item.text)) {
            problems.push(problem('mlproject.docker-volume-unexpanded', 'warning', `'${item.text}' is passed verbatim to docker run -v: ~, $VAR and %VAR% are not expanded.`, item.span));
          }
        }
      }
    }
    const environment = findPair(docker, 'environment');
    if (environment) {
      const value = environment.value;
      const badItem = value?.kind === 'seq' ? value.items.find((item) => !isEnvItem(item)) : undefined;
      if (value?.kind !== 'seq' || badItem) {
        problems.push(
          problem('mlproject.docker-environment', 'error', 'docker_env environment must be a list containing either strings (to copy environment variables from the host) or lists of string pairs (to define new ones).', badItem?.span ?? environment.valueSpan),
        );
      }
    }
    for (const key of docker.pairs) {
      if (!DOCKER_KEYS.some((k) => k.key === key.key)) {
        problems.push(problem('mlproject.docker-unknown-key', 'warning', `docker_env key '${key.key}' is ignored by MLflow (only image, volumes, environment are used).`, key.keyNode.span));
      }
    }
    const name = model.name;
    const nameText = stringValue(name?.value) ?? (name?.value?.kind === 'scalar' ? name.value.pythonStr : undefined);
    if (!name || isNullish(name.value)) {
      problems.push(problem('mlproject.docker-name-missing', 'error', 'docker_env needs a top-level `name`: MLflow fails with "Project name in MLProject must be specified when using docker for image tagging."', pair.keyNode.span));
    } else if (nameText !== undefined && !DOCKER_REPOSITORY.test(nameText)) {
      problems.push(problem('mlproject.docker-tag-invalid', 'warning', `'${nameText}' is not a valid Docker repository name (lower-case letters, digits, . _ -): \`mlflow run --build-image\` fails to tag the image.`, name.valueSpan));
    }
    return problems;
  },
});

function isEnvItem(node: YNode): boolean {
  if (node.kind === 'scalar') return node.type === 'str';
  if (node.kind === 'seq') return node.items.length === 2 && node.items.every((i) => i.kind === 'scalar');
  return false;
}
