// The contributed language and the placeholder injection grammar, checked against the manifest and
// with a first-match-wins scan that mimics how TextMate applies the injection's patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
const readJson = (p: string): unknown => JSON.parse(fs.readFileSync(path.join(repoRoot, p), 'utf8'));

interface Grammar {
  injectionSelector: string;
  repository: Record<string, { match: string; name?: string; captures?: Record<string, { name: string }> }>;
}

function tokens(line: string): string[] {
  const grammar = readJson('syntaxes/mlproject-placeholders.json') as Grammar;
  const rules = [grammar.repository['escaped-brace']!, grammar.repository.placeholder!].map((r) => ({ ...r, re: new RegExp(r.match, 'y') }));
  const found: string[] = [];
  for (let i = 0; i < line.length; ) {
    const rule = rules.find((r) => {
      r.re.lastIndex = i;
      return r.re.test(line);
    });
    if (!rule) {
      i += 1;
      continue;
    }
    const match = line.slice(i, rule.re.lastIndex);
    found.push(`${rule.name ?? rule.captures?.['2']?.name}:${match}`);
    i = rule.re.lastIndex;
  }
  return found;
}

void test('placeholders are highlighted, doubled braces are escapes', () => {
  assert.deepEqual(tokens(`python train.py --alpha {alpha} --d {data-path} --r {x!r} --json '{{"a": 1}}'`), [
    'variable.parameter.placeholder.mlproject:{alpha}',
    'variable.parameter.placeholder.mlproject:{data-path}',
    'variable.parameter.placeholder.mlproject:{x!r}',
    'constant.character.escape.mlproject:{{',
    'constant.character.escape.mlproject:}}',
  ]);
  assert.deepEqual(tokens('{{literal}}'), ['constant.character.escape.mlproject:{{', 'constant.character.escape.mlproject:}}']);
});

void test('the manifest contributes the mlproject language, its grammar and the injection', () => {
  const manifest = readJson('package.json') as {
    contributes: { languages: { id: string; filenamePatterns?: string[]; configuration?: string }[]; grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[] };
  };
  const language = manifest.contributes.languages.find((l) => l.id === 'mlproject');
  assert.ok(language?.configuration && fs.existsSync(path.join(repoRoot, language.configuration)));
  const pattern = new RegExp(`^${language.filenamePatterns![0]!}$`);
  for (const name of ['MLproject', 'MLProject', 'mlproject', 'MLPROJECT']) assert.match(name, pattern);
  for (const name of ['MLproject.yaml', 'conda.yaml']) assert.doesNotMatch(name, pattern);
  const grammars = manifest.contributes.grammars;
  assert.ok(grammars.some((g) => g.language === 'mlproject' && g.scopeName === 'source.mlproject'));
  const injection = grammars.find((g) => g.injectTo?.includes('source.mlproject'));
  assert.ok(injection && fs.existsSync(path.join(repoRoot, injection.path)));
  assert.match((readJson(injection.path) as Grammar).injectionSelector, /source\.mlproject/);
});
