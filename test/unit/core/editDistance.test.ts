// The distances the "did you mean" suggestions rank by: plain Levenshtein for filter keys and MLproject
// keys, and one where swapping two adjacent letters is a single typo for MLflow parameter types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, typoDistance } from '../../../src/core/text/editDistance';

void test('editDistance counts insertions, deletions and substitutions, a swap as two', () => {
  assert.equal(editDistance('accuracy', 'accuracy'), 0);
  assert.equal(editDistance('acuracy', 'accuracy'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'uri'), 3);
  assert.equal(editDistance('uri', ''), 3);
  assert.equal(editDistance('flaot', 'float'), 2);
  assert.equal(typoDistance('flaot', 'float'), 1);
});

void test('both distances are symmetric', () => {
  for (const [a, b] of [['entry_points', 'entrypoints'], ['conda_env', 'python_env'], ['strnig', 'string']] as const) {
    assert.equal(editDistance(a, b), editDistance(b, a), `${a} ~ ${b}`);
    assert.equal(typoDistance(a, b), typoDistance(b, a), `${a} ~ ${b}`);
  }
});
