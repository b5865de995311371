// Every diagnostic whose message names its fix gets that fix as a quick fix: each case asks the real
// server (over an LSP connection) for the code actions of one diagnostic, applies the chosen edit,
// sends the new text back and checks the document now validates with no diagnostic at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { LspSession, withCode, type OpenedDocument } from './lspHarness';

interface Case {
  code: string;
  text: string;
  title: string;
  /** The fixed text (exactly), or a pattern it must match. */
  fixed: string | RegExp;
  fileName?: string;
  files?: Record<string, string>;
  /** Other actions offered for the same diagnostic (titles), besides `title`. */
  alternatives?: string[];
}

const ENV = { 'python_env.yaml': 'python: "3.11"\n', 'train.py': '' };
const head = 'name: demo\npython_env: python_env.yaml\n';
const entry = (params: string, command = 'python train.py {alpha}'): string => `${head}entry_points:\n  main:\n    parameters:\n${params}    command: ${command}\n`;

const cases: Record<string, Case> = {
  'misspelt type in a mapping': {
    code: 'mlproject.param-type-unvalidated', title: 'Change to float',
    text: entry('      alpha: {type: flaot, default: 0.5}\n'), fixed: entry('      alpha: {type: float, default: 0.5}\n'),
  },
  'misspelt bare type': { code: 'mlproject.param-type-unvalidated', title: 'Change to float', text: entry('      alpha: flaot\n'), fixed: entry('      alpha: float\n') },
  'capitalised type': { code: 'mlproject.param-type-unvalidated', title: 'Change to path', text: entry('      alpha: Path\n'), fixed: entry('      alpha: path\n') },
  'entry_point instead of entry_points (the unknown key)': {
    code: 'mlproject.unknown-key', title: 'Rename to entry_points',
    text: `${head}entry_point:\n  main:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'entry_point instead of entry_points (the entry point MLflow cannot find)': {
    code: 'mlproject.entry-points-missing', title: 'Rename entry_point to entry_points',
    text: `${head}entry_point:\n  main:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'entry points under an unrelated key': {
    code: 'mlproject.entry-points-missing', title: 'Rename jobs to entry_points',
    text: `${head}jobs:\n  main:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'undeclared placeholder, block parameters': {
    code: 'mlproject.placeholder-undeclared', title: "Declare parameter 'seed' in 'main'",
    text: entry('      alpha: float\n', 'python train.py {alpha} {seed}'), fixed: entry('      alpha: float\n      seed: {type: string}\n', 'python train.py {alpha} {seed}'),
  },
  'undeclared placeholder, flow parameters': {
    code: 'mlproject.placeholder-undeclared', title: "Declare parameter 'seed' in 'main'",
    text: `${head}entry_points:\n  main:\n    parameters: {alpha: float}\n    command: python train.py {alpha} {seed}\n`,
    fixed: `${head}entry_points:\n  main:\n    parameters: {alpha: float, seed: {type: string}}\n    command: python train.py {alpha} {seed}\n`,
  },
  'undeclared placeholder, no parameters': {
    code: 'mlproject.placeholder-undeclared', title: "Declare parameter 'seed' in 'main'",
    text: `${head}entry_points:\n  main:\n    command: python train.py {seed}`,
    fixed: `${head}entry_points:\n  main:\n    parameters:\n      seed: {type: string}\n    command: python train.py {seed}`,
  },
  'quoted placeholder': {
    code: 'mlproject.placeholder-quoted', title: 'Remove the quotes around {alpha}',
    text: entry('      alpha: string\n', `"python train.py --msg '{alpha}'"`), fixed: entry('      alpha: string\n', '"python train.py --msg {alpha}"'),
  },
  'JSON braces in a command': {
    code: 'mlproject.format-syntax', title: `Change to '{{"k": 1}}'`,
    text: entry('      alpha: string\n', `'python train.py {alpha} --json {"k": 1}'`), fixed: entry('      alpha: string\n', `'python train.py {alpha} --json {{"k": 1}}'`),
  },
  'a lone closing brace': {
    code: 'mlproject.format-syntax', title: "Change to '}}'",
    text: entry('      alpha: string\n', 'python train.py {alpha} }'), fixed: entry('      alpha: string\n', 'python train.py {alpha} }}'),
  },
  'spaces inside a placeholder': {
    code: 'mlproject.format-syntax', title: "Change to '{alpha}'",
    text: entry('      alpha: string\n', 'python train.py { alpha }'), fixed: entry('      alpha: string\n', 'python train.py {alpha}'),
  },
  'missing colon in a flow mapping': {
    code: 'mlproject.param-missing-colon', title: "Change to 'type: float'",
    text: entry('      alpha: {type float, default: 0.5}\n'), fixed: entry('      alpha: {type: float, default: 0.5}\n'),
  },
  'misspelt parameter key': {
    code: 'mlproject.unknown-param-key', title: 'Rename to default',
    text: entry('      alpha: {type: float, defualt: 0.5}\n'), fixed: entry('      alpha: {type: float, default: 0.5}\n'),
  },
  'params instead of parameters': {
    code: 'mlproject.unknown-param-key', title: 'Rename to parameters',
    text: `${head}entry_points:\n  main:\n    params:\n      alpha: float\n    command: python train.py {alpha}\n`,
    fixed: `${head}entry_points:\n  main:\n    parameters:\n      alpha: float\n    command: python train.py {alpha}\n`,
  },
  'default rewritten by str()': {
    code: 'mlproject.default-coerced', title: 'Quote it: "1.10"',
    text: entry('      alpha: {type: float, default: 1.10}\n'), fixed: entry('      alpha: {type: float, default: "1.10"}\n'),
  },
  'key read as a boolean': {
    code: 'mlproject.non-string-key', title: 'Quote it: "on"',
    text: entry('      on: string\n', 'python train.py {on}'), fixed: entry('      "on": string\n', 'python train.py {on}'),
  },
  'parameter given a bare number': {
    code: 'mlproject.parameter-invalid', title: "Change to '{type: float, default: 0.5}'",
    text: entry('      alpha: 0.5\n'), fixed: entry('      alpha: {type: float, default: 0.5}\n'),
  },
  'parameter with no value': { code: 'mlproject.parameter-invalid', title: "Change to 'alpha: string'", text: entry('      alpha:\n'), fixed: entry('      alpha: string\n') },
  'parameters with no value': {
    code: 'mlproject.parameters-null', title: "Remove 'parameters' from 'main'",
    text: `${head}entry_points:\n  main:\n    parameters:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'duplicate entry point': {
    code: 'mlproject.duplicate-key', title: "Remove the earlier 'main' (MLflow uses the last one)",
    text: `${head}entry_points:\n  main:\n    command: python old.py\n  main:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'two env sections': {
    code: 'mlproject.multiple-env', title: "Remove 'conda_env'",
    text: `${head}conda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n`, fixed: `${head}entry_points:\n  main:\n    command: python train.py\n`,
  },
  'env key without value': {
    code: 'mlproject.env-null', title: "Remove 'conda_env'", files: { 'train.py': '' },
    text: 'name: demo\nconda_env:\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'name: demo\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'env file with the other extension': {
    code: 'mlproject.env-file-missing', title: 'Change to conda.yml', files: { 'conda.yml': 'dependencies: [python=3.11]\n', 'train.py': '' },
    text: 'name: demo\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'name: demo\nconda_env: conda.yml\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'env file MLflow will not pick up by convention': {
    code: 'mlproject.env-convention-extension', title: "Add 'python_env: python_env.yml'", files: { 'python_env.yml': 'python: "3.11"\n', 'train.py': '' },
    text: 'name: demo\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'python_env: python_env.yml\nname: demo\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'both conventional env files': {
    code: 'mlproject.env-convention-both', title: "Add 'python_env: python_env.yaml'", alternatives: ["Add 'conda_env: conda.yaml'"],
    files: { ...ENV, 'conda.yaml': 'dependencies: [python=3.11]\n' },
    text: 'name: demo\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'python_env: python_env.yaml\nname: demo\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'env by convention made explicit': {
    code: 'mlproject.env-by-convention', title: "Add 'python_env: python_env.yaml'",
    text: 'name: demo\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'python_env: python_env.yaml\nname: demo\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'docker_env without a project name': {
    code: 'mlproject.docker-name-missing', title: "Add 'name: my-project'", files: { 'train.py': '' },
    text: 'docker_env:\n  image: python:3.11\nentry_points:\n  main:\n    command: python train.py\n', fixed: 'name: my-project\ndocker_env:\n  image: python:3.11\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'docker name that cannot tag an image': {
    code: 'mlproject.docker-tag-invalid', title: 'Change to proyecto-de-demostracion', files: { 'train.py': '' },
    text: 'name: Proyecto de demostracion\ndocker_env:\n  image: x\nentry_points:\n  main:\n    command: python train.py\n',
    fixed: 'name: proyecto-de-demostracion\ndocker_env:\n  image: x\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'misspelt docker_env key': {
    code: 'mlproject.docker-unknown-key', title: 'Rename to volumes', files: { 'train.py': '' },
    text: 'name: demo\ndocker_env:\n  image: x\n  volume: ["/a:/a"]\nentry_points:\n  main:\n    command: python train.py\n',
    fixed: 'name: demo\ndocker_env:\n  image: x\n  volumes: ["/a:/a"]\nentry_points:\n  main:\n    command: python train.py\n',
  },
  'python_env: unquoted version': { code: 'python-env.python-not-string', title: 'Quote it: "3.10"', fileName: 'python_env.yaml', files: {}, text: 'python: 3.10\n', fixed: 'python: "3.10"\n' },
  'python_env: misspelt key': {
    code: 'python-env.unknown-key', title: 'Rename to dependencies', fileName: 'python_env.yaml', files: {},
    text: 'python: "3.10"\ndependancies:\n  - numpy\n', fixed: 'python: "3.10"\ndependencies:\n  - numpy\n',
  },
  'python_env: a conda key': {
    code: 'python-env.unknown-key', title: "Remove 'channels'", fileName: 'python_env.yaml', files: {},
    text: 'python: "3.10"\nchannels:\n  - conda-forge\ndependencies:\n  - numpy\n', fixed: 'python: "3.10"\ndependencies:\n  - numpy\n',
  },
};

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

let folder = 0;
async function open(c: Pick<Case, 'text' | 'fileName' | 'files'>, dir = `my-project/q${folder++}`): Promise<OpenedDocument> {
  for (const [name, content] of Object.entries(c.files ?? ENV)) session.writeFile(`${dir}/${name}`, content);
  return session.open(`${dir}/${c.fileName ?? 'MLproject'}`, c.text);
}

async function actionsFor(doc: OpenedDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
}

function apply(doc: OpenedDocument, action: CodeAction): string {
  const edits: TextEdit[] = action.edit?.changes?.[doc.uri] ?? [];
  assert.ok(edits.length, `${action.title} carries no edit`);
  return TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlproject', 1, doc.text), edits);
}

for (const [name, c] of Object.entries(cases)) {
  void test(`${c.code}: ${name} → "${c.title}"`, async () => {
    // The docker name case reads the folder name: give it one that is already a valid image name.
    const doc = await open(c, c.code === 'mlproject.docker-name-missing' ? `q${folder++}/my-project` : undefined);
    const diagnostics = withCode(doc.diagnostics, c.code);
    assert.ok(diagnostics.length >= 1, `expected ${c.code}, got ${JSON.stringify(doc.diagnostics.map((d) => [d.code, d.message]))}`);
    const actions = await actionsFor(doc, diagnostics[0]!);
    assert.deepEqual(actions.map((a) => a.title), [c.title, ...(c.alternatives ?? [])]);
    assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === c.code));
    const fixed = apply(doc, actions[0]!);
    if (typeof c.fixed === 'string') assert.equal(fixed, c.fixed);
    else assert.match(fixed, c.fixed);
    const after = await session.change(doc.uri, fixed);
    assert.deepEqual(after.map((d) => `${d.code}: ${d.message}`), []);
    await session.close(doc.uri);
  });
}

void test('fixes keep CRLF line endings: a declared parameter and a removed section use \\r\\n', async () => {
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
  const doc = await open({ text: crlf(entry('      alpha: float\n', 'python train.py {alpha} {seed}')) });
  const [undeclared] = withCode(doc.diagnostics, 'mlproject.placeholder-undeclared');
  const fixed = apply(doc, (await actionsFor(doc, undeclared!))[0]!);
  assert.equal(fixed, crlf(entry('      alpha: float\n      seed: {type: string}\n', 'python train.py {alpha} {seed}')));
  assert.deepEqual(await session.change(doc.uri, fixed), []);

  const both = await open({ text: crlf(`${head}conda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n`) });
  const [multiple] = withCode(both.diagnostics, 'mlproject.multiple-env');
  const removed = apply(both, (await actionsFor(both, multiple!))[0]!);
  assert.equal(removed, crlf(`${head}entry_points:\n  main:\n    command: python train.py\n`));
});

void test('every entry point under a misspelt key gets the error, and one rename clears them all', async () => {
  const text = `${head}entry_point:\n  main:\n    command: python train.py\n  score:\n    command: python train.py\n`;
  const doc = await open({ text });
  const missing = withCode(doc.diagnostics, 'mlproject.entry-points-missing');
  assert.deepEqual(missing.map((d) => [d.range.start.line, d.severity]), [[3, 1], [5, 1]]);
  assert.match(String(missing[1]!.message), /'score'.*mlflow run -e score/);
  const fixed = apply(doc, (await actionsFor(doc, missing[1]!))[0]!);
  assert.deepEqual(await session.change(doc.uri, fixed), []);
});

void test('no quick fix where the message names none, or the fix is not safe', async () => {
  const noFix = async (text: string, code: string): Promise<void> => {
    const doc = await open({ text });
    const [diagnostic] = withCode(doc.diagnostics, code);
    assert.ok(diagnostic, `expected ${code}`);
    assert.deepEqual(await actionsFor(doc, diagnostic), [], code);
  };
  // `bool` is no typo of an MLflow type: nothing to change it to.
  await noFix(entry('      alpha: bool\n'), 'mlproject.param-type-unvalidated');
  // `description` is not a misspelling of type/default.
  await noFix(entry('      alpha: {type: float, description: x}\n'), 'mlproject.unknown-param-key');
  // `{0}` has no name to put instead.
  await noFix(entry('      alpha: string\n', 'python train.py {alpha} {0}'), 'mlproject.format-syntax');
  // Renaming `typ` to `type` when `type` is already there would make a duplicate.
  await noFix(entry('      alpha: {type: float, typ: int}\n'), 'mlproject.unknown-param-key');
  // A duplicate inside a flow mapping: deleting lines would take its neighbours along.
  await noFix(entry('      alpha: {type: float, type: int}\n'), 'mlproject.duplicate-key');
});
