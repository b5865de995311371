// The "did you mean" suggestions the quick fixes apply: they must catch real typos and never propose
// a wrong word (a wrong quick fix is worse than none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../src/core/mlproject/lint';
import { dockerRepositoryName } from '../../../src/core/mlproject/rules/dockerEnv';
import { suggestType } from '../../../src/core/mlproject/rules/parameters';
import { ENTRY_POINT_KEYS, PARAMETER_KEYS, suggestKey } from '../../../src/core/mlproject/schema';
import { typoDistance } from '../../../src/core/text/editDistance';

void test('typoDistance counts a swap of two adjacent letters as one typo', () => {
  assert.equal(typoDistance('flaot', 'float'), 1);
  assert.equal(typoDistance('strnig', 'string'), 1);
  assert.equal(typoDistance('list', 'int'), 2);
  assert.equal(typoDistance('', 'uri'), 3);
});

void test('suggestType: typos, case and synonyms of MLflow types, nothing for other words', () => {
  assert.deepEqual(['flaot', 'Float', 'flot', 'str', 'integer', 'url', 'pth', 'strng'].map(suggestType), ['float', 'float', 'float', 'string', 'int', 'uri', 'path', 'string']);
  assert.deepEqual(['bool', 'boolean', 'list', 'dict', 'date', 'json'].map(suggestType), [undefined, undefined, undefined, undefined, undefined, undefined]);
});

void test('suggestKey: aliases and typos, never a key already present, never an unrelated key', () => {
  assert.equal(suggestKey('params', ENTRY_POINT_KEYS), 'parameters');
  assert.equal(suggestKey('comand', ENTRY_POINT_KEYS), 'command');
  assert.equal(suggestKey('description', ENTRY_POINT_KEYS), undefined);
  assert.equal(suggestKey('defualt', PARAMETER_KEYS), 'default');
  assert.equal(suggestKey('defualt', PARAMETER_KEYS, new Set(['default'])), undefined);
  assert.equal(suggestKey('help', PARAMETER_KEYS), undefined);
});

void test('dockerRepositoryName turns a project name into a valid image name, or gives up', () => {
  assert.equal(dockerRepositoryName('Proyecto de demostracion'), 'proyecto-de-demostracion');
  assert.equal(dockerRepositoryName('My_Project (v2)'), 'my_project-v2');
  assert.equal(dockerRepositoryName('---'), undefined);
  assert.equal(dockerRepositoryName('日本'), undefined);
});

void test('entry-points-missing: per entry point under a misspelt key, on the first key otherwise, never with databricks python_file', () => {
  const codes = (text: string): [string, string][] =>
    lintText({ text, kind: 'mlproject', fileName: 'MLproject' })
      .problems.filter((p) => p.code === 'mlproject.entry-points-missing')
      .map((p) => [text.slice(p.span.start, p.span.end), p.severity]);
  assert.deepEqual(codes('name: a\nEntryPoints:\n  main:\n    command: x\n  eval:\n    command: y\n'), [['main', 'error'], ['eval', 'error']]);
  assert.deepEqual(codes('name: a\nconda_env: conda.yaml\n'), [['name', 'warning']]);
  assert.deepEqual(codes('name: a\nentry_point: main\n'), [['entry_point', 'error']]);
  assert.deepEqual(codes('name: a\ndatabricks_spark_job:\n  python_file: main.py\n'), []);
  assert.deepEqual(codes('name: a\nentry_points:\n  main:\n    command: x\n'), []);
});
