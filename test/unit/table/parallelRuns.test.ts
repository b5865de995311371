/**
 * The runs table's parallel-coordinates request: every listed run (nested ones too, collapsed or
 * not) with its values in the asked columns, metrics by their column's mode, unknown columns left
 * out, at most ProtocolLimits.maxParallelRuns runs; and the host guard's bounds on the request.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Run } from '../../../src/core/model/entities';
import { FileStore } from '../../../src/core/store/file/fileStore';
import type { TrackingStore } from '../../../src/core/store/trackingStore';
import { parseWebviewMessage, ProtocolViolation } from '../../../src/panels/messageGuard';
import { RunsTableSession } from '../../../src/panels/runsTableState';
import { ProtocolLimits } from '../../../src/shared/webviewProtocol';
import { fixturesDir } from '../conformance/backends';

let store: FileStore;
let iris: string;

before(async () => {
  store = new FileStore(path.join(fixturesDir, 'generated-mlruns'), { workerScript: false });
  iris = (await store.searchExperiments({ maxResults: 100 })).items.find((e) => e.name === 'iris-classification')?.experiment_id as string;
});

after(() => store.dispose());

void it('sends every listed run with its values in the asked columns (nested runs too, unknown columns left out)', async () => {
  const session = new RunsTableSession([iris]);
  await session.load(store);
  assert.equal(session.state().rowCount, 1, 'the table shows the collapsed parent only');
  const result = session.parallelRuns({ version: 0, columnIds: ['param:C', 'metric:accuracy', 'param:no such key'] });
  assert.equal(result.version, session.state().version);
  assert.equal(result.total, 9);
  assert.equal(result.runs.length, 9, 'children of collapsed parents are drawn too');
  assert.deepEqual(result.columns.map((c) => c.id), ['param:C', 'metric:accuracy']);
  const byName = new Map(result.runs.map((r, i) => [r.name, i]));
  const value = (name: string, column: number) => result.columns[column]?.values[byName.get(name) as number];
  assert.equal(value('C=10.0', 0), '10.0', 'params as the text MLflow stored');
  assert.equal(value('C=10.0', 1), 0.9777777777777777);
  assert.equal(value('hyperparam-search', 0), null, 'absent: null');
  assert.equal(value('C=0.1 / fold-0', 1), null);
});

void it('metrics follow their column mode (max over the history) and the runs are bounded', async () => {
  const session = new RunsTableSession([iris]);
  await session.load(store);
  const latest = session.parallelRuns({ version: 0, columnIds: ['metric:train_loss'] }).columns[0]?.values;
  session.setLayout({ ...session.layout, metricModes: { 'metric:train_loss': 'max' } });
  await session.readExtremes(store);
  const max = session.parallelRuns({ version: 0, columnIds: ['metric:train_loss'] }).columns[0]?.values;
  assert.ok(latest && max);
  const pairs = latest.map((v, i) => [v, max[i]] as const).filter(([v]) => v !== null);
  assert.ok(pairs.length >= 4);
  for (const [l, m] of pairs) assert.ok((m as number) >= (l as number), `max ${m} ≥ latest ${l}`);
  assert.ok(pairs.some(([l, m]) => (m as number) > (l as number)), 'a loss that fell has a larger max than its latest value');

  // A listing past the bound: the first maxParallelRuns runs are sent, and how many are listed.
  const many = Array.from({ length: ProtocolLimits.maxParallelRuns + 5 }, (_, i): Run => ({
    info: { run_id: `r${i}`, run_uuid: `r${i}`, run_name: `run ${i}`, experiment_id: '1', user_id: 'u', status: 'FINISHED', start_time: i, end_time: i + 1, artifact_uri: '', lifecycle_stage: 'active' },
    data: { metrics: [{ key: 'm', value: i, timestamp: 0, step: 0 }], params: [], tags: [] },
  }));
  const fake = {
    uri: 'memory://many',
    getExperiment: async () => ({ experiment_id: '1', name: 'many' }),
    searchRuns: async () => ({ items: many, problems: [] }),
  } as unknown as TrackingStore;
  const big = new RunsTableSession(['1']);
  await big.load(fake);
  const bounded = big.parallelRuns({ version: 0, columnIds: ['metric:m'] });
  assert.equal(bounded.total, many.length);
  assert.equal(bounded.runs.length, ProtocolLimits.maxParallelRuns);
  assert.equal(bounded.columns[0]?.values.length, ProtocolLimits.maxParallelRuns);
});

void it('the host guard takes a version and at most maxParallelAxes column ids, nothing else', () => {
  const request = (params: unknown) => ({ kind: 'request', id: 1, method: 'parallelRuns', params });
  const ok = parseWebviewMessage('runsTable', request({ version: 3, columnIds: ['param:C', 'metric:<b>x</b>'] }));
  assert.deepEqual(ok, { kind: 'request', id: 1, method: 'parallelRuns', params: { version: 3, columnIds: ['param:C', 'metric:<b>x</b>'] } });
  const tooMany = Array.from({ length: ProtocolLimits.maxParallelAxes + 1 }, (_, i) => `param:p${i}`);
  assert.throws(() => parseWebviewMessage('runsTable', request({ version: 3, columnIds: tooMany })), ProtocolViolation);
  assert.throws(() => parseWebviewMessage('runsTable', request({ version: -1, columnIds: [] })), /non-negative integer/);
  assert.throws(() => parseWebviewMessage('runsTable', request({ version: 1, columnIds: [], runs: 5000 })), /no such field/);
});
