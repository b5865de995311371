/**
 * Registry entries as MLflow wrote them: prompts kept apart from models (file and SQLite stores of
 * test/fixtures/registry-prompts), a corrupt registry meta.yaml reported by file while the rest is
 * listed, and MLflow 3 logged models and registry of a real 3.x store from ../shared.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isPrompt } from '../../../src/core/registry/registryFacts';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { promptChildren, rootNodes, type ModelNode } from '../../../src/views/models/modelNodes';
import { fixturesDir, sharedDir } from '../conformance/backends';

const promptsDir = path.join(fixturesDir, 'registry-prompts');

for (const kind of ['file', 'sqlite'] as const) {
  void describe(`prompts apart from models (${kind} store written by MLflow 2.12.2)`, () => {
    let store: TrackingStore;
    after(() => store?.dispose());

    void it('lists prompts as registered models, and the view puts them in a group of their own', async () => {
      store = kind === 'file' ? new FileStore(path.join(promptsDir, 'mlruns'), { workerScript: false }) : await SqliteStore.open(path.join(promptsDir, 'mlflow.db'));
      const page = await store.searchRegisteredModels!({});
      assert.deepEqual(page.items.map((m) => m.name), ['classifier', 'greet', 'summarize']);
      assert.deepEqual(page.items.filter(isPrompt).map((m) => m.name), ['greet', 'summarize']);
      const roots = rootNodes({ models: page.items, problems: page.problems, hasMore: false, loggedModels: [] });
      assert.deepEqual(roots.map((n) => `${n.kind}:${n.kind === 'model' ? n.model.name : ''}`), ['model:classifier', 'prompts:']);
      const group = roots.find((n): n is Extract<ModelNode, { kind: 'prompts' }> => n.kind === 'prompts');
      assert.ok(group);
      assert.deepEqual(promptChildren(group).map((n) => (n.kind === 'model' ? `${n.model.name}:${n.prompt}` : n.kind)), ['greet:true', 'summarize:true']);
      const prompt = await store.listModelVersions!('summarize');
      assert.equal(prompt[0]?.tags.find((t) => t.key === 'mlflow.prompt.text')?.value, 'Summarize: {{text}}');
    });

    void it('hides the deleted version 3 and keeps stage and alias on the others', async () => {
      const versions = await store.listModelVersions!('classifier');
      assert.deepEqual(versions.map((v) => `${v.version}:${v.current_stage}:${v.aliases.join(',')}`), ['1:Production:', '2:None:champion']);
    });
  });
}

void describe('a corrupt registry meta.yaml (file store)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-registry-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  void it('is a problem naming the file; the other models and versions are still listed', async () => {
    fs.cpSync(path.join(fixturesDir, 'generated-mlruns', 'models'), path.join(root, 'models'), { recursive: true });
    const brokenVersion = path.join(root, 'models', 'iris-classifier', 'version-2', 'meta.yaml');
    const brokenModel = path.join(root, 'models', 'empty-model', 'meta.yaml');
    fs.writeFileSync(brokenVersion, 'name: iris-classifier\nversion: [2\n  current_stage: {\n');
    fs.writeFileSync(brokenModel, '\u0000\u0001 not yaml: : :\n\t- [');
    const store = new FileStore(root, { workerScript: false });
    try {
      const page = await store.searchRegisteredModels({});
      assert.deepEqual(page.items.map((m) => m.name).sort(), ['iris-classifier', `Ünïcödé model 🚀 "q" 'sq' <script>x<script> & amp`].sort());
      assert.deepEqual(page.problems.map((p) => p.location).sort(), [brokenModel, brokenVersion].sort());
      assert.deepEqual((await store.listModelVersions('iris-classifier')).map((v) => v.version), ['1', '3']);
      const roots = rootNodes({ models: page.items, problems: page.problems, hasMore: false, loggedModels: [] });
      const warnings = roots.filter((n) => n.kind === 'problem');
      assert.equal(warnings.length, 2);
      assert.ok(roots.indexOf(warnings[1]!) < roots.findIndex((n) => n.kind === 'model'), 'warnings come first');
      assert.deepEqual(warnings.map((n) => (n.kind === 'problem' ? [n.severity, n.location] : [])).sort(), [['warning', brokenModel], ['warning', brokenVersion]].sort());
    } finally {
      store.dispose();
    }
  });
});

const mlflow3Store = path.join(sharedDir, 'fixtures', 'real-mlruns', '264Gaurav__mlflow-experiment-tracking', 'mlruns');
const mlflow3Db = path.join(sharedDir, 'fixtures', 'real-mlruns', 'Detecller__IT3385_MLOps_Assignment', 'mlflow.db');
const skip = fs.existsSync(mlflow3Store) ? false : `SKIPPED: ${mlflow3Store} is missing (../shared is not next to this checkout)`;

void describe('MLflow 3 logged models and registry (a real 3.x file store from ../shared)', { skip }, () => {
  let store: FileStore;
  after(() => store?.dispose());

  void it('lists the logged models of their experiment with status, source run and params', async () => {
    store = new FileStore(mlflow3Store, { workerScript: false });
    const experimentIds = (await store.searchExperiments({ viewType: 'ALL' })).items.map((e) => e.experiment_id);
    const page = await store.searchLoggedModels({ experimentIds, maxResults: 1000 });
    assert.deepEqual(page.problems, []);
    assert.equal(page.items.length, 34, 'SOURCES.md counts 34 logged models in this store');
    const perExperiment = new Map<string, number>();
    for (const m of page.items) perExperiment.set(m.info.experiment_id, (perExperiment.get(m.info.experiment_id) ?? 0) + 1);
    assert.deepEqual([...perExperiment].sort(), [['0', 1], ['164735919625926700', 33]]);
    assert.ok(page.items.every((m) => m.info.model_id.startsWith('m-') && m.info.source_run_id));
    const statuses = new Set(page.items.map((m) => m.info.status));
    assert.deepEqual([...statuses].sort(), ['LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED']);
    const one = page.items.find((m) => m.info.model_id === 'm-008ee7fd9143475f9e2831c94e102fb7');
    assert.equal(one?.info.source_run_id, '4a8ca11704fc41e6899b62d83d39552d');
    assert.deepEqual(one?.data.params.map((p) => p.key), ['max_iter', 'multi_class', 'penalty', 'random_state', 'solver']);
    const inDefault = (await store.searchLoggedModels({ experimentIds: ['0'] })).items;
    assert.deepEqual(inDefault.map((m) => [m.info.model_id, m.info.status, m.info.source_run_id]), [['m-41b4d97cf6a74652bd2e1a7a9f21057d', 'LOGGED_MODEL_READY', '4f3a99566d764c67861d7168c3a6009d']]);
  });

  void it('reads the 3.x registry: alias file, version tags, versions from logged models without a run', async () => {
    const versions = await store.listModelVersions('tracking_iris_model');
    assert.deepEqual(versions.map((v) => v.version), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const ten = versions.at(-1);
    assert.deepEqual(ten?.aliases, ['best_model']);
    assert.deepEqual(ten?.tags.map((t) => t.key), ['production']);
    assert.equal(ten?.run_id, undefined);
  });

  void it('an MLflow 3 SQLite database without logged models lists none', { skip: fs.existsSync(mlflow3Db) ? false : 'no 3.x database' }, async () => {
    const db = await SqliteStore.open(mlflow3Db);
    try {
      assert.deepEqual((await db.searchLoggedModels({ experimentIds: ['0', '1'] })).items, []);
    } finally {
      db.dispose();
    }
  });
});
