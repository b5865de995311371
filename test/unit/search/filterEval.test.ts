/**
 * MLflow's filter and order_by semantics, evaluated in plain JS over the runs MLflow 2.12.2 wrote
 * (the committed SQLite fixture; expected names read off the database with the sqlite3 CLI).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { collectPages } from '../../../src/core/model/paging';
import { FilterSyntaxError } from '../../../src/core/search/filterAst';
import { compileRunFilter, requiredData } from '../../../src/core/search/filterEval';
import { parseFilter } from '../../../src/core/search/filterParser';
import { compileRunOrder, parseOrderByClause } from '../../../src/core/search/orderBy';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';

const repoRoot = path.resolve(__dirname, '../../../..');
const HOSTILE = `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`;
const CHILDREN = ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0'];
const GRANDCHILDREN = CHILDREN.map((c) => `${c} / fold-0`);

let runs: Run[] = [];

function matching(filter: string): string[] {
  const predicate = compileRunFilter(filter);
  return runs.filter(predicate).map((r) => r.info.run_name).sort();
}

function runId(name: string): string {
  const run = runs.find((r) => r.info.run_name === name);
  assert.ok(run, name);
  return run.info.run_id;
}

before(async () => {
  const store = await SqliteStore.open(path.join(repoRoot, 'test/fixtures/generated-sqlite/mlflow.db'));
  try {
    const ids = ['0', '1', '2', '3', '4', '5', '6'];
    runs = await collectPages((pageToken) => store.searchRuns({ experimentIds: ids, pageToken }));
  } finally {
    store.dispose();
  }
  assert.equal(runs.length, 18);
});

void describe('filter semantics over the fixture runs', () => {
  void it('documented examples select the runs MLflow selects', () => {
    assert.deepEqual(matching('metrics.accuracy > 0.9'), ['C=0.1', 'C=1.0', 'C=10.0']);
    assert.deepEqual(matching("metrics.accuracy >= 0.9 and params.solver = 'lbfgs'"), ['C=0.1', 'C=1.0', 'C=10.0']);
    assert.deepEqual(matching('params.C = "0.1"'), ['C=0.1']);
    assert.deepEqual(matching('metrics.accuracy > -1'), CHILDREN);
    assert.deepEqual(matching('metrics.accuracy > 1e-3'), CHILDREN);
    assert.deepEqual(matching("tags.mlflow.runName = 'C=0.1'"), ['C=0.1']);
    assert.deepEqual(matching("status = 'FAILED'"), ['failed-run']);
    assert.deepEqual(matching("status = 'failed'"), []);
    assert.deepEqual(matching(`attributes.run_id IN ('${runId('C=0.1')}', '${runId('C=1.0')}')`), ['C=0.1', 'C=1.0']);
    assert.deepEqual(matching("attributes.run_name LIKE 'c=%'"), []);
    assert.deepEqual(matching("attributes.run_name ILIKE 'c=%'"), [...CHILDREN, ...GRANDCHILDREN].sort());
    assert.deepEqual(matching("`Run Name` = 'C=0.1'"), ['C=0.1']);
    assert.equal(matching('attributes.created > 1700000000000').length, 18);
    assert.deepEqual(matching("datasets.context = 'training'"), CHILDREN);
    assert.deepEqual(matching("params.`path-like` LIKE '%*.csv'"), [HOSTILE]);
  });

  void it('a run lacking the key never matches, not even !=', () => {
    assert.deepEqual(matching("tags.error != 'x'"), ['failed-run']);
    assert.equal(matching('end_time > 0').length, 16);
    assert.ok(!matching('end_time > 0').includes('running-run'));
    assert.ok(!matching('end_time > 0').includes('scheduled-run'));
    assert.deepEqual(matching('metrics.loss != 123'), ['failed-run', 'finished-run', 'killed-run', 'quick-test-0', 'quick-test-1', 'running-run', 'scheduled-run']);
  });

  void it('params compare as text; metrics as numbers on the latest value', () => {
    assert.deepEqual(matching("params.`学习率` = '1e-3'"), [HOSTILE]);
    assert.deepEqual(matching("params.`学习率` = '0.001'"), []);
    assert.deepEqual(matching("params.epochs = '90' and metrics.lr > 0"), ['resnet50-full-training']);
    // special/nan logged NaN at step 0 and 1.5 at step 1: the latest value decides.
    assert.deepEqual(matching('metrics.`special/nan` > 1'), [HOSTILE]);
    assert.deepEqual(matching("user_id = 'root' and metrics.accuracy < 0.9"), ['C=0.01']);
    assert.deepEqual(matching('metrics.`special/huge` >= 1.7976931348623157e308'), [HOSTILE]);
  });

  void it('LIKE is SQL LIKE: case-sensitive, % crosses newlines, _ is one character, dots and quotes are literal', () => {
    assert.deepEqual(matching("params.C LIKE '0.1'"), ['C=0.1']);
    assert.deepEqual(matching("params.C LIKE '0_1'"), ['C=0.1']);
    assert.deepEqual(matching("params.C LIKE '0x1'"), []);
    assert.deepEqual(matching("tags.multiline LIKE 'line 1%tabbed%'"), [HOSTILE]);
    assert.deepEqual(matching("params.`learning rate` LIKE '0.00_'"), [HOSTILE]);
    assert.deepEqual(matching(`params.optimizer LIKE 'Adam "beta1=0.9"%'`), [HOSTILE]);
    assert.deepEqual(matching(`tags.\`quote tag\` LIKE "%'single'%"`), [HOSTILE]);
    assert.deepEqual(matching("tags.`html tag` LIKE '<script>alert(%)</script>'"), [HOSTILE]);
    assert.deepEqual(matching("tags.`unicode/ключ` ILIKE 'ЗНАЧЕНИЕ'"), [HOSTILE]);
    assert.deepEqual(matching("params.empty = ''"), [HOSTILE]);
    assert.deepEqual(matching("params.`model/name` LIKE '%🚀'"), [HOSTILE]);
  });

  void it('datasets match when any input matches; IN lists work for datasets', () => {
    assert.deepEqual(matching("datasets.name IN ('iris-test', 'nope')"), CHILDREN);
    assert.deepEqual(matching("datasets.name NOT IN ('iris-test')"), CHILDREN);
    assert.deepEqual(matching("datasets.context = 'evaluation' and metrics.accuracy > 0.95"), ['C=1.0', 'C=10.0']);
  });

  void it('NaN latest values satisfy only != (IEEE comparison, as MLflow in Python)', () => {
    const base = runs[0];
    assert.ok(base);
    const nanRun: Run = { ...base, data: { ...base.data, metrics: [{ key: 'x', value: Number.NaN, step: 0, timestamp: 0 }] } };
    for (const [filter, expected] of [['metrics.x > 0', false], ['metrics.x <= 0', false], ['metrics.x = 0', false], ['metrics.x != 0', true]] as const) {
      assert.equal(compileRunFilter(filter)(nanRun), expected, filter);
    }
  });

  void it('requiredData names the parts of a run a filter reads', () => {
    assert.deepEqual(requiredData(parseFilter("metrics.a > 1 and params.b = 'x'")), { params: true, metrics: true, tags: false, datasets: false });
    assert.deepEqual(requiredData(parseFilter("status = 'FAILED' and datasets.name = 'd'")), { params: false, metrics: false, tags: false, datasets: true });
  });
});

void describe('order_by semantics over the fixture runs', () => {
  const ordered = (orderBy: string[], subset = runs): string[] => [...subset].sort(compileRunOrder(orderBy)).map((r) => r.info.run_name);

  void it('defaults to start_time DESC, then run_id ASC', () => {
    const names = ordered([]);
    const starts = [...runs].sort(compileRunOrder([])).map((r) => r.info.start_time ?? 0);
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a));
    assert.equal(names[0], 'C=10.0 / fold-0');
    assert.equal(names[names.length - 1], 'quick-test-0');
  });

  void it('puts runs lacking the key last in both directions; ties fall back to newest first', () => {
    const iris = runs.filter((r) => r.info.experiment_id === '1');
    assert.deepEqual(ordered(['metrics.accuracy ASC'], iris).slice(0, 4), ['C=0.01', 'C=0.1', 'C=10.0', 'C=1.0']);
    assert.deepEqual(ordered(['metrics.accuracy DESC'], iris).slice(0, 4), ['C=10.0', 'C=1.0', 'C=0.1', 'C=0.01']);
    assert.deepEqual(ordered(['metrics.accuracy DESC'], iris).slice(4), ['C=10.0 / fold-0', 'C=1.0 / fold-0', 'C=0.1 / fold-0', 'C=0.01 / fold-0', 'hyperparam-search']);
    assert.deepEqual(ordered(['params.C desc'], iris).slice(0, 4), ['C=10.0', 'C=1.0', 'C=0.1', 'C=0.01']);
  });

  void it('sorts params as text, NaN after numbers, and applies clauses in order', () => {
    const base = runs[0];
    assert.ok(base);
    const make = (name: string, value: number | undefined, p: string): Run => ({
      info: { ...base.info, run_id: name, run_uuid: name, run_name: name, start_time: 1 },
      data: { params: [{ key: 'p', value: p }], tags: [], metrics: value === undefined ? [] : [{ key: 'm', value, step: 0, timestamp: 0 }] },
    });
    const synthetic = [make('a', Number.NaN, '9'), make('b', 2, '10.0'), make('c', undefined, '9'), make('d', -1, '10.0')];
    assert.deepEqual(ordered(['metrics.m ASC'], synthetic), ['d', 'b', 'a', 'c']);
    assert.deepEqual(ordered(['metrics.m DESC'], synthetic), ['b', 'd', 'a', 'c']);
    assert.deepEqual(ordered(['params.p ASC', 'metrics.m DESC'], synthetic), ['b', 'd', 'a', 'c']);
  });

  void it('rejects what MLflow rejects', () => {
    const rejects = (clause: string, message: RegExp): void =>
      assert.throws(() => parseOrderByClause(clause), (e: unknown) => e instanceof FilterSyntaxError && message.test(e.message));
    rejects('metrics.accuracy DESCENDING', /^Invalid ordering key in order_by clause 'metrics.accuracy DESCENDING'/);
    rejects('metrics.train/loss', /^Invalid order_by clause 'metrics.train\/loss'. Could not be parsed.$/);
    rejects('metrics.a DESC NULLS LAST', /Could not be parsed/);
    rejects('`Run Name` ASC', /^Invalid attribute key 'Run Name'/);
    rejects('datasets.name', /^Invalid order_by entity: dataset$/);
    assert.deepEqual(parseOrderByClause('metrics.`val loss` asc'), { entity: 'metric', key: 'val loss', ascending: true });
    assert.deepEqual(parseOrderByClause('created DESC'), { entity: 'attribute', key: 'start_time', ascending: false });
  });
});
