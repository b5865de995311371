// Completion, hover, definition, outline, quick fixes and Run lenses through a real LSP connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, Location, TextEdit } from 'vscode-languageserver';
import { LspSession, withCode, type OpenedDocument } from './lspHarness';

const PROJECT = `name: demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      data: path
    command: "python train.py --alpha {alpha} --data {data}"
  score:
    command: python score.py
`;

let session: LspSession;
let folder = 0;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

async function openProject(marked: string, fileName = 'MLproject', files: Record<string, string> = { 'python_env.yaml': 'python: "3.11"\n', 'train.py': '', 'score.py': '' }): Promise<OpenedDocument> {
  const dir = `f${folder++}`;
  for (const [name, content] of Object.entries(files)) session.writeFile(`${dir}/${name}`, content);
  return session.open(`${dir}/${fileName}`, marked);
}

async function complete(doc: OpenedDocument): Promise<string[]> {
  const items = await session.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.caret });
  return items.map((i) => i.label);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), edits);
}

async function quickFix(doc: OpenedDocument, code: string): Promise<CodeAction> {
  const diagnostics = withCode(doc.diagnostics, code);
  assert.equal(diagnostics.length, 1, `expected one ${code}`);
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: doc.uri },
    range: diagnostics[0]!.range,
    context: { diagnostics: diagnostics as Diagnostic[] },
  });
  assert.equal(actions.length, 1);
  return actions[0]!;
}

async function fixedText(doc: OpenedDocument, code: string): Promise<string> {
  const action = await quickFix(doc, code);
  return applyEdits(doc.text, action.edit!.changes![doc.uri]!);
}

void test('completion: top-level keys not yet present', async () => {
  const doc = await openProject(`name: demo\n‸\n`);
  const labels = await complete(doc);
  assert.ok(labels.includes('entry_points') && labels.includes('conda_env') && labels.includes('docker_env'));
  assert.ok(!labels.includes('name'));
});

void test('completion: entry point keys, parameter keys and parameter types in context', async () => {
  const entryKeys = await complete(await openProject(`entry_points:\n  main:\n    ‸\n`));
  assert.deepEqual(entryKeys, ['parameters', 'command']);
  const paramKeys = await complete(await openProject(`entry_points:\n  main:\n    parameters:\n      alpha:\n        ‸\n`));
  assert.deepEqual(paramKeys, ['type', 'default']);
  const flowTypes = await complete(await openProject(`entry_points:\n  main:\n    parameters:\n      alpha: {type: ‸}\n`));
  assert.deepEqual(flowTypes, ['string', 'float', 'int', 'path', 'uri']);
  const bareTypes = await complete(await openProject(`entry_points:\n  main:\n    parameters:\n      alpha: ‸\n`));
  assert.deepEqual(bareTypes, ['string', 'float', 'int', 'path', 'uri']);
});

void test('completion: {placeholders} inside the command are the entry point\'s parameters', async () => {
  const doc = await openProject(PROJECT.replace('--data {data}', '--data {data} --x {‸'));
  assert.deepEqual(await complete(doc), ['alpha', 'data']);
  const literal = await openProject(PROJECT.replace('--data {data}', '--data {data} --x {{‸'));
  assert.deepEqual(await complete(literal), []);
});

void test('completion: env file names present in the folder, and an entry-point skeleton', async () => {
  const doc = await openProject(`name: demo\nconda_env: ‸\n`, 'MLproject', { 'conda.yml': '', 'environment.yml': '', 'train.py': '' });
  assert.deepEqual((await complete(doc)).sort(), ['conda.yml', 'environment.yml']);
  const skeleton = await session.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: (await openProject(`entry_points:\n  ‸\n`)).uri }, position: { line: 1, character: 2 } });
  assert.equal(skeleton.length, 1);
  assert.match(String(skeleton[0]!.textEdit?.newText), /parameters:[\s\S]*command:/);
});

void test('hover: key documentation, and a placeholder shows its declaration', async () => {
  const onKey = await openProject(PROJECT.replace('python_env:', 'pyth‸on_env:'));
  const keyHover = await session.request<Hover>('textDocument/hover', { textDocument: { uri: onKey.uri }, position: onKey.caret });
  assert.match(JSON.stringify(keyHover.contents), /virtualenv/);
  const onPlaceholder = await openProject(PROJECT.replace('{alpha}', '{al‸pha}'));
  const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri: onPlaceholder.uri }, position: onPlaceholder.caret });
  const text = JSON.stringify(hover.contents);
  assert.match(text, /alpha\*\* \(float\)/);
  assert.match(text, /default: 0.5/);
  assert.match(text, /does not validate/);
});

