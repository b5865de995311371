// docker_env shape as MLflow's loader checks it, plus what `docker run` / image tagging trip over.
import path from 'node:path';
import type { MlprojectModel, Problem, YNode } from '../model';
import { findPair, problem } from '../parse';
import { DOCKER_KEYS, suggestKey } from '../schema';
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
  check({ file, files }) {
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
    const taken = new Set(docker.pairs.map((p) => p.key));
    for (const key of docker.pairs) {
      if (DOCKER_KEYS.some((k) => k.key === key.key)) continue;
      const suggestion = suggestKey(key.key, DOCKER_KEYS, taken);
      const message = `docker_env key '${key.key}' is ignored by MLflow (only image, volumes, environment are used).${suggestion ? ` Did you mean '${suggestion}'?` : ''}`;
      problems.push(problem('mlproject.docker-unknown-key', 'warning', message, key.keyNode.span, suggestion ? { replacement: suggestion } : undefined));
    }
    const name = model.name;
    const nameText = stringValue(name?.value) ?? (name?.value?.kind === 'scalar' ? name.value.pythonStr : undefined);
    if (!name || isNullish(name.value)) {
      // The folder name, made valid, is what a project is usually called.
      const suggested = dockerRepositoryName(files.dir ? path.basename(files.dir) : '') ?? 'my-project';
      problems.push(problem('mlproject.docker-name-missing', 'error', 'docker_env needs a top-level `name`: MLflow fails with "Project name in MLProject must be specified when using docker for image tagging."', pair.keyNode.span, name ? { key: 'name', value: suggested } : { insert: `name: ${suggested}` }));
    } else if (nameText !== undefined && !DOCKER_REPOSITORY.test(nameText)) {
      const valid = dockerRepositoryName(nameText);
      problems.push(problem('mlproject.docker-tag-invalid', 'warning', `'${nameText}' is not a valid Docker repository name (lower-case letters, digits, . _ -): \`mlflow run --build-image\` fails to tag the image.${valid ? ` Use e.g. '${valid}'.` : ''}`, name.valueSpan, valid ? { replacement: valid } : undefined));
    }
    return problems;
  },
});

function isEnvItem(node: YNode): boolean {
  if (node.kind === 'scalar') return node.type === 'str';
  if (node.kind === 'seq') return node.items.length === 2 && node.items.every((i) => i.kind === 'scalar');
  return false;
}

/** `Proyecto de demostracion` → `proyecto-de-demostracion`: lower case, separators collapsed to `-`. */
export function dockerRepositoryName(text: string): string | undefined {
  const candidate = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return DOCKER_REPOSITORY.test(candidate) ? candidate : undefined;
}
