// `mlflow-lens lint` over real folders: text lines, JSON, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLint, type LintFinding } from '../../../src/cli/commands/lint';
import type { CliIo } from '../../../src/cli/context';

const repoRoot = path.resolve(__dirname, '../../../..');
const corpus = path.join(path.resolve(repoRoot, '../shared'), 'fixtures', 'mlproject');
const corpusSkip = fs.existsSync(corpus) ? false : `SKIPPED: ${corpus} not found`;

function capture(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd }, out: () => out, err: () => err };
}

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-lint-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

void test('text output is path:line:col: severity code message, and an error exits 1', async () => {
  const dir = project({
    'proj/MLproject': 'name: p\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: python train.py {alpha}\n',
    'proj/python_env.yaml': 'python: 3.10\n',
    'proj/train.py': '',
  });
  const c = capture(dir);
  const code = await runLint(['proj'], {}, c.io);
  assert.equal(code, 1);
  assert.deepEqual(c.out().trim().split('\n'), [
    `${path.join('proj', 'MLproject')}:5:30: error mlproject.placeholder-undeclared '{alpha}' is not a parameter of entry point 'main': MLflow fails with KeyError: 'alpha' (-P values do not fill placeholders).`,
    `${path.join('proj', 'python_env.yaml')}:1:9: error python-env.python-not-string python: 3.10 is read as the float 3.1: MLflow fails with "TypeError: \`python\` must be a string". Quote it: "3.10".`,
  ]);
  assert.match(c.err(), /2 file\(s\) checked: 2 error\(s\), 0 warning\(s\)/);
  fs.rmSync(dir, { recursive: true });
});

void test('--format json prints every finding with its range; warnings alone exit 0', async () => {
  const dir = project({ MLproject: 'name: p\nentry_points:\n  main:\n    parameters:\n      n: {type: integer, default: 1}\n    command: echo {n}\n' });
  const c = capture(dir);
  const code = await runLint(['MLproject'], { format: 'json' }, c.io);
  assert.equal(code, 0);
  const findings = JSON.parse(c.out()) as LintFinding[];
  assert.deepEqual(findings.map((f) => [f.path, f.line, f.column, f.endLine, f.endColumn, f.severity, f.code]), [['MLproject', 5, 17, 5, 24, 'warning', 'mlproject.param-type-unvalidated']]);
  fs.rmSync(dir, { recursive: true });
});

void test('a missing path is reported and exits 1; --hints adds hints', async () => {
  const dir = project({ MLproject: 'name: p\nentry_points:\n  main:\n    parameters:\n      seed: int\n    command: echo\n' });
  const missing = capture(dir);
  assert.equal(await runLint(['nope'], {}, missing.io), 1);
  assert.match(missing.err(), /nope: no such file or directory/);
  const hints = capture(dir);
  assert.equal(await runLint(['.'], { hints: true }, hints.io), 0);
  assert.match(hints.out(), /MLproject:5:7: hint mlproject.param-unused/);
  fs.rmSync(dir, { recursive: true });
});

void test('the 52 real MLflow folders lint without errors (MLflow accepts them all)', { skip: corpusSkip }, async () => {
  const c = capture(corpus);
  const code = await runLint(['.'], {}, c.io);
  assert.equal(code, 0, c.out().split('\n').filter((l) => l.includes(': error ')).join('\n'));
  assert.match(c.err(), /^10[0-9] file\(s\) checked: 0 error\(s\)/);
});
