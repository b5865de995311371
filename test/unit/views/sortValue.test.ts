/**
 * Rows of runs sorted by a metric or parameter show its value, over the store MLflow 2.12.2 wrote
 * (test/fixtures/generated-mlruns): read as the explorer reads a sorted listing, then presented.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { openStore } from '../../../src/core/store/openStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import type { RunNode } from '../../../src/views/explorer/nodes';
import { buildRunForest } from '../../../src/views/explorer/nodes';
import { present, runDescription } from '../../../src/views/explorer/presentation';
import type { RunSort } from '../../../src/views/explorer/runQuery';
import { orderByClause } from '../../../src/views/explorer/runQuery';
import { markShownKey, runListingData, shownValueText } from '../../../src/views/explorer/sortValue';

const repoRoot = path.resolve(__dirname, '../../../..');
const fixtureStore = path.join(repoRoot, 'test/fixtures/generated-mlruns');
const now = Date.UTC(2026, 10, 24, 12, 0, 0);

function flatten(nodes: readonly RunNode[]): RunNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.childRuns)]);
}

void describe('run rows show the value of the metric or parameter they are sorted by', { skip: fs.existsSync(fixtureStore) ? false : `SKIPPED: ${fixtureStore} is missing` }, () => {
  let store: TrackingStore;
  let irisId: string;
  before(async () => {
    store = openStore(fixtureStore, { cwd: repoRoot });
    const experiments = await store.searchExperiments({});
    irisId = experiments.items.find((e) => e.name === 'iris-classification')!.experiment_id;
  });
  after(() => store.dispose());

  /** The explorer's listing of iris-classification under this sort, as rows. */
  async function rows(sort: RunSort | undefined): Promise<RunNode[]> {
    const page = await store.searchRuns({
      experimentIds: [irisId],
      include: runListingData(sort),
      ...(sort ? { orderBy: [orderByClause(sort)] } : {}),
    });
    const forest = buildRunForest(page.items);
    markShownKey(forest, sort);
    return flatten(forest);
  }

  void it('a metric sort reads the metrics and prefixes each row, nested runs included, with the latest value', async () => {
    const sort: RunSort = { entity: 'metric', key: 'accuracy', ascending: false };
    assert.deepEqual(runListingData(sort), { tags: true, metrics: true });
    const all = await rows(sort);
    const withAccuracy = all.filter((n) => n.run.data.metrics.some((m) => m.key === 'accuracy'));
    assert.ok(withAccuracy.length >= 4, `${withAccuracy.length} runs logged accuracy`);
    assert.ok(all.some((n) => n.childRuns.length > 0), 'the listing nests runs under their parent');
    assert.ok(all.length > withAccuracy.length, 'some runs did not log accuracy');
    for (const node of all) {
      const description = present(node, now).description ?? '';
      const accuracy = node.run.data.metrics.find((m) => m.key === 'accuracy');
      const expected = accuracy ? `accuracy ${Number(accuracy.value.toPrecision(4))}` : 'accuracy —';
      assert.equal(description, `${expected} · ${runDescription(node.run, now)}`, node.run.info.run_name);
    }
  });

  void it('a parameter sort shows the parameter as logged; no sort and attribute sorts show none', async () => {
    const sort: RunSort = { entity: 'param', key: 'C', ascending: true };
    assert.deepEqual(runListingData(sort), { tags: true, params: true });
    const byC = await rows(sort);
    const shown = byC.map((n) => (present(n, now).description ?? '').split(' · ')[0]);
    const logged = byC.map((n) => n.run.data.params.find((p) => p.key === 'C')?.value);
    assert.deepEqual(shown, logged.map((v) => `C ${v ?? '—'}`));
    assert.ok(logged.includes('1.0'), logged.join(', '));

    for (const plain of [undefined, { entity: 'attribute', key: 'run_name', ascending: true } as RunSort]) {
      assert.deepEqual(runListingData(plain), { tags: true });
      for (const node of await rows(plain)) assert.equal(present(node, now).description, runDescription(node.run, now));
    }
  });

  void it('clearing the sort clears the mark on rows updated in place', async () => {
    const [node] = await rows({ entity: 'metric', key: 'accuracy', ascending: true });
    assert.ok(node?.shownKey);
    markShownKey([node], undefined);
    assert.ok('shownKey' in node && node.shownKey === undefined, 'the field is assigned so Object.assign carries the clearing');
  });
});

void describe('shown values stay short and on one line', () => {
  const run = (params: Record<string, string>, metrics: Record<string, number>): Run =>
    ({
      info: { run_id: 'r', experiment_id: '0', status: 'FINISHED', lifecycle_stage: 'active', artifact_uri: '' },
      data: {
        params: Object.entries(params).map(([key, value]) => ({ key, value })),
        metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
        tags: [],
      },
    }) as unknown as Run;

  void it('clips long keys and values, folds newlines, and spells NaN and infinities', () => {
    const long = 'x'.repeat(100);
    const text = shownValueText(run({ [long]: `line one\nline two ${long}` }, {}), { entity: 'param', key: long });
    assert.ok(text.length <= 66, text);
    assert.ok(!text.includes('\n') && text.includes('⏎'), text);
    assert.equal(shownValueText(run({}, { loss: NaN }), { entity: 'metric', key: 'loss' }), 'loss NaN');
    assert.equal(shownValueText(run({}, { loss: -Infinity }), { entity: 'metric', key: 'loss' }), 'loss -Infinity');
    assert.equal(shownValueText(run({}, { acc: 0.97777777 }), { entity: 'metric', key: 'acc' }), 'acc 0.9778');
  });
});
