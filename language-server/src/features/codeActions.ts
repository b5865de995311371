// Quick fixes, dispatched on the diagnostic `code` (and its `data`), never on message text. Every
// diagnostic whose message names its fix ("Did you mean …", "Quote it", "Rename …", "Remove …")
// has one here.
import { CodeActionKind, TextEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { EntryPoint, YMap } from '../../../src/core/mlproject/model';
import { entryPointsOf, type AnalyzedDocument } from '../documents';
import { deletePairLines, eolOf, insertLineAbove, insertLineBelow, pairWithKeyAt, workspaceEdit } from './textEdits';

type Data = Record<string, string>;
type Fix = (doc: AnalyzedDocument, diagnostic: Diagnostic, data: Data) => CodeAction[];

/** Codes whose data carries the exact text for the diagnostic's range, with the verb of the title. */
const REPLACEMENTS: Record<string, 'Rename to' | 'Change to' | 'Quote it:'> = {
  'mlproject.unknown-key': 'Rename to',
  'mlproject.unknown-param-key': 'Rename to',
  'mlproject.docker-unknown-key': 'Rename to',
  'mlproject.param-type-unvalidated': 'Change to',
  'mlproject.param-missing-colon': 'Change to',
  'mlproject.env-file-missing': 'Change to',
  'mlproject.docker-tag-invalid': 'Change to',
  'mlproject.format-syntax': 'Change to',
  'mlproject.default-coerced': 'Quote it:',
  'mlproject.non-string-key': 'Quote it:',
  'python-env.python-not-string': 'Quote it:',
};

/** Codes that also carry a replacement in some cases, with their own fix otherwise. */
const VERBS: Record<string, 'Rename to' | 'Change to' | 'Quote it:'> = { ...REPLACEMENTS, 'python-env.unknown-key': 'Rename to', 'mlproject.parameter-invalid': 'Change to' };

const FIXES: Record<string, Fix> = {
  ...Object.fromEntries(Object.keys(REPLACEMENTS).map((code) => [code, replaceRange] as const)),
  'python-env.unknown-key': (doc, diagnostic, data) => (data.replacement ? replaceRange(doc, diagnostic, data) : removeTopKey(doc, data.key)),
  'mlproject.entry-points-missing': renameTopKey,
  'mlproject.placeholder-undeclared': declareParameter,
  'mlproject.placeholder-quoted': unquotePlaceholder,
  'mlproject.parameter-invalid': fixParameterSpec,
  'mlproject.parameters-null': removeParameters,
  'mlproject.duplicate-key': removeEarlierDuplicate,
  'mlproject.multiple-env': (doc, _d, data) => removeTopKey(doc, data.key),
  'mlproject.env-null': (doc, _d, data) => removeTopKey(doc, data.key),
  'mlproject.env-convention-extension': addEnvKey,
  'mlproject.env-by-convention': addEnvKey,
  'mlproject.env-convention-both': (doc, d, data) => [...addEnvKey(doc, d, data), ...addEnvKey(doc, d, { key: data.otherKey ?? '', file: data.otherFile ?? '' })],
  'mlproject.docker-name-missing': addProjectName,
  'mlproject.not-discovered': renameFile,
  'python-env.wrong-extension': renameFile,
  'conda.wrong-extension': renameFile,
};

export function computeCodeActions(doc: AnalyzedDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const fix = typeof diagnostic.code === 'string' ? FIXES[diagnostic.code] : undefined;
    if (!fix) continue;
    for (const action of fix(doc, diagnostic, isStringRecord(diagnostic.data) ? diagnostic.data : {})) {
      actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    }
  }
  return actions;
}

function isStringRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

function action(doc: AnalyzedDocument, title: string, edits: TextEdit[], isPreferred = true): CodeAction[] {
  return [{ title, isPreferred, edit: workspaceEdit(doc, edits) }];
}

function topMap(doc: AnalyzedDocument): YMap | undefined {
  return doc.result.parsed.model.root;
}

function replaceRange(doc: AnalyzedDocument, diagnostic: Diagnostic, data: Data): CodeAction[] {
  const replacement = data.replacement;
  const verb = typeof diagnostic.code === 'string' ? (VERBS[diagnostic.code] ?? 'Change to') : 'Change to';
  if (replacement === undefined) return [];
  const shown = verb === 'Quote it:' || /^[\w.-]+$/.test(replacement) ? replacement : `'${replacement}'`;
  return action(doc, `${verb} ${shown}`, [TextEdit.replace(diagnostic.range, replacement)]);
}

function renameTopKey(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  const pair = topMap(doc)?.pairs.find((p) => p.key === data.key);
  if (!pair || !data.replacement) return [];
  const range = { start: doc.lines.position(pair.keyNode.span.start), end: doc.lines.position(pair.keyNode.span.end) };
  return action(doc, `Rename ${pair.key} to ${data.replacement}`, [TextEdit.replace(range, data.replacement)]);
}

function removeTopKey(doc: AnalyzedDocument, key: string | undefined): CodeAction[] {
  const pair = topMap(doc)?.pairs.find((p) => p.key === key);
  const edit = pair && deletePairLines(doc, pair);
  return edit ? action(doc, `Remove '${pair.key}'`, [edit], false) : [];
}