void test('definition: placeholder → parameter, env reference → file, command → script', async () => {
  const doc = await openProject(PROJECT.replace('{data}', '{da‸ta}'));
  const toParam = await session.request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: doc.caret });
  assert.deepEqual(toParam, [{ uri: doc.uri, range: { start: { line: 6, character: 6 }, end: { line: 6, character: 10 } } }]);
  const dir = path.dirname(new URL(doc.uri).pathname);
  const toEnv = await session.request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: { line: 1, character: 15 } });
  assert.equal(toEnv[0]?.uri, pathToFileURL(path.join(dir, 'python_env.yaml')).toString());
  const toScript = await session.request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: { line: 7, character: 21 } });
  assert.equal(toScript[0]?.uri, pathToFileURL(path.join(dir, 'train.py')).toString());
});

void test('definition: a -r line of python_env.yaml → the requirements file', async () => {
  const doc = await openProject('python: "3.11"\ndependencies:\n  - -r requirem‸ents.txt\n', 'python_env.yaml', { 'requirements.txt': 'numpy\n' });
  const locations = await session.request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: doc.caret });
  assert.equal(locations[0]?.uri, doc.uri.replace(/python_env\.yaml$/, 'requirements.txt'));
});

void test('outline: entry points with their parameters', async () => {
  const doc = await openProject(PROJECT);
  const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
  const entryPoints = symbols.find((s) => s.name === 'entry_points');
  assert.deepEqual(entryPoints?.children?.map((c) => c.name), ['main', 'score']);
  assert.deepEqual(entryPoints?.children?.[0]?.children?.map((c) => `${c.name}:${c.detail ?? ''}`), ['alpha:float', 'data:path, required', 'command:']);
});

void test('Run lenses above each entry point carry the command and the entry point name', async () => {
  const doc = await openProject(PROJECT);
  const lenses = await session.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, (l.command?.arguments?.[0] as { entryPoint: string }).entryPoint]), [
    [3, 'mlflowLens.runEntryPoint', 'main'],
    [8, 'mlflowLens.runEntryPoint', 'score'],
  ]);
});

void test('quick fix: declare a missing parameter (block and absent parameters)', async () => {
  const doc = await openProject(PROJECT.replace('--data {data}', '--data {data} --seed {seed}'));
  const fixed = await fixedText(doc, 'mlproject.placeholder-undeclared');
  assert.match(fixed, /      data: path\n      seed: \{type: string\}\n    command:/);
  const noParams = await openProject(`name: demo\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: python train.py {seed}\n`);
  const fixedNoParams = await fixedText(noParams, 'mlproject.placeholder-undeclared');
  assert.match(fixedNoParams, /  main:\n    parameters:\n      seed: \{type: string\}\n    command: python train.py \{seed\}/);
  const again = await session.change(noParams.uri, fixedNoParams);
  assert.deepEqual(withCode(again, 'mlproject.placeholder-undeclared'), []);
});

void test('quick fix: remove a duplicate env section', async () => {
  const doc = await openProject(`name: demo\npython_env: python_env.yaml\nconda_env:\nentry_points:\n  main:\n    command: python train.py\n`);
  assert.equal(await fixedText(doc, 'mlproject.multiple-env'), `name: demo\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: python train.py\n`);
});

void test('quick fix: the missing-colon flow mapping trap', async () => {
  const doc = await openProject(PROJECT.replace('{type: float, default: 0.5}', '{type float, default: 0.5}'));
  assert.match(await fixedText(doc, 'mlproject.param-missing-colon'), /alpha: \{type: float, default: 0.5\}/);
});

void test('quick fix: rename MLproject.yaml to MLproject', async () => {
  const doc = await openProject(PROJECT, 'MLproject.yaml');
  const action = await quickFix(doc, 'mlproject.not-discovered');
  const change = action.edit?.documentChanges?.[0] as { kind: string; oldUri: string; newUri: string };
  assert.equal(change.kind, 'rename');
  assert.equal(change.newUri, doc.uri.replace(/MLproject\.yaml$/, 'MLproject'));
});

void test('quick fixes: quote python 3.10, point env reference at the existing sibling, str → string', async () => {
  const py = await openProject('python: 3.10\n', 'python_env.yaml', {});
  assert.equal(await fixedText(py, 'python-env.python-not-string'), 'python: "3.10"\n');
  const env = await openProject(PROJECT.replace('python_env: python_env.yaml', 'conda_env: conda.yaml'), 'MLproject', { 'conda.yml': '', 'train.py': '', 'score.py': '' });
  assert.match(await fixedText(env, 'mlproject.env-file-missing'), /conda_env: conda.yml\n/);
  const type = await openProject(PROJECT.replace('data: path', 'data: str'));
  assert.match(await fixedText(type, 'mlproject.param-type-unvalidated'), /data: string\n/);
});
