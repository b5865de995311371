import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/core/store/openStore';
import type { Run } from '../../../src/core/model/entities';
import { naturalCompare } from '../../../src/core/search/keySuggestions';
import { parseOrderByClause } from '../../../src/core/search/orderBy';
import {
  FILTER_HISTORY_LIMIT,
  describeQuery,
  filterProblem,
  orderByClause,
  quoteKey,
  readFilterHistory,
  readRunQuery,
  rememberFilter,
  sortFromOrderBy,
  sortKeysOf,
} from '../../../src/views/explorer/runQuery';
import type { RunSort } from '../../../src/views/explorer/runQuery';

const repoRoot = path.resolve(__dirname, '../../../..');
/** The file store MLflow 2.12.2 wrote (committed copy of ../shared/fixtures/generated). */
const fixtureStore = path.join(repoRoot, 'test/fixtures/generated-mlruns');

void describe('run filter validation', () => {
  void it('accepts what MLflow accepts, the empty filter included', () => {
    for (const ok of ['', '   ', "params.C = '1.0'", 'metrics.accuracy > 0.9 and params.C != \'10.0\'', "attributes.run_id IN ('a1', 'b2')", "attributes.status = 'FINISHED'", 'metrics.`val/loss` < 1']) {
      assert.equal(filterProblem(ok), undefined, ok);
    }
  });

  void it('rejects with MLflow\'s message prefixed by the 1-based column of the offending text', () => {
    const badEntity = filterProblem("metric.acc > 1 and foo.bar = 'x'");
    assert.match(badEntity ?? '', /^Column 20: Invalid entity type 'foo'/);
    const badAttribute = filterProblem("status = 'FINISHED' and attributes.nope = 'x'");
    assert.match(badAttribute ?? '', /^Column 25: Invalid attribute key 'nope'/);
    const unquoted = filterProblem('params.C = 1.0');
    assert.match(unquoted ?? '', /^Column \d+: .*string/i);
  });
});

void describe('filter history', () => {
  void it('puts the newest first, without duplicates or blanks, capped', () => {
    assert.deepEqual(rememberFilter(['a', 'b', 'c'], ' b '), ['b', 'a', 'c']);
    assert.deepEqual(rememberFilter(['a'], '   '), ['a']);
    const long = Array.from({ length: FILTER_HISTORY_LIMIT }, (_, i) => `params.p = '${i}'`);
    const next = rememberFilter(long, 'metrics.m > 1');
    assert.equal(next.length, FILTER_HISTORY_LIMIT);
    assert.equal(next[0], 'metrics.m > 1');
    assert.ok(!next.includes(`params.p = '${FILTER_HISTORY_LIMIT - 1}'`));
  });

  void it('reads only strings back from workspace state', () => {
    assert.deepEqual(readFilterHistory(undefined), []);
    assert.deepEqual(readFilterHistory({ not: 'a list' }), []);
    assert.deepEqual(readFilterHistory(['a', 3, '', null, 'b']), ['a', 'b']);
  });
});

void describe('order_by clauses', () => {
  const cases: [RunSort, string][] = [
    [{ entity: 'attribute', key: 'start_time', ascending: false }, 'attributes.start_time DESC'],
    [{ entity: 'attribute', key: 'run_name', ascending: true }, 'attributes.run_name ASC'],
    [{ entity: 'metric', key: 'accuracy', ascending: false }, 'metrics.accuracy DESC'],
    [{ entity: 'metric', key: 'val/loss', ascending: true }, 'metrics.`val/loss` ASC'],
    [{ entity: 'param', key: 'learning rate', ascending: true }, 'params.`learning rate` ASC'],
    [{ entity: 'param', key: 'odd`key', ascending: false }, 'params."odd`key" DESC'],
    [{ entity: 'metric', key: '0', ascending: true }, 'metrics.`0` ASC'],
  ];
  for (const [sort, expected] of cases) {
    void it(`${sort.entity} ${sort.key} → ${expected}, which MLflow's grammar reads back`, () => {
      const clause = orderByClause(sort);
      assert.equal(clause, expected);
      const parsed = parseOrderByClause(clause);
      assert.equal(parsed.key, sort.key);
      assert.equal(parsed.ascending, sort.ascending);
      assert.equal(parsed.entity, sort.entity === 'param' ? 'parameter' : sort.entity);
      assert.deepEqual(sortFromOrderBy(clause), sort);
    });
  }

  void it('quotes only what needs quoting', () => {
    assert.equal(quoteKey('lr'), 'lr');
    assert.equal(quoteKey('a.b'), '`a.b`');
  });

  void it('a typed clause becomes a sort; other attributes and tags are refused in plain words', () => {
    assert.equal(sortFromOrderBy(''), undefined);
    assert.deepEqual(sortFromOrderBy('metrics.loss'), { entity: 'metric', key: 'loss', ascending: true });
    assert.throws(() => sortFromOrderBy('tags.x DESC'), /sorted by start_time, run_name, status, end_time/);
    assert.throws(() => sortFromOrderBy('metrics.loss UP'), /Invalid ordering key/);
  });
});

