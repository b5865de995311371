// MLflow's own verdict on 52 real MLproject folders (../shared/fixtures/mlproject/SOURCES.md):
// a folder MLflow accepts must produce no error, one it rejects must produce the matching error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { fileKindOf } from '../../src/core/mlproject/fileKind';
import { LspSession } from './lspHarness';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.join(path.resolve(repoRoot, '../shared'), 'fixtures', 'mlproject');
const available = fs.existsSync(path.join(corpus, 'SOURCES.md'));
const skip = available ? false : `SKIPPED: ${corpus} not found (the shared fixtures live next to the repository)`;
if (skip) console.log(skip);

/** MLflow's reason for rejecting a folder → the code our server must report. */
const REASON_CODES: [RegExp, string][] = [
  [/MLproject\.yaml|not discover/i, 'mlproject.not-discovered'],
  [/no such file|env file|extension/i, 'mlproject.env-file-missing'],
  [/merge|conflict|yaml|scanner|parser/i, 'mlproject.yaml-syntax'],
  [/placeholder|KeyError/i, 'mlproject.placeholder-undeclared'],
];

interface Verdict {
  folder: string;
  valid: boolean;
  reason: string;
}

function readVerdicts(): Verdict[] {
  const text = fs.readFileSync(path.join(corpus, 'SOURCES.md'), 'utf8');
  const verdicts: Verdict[] = [];
  for (const section of text.split(/^### /m).slice(1)) {
    const folder = /^`([^`]+)`/.exec(section)?.[1];
    const status = /^- status: (.*)$/m.exec(section)?.[1];
    if (folder && status) verdicts.push({ folder, valid: status.startsWith('valid'), reason: status });
  }
  return verdicts;
}

function checkedFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && fileKindOf(e.name) !== undefined)
    .map((e) => path.join(e.parentPath, e.name));
}

let session: LspSession;
before(async () => {
  if (available) session = await LspSession.start();
});
after(async () => {
  if (available) await session.dispose();
});

void test('SOURCES.md lists every folder of the corpus', { skip }, () => {
  const folders = fs.readdirSync(corpus).filter((n) => fs.statSync(path.join(corpus, n)).isDirectory());
  const listed = readVerdicts().map((v) => v.folder);
  assert.deepEqual([...folders].sort(), [...listed].sort());
  assert.ok(listed.length >= 50);
});

void test('each folder gets MLflow\'s verdict: no error when accepted, the matching error when rejected', { skip }, async () => {
  const verdicts = readVerdicts();
  let files = 0;
  const rejected = verdicts.filter((v) => !v.valid).length;
  for (const verdict of verdicts) {
    const dir = path.join(corpus, verdict.folder);
    const errorCodes = new Set<string>();
    for (const file of checkedFiles(dir)) {
      files += 1;
      const doc = await session.openPath(file, fs.readFileSync(file, 'utf8'));
      await session.close(doc.uri);
      const errors = doc.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      if (verdict.valid) assert.deepEqual(errors.map((e) => `${e.code}: ${e.message}`), [], `${verdict.folder}/${path.relative(dir, file)}`);
      for (const e of errors) errorCodes.add(String(e.code));
    }
    if (!verdict.valid) {
      const expected = REASON_CODES.find(([pattern]) => pattern.test(verdict.reason))?.[1];
      assert.ok(expected, `no code mapped for MLflow's reason "${verdict.reason}" (${verdict.folder})`);
      assert.ok(errorCodes.has(expected), `${verdict.folder}: expected ${expected}, got ${[...errorCodes].join(', ') || 'no error'}`);
    }
  }
  console.log(`checked ${files} files in ${verdicts.length} folders (${verdicts.length - rejected} accepted by MLflow, ${rejected} rejected)`);
  assert.ok(files > verdicts.length);
});
