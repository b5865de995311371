/**
 * "n of m runs" under a run filter, over the stores MLflow 2.12.2 wrote (test/fixtures/generated-mlruns,
 * generated-sqlite): the counts agree with each experiment's own filtered listing, an experiment without
 * a match has nothing to expand, and a count that arrives after the filter changed is dropped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/core/model/entities';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import type { FilterMatches } from '../../../src/views/explorer/filterMatchCounts';
import { FilterMatchCounts, countFilterMatches, describeMatches } from '../../../src/views/explorer/filterMatchCounts';
import { experimentNode } from '../../../src/views/explorer/nodes';
import { present } from '../../../src/views/explorer/presentation';
import { openFileBackend, openSqliteBackend, type Backend } from '../conformance/backends';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const FILTERS = ['metrics.accuracy > 0.9', "attributes.status = 'FAILED'", "params.C = '1.0'", 'metrics.loss < 0.06', "tags.mlflow.runName LIKE '%run%'"];

for (const open of [openFileBackend, openSqliteBackend]) {
  void describe(`matching-run counts over the ${open === openFileBackend ? 'file' : 'SQLite'} store MLflow wrote`, () => {
    let backend: Backend;
    let store: TrackingStore;
    let experiments: Experiment[];
    before(async () => {
      backend = await open();
      store = backend.store;
      experiments = (await store.searchExperiments({})).items;
    });
    after(() => backend.close());

    void it('one search counts what each experiment\'s own filtered listing holds', async () => {
      const ids = experiments.map((e) => e.experiment_id);
      let someEmpty = false;
      let someFull = false;
      for (const filter of FILTERS) {
        const counts = await countFilterMatches(store, ids, filter, 'ACTIVE_ONLY');
        for (const id of ids) {
          const listed = await store.searchRuns({ experimentIds: [id], filter, maxResults: 1000 });
          assert.deepEqual(counts.get(id), { count: listed.items.length, more: false }, `${filter} in experiment ${id}`);
          if (listed.items.length === 0) someEmpty = true;
          else someFull = true;
        }
      }
      assert.ok(someEmpty && someFull, 'the filters leave some experiments empty and match in others');
    });

    void it('stops at the bound and says that more runs match', async () => {
      const ids = experiments.map((e) => e.experiment_id);
      const all = await countFilterMatches(store, ids, 'metrics.loss >= 0', 'ACTIVE_ONLY');
      const total = [...all.values()].reduce((sum, m) => sum + m.count, 0);
      assert.ok(total >= 4, `${total} runs logged loss`);
      const bounded = await countFilterMatches(store, ids, 'metrics.loss >= 0', 'ACTIVE_ONLY', 2);
      assert.equal([...bounded.values()].reduce((sum, m) => sum + m.count, 0), 2);
      assert.ok([...bounded.values()].every((m) => m.more && m.count > 0), 'experiments not seen are left out, not "0+"');
      assert.ok(bounded.size < ids.length);
    });

    void it('deleted runs count only when deleted runs are shown', async () => {
      const ids = experiments.map((e) => e.experiment_id);
      const filter = "attributes.status = 'FINISHED'";
      const active = await countFilterMatches(store, ids, filter, 'ACTIVE_ONLY');
      const everything = await countFilterMatches(store, ids, filter, 'ALL');
      for (const id of ids) {
        const listed = await store.searchRuns({ experimentIds: [id], filter, viewType: 'ALL', maxResults: 1000 });
        assert.equal(everything.get(id)?.count, listed.items.length);
        assert.ok((everything.get(id)?.count ?? 0) >= (active.get(id)?.count ?? 0));
      }
    });
  });
}

void describe('experiment rows under a filter', () => {
  const experiment: Experiment = { experiment_id: '7', name: 'iris', artifact_location: '', lifecycle_stage: 'active', tags: [] };
  const row = (runCount: number | undefined, matches: FilterMatches | undefined) => {
    const node = experimentNode(experiment, runCount);
    node.matches = matches;
    return present(node, now);
  };

  void it('say how many of the runs match; without a match there is nothing to expand', () => {
    assert.equal(row(12, { count: 3, more: false }).description, '3 of 12 runs');
    assert.equal(row(12, { count: 3, more: false }).collapsible, 'collapsed');
    assert.equal(row(12, { count: 0, more: false }).description, '0 of 12 runs');
    assert.equal(row(12, { count: 0, more: false }).collapsible, 'none');
    assert.equal(row(1, { count: 1, more: false }).description, '1 of 1 run');
    assert.equal(row(undefined, { count: 5, more: true }).description, '5+ matching');
    // Not counted yet: the row reads as without a filter.
    assert.equal(row(12, undefined).description, '12 runs');
    assert.equal(describeMatches({ count: 20000, more: true }, 50000), '20000+ of 50000 runs');
  });

  void it('a count asked for under an earlier filter is dropped when it arrives', async () => {
    const changed: string[] = [];
    const counts = new FilterMatchCounts((id) => changed.push(id));
    let answer: (() => void) | undefined;
    const slowStore = {
      kind: 'rest' as const,
      searchRuns: () =>
        new Promise<never>((resolve) => {
          answer = () => resolve({ items: [], problems: [] } as never);
        }),
    };
    const first = counts.request(slowStore, ['1', '2'], 'metrics.a > 1', 'ACTIVE_ONLY');
    counts.clear();
    counts.set('2', 4);
    answer?.();
    await first;
    assert.equal(counts.get('1'), undefined);
    assert.deepEqual(counts.get('2'), { count: 4, more: false });
    assert.deepEqual(changed, ['2']);
  });
});
