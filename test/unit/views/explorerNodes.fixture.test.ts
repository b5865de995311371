/**
 * The explorer's node building over the store MLflow 2.12.2 wrote (test/fixtures/generated-mlruns),
 * loaded exactly as the tree loads it: one page of runs with tags only, then getRun for a run's sections.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/core/store/openStore';
import { buildRunForest, metricNodes, paramNodes, type RunNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';

const repoRoot = path.resolve(__dirname, '../../../..');
const storePath = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');
const IRIS = '868010962877203020';
const ZOO = '113332356586864389';
const now = Date.UTC(2026, 10, 24, 12, 0, 0);

function treeLabels(nodes: RunNode[]): unknown[] {
  return nodes.map((n) => (n.childRuns.length ? [n.run.info.run_name, treeLabels(n.childRuns)] : n.run.info.run_name));
}

void describe('explorer nodes over the generated MLflow store', () => {
  const store = openStore(storePath, { workerScript: false });

  void it('nests the iris runs: parent → 4 children → one fold each, from the tags-only page', async () => {
    const page = await store.searchRuns({ experimentIds: [IRIS], maxResults: 200, include: { tags: true } });
    assert.equal(page.items.length, 9);
    const roots = buildRunForest(page.items);
    assert.equal(roots.length, 1);
    const [parent] = roots;
    assert.equal(parent?.run.info.run_name, 'hyperparam-search');
    const children = parent!.childRuns.map((c) => c.run.info.run_name).sort();
    assert.deepEqual(children, ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']);
    for (const child of parent!.childRuns) {
      assert.deepEqual(treeLabels(child.childRuns), [`${child.run.info.run_name} / fold-0`]);
    }
  });

  void it('shows each status of the status zoo with its icon, the deleted run only on request', async () => {
    const active = await store.searchRuns({ experimentIds: [ZOO], include: { tags: true } });
    const icons = Object.fromEntries(buildRunForest(active.items).map((n) => [n.run.info.run_name, present(n, now).icon?.id]));
    assert.deepEqual(icons, {
      'failed-run': 'error',
      'killed-run': 'circle-slash',
      'running-run': 'sync~spin',
      'finished-run': 'pass',
      'scheduled-run': 'clock',
    });
    const all = await store.searchRuns({ experimentIds: [ZOO], viewType: 'ALL', include: { tags: true } });
    const deleted = buildRunForest(all.items).find((n) => n.run.info.run_name === 'deleted-run');
    assert.equal(deleted && present(deleted, now).contextValue, 'run.deleted');
  });

  void it('a child run section lists its real params and latest metrics', async () => {
    const page = await store.searchRuns({ experimentIds: [IRIS], include: { tags: true } });
    const c1 = page.items.find((r) => r.info.run_name === 'C=1.0');
    assert.ok(c1);
    const run = await store.getRun(c1.info.run_id);
    const params = paramNodes(run.info.run_id, run.data.params).map((p) => [p.key, p.value]);
    assert.deepEqual(params.map(([k]) => k), ['C', 'max_iter', 'penalty', 'solver']);
    assert.deepEqual(params[0], ['C', '1.0']);
    const metrics = metricNodes(run.info.run_id, run.data.metrics).map((m) => present(m, now));
    assert.deepEqual(metrics.map((m) => m.label), ['accuracy', 'f1_macro', 'train_loss']);
    assert.match(metrics[2]!.description ?? '', / · step 49$/);
  });
});
