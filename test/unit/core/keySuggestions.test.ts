import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { parseFilter } from '../../../src/core/search/filterParser';
import type { RunKeys } from '../../../src/core/search/keySuggestions';
import { describeUnknownKeys, naturalCompare, runKeysOf, unknownFilterKeys } from '../../../src/core/search/keySuggestions';
import { openStore } from '../../../src/core/store/openStore';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The file store MLflow 2.12.2 wrote (committed copy of ../shared/fixtures/generated). */
const fixtureStore = path.join(repoRoot, 'test/fixtures/generated-mlruns');

const unknownIn = (filter: string, keys: RunKeys) => unknownFilterKeys(filter, parseFilter(filter), keys);

void describe('keys a filter names that no listed run logged (runs of the real file store)', { skip: fs.existsSync(fixtureStore) ? false : `SKIPPED: ${fixtureStore} is missing` }, () => {
  let keys: RunKeys;
  before(async () => {
    const store = openStore(fixtureStore, { cwd: repoRoot });
    try {
      const experiments = await store.searchExperiments({});
      const runs = await store.searchRuns({ experimentIds: experiments.items.map((e) => e.experiment_id) });
      keys = runKeysOf(runs.items);
    } finally {
      store.dispose();
    }
  });

  void it('reads every metric, parameter and tag key MLflow logged', () => {
    for (const metric of ['accuracy', 'loss', 'val/accuracy', 'точность']) assert.ok(keys.metric.has(metric), metric);
    for (const param of ['C', 'learning rate', '学习率']) assert.ok(keys.parameter.has(param), param);
    assert.ok(keys.tag.has('mlflow.runName'));
  });

  void it('a misspelt metric is reported with the logged one as the fix, the rest of the filter kept byte for byte', () => {
    const filter = "metrics.acuracy > 0.9 and  params.C = '1.0'";
    const [unknown, ...more] = unknownIn(filter, keys);
    assert.equal(more.length, 0);
    assert.equal(unknown?.entity, 'metric');
    assert.equal(unknown?.key, 'acuracy');
    assert.equal(unknown?.suggestions[0]?.identifier, 'metrics.accuracy');
    assert.equal(unknown?.suggestions[0]?.filter, "metrics.accuracy > 0.9 and  params.C = '1.0'");
    assert.equal(
      describeUnknownKeys(unknownIn(filter, keys)),
      'No listed run logs metric "acuracy" (nearest: accuracy), so the filter matches nothing.',
    );
  });

  void it('every spelling of the same identifier is replaced; quoted keys stay quoted', () => {
    const [unknown] = unknownIn('metric.acuracy > 0.5 and metrics.`acuracy` < 0.99', keys);
    assert.equal(unknown?.suggestions[0]?.filter, 'metrics.accuracy > 0.5 and metrics.accuracy < 0.99');
    const [slashed] = unknownIn('metrics.`val/acuracy` >= 0.5', keys);
    assert.equal(slashed?.suggestions[0]?.filter, 'metrics.`val/accuracy` >= 0.5');
    const [spaced] = unknownIn("params.`learning rte` = '0.01'", keys);
    assert.equal(spaced?.suggestions[0]?.filter, "params.`learning rate` = '0.01'");
  });

  void it('a key logged under another entity comes first, when the filter stays valid with it', () => {
    // `C` is a parameter: `params.C > 1` is no valid filter (a parameter compares as text), so it is not offered.
    const [asMetric] = unknownIn('metrics.C > 1', keys);
    assert.deepEqual(asMetric?.suggestions.map((s) => s.identifier), []);
    const [asParam] = unknownIn("params.accuracy = '1'", keys);
    assert.ok(!asParam?.suggestions.some((s) => s.identifier === 'metrics.accuracy'), JSON.stringify(asParam));
    const [asTag] = unknownIn("tags.C = '1.0'", keys);
    assert.equal(asTag?.suggestions[0]?.identifier, 'params.C');
    assert.equal(asTag?.suggestions[0]?.filter, "params.C = '1.0'");
  });

  void it('case differences are near; unrelated keys get no suggestion; known keys are not reported', () => {
    assert.equal(unknownIn("params.c = '1.0'", keys)[0]?.suggestions[0]?.key, 'C');
    const [far] = unknownIn('metrics.throughput > 10', keys);
    assert.deepEqual(far?.suggestions, []);
    assert.equal(describeUnknownKeys(far ? [far] : []), 'No listed run logs metric "throughput", so the filter matches nothing.');
    assert.deepEqual(unknownIn("metrics.accuracy > 0.9 and params.`learning rate` = '0.01' and tags.mlflow.runName != 'x' and attributes.status = 'FINISHED'", keys), []);
    assert.equal(describeUnknownKeys([]), undefined);
  });

  void it('two unknown keys are both named, each once', () => {
    const unknown = unknownIn("metrics.acuracy > 0.9 and metrics.acuracy < 1 and params.solvr = 'lbfgs'", keys);
    assert.deepEqual(unknown.map((u) => [u.entity, u.key, u.suggestions[0]?.key]), [
      ['metric', 'acuracy', 'accuracy'],
      ['parameter', 'solvr', 'solver'],
    ]);
    assert.match(describeUnknownKeys(unknown) ?? '', /metric "acuracy" \(nearest: accuracy\), nor parameter "solvr" \(nearest: solver\)/);
  });
});

void describe('natural key order', () => {
  void it('numbers inside keys compare by value, letters regardless of case, with a total order', () => {
    const keys = ['p10', 'p2', 'P1', 'layer_10/loss', 'layer_9/loss', 'b', 'B', 'a'];
    assert.deepEqual([...keys].sort(naturalCompare), ['a', 'B', 'b', 'layer_9/loss', 'layer_10/loss', 'P1', 'p2', 'p10']);
  });

  void it('runKeysOf collects each key once per entity', () => {
    const run = (metrics: string[], params: string[]): Run =>
      ({
        info: { run_id: 'r', experiment_id: '0', status: 'FINISHED', lifecycle_stage: 'active', artifact_uri: '' },
        data: { metrics: metrics.map((key) => ({ key, value: 1, timestamp: 0, step: 0 })), params: params.map((key) => ({ key, value: 'v' })), tags: [] },
      }) as unknown as Run;
    const keys = runKeysOf([run(['m', 'x'], ['x']), run(['m'], [])]);
    assert.deepEqual([...keys.metric], ['m', 'x']);
    assert.deepEqual([...keys.parameter], ['x']);
    assert.deepEqual([...keys.tag], []);
  });
});
