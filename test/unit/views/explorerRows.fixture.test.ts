/**
 * Explorer rows over the stores MLflow 2.12.2 wrote (test/fixtures/generated-mlruns, generated-sqlite):
 * run counts and "Load more" totals from what each store knows, a parent run's sections before its
 * children, `mlflow.*` tags grouped apart, experiment descriptions as Markdown in tooltips.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import type { ExperimentNode, ExplorerNode, RunSectionNode, TagNode } from '../../../src/views/explorer/nodes';
import { buildRunForest, experimentNode, loadMoreNode, runChildNodes, systemTagNodes, tagSectionNodes } from '../../../src/views/explorer/nodes';
import { experimentDescription, present } from '../../../src/views/explorer/presentation';
import { RunCounts } from '../../../src/views/explorer/runCounts';
import { openFileBackend, openRestBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const ids = (nodes: ExplorerNode[]) => nodes.map((n) => n.id);

async function experimentByName(store: TrackingStore, name: string, viewType: 'ACTIVE_ONLY' | 'ALL' = 'ACTIVE_ONLY') {
  const page = await store.searchExperiments({ viewType });
  const found = page.items.find((e) => e.name === name);
  assert.ok(found, `no experiment ${name}`);
  return found;
}

for (const open of [openFileBackend, openSqliteBackend]) {
  void describe(`explorer rows over the ${open === openFileBackend ? 'file' : 'SQLite'} store MLflow wrote`, () => {
    let backend: Backend;
    let store: TrackingStore;
    before(async () => {
      backend = await open();
      store = backend.store;
    });
    after(() => backend.close());

    void it('counts each experiment\'s runs as the listing shows them, deleted ones only on request', async () => {
      const experiments = (await store.searchExperiments({ viewType: 'ALL' })).items;
      const byName = new Map(experiments.map((e) => [e.name, e.experiment_id]));
      const counts = await store.countRuns!({ experimentIds: experiments.map((e) => e.experiment_id), viewType: 'ACTIVE_ONLY' });
      const named = (name: string) => counts.get(byName.get(name)!);
      assert.equal(named('iris-classification'), 9);
      assert.equal(named('status-zoo'), 5);
      assert.equal(named('Default'), 2);
      assert.equal(named('empty experiment (no runs)'), 0);
      assert.equal(named('to-be-deleted'), 0, 'its run is deleted with it');
      // Each count is what the run listing of the same view finds.
      for (const experiment of experiments) {
        const page = await store.searchRuns({ experimentIds: [experiment.experiment_id], viewType: 'ACTIVE_ONLY', include: { tags: true } });
        assert.equal(counts.get(experiment.experiment_id), page.items.length, experiment.name);
      }
      const all = await store.countRuns!({ experimentIds: [byName.get('status-zoo')!, byName.get('to-be-deleted')!, 'no-such-id'], viewType: 'ALL' });
      assert.deepEqual([...all.entries()].sort(), [[byName.get('status-zoo')!, 6], [byName.get('to-be-deleted')!, 1]].sort());
    });

    void it('a page of runs knows the total, so Load more says how many of how many', async () => {
      const iris = await experimentByName(store, 'iris-classification');
      const first = await store.searchRuns({ experimentIds: [iris.experiment_id], maxResults: 4, include: { tags: true } });
      assert.equal(first.items.length, 4);
      assert.equal(first.totalCount, 9);
      assert.ok(first.nextPageToken);
      const more = present(loadMoreNode(`exp:${iris.experiment_id}`, first.items.length, first.totalCount), now);
      assert.equal(more.description, '4 of 9');
      // With a filter the total is the number of matches.
      const filtered = await store.searchRuns({ experimentIds: [iris.experiment_id], maxResults: 2, filter: "params.penalty = 'l2'", include: { tags: true } });
      assert.equal(filtered.totalCount, 4);
      const experiments = await store.searchExperiments({ maxResults: 2 });
      assert.equal(experiments.totalCount, 6);
    });

    void it('an experiment row shows its run count; a known-empty one has no chevron', async () => {
      const empty = await experimentByName(store, 'empty experiment (no runs)');
      const iris = await experimentByName(store, 'iris-classification');
      const counts = new Map<string, number>();
      const changed: string[] = [];
      const runCounts = new RunCounts((id) => {
        changed.push(id);
        counts.set(id, runCounts.get(id)!);
      });
      await runCounts.request(store, [empty.experiment_id, iris.experiment_id], 'ACTIVE_ONLY');
      assert.deepEqual(changed.sort(), [empty.experiment_id, iris.experiment_id].sort());
      const emptyRow = present(experimentNode(empty, runCounts.get(empty.experiment_id)), now);
      assert.equal(emptyRow.description, 'no runs');
      assert.equal(emptyRow.collapsible, 'none');
      const irisRow = present(experimentNode(iris, runCounts.get(iris.experiment_id)), now);
      assert.equal(irisRow.description, '9 runs');
      assert.equal(irisRow.collapsible, 'collapsed');
      // Before the count is in, the row offers to expand and says nothing about runs.
      const unknown = present(experimentNode(empty), now);
      assert.equal(unknown.description, undefined);
      assert.equal(unknown.collapsible, 'collapsed');
    });

    void it('a deleted experiment and a deleted run look deleted: faded, trash icon, "deleted"', async () => {
      const trashed = await experimentByName(store, 'to-be-deleted', 'ALL');
      const row = present(experimentNode(trashed, 1), now);
      assert.equal(row.description, '1 run · deleted');
      assert.equal(row.faded, true);
      assert.equal(row.icon?.id, 'trash');
      const zoo = await experimentByName(store, 'status-zoo');
      const runs = await store.searchRuns({ experimentIds: [zoo.experiment_id], viewType: 'ALL', include: { tags: true } });
      const looks = buildRunForest(runs.items).map((n) => [n.run.info.run_name, present(n, now).faded === true, /deleted$/.test(present(n, now).description ?? '')]);
      assert.deepEqual(looks.filter(([, faded]) => faded), [['deleted-run', true, true]]);
    });

    void it("a parent run's own sections come before its child runs", async () => {
      const iris = await experimentByName(store, 'iris-classification');
      // As the explorer lists runs: with their dataset inputs (a child's decide its Datasets section).
      const page = await store.searchRuns({ experimentIds: [iris.experiment_id], include: { tags: true, inputs: true } });
      const [parent] = buildRunForest(page.items);
      assert.equal(parent?.run.info.run_name, 'hyperparam-search');
      const children = runChildNodes(parent!);
      assert.deepEqual(children.map((n) => n.kind), ['section', 'section', 'section', 'section', 'run', 'run', 'run', 'run']);
      assert.deepEqual(children.slice(0, 4).map((n) => (n as RunSectionNode).section), ['params', 'metrics', 'tags', 'artifacts']);
      // The artifacts carry the run's name down to their editors.
      assert.equal((children[3] as RunSectionNode).runName, 'hyperparam-search');
      const child = parent!.childRuns.find((c) => c.run.info.run_name === 'C=1.0')!;
      assert.deepEqual(ids(runChildNodes(child)), [...['params', 'metrics', 'tags', 'datasets', 'artifacts'].map((s) => `run:${child.runId}/${s}`), ...child.childRuns.map((c) => c.id)]);
    });

    void it('mlflow.* tags, the log-model history included, go into a System tags group', async () => {
      const iris = await experimentByName(store, 'iris-classification');
      const page = await store.searchRuns({ experimentIds: [iris.experiment_id], filter: "attributes.run_name = 'C=1.0'" });
      const run = await store.getRun(page.items[0]!.info.run_id);
      const tags = tagSectionNodes(run.info.run_id, run.data.tags);
      const group = tags.at(-1) as RunSectionNode;
      assert.equal(group.kind, 'section');
      assert.equal(group.section, 'systemTags');
      assert.equal(present(group, now).label, 'System tags');
      assert.equal(present(group, now).collapsible, 'collapsed');
      const userTags = tags.slice(0, -1) as TagNode[];
      assert.ok(userTags.every((t) => t.kind === 'tag' && !t.key.startsWith('mlflow.')), JSON.stringify(userTags));
      const system = systemTagNodes(run.info.run_id, run.data.tags).map((t) => t.key);
      assert.ok(system.includes('mlflow.log-model.history'), system.join(', '));
      assert.ok(system.includes('mlflow.parentRunId'));
      assert.ok(system.every((k) => k.startsWith('mlflow.')));
      assert.equal(userTags.length + system.length, run.data.tags.length);
      // A run with only MLflow's tags shows the group alone, never "No tags".
      const onlySystem = tagSectionNodes('r', [{ key: 'mlflow.user', value: 'u' }]);
      assert.deepEqual(onlySystem.map((n) => n.kind), ['section']);
      assert.deepEqual(tagSectionNodes('r', []), []);
    });

    void it('the experiment description renders as Markdown in the tooltip, its images never fetched', async () => {
      const iris = await experimentByName(store, 'iris-classification');
      const tooltip = present(experimentNode(iris), now).tooltipMarkdown ?? '';
      // Kept as Markdown (heading, bold, list on their own lines), not flattened with ⏎ and escaped.
      assert.match(tooltip, /\n---\n\n# Iris\nExperiment \*\*description\*\* in markdown\.\n/);
      assert.ok(!tooltip.includes('⏎'), tooltip);
      const hostile = experimentNode({ ...iris, tags: [{ key: 'mlflow.note.content', value: 'see ![pixel](https://tracker.example/p.png) and [docs](https://mlflow.org)' }] });
      const text = present(hostile, now).tooltipMarkdown ?? '';
      assert.ok(text.endsWith('see \\!\\[pixel](https://tracker.example/p.png) and [docs](https://mlflow.org)'), text);
    });
  });
}

void describe('a tracking server (recorded MLflow REST exchanges)', () => {
  void it('is not asked to count: experiment rows show no count, Load more says how many are loaded', async () => {
    const backend = await openRestBackend();
    try {
      assert.equal(backend.store.countRuns, undefined);
      const counts = new RunCounts(() => assert.fail('no count may be reported'));
      await counts.request(backend.store, ['0'], 'ACTIVE_ONLY');
      assert.equal(counts.get('0'), undefined);
      assert.equal(present(loadMoreNode('exp:0', 200), now).description, '200 loaded');
    } finally {
      await backend.close();
    }
  });
});

void describe('run counts over changes', () => {
  void it('drops a count asked for before the experiment changed, and a listing\'s count wins', async () => {
    let answer!: (counts: Map<string, number>) => void;
    const store = { countRuns: () => new Promise<Map<string, number>>((resolve) => (answer = resolve)) };
    const changed: string[] = [];
    const counts = new RunCounts((id) => changed.push(id));
    const asked = counts.request(store, ['1'], 'ACTIVE_ONLY');
    counts.forget('1');
    answer(new Map([['1', 3]]));
    await asked;
    assert.equal(counts.get('1'), undefined, 'the answer predates the change');
    const again = counts.request(store, ['1'], 'ACTIVE_ONLY');
    counts.set('1', 7);
    answer(new Map([['1', 3]]));
    await again;
    assert.equal(counts.get('1'), 7);
    assert.deepEqual(changed, ['1']);
  });

  void it('describes one run, many runs, and a deleted experiment without a count', () => {
    const base: ExperimentNode = experimentNode({ experiment_id: '5', name: 'x', artifact_location: '', lifecycle_stage: 'active', tags: [] });
    assert.equal(experimentDescription({ ...base, runCount: 1 }), '1 run');
    assert.equal(experimentDescription({ ...base, runCount: 1234 }), '1234 runs');
    assert.equal(experimentDescription({ ...base, experiment: { ...base.experiment, lifecycle_stage: 'deleted' } }), 'deleted');
  });
});
