/**
 * A filtered or sorted SQLite search reads only the keys its filter and order name to decide and
 * sort (issue 12: 20,000 candidates must not load 400,000 param rows), yet every page still carries
 * each run's whole data, exactly as getRun reads it, with or without MLflow's run_uuid indexes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { fixtureUri, fixtureVariant, removeVariant, repoRoot } from './sqliteFixture';

const ALL_EXPERIMENTS = ['0', '1', '2', '3', '4', '5', '6'];

const sorted = (list: readonly { key: string; value: unknown }[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

async function pagesOf(store: SqliteStore, request: Partial<Parameters<SqliteStore['searchRuns']>[0]>, maxResults: number): Promise<Run[]> {
  return collectPages((pageToken) => store.searchRuns({ experimentIds: ALL_EXPERIMENTS, viewType: 'ALL', ...request, maxResults, pageToken }));
}

/** Each run's params, metrics and tags equal getRun's (all keys, not just those the filter read). */
async function assertWholeData(store: SqliteStore, runs: readonly Run[]): Promise<void> {
  for (const run of runs) {
    const whole = await store.getRun(run.info.run_id);
    assert.deepEqual(sorted(run.data.params), sorted(whole.data.params), `params of ${run.info.run_name}`);
    assert.deepEqual(sorted(run.data.tags), sorted(whole.data.tags), `tags of ${run.info.run_name}`);
    assert.deepEqual(sorted(run.data.metrics), sorted(whole.data.metrics), `metrics of ${run.info.run_name}`);
  }
}

for (const variant of ['MLflow 2.12.2 schema (run_uuid indexes)', 'without the run_uuid indexes (older MLflow)'] as const) {
  void describe(`SqliteStore search data loading: ${variant}`, () => {
    let store: SqliteStore;
    let file: string | undefined;
    before(async () => {
      if (variant.startsWith('without')) {
        file = await fixtureVariant(
          'no-run-indexes',
          'DROP INDEX index_params_run_uuid; DROP INDEX index_tags_run_uuid; DROP INDEX index_latest_metrics_run_uuid; DROP INDEX index_metrics_run_uuid;',
        );
        store = await SqliteStore.open(file);
      } else {
        store = await SqliteStore.open(fixtureUri, { baseDir: repoRoot });
      }
    });
    after(() => {
      store.dispose();
      if (file) removeVariant(file);
    });

    void it('knows which tables are indexed on run_uuid', () => {
      const indexed = [...(store.schema?.runUuidIndexed ?? [])].sort();
      assert.deepEqual(indexed, variant.startsWith('without') ? [] : ['latest_metrics', 'metrics', 'params', 'tags']);
    });

    void it('a filter on one param and one metric returns the matching runs with all their data', async () => {
      const all = await pagesOf(store, {}, 1000);
      const paramKey = all.flatMap((r) => r.data.params)[0]?.key;
      const metricKey = all.flatMap((r) => r.data.metrics).find((m) => Number.isFinite(m.value))?.key;
      assert.ok(paramKey && metricKey, 'the fixture has params and metrics');
      const withBoth = all.filter((r) => r.data.params.some((p) => p.key === paramKey) && r.data.metrics.some((m) => m.key === metricKey && m.value > -1e300));
      assert.ok(withBoth.length > 0, 'some run has both keys');
      const filter = `params.\`${paramKey}\` != '' and metrics.\`${metricKey}\` > -1e300`;
      const expected = withBoth.filter((r) => r.data.params.some((p) => p.key === paramKey && p.value !== '')).map((r) => r.info.run_id);
      for (const maxResults of [1, 2, 1000]) {
        const runs = await pagesOf(store, { filter }, maxResults);
        assert.deepEqual(runs.map((r) => r.info.run_id), expected, `pages of ${maxResults}`);
        await assertWholeData(store, runs);
      }
    });

    void it('a sort by a metric reads every key of the page, and skips parts not asked for', async () => {
      const orderBy = ['metrics.loss DESC'];
      const runs = await pagesOf(store, { orderBy }, 2);
      assert.deepEqual(runs.map((r) => r.info.run_id), (await pagesOf(store, { orderBy }, 1000)).map((r) => r.info.run_id));
      await assertWholeData(store, runs);
      const bare = await pagesOf(store, { orderBy, include: { params: false, metrics: false, tags: true } }, 3);
      assert.deepEqual(bare.map((r) => r.info.run_id), runs.map((r) => r.info.run_id));
      assert.ok(bare.every((r) => r.data.params.length === 0 && r.data.metrics.length === 0));
      assert.deepEqual(bare.map((r) => sorted(r.data.tags)), runs.map((r) => sorted(r.data.tags)));
    });
  });
}