void describe('sort keys in natural order', () => {
  void it('offers p2 before p10 and layer_9 before layer_10, each key once', () => {
    const run = (metrics: string[], params: string[]): Run =>
      ({
        info: { run_id: 'r', experiment_id: '0', status: 'FINISHED', lifecycle_stage: 'active', artifact_uri: '' },
        data: { metrics: metrics.map((key) => ({ key, value: 1, timestamp: 0, step: 0 })), params: params.map((key) => ({ key, value: 'v' })), tags: [] },
      }) as unknown as Run;
    const keys = sortKeysOf([run(['layer_10/loss', 'layer_9/loss', 'Loss'], ['p10', 'p2']), run(['layer_9/loss'], ['p1', 'P3'])]);
    assert.deepEqual(keys.metrics, ['layer_9/loss', 'layer_10/loss', 'Loss']);
    assert.deepEqual(keys.params, ['p1', 'p2', 'P3', 'p10']);
  });
});

void describe('view description', () => {
  void it('names the filter and the sort, or nothing when neither is active', () => {
    assert.equal(describeQuery({}), undefined);
    assert.equal(describeQuery({ filter: 'metrics.accuracy  >\n0.9' }), 'filter: metrics.accuracy > 0.9');
    assert.equal(
      describeQuery({ filter: "params.C = '1.0'", sort: { entity: 'metric', key: 'val/loss', ascending: true } }),
      "filter: params.C = '1.0' · sort: metrics.val/loss ↑",
    );
    assert.equal(describeQuery({ sort: { entity: 'attribute', key: 'start_time', ascending: false } }), 'sort: start_time ↓');
    const long = describeQuery({ filter: `params.p = '${'x'.repeat(200)}'` }) ?? '';
    assert.ok(long.length < 80 && long.endsWith('…'), long);
  });

  void it('reads a stored query defensively', () => {
    assert.deepEqual(readRunQuery(undefined), {});
    assert.deepEqual(readRunQuery({ filter: 'metrics.a >', sort: { entity: 'attribute', key: 'run_id', ascending: true } }), {});
    assert.deepEqual(readRunQuery({ filter: ' metrics.a > 1 ', sort: { entity: 'metric', key: 'a', ascending: false } }), {
      filter: 'metrics.a > 1',
      sort: { entity: 'metric', key: 'a', ascending: false },
    });
  });
});

void describe('sort keys from loaded runs (real file store)', { skip: fs.existsSync(fixtureStore) ? false : `SKIPPED: ${fixtureStore} is missing` }, () => {
  void it('lists the metric and parameter keys MLflow logged, sorted and unique', async () => {
    const store = openStore(fixtureStore, { cwd: repoRoot });
    try {
      const experiments = await store.searchExperiments({});
      const iris = experiments.items.find((e) => e.name === 'iris-classification');
      assert.ok(iris);
      const runs = await store.searchRuns({ experimentIds: [iris.experiment_id], include: { params: true, metrics: true } });
      const keys = sortKeysOf(runs.items);
      assert.ok(keys.metrics.includes('accuracy'), keys.metrics.join(', '));
      assert.ok(keys.params.includes('C'), keys.params.join(', '));
      assert.deepEqual(keys.metrics, [...new Set(keys.metrics)].sort(naturalCompare));
      assert.deepEqual(keys.params, [...new Set(keys.params)].sort(naturalCompare));
      // Sorting by one of them through the store orders the runs by that metric.
      const sorted = await store.searchRuns({
        experimentIds: [iris.experiment_id],
        filter: 'metrics.accuracy >= 0',
        orderBy: [orderByClause({ entity: 'metric', key: 'accuracy', ascending: false })],
        include: { metrics: true },
      });
      const values = sorted.items.map((r) => r.data.metrics.find((m) => m.key === 'accuracy')?.value ?? NaN);
      assert.ok(values.length >= 4, `${values.length} runs`);
      assert.deepEqual(values, [...values].sort((a, b) => b - a));
    } finally {
      store.dispose();
    }
  });
});
