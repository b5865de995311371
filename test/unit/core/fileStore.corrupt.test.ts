/**
 * Hand-made broken entries (test/fixtures/corrupt/mlruns): each becomes a problem naming its
 * file, and everything else still lists.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { StoreError, type StoreProblem } from '../../../src/core/store/storeErrors';
import { corruptStore } from './fixtures';

const store = new FileStore(corruptStore, { workerScript: false });
after(() => store.dispose());
const run1 = 'a0000000000000000000000000000001';

function problemAt(problems: StoreProblem[], rel: string, pattern: RegExp): StoreProblem {
  const found = problems.find((p) => p.location === path.join(corruptStore, rel) && pattern.test(p.message));
  assert.ok(found, `a problem at ${rel} matching ${pattern}; got ${JSON.stringify(problems.map((p) => [path.relative(corruptStore, p.location), p.message]), null, 1)}`);
  return found;
}

void describe('FileStore over corrupt entries', () => {
  void it('lists the readable experiments and reports the broken ones with their files', async () => {
    const page = await store.searchExperiments({ viewType: 'ALL' });
    assert.deepEqual(page.items.map((e) => e.name).sort(), ['Default', 'survivors']);
    problemAt(page.problems, '2/meta.yaml', /invalid YAML/);
    problemAt(page.problems, '3/meta.yaml', /experiment_id '4' differs from its folder name '3'/);
    problemAt(page.problems, 'notanexp', /no meta\.yaml/);
    assert.equal(page.problems.length, 3, 'the stray file `filelock` and `models/` are not problems');
  });

  void it('lists the readable runs and reports corrupt meta.yaml, wrong experiment_id, empty meta, unknown status', async () => {
    const page = await store.searchRuns({ experimentIds: ['1'], viewType: 'ALL' });
    assert.deepEqual(page.items.map((r) => r.info.run_id), [run1, 'a0000000000000000000000000000006', 'a0000000000000000000000000000007']);
    problemAt(page.problems, `1/a0000000000000000000000000000002/meta.yaml`, /invalid YAML/);
    problemAt(page.problems, `1/a0000000000000000000000000000003/meta.yaml`, /experiment_id '999' differs/);
    problemAt(page.problems, `1/a0000000000000000000000000000004/meta.yaml`, /empty meta\.yaml/);
    problemAt(page.problems, `1/a0000000000000000000000000000005/meta.yaml`, /unknown status '7'/);
    for (const p of page.problems.filter((x) => x.scope === 'run')) assert.equal(p.experimentId, '1');
  });

  void it('skips a truncated last metric line and bad lines, reporting each, and keeps the rest', async () => {
    const page = await store.searchRuns({ experimentIds: ['1'] });
    const run = page.items.find((r) => r.info.run_id === run1)!;
    const metrics = new Map(run.data.metrics.map((m) => [m.key, m]));
    // loss: the third line has no newline (still being written): latest is step 1.
    assert.deepEqual([metrics.get('loss')?.value, metrics.get('loss')?.step], [0.8, 1]);
    assert.deepEqual([metrics.get('acc')?.value, metrics.get('acc')?.step], [0.75, 2]);
    assert.deepEqual([metrics.get('two_fields')?.value, metrics.get('two_fields')?.step], [0.5, 0]);
    assert.deepEqual(metrics.get('five_fields'), { key: 'five_fields', value: 0.5, timestamp: 1700000000000, step: 3, dataset_name: 'my dataset name', dataset_digest: '1a2b3c' });
    assert.equal(metrics.has('empty'), false);
    problemAt(page.problems, `1/${run1}/metrics/loss`, /truncated last line/);
    problemAt(page.problems, `1/${run1}/metrics/acc`, /line 2: timestamp 'abc'/);
    problemAt(page.problems, `1/${run1}/metrics/empty`, /empty metric file/);
    const history = await store.getMetricHistory(run1, 'loss');
    assert.deepEqual(history.items.map((m) => m.step), [0, 1]);
    assert.equal(history.problems.length, 1);
  });

  void it('falls back for old run metas: run_uuid for the id, the tag for the run name, else "" as MLflow (a legacy \`name\` is ignored)', async () => {
    const failed = await store.getRun('a0000000000000000000000000000006');
    assert.equal(failed.info.run_id, 'a0000000000000000000000000000006');
    assert.equal(failed.info.run_name, 'name-from-tag');
    assert.equal(failed.info.experiment_id, '1');
    assert.equal(failed.info.status, 'FAILED');
    assert.equal(failed.info.user_id, '12345');
    assert.equal(failed.info.lifecycle_stage, 'active');
    const legacy = await store.getRun('a0000000000000000000000000000007');
    assert.equal(legacy.info.run_name, '');
  });

  void it('answers corrupt for a run whose meta.yaml is broken, notFound for a folder that is not a run', async () => {
    await assert.rejects(store.getRun('a0000000000000000000000000000002'), (e) => StoreError.is(e, 'corrupt'));
    await assert.rejects(store.getRun('artifacts-only-folder'), (e) => StoreError.is(e, 'notFound'));
  });

  void it('reports a broken registered model and drops an alias naming a missing version', async () => {
    const page = await store.searchRegisteredModels({});
    assert.deepEqual(page.items.map((m) => m.name), ['ok-model']);
    assert.deepEqual(page.items[0]!.aliases, [{ alias: 'best', version: '1' }]);
    problemAt(page.problems, 'models/broken-model/meta.yaml', /invalid YAML/);
  });
});
