// Completion from the schemas (keys in context, parameter types) and the model/folder
// ({placeholders}, env file names, entry-point skeletons).
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { MlprojectModel } from '../../../src/core/mlproject/model';
import {
  CONDA_KEYS,
  DOCKER_KEYS,
  ENTRY_POINT_KEYS,
  MLPROJECT_KEYS,
  PARAMETER_KEYS,
  PARAMETER_TYPES,
  PYTHON_ENV_KEYS,
  type KeyDoc,
} from '../../../src/core/mlproject/schema';
import type { AnalyzedDocument } from '../documents';
import { cursorContext, type CursorContext } from './cursorContext';

const ENTRY_POINT_SKELETON = '${1:train}:\n  parameters:\n    ${2:alpha}: {type: ${3|float,int,string,path,uri|}, default: ${4:0.5}}\n  command: "python ${5:train.py} --${2:alpha} {${2:alpha}}"';

export function computeCompletion(doc: AnalyzedDocument, position: Position): CompletionItem[] {
  const offset = doc.lines.offset(position);
  const context = cursorContext(doc.text, offset);
  if (doc.kind === 'pythonEnv') return context.inKey && context.path.length === 0 ? keyItems(PYTHON_ENV_KEYS, present(doc)) : [];
  if (doc.kind === 'conda') return context.inKey && context.path.length === 0 ? keyItems(CONDA_KEYS, present(doc)) : [];
  return mlprojectCompletion(doc, context, doc.text[offset] === '}');
}

function present(doc: AnalyzedDocument): Set<string> {
  const root = doc.result.parsed.model.root;
  return new Set(root?.pairs.map((p) => p.key) ?? []);
}

function mlprojectCompletion(doc: AnalyzedDocument, context: CursorContext, closed: boolean): CompletionItem[] {
  const { path } = context;
  const inCommand = path[0] === 'entry_points' && path[1] !== undefined && (path[2] === 'command' || (path.length === 2 && context.valueKey === 'command'));
  if (inCommand) {
    return /(^|[^{])\{[\w-]*$/.test(context.before) ? placeholderItems(doc, path[1]!, context.word, closed) : [];
  }
  if (context.inKey) {
    if (path.length === 0) return keyItems(MLPROJECT_KEYS, present(doc));
    if (path.length === 1 && path[0] === 'entry_points') {
      return [{ label: 'entry point', kind: CompletionItemKind.Snippet, insertText: ENTRY_POINT_SKELETON, insertTextFormat: InsertTextFormat.Snippet, detail: 'New entry point with a parameter and a command' }];
    }
    if (path.length === 1 && path[0] === 'docker_env') return keyItems(DOCKER_KEYS, new Set());
    if (path.length === 2 && path[0] === 'entry_points') return keyItems(ENTRY_POINT_KEYS, new Set());
    if (path.length === 4 && path[2] === 'parameters') return keyItems(PARAMETER_KEYS, new Set());
    return [];
  }
  if (path.length === 0 && (context.valueKey === 'python_env' || context.valueKey === 'conda_env')) {
    const wanted = context.valueKey === 'python_env' ? /^python_env.*\.ya?ml$/i : /^(?!python_env).*\.ya?ml$/i;
    return doc.files
      .siblings()
      .filter((name) => wanted.test(name) && name.toLowerCase() !== 'mlproject')
      .map((name) => ({ label: name, kind: CompletionItemKind.File }));
  }
  const typingType = /\btype\s*:\s*[\w]*$/.test(context.before) || context.valueKey === 'type';
  const bareParameter = path.length === 3 && path[2] === 'parameters' && context.valueKey !== undefined && !/\{/.test(context.before);
  if (path[0] === 'entry_points' && (typingType || bareParameter)) return typeItems();
  return [];
}

function keyItems(keys: readonly KeyDoc[], existing: Set<string>): CompletionItem[] {
  return keys
    .filter((k) => !existing.has(k.key))
    .map((k) => ({
      label: k.key,
      kind: CompletionItemKind.Property,
      documentation: { kind: MarkupKind.Markdown, value: k.doc },
      insertText: k.snippet ? `${k.key}: ${k.snippet}` : `${k.key}: `,
      insertTextFormat: k.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
}

function typeItems(): CompletionItem[] {
  return PARAMETER_TYPES.map((t, index) => ({
    label: t.key,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: t.doc },
    sortText: String(index),
  }));
}

function placeholderItems(doc: AnalyzedDocument, entryName: string, word: string, closed: boolean): CompletionItem[] {
  const model = doc.result.parsed.model as MlprojectModel;
  const entry = model.entryPoints.find((e) => e.name === entryName);
  return (entry?.parameters ?? [])
    .filter((p) => p.name.startsWith(word))
    .map((p) => ({
      label: p.name,
      kind: CompletionItemKind.Variable,
      detail: `${p.type} parameter of ${entryName}${p.required ? ' (required)' : ''}`,
      insertText: closed ? p.name : `${p.name}}`,
    }));
}
