// Completion from the schemas (the keys that belong where the cursor is, minus those already written;
// parameter types) and from the model/folder ({placeholders}, parameters the command uses but does
// not declare, env file names, entry-point skeletons).
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import type { EntryPoint, MlprojectModel } from '../../../src/core/mlproject/model';
import { ENV_KEYS, parseFile } from '../../../src/core/mlproject/parse';
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
import { cursorContext, type CursorContext } from './cursorContext';

const TYPE_CHOICE = '${1|string,float,int,path,uri|}';
const ENTRY_POINT_SKELETON = '${1:train}:\n  parameters:\n    ${2:alpha}: {type: ${3|float,int,string,path,uri|}, default: ${4:0.5}}\n  command: "python ${5:train.py} --${2:alpha} {${2:alpha}}"';
const PARAMETER_SKELETON = '${1:alpha}: {type: ${2|float,int,string,path,uri|}, default: ${3:0.5}}';

interface Request {
  doc: AnalyzedDocument;
  context: CursorContext;
  /** The partial word before the cursor: what a chosen item replaces. */
  range: Range;
  offset: number;
}

export function computeCompletion(doc: AnalyzedDocument, position: Position): CompletionItem[] {
  const offset = doc.lines.offset(position);
  const context = cursorContext(doc.text, offset);
  const range = { start: { line: position.line, character: position.character - context.word.length }, end: position };
  const request: Request = { doc, context, range, offset };
  const topKeys = context.inKey && context.path.length === 0;
  if (doc.kind === 'pythonEnv') return topKeys ? keyItems(request, PYTHON_ENV_KEYS) : [];
  if (doc.kind === 'conda') return topKeys ? keyItems(request, CONDA_KEYS) : [];
  return mlprojectCompletion(request);
}

function mlprojectCompletion(request: Request): CompletionItem[] {
  const { context } = request;
  const { path } = context;
  const inEntryPoints = path[0] === 'entry_points' && path[1] !== undefined;
  const inCommand = inEntryPoints && (path[2] === 'command' || (path.length === 2 && context.valueKey === 'command'));
  if (inCommand) {
    return /(^|[^{])\{[\w-]*$/.test(context.before) ? placeholderItems(request, path[1]!) : [];
  }
  if (context.inKey) return keyCompletion(request);
  if (path.length === 0 && (context.valueKey === 'python_env' || context.valueKey === 'conda_env')) return envFileItems(request, context.valueKey);
  const inParameters = inEntryPoints && path[2] === 'parameters';
  const typeValue = inParameters && path.length === 4 && context.valueKey === 'type';
  const bareParameter = inParameters && path.length === 3 && context.valueKey !== undefined && !context.inFlow;
  return typeValue || bareParameter ? typeItems(request) : [];
}

function keyCompletion(request: Request): CompletionItem[] {
  const { path, siblings } = request.context;
  if (path.length === 0) {
    // The env sections are exclusive: once one is written, offering another would break the project.
    const envTaken = (ENV_KEYS as readonly string[]).some((k) => siblings.has(k));
    return keyItems(request, MLPROJECT_KEYS.filter((k) => !(envTaken && (ENV_KEYS as readonly string[]).includes(k.key))));
  }
  if (path.length === 1 && path[0] === 'docker_env') return keyItems(request, DOCKER_KEYS);
  if (path.length === 1 && path[0] === 'databricks_spark_job') return keyItems(request, DATABRICKS_KEYS);
  if (path[0] !== 'entry_points') return [];
  if (path.length === 1) return [snippetItem(request, 'entry point', ENTRY_POINT_SKELETON, 'New entry point with a parameter and a command')];
  if (path.length === 2) return keyItems(request, ENTRY_POINT_KEYS);
  if (path.length === 3 && path[2] === 'parameters') return parameterNameItems(request, path[1]!);
  if (path.length === 4 && path[2] === 'parameters') return keyItems(request, PARAMETER_KEYS);
  return [];
}

function keyItems(request: Request, keys: readonly KeyDoc[]): CompletionItem[] {
  const { siblings, inFlow } = request.context;
  return keys
    .filter((k) => !siblings.has(k.key))
    .map((k, index) => {
      // Inside `{…}` a value stays on the line: multi-line snippets are for block mappings only.
      const snippet = k.snippet && !(inFlow && k.snippet.includes('\n')) ? k.snippet : undefined;
      return {
        label: k.key,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: k.doc },
        sortText: String(index).padStart(2, '0'),
        textEdit: { range: request.range, newText: snippet ? `${k.key}:${snippet.startsWith('\n') ? '' : ' '}${snippet}` : `${k.key}: ` },
        insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      };
    });
}

function snippetItem(request: Request, label: string, snippet: string, detail: string): CompletionItem {
  return { label, kind: CompletionItemKind.Snippet, detail, textEdit: { range: request.range, newText: snippet }, insertTextFormat: InsertTextFormat.Snippet, sortText: 'zz' };
}

function typeItems(request: Request): CompletionItem[] {
  return PARAMETER_TYPES.map((t, index) => ({
    label: t.key,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: t.doc },
    sortText: String(index),
    textEdit: { range: request.range, newText: t.key },
  }));
}

