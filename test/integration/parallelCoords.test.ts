// The runs table's parallel coordinates in a real extension host, on the temp copy of samples/ (whose
// mlruns/ MLflow 2.12.2 wrote): the panel answers the webview's `parallelRuns` request through its own
// guard and handler with every listed run (children of collapsed parents included) and its values in
// the asked columns, as the files hold them; the runs a brush keeps, sent with Compare, open a Compare
// Runs panel on them. (The brushing itself, with the real mouse, is in test/webview/parallelCoords.test.ts.)
import assert from 'node:assert/strict';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { RunsTableParallelRuns } from '../../src/shared/webviewProtocol';
import { activateLens, openRunsTableOn } from './runsTableSetup';

suite('Parallel coordinates of the runs table (real extension host)', () => {
  let api: MlflowLensApi;

  suiteSetup(async () => {
    api = await activateLens();
  });

  test('the panel sends every listed run with its param and metric values; the runs a brush keeps compare', async () => {
    const { onDisk, table } = await openRunsTableOn(api, 'iris-classification');
    const state = await table.loadedState();
    assert.ok(state.rowCount < onDisk.length, 'child runs are nested (collapsed) in the grid');

    const result = (await table.deliver({ kind: 'request', id: 7, method: 'parallelRuns', params: { version: state.version, columnIds: ['param:C', 'metric:accuracy'] } })) as RunsTableParallelRuns;
    assert.equal(result.total, onDisk.length);
    assert.deepEqual(result.runs.map((r) => r.id).sort(), onDisk.map((r) => r.runId).sort(), 'every listed run, nested ones included');
    const [c, accuracy] = result.columns;
    assert.deepEqual([c?.id, accuracy?.id], ['param:C', 'metric:accuracy']);
    result.runs.forEach((run, i) => {
      const disk = onDisk.find((r) => r.runId === run.id);
      assert.ok(disk);
      assert.equal(run.name, disk.runName);
      assert.equal(c?.values[i], disk.params['C'] ?? null, `C of ${disk.runName}`);
      assert.equal(accuracy?.values[i], disk.metrics['accuracy'] ?? null, `accuracy of ${disk.runName}`);
    });

    // The two runs a brush on the top of accuracy keeps (the webview selects them), then Compare.
    const best = Math.max(...onDisk.flatMap((r) => (r.metrics['accuracy'] === undefined ? [] : [r.metrics['accuracy']])));
    const kept = onDisk.filter((r) => r.metrics['accuracy'] === best).map((r) => r.runId);
    assert.equal(kept.length, 2);
    await table.deliver({ kind: 'intent', name: 'compareRuns', params: { runIds: kept } });
    const compare = api.panels.open().find((p) => p.kind === 'compareRuns' && p.runIds?.length === 2 && kept.every((id) => p.runIds?.includes(id)));
    assert.ok(compare, 'a Compare Runs panel on the kept runs');

    // More axes than the protocol allows are refused by the guard, not handled.
    const tooMany = Array.from({ length: 51 }, (_, i) => `param:p${i}`);
    await assert.rejects(table.deliver({ kind: 'request', id: 8, method: 'parallelRuns', params: { version: state.version, columnIds: tooMany } }));
  });
});
