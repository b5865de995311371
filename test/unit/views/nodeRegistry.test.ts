/**
 * The explorer's node registry keeps only what the tree can still show: nodes are interned and
 * recorded as the provider does in getChildren (intern each child, then relisted), over the runs
 * of the MLflow-written generated store (nested runs included). A re-listed node keeps its object;
 * a node its parent no longer lists is dropped with everything under it; a store switched away
 * (the root listing other rows) leaves none of the old store's nodes behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Experiment, Run } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { NodeRegistry } from '../../../src/views/explorer/nodeRegistry';
import { buildRunForest, experimentNode, messageNode, runChildNodes, type ExplorerNode, type RunNode } from '../../../src/views/explorer/nodes';
import { generatedStore } from '../core/fixtures';

/** What getChildren does with a listing. */
function list(registry: NodeRegistry, children: ExplorerNode[], parent: ExplorerNode | undefined): ExplorerNode[] {
  const interned = children.map((n) => registry.intern(n));
  registry.relisted(interned, parent);
  return interned;
}

/** Every node reachable from these rows through child runs (what intern registers). */
function countWithChildRuns(nodes: readonly ExplorerNode[]): number {
  return nodes.reduce((n, node) => n + 1 + (node.kind === 'run' ? countWithChildRuns(node.childRuns) : 0), 0);
}

void describe('NodeRegistry', () => {
  let store: FileStore;
  let experiments: Experiment[];
  let nestedExperiment: Experiment;
  let runs: Run[];

  before(async () => {
    store = new FileStore(generatedStore, { workerScript: false });
    experiments = (await store.searchExperiments({ viewType: 'ALL' })).items;
    for (const e of experiments) {
      const page = await store.searchRuns({ experimentIds: [e.experiment_id], viewType: 'ALL', maxResults: 1000 });
      if (buildRunForest(page.items).some((r) => r.childRuns.length > 0)) {
        nestedExperiment = e;
        runs = page.items;
      }
    }
    assert.ok(runs, 'the generated store has an experiment with nested runs');
  });
  after(() => store.dispose());

  void it('keeps one object per id when a listing is read again', () => {
    const registry = new NodeRegistry();
    const first = list(registry, experiments.map((e) => experimentNode(e)), undefined)[0];
    const again = list(registry, experiments.map((e) => experimentNode(e, 3)), undefined)[0];
    assert.equal(again, first);
    assert.equal((again as { runCount?: number }).runCount, 3);
    assert.equal(registry.size, experiments.length);
  });

  void it('forgets a run its experiment no longer lists, with its sections and child runs, and keeps the rest', () => {
    const registry = new NodeRegistry();
    const exp = list(registry, [experimentNode(nestedExperiment)], undefined)[0]!;
    const forest = list(registry, buildRunForest(runs), exp) as RunNode[];
    const parent = forest.find((r) => r.childRuns.length > 0)!;
    const sections = list(registry, runChildNodes(parent), parent);
    const held = registry.size;
    assert.equal(held, 1 + countWithChildRuns(forest) + sections.length - parent.childRuns.length);

    // The page read again without the parent run and its children (deleted, say).
    const gone = new Set([parent.runId, ...parent.childRuns.map((c) => c.runId)]);
    const rest = list(registry, buildRunForest(runs.filter((r) => !gone.has(r.info.run_id))), exp);
    assert.equal(registry.get(parent.id), undefined);
    for (const c of parent.childRuns) assert.equal(registry.get(c.id), undefined, `child run ${c.id} forgotten`);
    for (const s of sections) assert.equal(registry.get(s.id), undefined, `section ${s.id} forgotten`);
    assert.equal(registry.size, 1 + countWithChildRuns(rest));
    for (const r of rest) assert.equal(registry.get(r.id), r);
    assert.equal(registry.parentOf(rest[0]!), exp);
  });

  void it('keeps a child run promoted to the top when its parent leaves the page', () => {
    const registry = new NodeRegistry();
    const exp = list(registry, [experimentNode(nestedExperiment)], undefined)[0]!;
    const forest = list(registry, buildRunForest(runs), exp) as RunNode[];
    const parent = forest.find((r) => r.childRuns.length > 0)!;
    list(registry, runChildNodes(parent), parent);
    const child = parent.childRuns[0]!;
    // The parent is gone; its child is listed at the experiment's top level now.
    const rest = list(registry, buildRunForest(runs.filter((r) => r.info.run_id !== parent.runId)), exp);
    assert.ok(rest.includes(child), 'the same child object is listed at the top');
    assert.equal(registry.get(child.id), child);
    assert.equal(registry.parentOf(child), exp);
    assert.equal(registry.get(parent.id), undefined);
  });

  void it('holds none of a store switched away: the root listing other rows drops every experiment and run under it', () => {
    const registry = new NodeRegistry();
    const exps = list(registry, experiments.map((e) => experimentNode(e)), undefined);
    const exp = exps.find((n) => n.id === `exp:${nestedExperiment.experiment_id}`)!;
    const forest = list(registry, buildRunForest(runs), exp) as RunNode[];
    list(registry, runChildNodes(forest[0]!), forest[0]);
    assert.ok(registry.size > exps.length + runs.length - 1);
    // The switch shows a placeholder at the root, then the other store's (empty) listing.
    list(registry, [messageNode('root', 'Connecting to the tracking store…')], undefined);
    assert.equal(registry.size, 1);
    for (const r of runs) assert.equal(registry.get(`run:${r.info.run_id}`), undefined);
    list(registry, [], undefined);
    assert.equal(registry.size, 0);
  });

  void it('keeps experiments recorded under folders as folderRows records them (a part of the listing at a time)', () => {
    const registry = new NodeRegistry();
    const exp = list(registry, [experimentNode(nestedExperiment)], undefined)[0]!;
    const forest = list(registry, buildRunForest(runs), exp);
    // folderRows records a folder's experiments, then each subfolder under its parent, before the root lists the top folder.
    const folder = (id: string) => registry.intern({ kind: 'folder', id, name: id, path: id, experimentIds: [], experiments: [] });
    const team = folder('folder:team');
    const sub = folder('folder:team/vision');
    registry.listedUnder([exp], team);
    registry.listedUnder([sub], team);
    list(registry, [team], undefined);
    assert.equal(registry.get(exp.id), exp, 'an experiment moved from the root into a folder is kept');
    assert.equal(registry.parentOf(exp), team);
    assert.equal(registry.get(sub.id), sub);
    assert.equal(registry.get(forest[0]!.id), forest[0]);
    // The folder expanded: its whole listing replaces the parts; the root then lists no folder at all.
    list(registry, [sub, exp], team);
    assert.equal(registry.get(exp.id), exp);
    list(registry, [], undefined);
    assert.equal(registry.size, 0);
  });
});
