// One case per diagnostic code, each through a real LSP connection. `«…»` marks the exact range
// the diagnostic must cover; files written next to the document make the file checks real.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { LspSession, withCode } from './lspHarness';

interface Case {
  code: string;
  severity: DiagnosticSeverity;
  text: string;
  fileName?: string;
  files?: Record<string, string>;
  /** Substring the message must contain. */
  message?: RegExp;
  /** The parser may report one mistake several times (the first is checked). */
  several?: boolean;
}

const E = DiagnosticSeverity.Error;
const W = DiagnosticSeverity.Warning;
const H = DiagnosticSeverity.Hint;

const ENV = { 'python_env.yaml': 'python: "3.11"\n', 'train.py': '' };
const head = 'name: demo\npython_env: python_env.yaml\n';
/** An MLproject beside an env file: MLflow-specific env advice applies only there. */
const BESIDE_MLPROJECT = { MLproject: 'name: x\nentry_points: {}\n' };

const cases: Record<string, Case> = {
  'YAML syntax error (merge-conflict markers)': { code: 'mlproject.yaml-syntax', severity: E, several: true, text: 'name: demo\n<<<<<<< HEAD\nentry_points: {}\n=======\n«»' },
  'empty file': { code: 'mlproject.empty', severity: E, text: '# only a comment\n' },
  'top level is a list': { code: 'mlproject.not-mapping', severity: E, text: '«- main\n- train\n»' },
  'unknown key with a did-you-mean': {
    code: 'mlproject.unknown-key', severity: W, files: ENV, message: /Did you mean 'entry_points'/,
    text: `${head}«entry_point»:\n  main:\n    command: python train.py\n`,
  },
  'more than one env section (a null one counts)': {
    code: 'mlproject.multiple-env', severity: E, files: ENV,
    text: `name: demo\npython_env: python_env.yaml\n«conda_env:» \nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'env key with null value': {
    code: 'mlproject.env-null', severity: W, files: ENV,
    text: `name: demo\n«conda_env»:\nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'referenced env file missing, with the sibling extension suggested': {
    code: 'mlproject.env-file-missing', severity: E, files: { 'conda.yml': 'dependencies: [python=3.11]\n', 'train.py': '' }, message: /Did you mean conda.yml/,
    text: `name: demo\nconda_env: «conda.yaml»\nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'only a lookalike of a conventional env file': {
    code: 'mlproject.env-convention-extension', severity: W, files: { 'python_env.yml': 'python: "3.11"\n', 'train.py': '' },
    text: `«name»: demo\nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'both conventional env files and no key': {
    code: 'mlproject.env-convention-both', severity: W, files: { ...ENV, 'conda.yaml': 'dependencies: [python=3.11]\n' },
    text: `«name»: demo\nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'env chosen by convention': {
    code: 'mlproject.env-by-convention', severity: H, files: ENV, message: /python_env.yaml/,
    text: `«name»: demo\nentry_points:\n  main:\n    command: python train.py\n`,
  },
  'docker_env is a string': { code: 'mlproject.docker-not-mapping', severity: E, files: ENV, text: `name: demo\ndocker_env: «my-image»\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker_env without image': { code: 'mlproject.docker-image-missing', severity: E, files: ENV, text: `name: demo\n«docker_env»:\n  volumes: ["/a:/a"]\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker volumes not a list of strings': { code: 'mlproject.docker-volumes', severity: E, files: ENV, text: `name: demo\ndocker_env:\n  image: x\n  volumes: «/a:/a»\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker environment item neither string nor pair': { code: 'mlproject.docker-environment', severity: E, files: ENV, text: `name: demo\ndocker_env:\n  image: x\n  environment: [A, «{B: 1}»]\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker_env without a project name': { code: 'mlproject.docker-name-missing', severity: E, files: ENV, text: `«docker_env»:\n  image: x\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker name that cannot tag an image': { code: 'mlproject.docker-tag-invalid', severity: W, files: ENV, text: `name: «Proyecto de demostracion»\ndocker_env:\n  image: x\nentry_points:\n  main:\n    command: python train.py\n` },
  'unknown docker_env key': { code: 'mlproject.docker-unknown-key', severity: W, files: ENV, text: `name: demo\ndocker_env:\n  image: x\n  «build_context»: .\nentry_points:\n  main:\n    command: python train.py\n` },
  'docker volume with %cd%': { code: 'mlproject.docker-volume-unexpanded', severity: W, files: ENV, text: `name: demo\ndocker_env:\n  image: x\n  volumes: [«"%cd%:/home/app"»]\nentry_points:\n  main:\n    command: python train.py\n` },
  'entry_points with no value': { code: 'mlproject.entry-points-invalid', severity: E, files: ENV, text: `${head}«entry_points»:\n` },
  'entry point without command': { code: 'mlproject.command-missing', severity: E, files: ENV, text: `${head}entry_points:\n  «main»:\n    parameters:\n      a: float\n` },
  'parameters with no value': { code: 'mlproject.parameters-null', severity: E, files: ENV, text: `${head}entry_points:\n  main:\n    «parameters»:\n    command: python train.py\n` },
  'parameter spec that is a number': { code: 'mlproject.parameter-invalid', severity: E, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      a: «3»\n    command: python train.py {a}\n` },
  'undeclared placeholder': { code: 'mlproject.placeholder-undeclared', severity: E, files: ENV, message: /KeyError/, text: `${head}entry_points:\n  main:\n    parameters:\n      alpha: float\n    command: "python train.py --alpha {alpha} --acc «{accelerator}»"\n` },
  'positional and unbalanced format fields': { code: 'mlproject.format-syntax', severity: E, files: ENV, text: `${head}entry_points:\n  main:\n    command: "python train.py «{}»"\n` },
  'uri default without scheme': { code: 'mlproject.uri-default-invalid', severity: E, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      data: {type: uri, default: «./data»}\n    command: python train.py {data}\n` },
  'databricks job with an env key': { code: 'mlproject.databricks-conflict', severity: E, files: ENV, message: /python environment/, text: `name: demo\n«python_env»: python_env.yaml\ndatabricks_spark_job:\n  python_file: main.py\n` },
  'missing-colon flow mapping': { code: 'mlproject.param-missing-colon', severity: W, files: ENV, message: /type: str/, text: `${head}entry_points:\n  main:\n    parameters:\n      strategy: {«type str», default: "auto"}\n    command: python train.py {strategy}\n` },
  'type outside MLflow types': { code: 'mlproject.param-type-unvalidated', severity: W, files: ENV, message: /plain text/, text: `${head}entry_points:\n  main:\n    parameters:\n      flag: {type: «bool», default: "x"}\n    command: python train.py {flag}\n` },
  'null default makes the parameter required': { code: 'mlproject.default-null-required', severity: W, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      depth: {type: int, «default»: null}\n    command: python train.py {depth}\n` },
  'default rewritten by str()': { code: 'mlproject.default-coerced', severity: W, files: ENV, message: /'1e-05'/, text: `${head}entry_points:\n  main:\n    parameters:\n      lr: {type: float, default: «0.00001»}\n    command: python train.py {lr}\n` },
  'unused parameter': { code: 'mlproject.param-unused', severity: H, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      «seed»: int\n    command: python train.py\n` },
  'quoted placeholder': { code: 'mlproject.placeholder-quoted', severity: W, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      msg: string\n    command: "python train.py --msg '«{msg}»'"\n` },
  'relative path default': { code: 'mlproject.path-default-relative', severity: W, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      cfg: {type: path, default: «conf/a.yaml»}\n    command: python train.py {cfg}\n` },
  'duplicate entry point': { code: 'mlproject.duplicate-key', severity: W, files: ENV, text: `${head}entry_points:\n  «main»:\n    command: python train.py\n  main:\n    command: python train.py\n` },
  'key read as a boolean': { code: 'mlproject.non-string-key', severity: W, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      «on»: string\n    command: python train.py\n` },
  'ignored key in a parameter': { code: 'mlproject.unknown-param-key', severity: H, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      a: {type: float, «description»: x}\n    command: python train.py {a}\n` },
  'format spec on the quoted value': { code: 'mlproject.format-spec', severity: H, files: ENV, text: `${head}entry_points:\n  main:\n    parameters:\n      a: string\n    command: python train.py «{a!r}»\n` },
  'no main entry point': { code: 'mlproject.no-main', severity: H, files: ENV, text: `${head}«entry_points»:\n  train:\n    command: python train.py\n` },
  'no entry_points at all': { code: 'mlproject.entry-points-missing', severity: W, files: ENV, message: /Could not find main among entry points \[\]/, text: `«name»: demo\npython_env: python_env.yaml\n` },
  'entry points under a misspelt key': {
    code: 'mlproject.entry-points-missing', severity: E, files: ENV, message: /under 'entrypoints'.*mlflow run -e main/,
    text: `${head}entrypoints:\n  «main»:\n    command: python train.py\n`,
  },
  'script that does not exist': { code: 'mlproject.script-missing', severity: W, files: { 'python_env.yaml': 'python: "3.11"\n' }, text: `${head}entry_points:\n  main:\n    command: python «train.py» --x 1\n` },
  'MLproject.yaml is never found': { code: 'mlproject.not-discovered', severity: E, fileName: 'MLproject.yaml', files: ENV, text: `«»${head}entry_points:\n  main:\n    command: python train.py\n` },
  'python_env: python 3.10 unquoted': { code: 'python-env.python-not-string', severity: E, fileName: 'python_env.yaml', message: /float 3.1/, text: 'python: «3.10»\ndependencies:\n  - numpy\n' },
  'python_env unknown key': { code: 'python-env.unknown-key', severity: E, fileName: 'python_env.yaml', text: 'python: "3.10"\n«channels»:\n  - conda-forge\n' },
  'python_env dependencies not a list': { code: 'python-env.not-list', severity: E, fileName: 'python_env.yaml', text: 'python: "3.10"\ndependencies: «numpy»\n' },
  'python_env empty': { code: 'python-env.empty', severity: E, fileName: 'python_env.yaml', text: '\n' },
  'python_env -r file missing': { code: 'python-env.requirements-missing', severity: E, fileName: 'python_env.yaml', text: 'python: "3.10"\ndependencies:\n  - «-r requirements.txt»\n' },
  'python_env without python': { code: 'python-env.python-missing', severity: H, fileName: 'python_env.yaml', text: '«dependencies»:\n  - numpy\n' },
  'python_env.yml never picked up': { code: 'python-env.wrong-extension', severity: W, files: BESIDE_MLPROJECT, fileName: 'python_env.yml', text: '«»python: "3.10"\n' },
  'conda dependency neither string nor pip list': { code: 'conda.invalid-structure', severity: E, fileName: 'conda.yaml', text: 'dependencies:\n  - python=3.10\n  - «{foo: [a]}»\n' },
  'conda name ignored': { code: 'conda.name-ignored', severity: H, files: BESIDE_MLPROJECT, fileName: 'conda.yaml', text: '«name»: tutorial\ndependencies:\n  - python=3.10\n' },
  'conda python unpinned': { code: 'conda.python-unpinned', severity: W, files: BESIDE_MLPROJECT, fileName: 'conda.yaml', text: 'dependencies:\n  - «python»\n  - pip\n' },
  'conda package dropped by conversion': { code: 'conda.dropped-by-conversion', severity: H, files: BESIDE_MLPROJECT, fileName: 'conda.yaml', text: 'dependencies:\n  - python=3.10\n  - «numpy>=1.20»\n' },
  'pip sub-list without pip': { code: 'conda.pip-section-without-pip', severity: H, files: BESIDE_MLPROJECT, fileName: 'conda.yaml', text: 'dependencies:\n  - python=3.10\n  - «pip:\n    - mlflow\n»' },
  'conda.yml not referenced': { code: 'conda.wrong-extension', severity: W, fileName: 'conda.yml', files: BESIDE_MLPROJECT, text: '«»dependencies:\n  - python=3.10\n' },
};

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

let counter = 0;
for (const [title, c] of Object.entries(cases)) {
  void test(`${c.code}: ${title}`, async () => {
    const folder = `case${counter++}`;
    for (const [name, content] of Object.entries(c.files ?? {})) session.writeFile(`${folder}/${name}`, content);
    const doc = await session.open(`${folder}/${c.fileName ?? 'MLproject'}`, c.text);
    try {
      const found = withCode(doc.diagnostics, c.code);
      if (c.several) assert.ok(found.length >= 1, `expected ${c.code}, got: ${JSON.stringify(doc.diagnostics.map((d) => [d.code, d.message]))}`);
      else assert.equal(found.length, 1, `expected one ${c.code}, got: ${JSON.stringify(doc.diagnostics.map((d) => [d.code, d.message]))}`);
      const diagnostic = found[0]!;
      assert.equal(diagnostic.severity, c.severity);
      assert.equal(diagnostic.source, 'mlflow-lens');
      if (doc.ranges[0] && !c.several) assert.deepEqual(diagnostic.range, doc.ranges[0]);
      if (c.message) assert.match(String(diagnostic.message), c.message);
    } finally {
      await session.close(doc.uri);
    }
  });
}

void test('doubled braces are literal text, not placeholders, and a clean project has no diagnostics at all', async () => {
  session.writeFile('clean/python_env.yaml', 'python: "3.11"\n');
  session.writeFile('clean/train.py', '');
  const doc = await session.open(
    'clean/MLproject',
    `name: clean\npython_env: python_env.yaml\nentry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: 0.5}\n      data-path: {type: string, default: "a b"}\n    command: |\n      python train.py \\\n        --alpha {alpha} --data {data-path} \\\n        --json '{{"k": 1}}'\n`,
  );
  assert.deepEqual(doc.diagnostics, []);
  await session.close(doc.uri);
});

void test('quoted python version and a declared -r file give no python_env diagnostics', async () => {
  session.writeFile('pyok/requirements.txt', 'numpy\n');
  const doc = await session.open('pyok/python_env.yaml', 'python: "3.10"\nbuild_dependencies:\n  - pip\ndependencies:\n  - -r requirements.txt\n');
  assert.deepEqual(doc.diagnostics, []);
  await session.close(doc.uri);
});

void test('an edit re-validates: fixing the placeholder clears the error', async () => {
  session.writeFile('edit/python_env.yaml', 'python: "3.11"\n');
  session.writeFile('edit/train.py', '');
  const broken = `name: e\npython_env: python_env.yaml\nentry_points:\n  main:\n    parameters:\n      alpha: float\n    command: python train.py {alhpa}\n`;
  const doc = await session.open('edit/MLproject', broken);
  assert.equal(withCode(doc.diagnostics, 'mlproject.placeholder-undeclared').length, 1);
  const after = await session.change(doc.uri, broken.replace('{alhpa}', '{alpha}'));
  assert.deepEqual(after, []);
  await session.close(doc.uri);
});

void test('a created env file clears env-file-missing after a watched-file event', async () => {
  session.writeFile('watch/train.py', '');
  const doc = await session.open('watch/MLproject', 'name: w\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n');
  assert.equal(withCode(doc.diagnostics, 'mlproject.env-file-missing').length, 1);
  const file = session.writeFile('watch/conda.yaml', 'dependencies:\n  - python=3.11\n');
  const republished = session.nextDiagnosticsFor(doc.uri);
  await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${file}`, type: 1 }] });
  assert.deepEqual((await republished).diagnostics, []);
  await session.close(doc.uri);
});

void test('an environment.yml outside any MLflow project gets structure checks only, no MLflow advice', async () => {
  const doc = await session.open('plain-repo/environment.yml', 'name: dev\nchannels: [conda-forge]\ndependencies:\n  - python\n  - numpy\n  - pip:\n    - requests\n');
  assert.deepEqual(doc.diagnostics, []);
  await session.close(doc.uri);
});

void test('incremental edits (as VS Code sends them) are applied before re-validation', async () => {
  session.writeFile('incr/python_env.yaml', 'python: "3.11"\n');
  session.writeFile('incr/train.py', '');
  const doc = await session.open('incr/MLproject', 'name: i\npython_env: python_env.yaml\nentry_points:\n  main:\n    parameters:\n      alpha: float\n    command: python train.py {alpha}\n');
  assert.deepEqual(doc.diagnostics, []);
  const republished = session.nextDiagnosticsFor(doc.uri);
  // Replace "alpha" inside the placeholder (line 6) with "beta".
  await session.client.sendNotification('textDocument/didChange', {
    textDocument: { uri: doc.uri, version: 1000 },
    contentChanges: [{ range: { start: { line: 6, character: 30 }, end: { line: 6, character: 35 } }, text: 'beta' }],
  });
  const diagnostics = (await republished).diagnostics;
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character]), [
    ['mlproject.param-unused', 6, 11],
    ['mlproject.placeholder-undeclared', 29, 35],
  ]);
  await session.close(doc.uri);
});
