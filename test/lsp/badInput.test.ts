// Hostile documents: each gives a diagnostic or a logged skip, and the server keeps answering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver';
import { LspSession } from './lspHarness';

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

async function assertStillServing(): Promise<void> {
  const doc = await session.open('alive/MLproject', 'name: x\nentry_points:\n  main:\n    parameters:\n      a: float\n    command: echo {a}\n');
  const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 5, character: 20 } });
  assert.ok(hover, 'server stopped answering');
  await session.close(doc.uri);
}

const codesOf = (d: { code?: string | number }[]): string[] => d.map((x) => String(x.code));

void test('binary content (NUL bytes) is an error, not a crash', async () => {
  const doc = await session.open('bin/MLproject', 'name: x\n\u0000\u0001\u0002\u00ff\u0000PK\u0003\u0004');
  assert.deepEqual(codesOf(doc.diagnostics), ['file.binary']);
  assert.ok(session.logs.some((l) => l.includes('file.binary')), 'skip was not logged');
  await assertStillServing();
});

void test('a 10 MB file is skipped with a warning and a log line', async () => {
  const line = '# padding line for a very large MLproject file ......................................\n';
  const text = `name: big\n${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`;
  const doc = await session.open('big/MLproject', text);
  assert.deepEqual(codesOf(doc.diagnostics), ['file.too-large']);
  assert.ok(session.logs.some((l) => l.includes('file.too-large')));
  await assertStillServing();
});

void test('deeply nested YAML (100 000 levels) gives diagnostics, not a stack overflow', async () => {
  const depth = 100_000;
  const doc = await session.open('deep/MLproject', `name: x\nentry_points: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
  assert.ok(doc.diagnostics.length > 0);
  await assertStillServing();
  const blockDepth = 200;
  const block = Array.from({ length: blockDepth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
  const deepBlock = await session.open('deep2/MLproject', `name: x\n${block} 1\n`);
  assert.ok(codesOf(deepBlock.diagnostics).includes('yaml.too-deep'));
  await assertStillServing();
});

void test('an alias bomb (12^12 expanded nodes) is never expanded and is refused past 100 aliases', async () => {
  const names = 'abcdefghijkl';
  const lines = [`a: &a [${Array(12).fill('"lol"').join(',')}]`];
  for (let i = 1; i < names.length; i++) {
    lines.push(`${names[i]}: &${names[i]} [${Array(12).fill(`*${names[i - 1]!}`).join(',')}]`);
  }
  const doc = await session.open('bomb/MLproject', `${lines.join('\n')}\nentry_points:\n  main:\n    parameters: *l\n    command: echo\n`);
  assert.ok(codesOf(doc.diagnostics).includes('yaml.alias-limit'), JSON.stringify(codesOf(doc.diagnostics)));
  await assertStillServing();
});

void test('text decoded from non-UTF-8 bytes is flagged', async () => {
  const latin1 = Buffer.from('name: caf\xe9\nentry_points:\n  main:\n    command: echo\n', 'latin1');
  const doc = await session.open('latin/MLproject', new TextDecoder('utf-8').decode(latin1));
  assert.ok(codesOf(doc.diagnostics).includes('file.not-utf8'));
  await assertStillServing();
});

void test('with Red Hat YAML present, YAML syntax errors of yaml-language documents are left to it', async () => {
  const shared = await LspSession.start({ debounceMs: 0, yamlServerPresent: true });
  try {
    const conda = await shared.open('c/conda.yaml', 'dependencies: [python=3.11\n');
    assert.deepEqual(codesOf(conda.diagnostics), []);
    const mlproject = await shared.open('m/MLproject', 'name: x\nentry_points: [main\n');
    assert.ok(codesOf(mlproject.diagnostics).includes('mlproject.yaml-syntax'), 'mlproject documents are ours alone');
  } finally {
    await shared.dispose();
  }
});
