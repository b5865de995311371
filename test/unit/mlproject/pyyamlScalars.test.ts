// The YAML 1.1 reading PyYAML gives (docs/mlproject.md §2, §7), which is what MLflow substitutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonFloatStr, resolvePlainScalar } from '../../../src/core/mlproject/pyyamlScalars';
import { parseFile } from '../../../src/core/mlproject/parse';

const cases: [string, string, string][] = [
  ['3.10', 'float', '3.1'],
  ['1e-3', 'str', '1e-3'],
  ['1.0e3', 'str', '1.0e3'],
  ['1.0e-3', 'float', '0.001'],
  ['None', 'str', 'None'],
  ['null', 'null', 'None'],
  ['~', 'null', 'None'],
  ['yes', 'bool', 'True'],
  ['off', 'bool', 'False'],
  ['y', 'str', 'y'],
  ['n', 'str', 'n'],
  ['010', 'int', '8'],
  ['0o10', 'str', '0o10'],
  ['1:30', 'int', '90'],
  ['1_000', 'int', '1000'],
  ['0x1F', 'int', '31'],
  ['2024-01-01', 'timestamp', '2024-01-01'],
  ['0.00001', 'float', '1e-05'],
  ['100000', 'int', '100000'],
  ['1.10', 'float', '1.1'],
  ['.5', 'float', '0.5'],
  ['1e16', 'str', '1e16'],
  ['.inf', 'float', 'inf'],
];

void test('plain scalars get PyYAML safe_load types and Python str() texts', () => {
  for (const [text, type, pythonStr] of cases) {
    const r = resolvePlainScalar(text);
    assert.deepEqual([r.type, r.pythonStr], [type, pythonStr], text);
  }
});

void test('pythonFloatStr follows repr(): scientific below 1e-4 and from 1e16', () => {
  assert.equal(pythonFloatStr(0.0001), '0.0001');
  assert.equal(pythonFloatStr(0.00001234), '1.234e-05');
  assert.equal(pythonFloatStr(1e16), '1e+16');
  assert.equal(pythonFloatStr(123456789012345.6), '123456789012345.6');
  assert.equal(pythonFloatStr(2.0), '2.0');
  assert.equal(pythonFloatStr(-0.5), '-0.5');
});

void test('quoted scalars stay strings; the model keeps MLflow types and required flags', () => {
  const parsed = parseFile(
    'entry_points:\n  main:\n    parameters:\n      a: float\n      b: {type: int, default: "010"}\n      c: {type str, default: x}\n      d: {default: null}\n    command: echo {a} {b}\n',
    'mlproject',
  );
  const params = parsed.model.entryPoints[0]!.parameters.map((p) => [p.name, p.type, p.required]);
  assert.deepEqual(params, [
    ['a', 'float', true],
    ['b', 'int', false],
    ['c', 'string', false],
    ['d', 'string', true],
  ]);
  const b = parsed.model.entryPoints[0]!.parameters[1]!.defaultPair!.value;
  assert.ok(b?.kind === 'scalar' && b.type === 'str' && b.pythonStr === '010');
});
