// Quick fixes, dispatched on the diagnostic `code` (and its `data`), never on message text.
import { CodeActionKind, TextEdit, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { EntryPoint, Span } from '../../../src/core/mlproject/model';
import { entryPointsOf, type AnalyzedDocument } from '../documents';

type Fix = (doc: AnalyzedDocument, diagnostic: Diagnostic, data: Record<string, string>) => CodeAction | undefined;

const REPLACE_CODES = [
  'mlproject.param-missing-colon',
  'mlproject.param-type-unvalidated',
  'mlproject.env-file-missing',
  'mlproject.unknown-key',
  'mlproject.default-coerced',
  'mlproject.non-string-key',
  'python-env.python-not-string',
  'python-env.unknown-key',
];

const FIXES: Record<string, Fix> = {
  'mlproject.placeholder-undeclared': declareParameter,
  'mlproject.multiple-env': removeEnvSection,
  'mlproject.not-discovered': renameFile,
  'python-env.wrong-extension': renameFile,
  'conda.wrong-extension': renameFile,
  'mlproject.env-convention-extension': addEnvKey,
  ...Object.fromEntries(REPLACE_CODES.map((code) => [code, replaceRange] as const)),
};

export function computeCodeActions(doc: AnalyzedDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const fix = typeof diagnostic.code === 'string' ? FIXES[diagnostic.code] : undefined;
    if (!fix) continue;
    const action = fix(doc, diagnostic, isStringRecord(diagnostic.data) ? diagnostic.data : {});
    if (action) actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
  }
  return actions;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

function edit(doc: AnalyzedDocument, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [doc.uri]: edits } };
}

function replaceRange(doc: AnalyzedDocument, diagnostic: Diagnostic, data: Record<string, string>): CodeAction | undefined {
  const replacement = data.replacement;
  if (replacement === undefined) return undefined;
  return { title: `Change to '${replacement}'`, isPreferred: true, edit: edit(doc, [TextEdit.replace(diagnostic.range, replacement)]) };
}

function renameFile(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Record<string, string>): CodeAction | undefined {
  const target = data.rename;
  if (!target) return undefined;
  const newUri = doc.uri.slice(0, doc.uri.lastIndexOf('/') + 1) + encodeURIComponent(target);
  return { title: `Rename to ${target}`, isPreferred: true, edit: { documentChanges: [{ kind: 'rename', oldUri: doc.uri, newUri, options: { overwrite: false, ignoreIfExists: true } }] } };
}

function addEnvKey(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Record<string, string>): CodeAction | undefined {
  if (!data.key || !data.file) return undefined;
  const position = { line: 0, character: 0 };
  return { title: `Add '${data.key}: ${data.file}'`, edit: edit(doc, [TextEdit.insert(position, `${data.key}: ${data.file}\n`)]) };
}

/** Deletes whole lines from the start of the span's first line through the end of its last one. */
function deleteLines(doc: AnalyzedDocument, span: Span): TextEdit {
  const start = doc.lines.position(span.start);
  const end = doc.lines.position(span.end);
  const endsAtLineStart = end.character === 0 && end.line > start.line;
  return TextEdit.del({ start: { line: start.line, character: 0 }, end: endsAtLineStart ? end : { line: end.line + 1, character: 0 } });
}

function removeEnvSection(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Record<string, string>): CodeAction | undefined {
  const model = doc.result.parsed.model;
  if (model.kind !== 'mlproject' || !data.key) return undefined;
  const pair = model.root?.pairs.find((p) => p.key === data.key);
  if (!pair) return undefined;
  return { title: `Remove '${data.key}'`, edit: edit(doc, [deleteLines(doc, pair.span)]) };
}

function declareParameter(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Record<string, string>): CodeAction | undefined {
  const entry = entryPointsOf(doc).find((e) => e.name === data.entryPoint);
  const name = data.name;
  if (!entry || !name) return undefined;
  const textEdit = declarationEdit(doc, entry, name);
  return textEdit ? { title: `Declare parameter '${name}' in '${entry.name}'`, isPreferred: true, edit: edit(doc, [textEdit]) } : undefined;
}

function declarationEdit(doc: AnalyzedDocument, entry: EntryPoint, name: string): TextEdit | undefined {
  const declaration = `${name}: {type: string}`;
  const params = entry.parametersPair?.value;
  if (params?.kind === 'map' && params.flow) {
    const closing = doc.lines.position(params.span.end - 1);
    return TextEdit.insert(closing, params.pairs.length ? `, ${declaration}` : declaration);
  }
  if (params?.kind === 'map') {
    const last = params.pairs[params.pairs.length - 1];
    const first = params.pairs[0];
    if (!last || !first) return undefined;
    const indent = doc.lines.position(first.keyNode.span.start).character;
    const end = doc.lines.position(last.span.end);
    return TextEdit.insert({ line: end.line + 1, character: 0 }, `${' '.repeat(indent)}${declaration}\n`);
  }
  if (entry.parametersPair) return undefined;
  const anchor = entry.pair.value?.kind === 'map' ? entry.pair.value.pairs[0] : undefined;
  if (!anchor) return undefined;
  const at = doc.lines.position(anchor.keyNode.span.start);
  const indent = ' '.repeat(at.character);
  return TextEdit.insert({ line: at.line, character: 0 }, `${indent}parameters:\n${indent}  ${declaration}\n`);
}

