// The Models view inside a real VS Code extension host, on the temp copy of samples/ whose mlruns/
// holds the registry MLflow 2.12.2 wrote (../shared/fixtures/generated/README.md, "Model registry").
// Assertions go through the API activate() returns and through the real copy commands and clipboard.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const ODD_MODEL = `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`;

let api: MlflowLensApi;

async function child(parentId: string | undefined, label: string): Promise<PlainTreeNode> {
  const nodes = await api.models.children(parentId);
  const found = nodes.find((n) => n.label === label);
  assert.ok(found, `"${label}" not under ${parentId ?? 'the root'}: ${nodes.map((n) => n.label).join(' | ')}`);
  return found;
}

async function clipboardAfter(command: string, arg: unknown): Promise<string> {
  await vscode.env.clipboard.writeText('');
  await vscode.commands.executeCommand(command, arg);
  return vscode.env.clipboard.readText();
}

suite('MLflow Lens Models view (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand(CommandIds.clearModelFilter);
  });

  test('the Models view is contributed beside Experiments', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const views = (ext?.packageJSON as { contributes: { views: Record<string, { id: string }[]> } }).contributes.views['mlflowLens'];
    assert.deepEqual(views?.map((v) => v.id).slice(0, 2), ['mlflowLens.experiments', 'mlflowLens.models']);
  });

  test('lists the registered models of the sample store, with aliases and latest version', async () => {
    const roots = await api.models.children();
    assert.deepEqual(roots.map((n) => n.label).sort(), ['empty-model', 'iris-classifier', ODD_MODEL].sort());
    const iris = roots.find((n) => n.label === 'iris-classifier');
    assert.equal(iris?.description, 'latest v3 · @challenger @champion @old-but-gold');
    assert.equal(iris?.expandable, true);
    assert.equal(roots.find((n) => n.label === 'empty-model')?.expandable, false, 'a model without versions does not expand');
    assert.ok(!roots.some((n) => n.kind === 'prompts' || n.kind === 'loggedModels' || n.kind === 'problem'));
  });

  test('a model lists its versions with aliases and legacy stages; the deleted version 4 is hidden', async () => {
    const iris = await child(undefined, 'iris-classifier');
    const versions = await api.models.children(iris.id);
    assert.deepEqual(
      versions.map((v) => `${v.label} | ${v.description ?? ''}`),
      ['Version 1 | @old-but-gold · Archived', 'Version 2 | @challenger · Staging', 'Version 3 | @champion · Production'],
    );
    const v3 = versions[2]!;
    assert.match(v3.tooltip ?? '', /Best model; C=1\.0/);
    const details = await api.models.children(v3.id);
    assert.deepEqual(details.map((n) => `${n.kind}:${n.label}`), ['alias:@champion', 'tag:validated', 'sourceRun:Source run']);
    assert.match(details[2]?.description ?? '', /^[0-9a-f]{32}$/);
  });

  test('the copy commands put models:/name/version, models:/name@alias and runs:/id/path on the clipboard', async () => {
    const iris = await child(undefined, 'iris-classifier');
    const v3 = await child(iris.id, 'Version 3');
    const champion = await child(v3.id, '@champion');
    const runId = (await child(v3.id, 'Source run')).description;
    assert.equal(await clipboardAfter(CommandIds.copyModelUri, { id: v3.id }), 'models:/iris-classifier/3');
    assert.equal(await clipboardAfter(CommandIds.copyModelAliasUri, { id: champion.id }), 'models:/iris-classifier@champion');
    assert.equal(await clipboardAfter(CommandIds.copyModelAliasUri, { id: v3.id }), 'models:/iris-classifier@champion', 'a version with one alias');
    assert.equal(await clipboardAfter(CommandIds.copyModelRunUri, { id: v3.id }), `runs:/${runId}/model`);
  });

  test('the hostile model name is listed and copied as it is', async () => {
    const odd = await child(undefined, ODD_MODEL);
    const v1 = await child(odd.id, 'Version 1');
    assert.equal(v1.description, '@prod');
    assert.equal(await clipboardAfter(CommandIds.copyModelAliasUri, { id: v1.id }), `models:/${ODD_MODEL}@prod`);
    assert.equal(await clipboardAfter(CommandIds.copyModelUri, { id: v1.id }), `models:/${ODD_MODEL}/1`);
  });

  test('Filter Models by Name keeps the names containing the text, ignoring case', async () => {
    await vscode.commands.executeCommand(CommandIds.filterModels, '<SCRIPT>');
    assert.deepEqual((await api.models.children()).map((n) => n.label), [ODD_MODEL]);
    await vscode.commands.executeCommand(CommandIds.filterModels, 'no such model');
    assert.deepEqual((await api.models.children()).map((n) => n.label), ['No registered model name contains "no such model"']);
    await vscode.commands.executeCommand(CommandIds.clearModelFilter);
    assert.equal((await api.models.children()).length, 3);
  });

  test('Show Source Run selects the version’s run in the Experiments view', async () => {
    const iris = await child(undefined, 'iris-classifier');
    const v2 = await child(iris.id, 'Version 2');
    const source = await child(v2.id, 'Source run');
    await vscode.commands.executeCommand(CommandIds.revealModelRun, { id: source.id });
    // Listed in the Experiments tree once revealed (its parent run expanded on the way): the test API
    // finds only nodes the tree has shown, and the run's sections are there.
    const sections = await api.explorer.children(`run:${source.description}`);
    assert.ok(sections.some((n) => n.label === 'Parameters'), sections.map((n) => n.label).join(' | '));
  });
});