function renameFile(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  const target = data.rename;
  if (!target) return [];
  const newUri = doc.uri.slice(0, doc.uri.lastIndexOf('/') + 1) + encodeURIComponent(target);
  return [{ title: `Rename to ${target}`, isPreferred: true, edit: { documentChanges: [{ kind: 'rename', oldUri: doc.uri, newUri, options: { overwrite: false, ignoreIfExists: true } }] } }];
}

function addEnvKey(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  if (!data.key || !data.file) return [];
  const line = `${data.key}: ${data.file}`;
  return action(doc, `Add '${line}'`, [TextEdit.insert({ line: 0, character: 0 }, `${line}${eolOf(doc)}`)], false);
}

function addProjectName(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  if (data.insert) return action(doc, `Add '${data.insert}'`, [TextEdit.insert({ line: 0, character: 0 }, `${data.insert}${eolOf(doc)}`)]);
  const pair = topMap(doc)?.pairs.find((p) => p.key === data.key);
  if (!pair || !data.value || pair.value !== null) return [];
  return action(doc, `Set ${pair.key} to ${data.value}`, [TextEdit.insert(doc.lines.position(pair.valueSpan.start), ` ${data.value}`)]);
}

/** `'{x}'` → `{x}`: MLflow quotes the value itself. */
function unquotePlaceholder(doc: AnalyzedDocument, diagnostic: Diagnostic): CodeAction[] {
  const { start, end } = diagnostic.range;
  if (start.line !== end.line || start.character === 0) return [];
  const before = { line: start.line, character: start.character - 1 };
  const after = { line: end.line, character: end.character + 1 };
  const quote = doc.text[doc.lines.offset(before)];
  if ((quote !== "'" && quote !== '"') || doc.text[doc.lines.offset(end)] !== quote) return [];
  const placeholder = doc.text.slice(doc.lines.offset(start), doc.lines.offset(end));
  return action(doc, `Remove the quotes around ${placeholder}`, [TextEdit.del({ start: before, end: start }), TextEdit.del({ start: end, end: after })]);
}

function fixParameterSpec(doc: AnalyzedDocument, diagnostic: Diagnostic, data: Data): CodeAction[] {
  if (data.replacement) return replaceRange(doc, diagnostic, data);
  if (!data.insert) return [];
  // `alpha:` with nothing after it: the value goes right after the colon that ends the key.
  const keyEnd = doc.lines.offset(diagnostic.range.end);
  const colon = doc.text.indexOf(':', keyEnd);
  if (colon < 0 || /[\r\n]/.test(doc.text.slice(keyEnd, colon))) return [];
  const name = doc.text.slice(doc.lines.offset(diagnostic.range.start), keyEnd);
  return action(doc, `Change to '${name}:${data.insert}'`, [TextEdit.insert(doc.lines.position(colon + 1), data.insert)]);
}

function removeParameters(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  const entry = entryPointsOf(doc).find((e) => e.name === data.entryPoint);
  const edit = entry?.parametersPair && deletePairLines(doc, entry.parametersPair);
  return edit ? action(doc, `Remove 'parameters' from '${entry.name}'`, [edit]) : [];
}

/** PyYAML keeps the last of duplicate keys: removing the earlier one changes nothing MLflow sees. */
function removeEarlierDuplicate(doc: AnalyzedDocument, diagnostic: Diagnostic): CodeAction[] {
  const found = pairWithKeyAt(doc.result.parsed.root, doc.lines.offset(diagnostic.range.start));
  if (!found || found.map.flow) return [];
  const edit = deletePairLines(doc, found.pair);
  return edit ? action(doc, `Remove the earlier '${found.pair.key}' (MLflow uses the last one)`, [edit]) : [];
}

function declareParameter(doc: AnalyzedDocument, _diagnostic: Diagnostic, data: Data): CodeAction[] {
  const entry = entryPointsOf(doc).find((e) => e.name === data.entryPoint);
  const name = data.name;
  if (!entry || !name) return [];
  const textEdit = declarationEdit(doc, entry, name);
  return textEdit ? action(doc, `Declare parameter '${name}' in '${entry.name}'`, [textEdit]) : [];
}

function declarationEdit(doc: AnalyzedDocument, entry: EntryPoint, name: string): TextEdit | undefined {
  const declaration = `${name}: {type: string}`;
  const parametersPair = entry.parametersPair;
  const params = parametersPair?.value;
  if (params?.kind === 'map' && params.flow) {
    const closing = doc.lines.position(params.span.end - 1);
    return TextEdit.insert(closing, params.pairs.length ? `, ${declaration}` : declaration);
  }
  if (params?.kind === 'map') {
    const first = params.pairs[0];
    const last = params.pairs[params.pairs.length - 1];
    if (!first || !last) return undefined;
    return insertLineBelow(doc, last.span, doc.lines.position(first.keyNode.span.start).character, declaration);
  }
  if (parametersPair && params === null) {
    const indent = doc.lines.position(parametersPair.keyNode.span.start).character + 2;
    return insertLineBelow(doc, parametersPair.keyNode.span, indent, declaration);
  }
  if (parametersPair) return undefined;
  const anchor = entry.pair.value?.kind === 'map' && !entry.pair.value.flow ? entry.pair.value.pairs[0] : undefined;
  if (!anchor) return undefined;
  const indent = doc.lines.position(anchor.keyNode.span.start).character;
  return insertLineAbove(doc, anchor.keyNode.span, `parameters:${eolOf(doc)}${' '.repeat(indent + 2)}${declaration}`);
}
