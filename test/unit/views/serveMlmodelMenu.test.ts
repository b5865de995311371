/**
 * Serve Model Locally on a model's `MLmodel` file: the artifact row's context value, the menus of
 * package.json that match it (the `when` clauses as VS Code evaluates their `viewItem` tests), and the
 * model folder the command is given for that row.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { artifactNodes, type ArtifactNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';
import { directTarget, servedFolderOf } from '../../../src/serving/serveTargets';

const repoRoot = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { menus: { 'view/item/context': { command: string; when: string }[] } };
};
const itemMenus = manifest.contributes.menus['view/item/context'];

/**
 * Whether a menu's `when` holds for a row of the Experiments view with this context value. Enough of
 * VS Code's grammar for these clauses: `&&` of terms, one parenthesised `||` group, `==` and `=~`
 * tests of `view` and `viewItem`, and context keys taken as true (`isWorkspaceTrusted`).
 */
function shownFor(when: string, contextValue: string): boolean {
  const test = (term: string): boolean => {
    const t = term.trim().replace(/^\((.*)\)$/, '$1');
    if (t.includes('||')) return t.split('||').some(test);
    const eq = /^(view|viewItem) == (\S+)$/.exec(t);
    if (eq) return (eq[1] === 'view' ? 'mlflowLens.experiments' : contextValue) === eq[2];
    const re = /^(view|viewItem) =~ \/(.*)\/$/.exec(t);
    if (re) return new RegExp(re[2]!).test(re[1] === 'view' ? 'mlflowLens.experiments' : contextValue);
    if (t === 'false') return false;
    return /^[\w.]+$/.test(t);
  };
  return when.split('&&').every(test);
}

const commandsFor = (contextValue: string) => itemMenus.filter((m) => shownFor(m.when, contextValue)).map((m) => m.command);

const rows = artifactNodes('r1', [
  { path: 'model', is_dir: true },
  { path: 'model/MLmodel', is_dir: false, file_size: 300 },
  { path: 'model/conda.yaml', is_dir: false, file_size: 120 },
  { path: 'notes/MLmodel.txt', is_dir: false, file_size: 3 },
]);
const row = (p: string): ArtifactNode => rows.find((r) => r.path === p)!;

void describe('Serve Model Locally on an MLmodel file', () => {
  void it('an MLmodel file has its own context value; other files and folders keep theirs', () => {
    assert.equal(present(row('model/MLmodel'), 0).contextValue, 'artifactFile.mlmodel');
    assert.equal(present(row('model/conda.yaml'), 0).contextValue, 'artifactFile');
    assert.equal(present(row('notes/MLmodel.txt'), 0).contextValue, 'artifactFile');
    assert.equal(present(row('model'), 0).contextValue, 'artifactDir');
  });

  void it('the MLmodel row offers Serve plus every menu of a file; other files do not offer Serve', () => {
    const onMlmodel = commandsFor('artifactFile.mlmodel');
    const onFile = commandsFor('artifactFile');
    assert.ok(onMlmodel.includes('mlflowLens.serveModel'), onMlmodel.join(', '));
    assert.ok(!onFile.includes('mlflowLens.serveModel'), onFile.join(', '));
    for (const command of ['mlflowLens.openArtifact', 'mlflowLens.openArtifactAsText', 'mlflowLens.compareArtifactWithRun', 'mlflowLens.downloadArtifact']) {
      assert.ok(onFile.includes(command), `${command} is not offered on a file`);
      assert.ok(onMlmodel.includes(command), `${command} is not offered on an MLmodel file`);
    }
    assert.deepEqual(onMlmodel.filter((c) => c !== 'mlflowLens.serveModel'), onFile);
    assert.ok(commandsFor('artifactDir').includes('mlflowLens.serveModel'));
    // The evaluator itself: a row of the Models view's kind matches no Experiments-view menu here.
    assert.deepEqual(commandsFor('modelVersion'), []);
  });

  void it('the command given the MLmodel row serves the folder holding it', () => {
    assert.deepEqual(directTarget(row('model/MLmodel')), { kind: 'runArtifact', runId: 'r1', path: 'model' });
    assert.deepEqual(directTarget(row('model')), { kind: 'runArtifact', runId: 'r1', path: 'model' });
    const [atRoot] = artifactNodes('r2', [{ path: 'MLmodel', is_dir: false }]);
    assert.deepEqual(directTarget(atRoot), { kind: 'runArtifact', runId: 'r2', path: '' });
    assert.equal(servedFolderOf('a/b/MLmodel', true), 'a/b');
    // A folder that happens to be named MLmodel is served as itself.
    assert.equal(servedFolderOf('a/MLmodel', false), 'a/MLmodel');
  });
});
