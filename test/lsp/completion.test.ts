// Completion that knows the MLproject schema, at every cursor context, through a real LSP connection:
// the keys that belong there minus those already written, parameter types as values, the parameters
// a command uses but does not declare. Each context runs twice: with LF and with CRLF line endings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { LspSession, type OpenedDocument } from './lspHarness';

const TYPES = ['string', 'float', 'int', 'path', 'uri'];
const TOP = ['name', 'entry_points', 'python_env', 'conda_env', 'docker_env', 'databricks_spark_job'];

let session: LspSession;
let folder = 0;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

async function open(marked: string, eol: string, fileName = 'MLproject'): Promise<OpenedDocument> {
  const dir = `c${folder++}`;
  session.writeFile(`${dir}/python_env.yaml`, 'python: "3.11"\n');
  session.writeFile(`${dir}/conda.yml`, 'dependencies: [python=3.11]\n');
  session.writeFile(`${dir}/train.py`, '');
  return session.open(`${dir}/${fileName}`, marked.replace(/\n/g, eol));
}

async function completion(marked: string, eol: string, fileName?: string): Promise<{ doc: OpenedDocument; items: CompletionItem[] }> {
  const doc = await open(marked, eol, fileName);
  assert.ok(doc.caret, 'the case needs a ‸ caret');
  const items = await session.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.caret });
  await session.close(doc.uri);
  return { doc, items };
}

async function labels(marked: string, eol: string, fileName?: string): Promise<string[]> {
  return (await completion(marked, eol, fileName)).items.map((i) => i.label);
}

const PROJECT = (caretLine: string): string => `name: demo
python_env: python_env.yaml
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      data: path
${caretLine}
    command: "python train.py --alpha {alpha} --data {data} --seed {seed} --epochs {epochs}"
`;

for (const [eolName, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
  void describe(`completion (${eolName})`, () => {
    void test('top level: the MLproject keys not yet written; one env section excludes the others', async () => {
      assert.deepEqual(await labels('‸\n', eol), TOP);
      assert.deepEqual(await labels('name: demo\n‸\nentry_points:\n  main:\n    command: python train.py\n', eol), ['python_env', 'conda_env', 'docker_env', 'databricks_spark_job']);
      assert.deepEqual(await labels('python_env: python_env.yaml\n‸\n', eol), ['name', 'entry_points', 'databricks_spark_job']);
    });

    void test('a partially typed key is completed and replaced, at the top and inside an entry point', async () => {
      const top = await completion('name: demo\nentr‸\n', eol);
      const entryPoints = top.items.find((i) => i.label === 'entry_points');
      assert.ok(entryPoints, JSON.stringify(top.items.map((i) => i.label)));
      assert.deepEqual((entryPoints.textEdit as TextEdit).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
      assert.match((entryPoints.textEdit as TextEdit).newText, /^entry_points:\n {2}main:/);
      const inEntry = await completion('entry_points:\n  main:\n    comm‸\n    parameters:\n      a: float\n', eol);
      assert.deepEqual(inEntry.items.map((i) => i.label), ['command']);
      assert.deepEqual((inEntry.items[0]!.textEdit as TextEdit).range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
    });

    void test('empty lines at each indent of an entry point get that level\'s completion', async () => {
      // Indent 6: a new parameter; the command uses {seed} and {epochs} that are not declared yet.
      assert.deepEqual(await labels(PROJECT('      ‸'), eol), ['seed', 'epochs', 'parameter']);
      // Indent 4: entry point keys, but parameters and command are both written.
      assert.deepEqual(await labels(PROJECT('    ‸'), eol), []);
      // Indent 2: a new entry point.
      assert.deepEqual(await labels(PROJECT('  ‸'), eol), ['entry point']);
      // Indent 0: top-level keys minus name, python_env (and the env keys it excludes), entry_points.
      assert.deepEqual(await labels(PROJECT('‸'), eol), ['databricks_spark_job']);
      // Indent 4 in an entry point that has only a command.
      assert.deepEqual(await labels('entry_points:\n  main:\n    command: python train.py\n    ‸\n', eol), ['parameters']);
      // Indent 8 under a block parameter: its keys, minus the written one.
      assert.deepEqual(await labels('entry_points:\n  main:\n    parameters:\n      alpha:\n        type: float\n        ‸\n    command: python train.py {alpha}\n', eol), ['default']);
      assert.deepEqual(await labels('entry_points:\n  main:\n    parameters:\n      alpha:\n        ‸\n', eol), ['type', 'default']);
    });

    void test('inside parameters: undeclared placeholders are offered with a type to choose', async () => {
      const { items } = await completion(PROJECT('      se‸'), eol);
      const seed = items.find((i) => i.label === 'seed');
      assert.equal((seed?.textEdit as TextEdit).newText, 'seed: ${1|string,float,int,path,uri|}');
      assert.deepEqual((seed?.textEdit as TextEdit).range.start.character, 6);
      const flow = await labels('entry_points:\n  main:\n    parameters: {alpha: float, ‸}\n    command: python train.py {alpha} {beta}\n', eol);
      assert.deepEqual(flow, ['beta', 'parameter']);
    });

    void test('inside a flow-mapping parameter: type and default, minus those written', async () => {
      const base = (spec: string): string => `entry_points:\n  main:\n    parameters:\n      alpha: ${spec}\n    command: python train.py {alpha}\n`;
      assert.deepEqual(await labels(base('{‸}'), eol), ['type', 'default']);
      assert.deepEqual(await labels(base('{type: float, ‸}'), eol), ['default']);
      assert.deepEqual(await labels(base('{‸, default: 1}'), eol), ['type']);
      assert.deepEqual(await labels(base('{def‸}'), eol), ['type', 'default']);
    });

    void test('value completion for type: flow, block, bare, and partially typed', async () => {
      const base = (spec: string): string => `entry_points:\n  main:\n    parameters:\n      alpha: ${spec}\n    command: python train.py {alpha}\n`;
      assert.deepEqual(await labels(base('{type: ‸}'), eol), TYPES);
      assert.deepEqual(await labels(base('‸'), eol), TYPES);
      const partial = await completion(base('{type: fl‸, default: 1}'), eol);
      assert.deepEqual(partial.items.map((i) => i.label), TYPES);
      assert.deepEqual((partial.items[1]!.textEdit as TextEdit).range, { start: { line: 3, character: 20 }, end: { line: 3, character: 22 } });
      assert.deepEqual(await labels('entry_points:\n  main:\n    parameters:\n      alpha:\n        type: ‸\n', eol), TYPES);
    });

    void test('docker_env keys minus those written; no keys inside values that take none', async () => {
      assert.deepEqual(await labels('name: demo\ndocker_env:\n  image: python:3.11\n  ‸\n', eol), ['volumes', 'environment']);
      assert.deepEqual(await labels('name: ‸\n', eol), []);
      assert.deepEqual(await labels('entry_points:\n  main:\n    command: python ‸\n', eol), []);
    });

    void test('placeholders in the command and env file names as values', async () => {
      assert.deepEqual(await labels(PROJECT('').replace('{epochs}', '{‸'), eol), ['alpha', 'data']);
      assert.deepEqual(await labels('name: demo\nconda_env: ‸\n', eol), ['conda.yml']);
    });

    void test('python_env.yaml: its keys minus those written', async () => {
      assert.deepEqual(await labels('python: "3.11"\n‸\n', eol, 'python_env.yaml'), ['build_dependencies', 'dependencies']);
    });
  });
}
