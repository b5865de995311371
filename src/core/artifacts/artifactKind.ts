/**
 * Which editor an artifact opens in, from its name: VS Code's own text, image and notebook editors,
 * or the sandboxed HTML preview. MLflow writes `MLmodel` without an extension; it is YAML.
 */

export type ArtifactKind = 'text' | 'markdown' | 'notebook' | 'image' | 'html' | 'binary';

const TEXT = new Set([
  'txt', 'log', 'json', 'jsonl', 'yaml', 'yml', 'csv', 'tsv', 'toml', 'ini', 'cfg', 'conf', 'xml', 'py', 'r', 'sql', 'sh',
  'ts', 'js', 'properties', 'env', 'lock', 'rst', 'tex', 'diff', 'patch',
]);
const TEXT_NAMES = new Set(['mlmodel', 'mlproject', 'requirements.txt', 'license', 'readme', 'dockerfile', 'makefile']);
const IMAGES = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp', 'svg', 'ico', 'avif']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function artifactKind(artifactPath: string): ArtifactKind {
  const name = artifactPath.slice(artifactPath.lastIndexOf('/') + 1);
  const ext = extensionOf(name);
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'ipynb') return 'notebook';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (IMAGES.has(ext)) return 'image';
  if (TEXT.has(ext) || TEXT_NAMES.has(name.toLowerCase())) return 'text';
  return 'binary';
}

/** The language an artifact without a telling extension should be shown in (`MLmodel` is YAML). */
export function languageHint(artifactPath: string): string | undefined {
  const name = artifactPath.slice(artifactPath.lastIndexOf('/') + 1);
  return name === 'MLmodel' ? 'yaml' : undefined;
}
