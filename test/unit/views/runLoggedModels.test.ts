/**
 * A run's "Logged models" section, built as the tree builds it (run expanded → its sections; the
 * section expanded → its models), over a real MLflow 3 file store from ../shared/fixtures/real-mlruns,
 * and over the committed MLflow 2.12.2 store, which has no logged models.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { StoreError } from '../../../src/core/store/storeErrors';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { openStore } from '../../../src/core/store/openStore';
import { ListingCache } from '../../../src/views/explorer/listingCache';
import { buildRunForest, type ExplorerNode, type RunNode, type RunSectionNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';
import { runChildren, sectionChildren } from '../../../src/views/explorer/runDetailChildren';
import { RunLoggedModels } from '../../../src/views/explorer/runLoggedModels';

const repoRoot = path.resolve(__dirname, '../../../..');
const realStore = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'real-mlruns', '264Gaurav__mlflow-experiment-tracking', 'mlruns');
const EXPERIMENT = '164735919625926700';
const RUN_WITH_TWO = 'd29324ec62d345519bcd3fed02503270';
const RUN_WITHOUT = '7ac28f4aa3d641cf8feebc61531e4151';
const now = Date.UTC(2026, 0, 1);
const IRIS = '868010962877203020'; // of the committed MLflow 2.12.2 store

/** The store, with its logged-model searches counted. */
function counted(store: TrackingStore): { store: TrackingStore; searches: string[][] } {
  const searches: string[][] = [];
  const search = store.searchLoggedModels!.bind(store);
  const wrapped = Object.create(store) as TrackingStore;
  wrapped.searchLoggedModels = (request, signal) => {
    searches.push(request.experimentIds);
    return search(request, signal);
  };
  return { store: wrapped, searches };
}

function listings(): ListingCache {
  return new ListingCache({ viewType: () => 'ACTIVE_ONLY', query: () => ({}), runPageSize: () => 100 });
}

async function runNode(store: TrackingStore, experimentId: string, runId: string): Promise<RunNode> {
  const page = await store.searchRuns({ experimentIds: [experimentId], maxResults: 1000, include: { tags: true } });
  const flat = (nodes: RunNode[]): RunNode[] => nodes.flatMap((n) => [n, ...flat(n.childRuns)]);
  const node = flat(buildRunForest(page.items)).find((n) => n.runId === runId);
  assert.ok(node, `run ${runId} is not listed in experiment ${experimentId}`);
  return node;
}

const sectionsOf = (children: ExplorerNode[]) => children.filter((c): c is RunSectionNode => c.kind === 'section').map((c) => c.section);

void describe('Logged models of a run over a real MLflow 3 file store', { skip: fs.existsSync(realStore) ? false : `SKIPPED: ${realStore} is missing` }, () => {
  void it('lists the section only for a run that logged models, and its models as the Models view shows them', async () => {
    const { store, searches } = counted(openStore(realStore, { workerScript: false }));
    const cache = new RunLoggedModels();
    const withTwo = await runChildren(store, cache, await runNode(store, EXPERIMENT, RUN_WITH_TWO));
    assert.deepEqual(sectionsOf(withTwo), ['params', 'metrics', 'tags', 'loggedModels', 'artifacts']);
    const without = await runChildren(store, cache, await runNode(store, EXPERIMENT, RUN_WITHOUT));
    assert.deepEqual(sectionsOf(without), ['params', 'metrics', 'tags', 'artifacts']);
    // One read for the experiment, however many of its runs are expanded.
    assert.deepEqual(searches, [[EXPERIMENT]]);

    const section = withTwo.find((c): c is RunSectionNode => c.kind === 'section' && c.section === 'loggedModels')!;
    assert.equal(present(section, now).label, 'Logged models');
    const models = await sectionChildren(store, listings(), section, cache);
    assert.deepEqual(searches, [[EXPERIMENT]]);
    const rows = models.map((m) => ({ kind: m.kind, ...present(m, now) }));
    assert.deepEqual(rows.map((r) => r.label).sort(), ['iris_model', 'model']);
    for (const row of rows) {
      assert.equal(row.kind, 'loggedModel');
      assert.equal(row.contextValue, 'runLoggedModel');
      assert.equal(row.collapsible, 'none');
      assert.match(row.description ?? '', /^m-[0-9a-f]{32}$/);
      assert.match(row.tooltipMarkdown ?? '', new RegExp(`\\*\\*Run:\\*\\* ${RUN_WITH_TWO}`));
    }
    assert.deepEqual(models.map((m) => m.id).sort(), [
      `run:${RUN_WITH_TWO}/loggedModels/m-3bd244bdd61246329c52f00b4c865be6`,
      `run:${RUN_WITH_TWO}/loggedModels/m-a324a590137f4891a351fe8537f7e4ef`,
    ]);
  });

  void it('reads the experiment again once it is dropped (a refresh)', async () => {
    const { store, searches } = counted(openStore(realStore, { workerScript: false }));
    const cache = new RunLoggedModels();
    const node = await runNode(store, EXPERIMENT, RUN_WITH_TWO);
    await runChildren(store, cache, node);
    cache.drop(EXPERIMENT);
    await runChildren(store, cache, node);
    cache.clear();
    await runChildren(store, cache, node);
    assert.equal(searches.length, 3);
  });
});

void describe('Logged models of a run on stores without any', () => {
  const generated = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');

  void it('an MLflow 2.12.2 store shows no Logged models section', async () => {
    const store = openStore(generated, { workerScript: false });
    const experiments = await store.searchExperiments({ viewType: 'ACTIVE_ONLY' });
    const cache = new RunLoggedModels();
    let runsSeen = 0;
    for (const e of experiments.items) {
      const page = await store.searchRuns({ experimentIds: [e.experiment_id], include: { tags: true } });
      for (const node of buildRunForest(page.items)) {
        runsSeen++;
        assert.ok(!sectionsOf(await runChildren(store, cache, node)).includes('loggedModels'), `run ${node.runId} has a Logged models section`);
      }
    }
    assert.ok(runsSeen > 0);
  });

  void it('a store that cannot search logged models is never asked', async () => {
    const store = openStore(generated, { workerScript: false });
    const page = await store.searchRuns({ experimentIds: [IRIS], include: { tags: true } });
    const without = Object.create(store) as TrackingStore;
    without.searchLoggedModels = undefined;
    const children = await runChildren(without, new RunLoggedModels(), buildRunForest(page.items)[0]!);
    assert.deepEqual(sectionsOf(children), ['params', 'metrics', 'tags', 'artifacts']);
  });

  void it('a failed search leaves the section out with a warning naming the store, and the next expand retries', async () => {
    const store = openStore(generated, { workerScript: false });
    const page = await store.searchRuns({ experimentIds: [IRIS], include: { tags: true } });
    const node = buildRunForest(page.items)[0]!;
    let calls = 0;
    const failing = Object.create(store) as TrackingStore;
    failing.searchLoggedModels = () => {
      calls++;
      return Promise.reject(new StoreError('unreachable', 'cannot read models folder', '/tmp/store/0/models'));
    };
    const cache = new RunLoggedModels();
    const children = await runChildren(failing, cache, node);
    assert.deepEqual(sectionsOf(children), ['params', 'metrics', 'tags', 'artifacts']);
    const warning = children.find((c) => c.kind === 'problem');
    assert.ok(warning?.kind === 'problem');
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.message, 'Logged models not listed: cannot read models folder');
    assert.equal(warning.location, '/tmp/store/0/models');
    await runChildren(failing, cache, node);
    assert.equal(calls, 2);
  });
});
