// Hover: documentation for keys and types, the declaration for a {placeholder}.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Parameter } from '../../../src/core/mlproject/model';
import {
  CONDA_KEYS,
  DATABRICKS_KEYS,
  DOCKER_KEYS,
  ENTRY_POINT_KEYS,
  MLPROJECT_KEYS,
  PARAMETER_KEYS,
  PARAMETER_TYPES,
  PYTHON_ENV_KEYS,
  type KeyDoc,
} from '../../../src/core/mlproject/schema';
import type { AnalyzedDocument } from '../documents';
import { contains, toRange } from '../ranges';
import { pairChainAt } from './nodeAt';

export function computeHover(doc: AnalyzedDocument, position: Position): Hover | null {
  const offset = doc.lines.offset(position);
  const parsed = doc.result.parsed;
  if (parsed.model.kind === 'mlproject') {
    for (const entry of parsed.model.entryPoints) {
      const placeholder = entry.placeholders.find((p) => p.exact && contains(p.span, offset));
      if (!placeholder) continue;
      const parameter = entry.parameters.find((p) => p.name === placeholder.name);
      const value = parameter ? describeParameter(doc, parameter) : `**{${placeholder.name}}** is not a parameter of \`${entry.name}\`: MLflow fails with \`KeyError\`.`;
      return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc.lines, placeholder.span) };
    }
  }
  const chain = pairChainAt(parsed.root, offset);
  const last = chain[chain.length - 1];
  if (!last) return null;
  const keys = chain.map((p) => p.key);
  if (contains(last.keyNode.span, offset)) {
    const doc_ = keyDoc(parsed.model.kind, keys);
    return doc_ ? { contents: { kind: MarkupKind.Markdown, value: `**${doc_.key}**\n\n${doc_.doc}` }, range: toRange(doc.lines, last.keyNode.span) } : null;
  }
  const isTypeValue = parsed.model.kind === 'mlproject' && keys[0] === 'entry_points' && keys[2] === 'parameters' && (keys.length === 4 || keys[4] === 'type');
  if (isTypeValue && last.value?.kind === 'scalar') {
    const text = last.value.text;
    const type = PARAMETER_TYPES.find((t) => t.key === text);
    const value = type ? `**${type.key}**\n\n${type.doc}` : `**${text}** is not an MLflow type: MLflow treats the value as plain text, without validation.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc.lines, last.value.span) };
  }
  return null;
}

function describeParameter(doc: AnalyzedDocument, parameter: Parameter): string {
  const declaration = doc.text.slice(parameter.pair.span.start, parameter.pair.span.end).split('\n')[0];
  const lines = [`**${parameter.name}** (${parameter.type}${parameter.required ? ', required' : ''})`, '', '```yaml', declaration ?? parameter.name, '```'];
  const defaultValue = parameter.defaultPair?.value;
  if (defaultValue?.kind === 'scalar' && defaultValue.type !== 'null') lines.push('', `Substituted default: \`${defaultValue.pythonStr}\` (shell-quoted by MLflow).`);
  if (parameter.type === 'float' || parameter.type === 'int') lines.push('', 'MLflow does not validate this type: any text is passed through.');
  return lines.join('\n');
}

function keyDoc(kind: AnalyzedDocument['kind'], keys: string[]): KeyDoc | undefined {
  const last = keys[keys.length - 1]!;
  const find = (list: readonly KeyDoc[]): KeyDoc | undefined => list.find((k) => k.key === last);
  if (kind === 'pythonEnv') return keys.length === 1 ? find(PYTHON_ENV_KEYS) : undefined;
  if (kind === 'conda') return keys.length === 1 ? find(CONDA_KEYS) : undefined;
  if (keys.length === 1) return find(MLPROJECT_KEYS);
  if (keys[0] === 'docker_env' && keys.length === 2) return find(DOCKER_KEYS);
  if (keys[0] === 'databricks_spark_job' && keys.length === 2) return find(DATABRICKS_KEYS);
  if (keys[0] !== 'entry_points') return undefined;
  if (keys.length === 2) return { key: last, doc: 'Entry point: run it with `mlflow run -e ' + last + '`.' };
  if (keys.length === 3) return find(ENTRY_POINT_KEYS);
  if (keys.length === 4 && keys[2] === 'parameters') return { key: last, doc: 'Parameter: a type name or `{type, default}`; without a default it is required.' };
  if (keys.length === 5 && keys[2] === 'parameters') return find(PARAMETER_KEYS);
  return undefined;
}
