// Every feature at every position of awkward documents: no handler may fail (a failure would be
// logged as "<feature> failed" by the server's guard and answered with an empty result).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { LspSession } from './lspHarness';

const DOCUMENTS: Record<string, string> = {
  'a/MLproject': `name: Demo Project
docker_env:
  image: x
  volumes: ["~/data:/data", 3]
  environment: [A, [B, "1"], {C: 2}]
conda_env:
entry_points:
  main:
    parameters:
      strategy: {type str, default: "auto"}
      on: bool
      lr: {type: float, default: 0.00001}
      data: {type: uri, default: ./d}
      bad: 3
    command: |
      python train.py --s '{strategy}' {lr!r} {data.x} {missing} { a } {{lit}} {
  other: "just a string"
  empty:
entry_points: []
`,
  'b/python_env.yaml': 'python: 3.10\nbuild_dependencies: pip\ndependencies:\n  - -r missing.txt\n  - 3\nchannels: [x]\n',
  'c/conda.yaml': 'name: n\ndependencies:\n  - python\n  - {pip: [a, {b: 1}]}\n  - {foo: 1}\n  - numpy=1.2=h1\n',
  'd/MLproject': 'name: x\n<<<<<<< HEAD\nentry_points: {main: {command: "a {b}"}}\n=======\n  : : [\n',
  'e/MLproject.yaml': '- just\n- a list\n',
};

let session: LspSession;
before(async () => {
  session = await LspSession.start();
});
after(async () => {
  await session.dispose();
});

void test('hover, completion and definition at every offset; symbols, lenses and quick fixes for all diagnostics', async () => {
  let requests = 0;
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    const doc = await session.open(name, text);
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line]!.length; character++) {
        const at = { textDocument: { uri: doc.uri }, position: { line, character } };
        await Promise.all([session.request('textDocument/hover', at), session.request('textDocument/completion', at), session.request('textDocument/definition', at)]);
        requests += 3;
      }
    }
    await session.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    await session.request('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    const all = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    await session.request('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: all, context: { diagnostics: doc.diagnostics as Diagnostic[] } });
    assert.ok(doc.diagnostics.length > 0, `${name} should have diagnostics`);
    await session.close(doc.uri);
  }
  assert.deepEqual(session.logs.filter((l) => / failed: /.test(l)), []);
  assert.ok(requests > 1000);
});