/** Under `parameters:`: the names the command uses but does not declare yet, then a blank declaration. */
function parameterNameItems(request: Request, entryName: string): CompletionItem[] {
  const entry = entryPoint(request, entryName);
  const declared = new Set([...(entry?.parameters.map((p) => p.name) ?? []), ...request.context.siblings]);
  const undeclared = [...new Set(entry?.placeholders.map((p) => p.name) ?? [])].filter((name) => name && !declared.has(name));
  const items: CompletionItem[] = undeclared.map((name) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: `Used as {${name}} in the command of ${entryName}, not declared yet`,
    textEdit: { range: request.range, newText: `${name}: ${request.context.inFlow ? `{type: ${TYPE_CHOICE}}` : TYPE_CHOICE}` },
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `0${name}`,
  }));
  items.push(snippetItem(request, 'parameter', PARAMETER_SKELETON, 'New parameter with a type and a default'));
  return items;
}

function placeholderItems(request: Request, entryName: string): CompletionItem[] {
  const closed = request.doc.text[request.offset] === '}';
  return (entryPoint(request, entryName)?.parameters ?? [])
    .filter((p) => p.name.startsWith(request.context.word))
    .map((p) => ({
      label: p.name,
      kind: CompletionItemKind.Variable,
      detail: `${p.type} parameter of ${entryName}${p.required ? ' (required)' : ''}`,
      textEdit: { range: request.range, newText: closed ? p.name : `${p.name}}` },
    }));
}

function envFileItems(request: Request, key: 'python_env' | 'conda_env'): CompletionItem[] {
  const wanted = key === 'python_env' ? /^python_env.*\.ya?ml$/i : /^(?!python_env).*\.ya?ml$/i;
  return request.doc.files
    .siblings()
    .filter((name) => wanted.test(name) && name.toLowerCase() !== 'mlproject')
    .map((name) => ({ label: name, kind: CompletionItemKind.File, textEdit: { range: request.range, newText: name } }));
}

/**
 * The entry point as the model has it. While a key is half-typed the document often does not parse;
 * the text with the cursor's line blanked usually does, and still holds the entry point.
 */
function entryPoint(request: Request, name: string): EntryPoint | undefined {
  const model = request.doc.result.parsed.model as MlprojectModel;
  const found = model.entryPoints.find((e) => e.name === name);
  if (found) return found;
  const { text } = request.doc;
  const lineStart = text.lastIndexOf('\n', request.offset - 1) + 1;
  const lineEnd = text.indexOf('\n', request.offset);
  const blanked = text.slice(0, lineStart) + (lineEnd < 0 ? '' : text.slice(lineEnd));
  return parseFile(blanked, 'mlproject').model.entryPoints.find((e) => e.name === name);
}
