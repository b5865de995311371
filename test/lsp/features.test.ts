import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver';
import { LspSession } from './lspHarness';

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

void test('smoke: the server answers hover over a real connection', async () => {
  const s = await LspSession.start();
  try {
    s.writeFile('python_env.yaml', 'python: "3.11"\n');
    const doc = await s.open('MLproject', PROJECT.replace('{alpha}', '{al‸pha}'));
    const hover = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.caret });
    assert.ok(hover);
    assert.match(JSON.stringify(hover.contents), /alpha\*\* \(float\)/);
  } finally {
    await s.dispose();
  }
});
