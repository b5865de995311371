/**
 * The meta.yaml editor: untouched entries keep their bytes, keys stay sorted as PyYAML writes them,
 * and every written scalar is read back unchanged by PyYAML's safe loader (what MLflow reads with),
 * including YAML 1.1 words, line breaks of every kind, control characters and unicode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editMeta, readMeta, yamlScalar } from '../../../src/core/store/write/metaYamlEdit';
import { checkTagKey, checkTagValue } from '../../../src/core/store/write/writeChecks';
import { mlflowPythonJson, skipWithoutMlflow } from '../../shared/realMlflow';

const META = `artifact_uri: file:///x/mlruns/0/abc/artifacts
end_time: 1792906684813
experiment_id: '0'
lifecycle_stage: active
run_id: abc
run_name: "folded \\U0001F680
  over two lines"
status: 3
tags: []
user_id: alice
`;

const HOSTILE = [
  'yes', 'No', 'ON', 'off', 'null', '~', '', ' ', '0x1F', '1_000', '12:30:00', '1e3', '.inf', '-', '- item', ': x', '#not a comment',
  "it's", '"double"', 'a\nb', 'trailing\n', 'crlf\r\n', 'nel\u0085', 'ls\u2028ps\u2029', 'tab\tx', 'nul\u0000', 'del\u007f', 'c1\u009f',
  'bom\uFEFF', 'nonchar\uFFFE', 'emoji 🚀🎉', '実験', '<script>alert(1)</script>&amp;', '\\back\\slash', '  lead and trail  ', 'x'.repeat(5000),
];

void describe('meta.yaml edits', () => {
  void it('keep untouched entries byte for byte, sort keys, and remove what is removed', () => {
    const edited = editMeta(readMeta(META, 'meta.yaml'), { lifecycle_stage: 'deleted', deleted_time: 1796530963513, user_id: undefined });
    assert.equal(
      edited,
      META.replace('lifecycle_stage: active', 'lifecycle_stage: deleted').replace('user_id: alice\n', '').replace('artifact_uri: file:///x/mlruns/0/abc/artifacts\n', 'artifact_uri: file:///x/mlruns/0/abc/artifacts\ndeleted_time: 1796530963513\n'),
    );
  });

  void it('refuse a document that is not a flat block mapping', () => {
    assert.throws(() => readMeta('{a: 1}\n', 'm.yaml'), /not the block mapping MLflow writes/);
    assert.throws(() => readMeta('- a\n', 'm.yaml'), /not the block mapping MLflow writes/);
    assert.throws(() => readMeta('a: [1\n', 'm.yaml'), /not valid YAML/);
  });

  void it('write scalars PyYAML reads back exactly', { skip: skipWithoutMlflow() }, () => {
    const docs = HOSTILE.map((v) => `run_name: ${yamlScalar(v)}\nstatus: 3\n`);
    const read = mlflowPythonJson<string[]>(`
import json, sys, yaml
docs = json.loads(sys.stdin.read()) if False else json.loads(${JSON.stringify(JSON.stringify(docs))})
print(json.dumps([yaml.load(d, Loader=yaml.CSafeLoader)['run_name'] for d in docs]))
`);
    HOSTILE.forEach((v, i) => assert.equal(read[i], v, JSON.stringify(v).slice(0, 60)));
  });
});

void describe('MLflow\'s input rules', () => {
  void it('accept the tag names MLflow accepts and refuse the others', () => {
    for (const ok of ['a', 'team/owner name', 'ünïcödé_1.2-3', 'mlflow.note.content', 'a/b/c']) assert.doesNotThrow(() => checkTagKey(ok), ok);
    for (const bad of ['', '.', '..', '../x', 'a/../b', '/abs', 'a//b', 'a/./b', 'semi;colon', 'quote"', 'x'.repeat(251)]) assert.throws(() => checkTagKey(bad), /Invalid tag name|limit/, bad);
  });

  void it('count value length in code points, as Python does, and refuse unpaired surrogates', () => {
    assert.doesNotThrow(() => checkTagValue('🚀'.repeat(5000)));
    assert.throws(() => checkTagValue('🚀'.repeat(5001)), /5001 characters/);
    assert.throws(() => checkTagValue('half \uD83D'), /unpaired UTF-16 surrogate/);
  });
});
