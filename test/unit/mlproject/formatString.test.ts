// Python str.format as MLflow's command.format(**params) applies it (docs/mlproject.md §8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanFormatString } from '../../../src/core/mlproject/formatString';

void test('named fields, doubled braces and format specs', () => {
  const scan = scanFormatString(`python a.py --x {alpha} --j '{{"k": 1}}' {data-path} {b!r} {c:>8} {d[0]}`);
  assert.deepEqual(scan.problems, []);
  assert.deepEqual(scan.fields.map((f) => [f.name, f.hasSpec]), [
    ['alpha', false],
    ['data-path', false],
    ['b', true],
    ['c', true],
    ['d', true],
  ]);
});

void test('what makes Python raise', () => {
  const messages = (text: string): string[] => scanFormatString(text).problems.map((p) => p.message.split(':')[0]!);
  assert.equal(scanFormatString('{}').problems.length, 1);
  assert.equal(scanFormatString('{0}').problems.length, 1);
  assert.match(scanFormatString('{a.b}').problems[0]!.message, /AttributeError/);
  assert.match(scanFormatString('x { a }').problems[0]!.message, /KeyError/);
  assert.match(scanFormatString('json {"a": 1}').problems[0]!.message, /KeyError/);
  assert.match(scanFormatString('open { never closed').problems[0]!.message, /Unmatched '\{'/);
  assert.match(scanFormatString('stray } brace').problems[0]!.message, /Single '\}'/);
  assert.deepEqual(messages('{{literal}} and }} fine'), []);
});
