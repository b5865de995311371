/**
 * The CLI's direct run serializer prints exactly what JSON.stringify(runToJson(run)) prints: over
 * every run of stores MLflow wrote, and over runs with the edge cases MLflow's JSON has (non-finite
 * metrics, absent times, empty lists, dataset inputs, text that JSON must escape).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { runJsonText, runToJson } from '../../../src/cli/restJson';
import { findStores, generatedStore, realMlruns } from '../core/fixtures';

function sameAsRunToJson(run: Run): void {
  const text = runJsonText(run);
  assert.equal(text, JSON.stringify(runToJson(run)), `run ${run.info.run_id}`);
  JSON.parse(text);
}

async function everyRun(root: string): Promise<Run[]> {
  const store = new FileStore(root, { workerScript: false, backgroundReads: false });
  try {
    const experiments = await store.searchExperiments({ viewType: 'ALL', maxResults: 50000 });
    const page = await store.searchRuns({
      experimentIds: experiments.items.map((e) => e.experiment_id),
      viewType: 'ALL',
      maxResults: 50000,
      include: { params: true, metrics: true, tags: true, inputs: true },
    });
    return page.items;
  } finally {
    store.dispose();
  }
}

const base: Run = {
  info: {
    run_id: 'r1',
    run_uuid: 'r1',
    run_name: 'name',
    experiment_id: '0',
    user_id: 'u',
    status: 'FINISHED',
    start_time: 1,
    end_time: 2,
    artifact_uri: 'file:///a',
    lifecycle_stage: 'active',
  },
  data: { metrics: [], params: [], tags: [] },
};

void describe('runJsonText', () => {
  void it('prints every run of the generated store as runToJson does', async () => {
    const runs = await everyRun(generatedStore);
    assert.ok(runs.length > 10, `${runs.length} runs`);
    for (const run of runs) sameAsRunToJson(run);
  });

  void it('prints every run of the stores real MLflow wrote (../shared/fixtures/real-mlruns) as runToJson does', async (t) => {
    if (!fs.existsSync(realMlruns)) return t.skip(`no ${realMlruns}`);
    let count = 0;
    for (const root of findStores(realMlruns)) {
      const runs = await everyRun(root);
      count += runs.length;
      for (const run of runs) sameAsRunToJson(run);
    }
    assert.ok(count > 100, `${count} runs`);
  });

  void it('keeps the omissions, non-finite doubles, escapes and dataset inputs', () => {
    sameAsRunToJson(base);
    sameAsRunToJson({ ...base, info: { ...base.info, status: 'RUNNING', start_time: undefined, end_time: undefined } });
    const weird = 'quote " backslash \\ newline \n tab \t nul \u0000 line sep \u2028 emoji 🙂 <script>';
    sameAsRunToJson({
      ...base,
      info: { ...base.info, run_name: weird },
      data: {
        metrics: [
          { key: 'nan', value: NaN, timestamp: 1, step: 0 },
          { key: 'inf', value: Infinity, timestamp: 1, step: -1 },
          { key: 'ninf', value: -Infinity, timestamp: 1, step: 2 },
          { key: 'small', value: 1e-300, timestamp: 0, step: 0, dataset_name: 'train', dataset_digest: 'abc' },
          { key: weird, value: -0.5, timestamp: 17e11, step: 3 },
        ],
        params: [{ key: 'p', value: '' }, { key: weird, value: weird }],
        tags: [{ key: 'mlflow.note.content', value: weird }],
      },
      inputs: {
        dataset_inputs: [
          { tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'd', digest: 'x', source_type: 'local', source: '{"uri": "/d"}' } },
          { tags: [], dataset: { name: 'e', digest: 'y', source_type: 'code', source: '{}', schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 3}' } },
        ],
      },
    });
    sameAsRunToJson({ ...base, inputs: { dataset_inputs: [] } });
  });
});
