// The runs table in a real extension host, on the temp copy of samples/ (whose mlruns/ MLflow 2.12.2
// wrote): Open Runs Table on an experiment node of the tree, then — as the extension host cannot click
// inside a webview — the table is driven with the messages its webview posts, through the panel's own
// guard and handlers: sort by a metric, filter, two rows selected → Compare, and a Compare Runs panel
// opens on those two runs. Expected values are read from the store's files.
import assert from 'node:assert/strict';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { RunsTableRows, RunsTableState } from '../../src/shared/webviewProtocol';
import { activateLens, openRunsTableOn } from './runsTableSetup';

suite('Runs table (real extension host)', () => {
  let api: MlflowLensApi;

  suiteSetup(async () => {
    api = await activateLens();
  });

  test('opens from the tree, sorts by a metric, filters, and compares two selected rows', async () => {
    const { onDisk, table } = await openRunsTableOn(api, 'iris-classification');
    const loaded = await table.loadedState();
    assert.equal(loaded.runCount, onDisk.length);
    assert.ok(api.panels.open().some((p) => p.kind === 'runsTable' && p.title === 'Runs: iris-classification'));

    // What the webview does: post an intent, then read the state the table settles on; ask for every shown row.
    const stateAfter = async (name: string, params: unknown): Promise<RunsTableState> => {
      await table.deliver({ kind: 'intent', name, params });
      return table.loadedState();
    };
    const rows = async (columnIds: string[]): Promise<RunsTableRows['rows']> => {
      const state = await table.loadedState();
      return ((await table.deliver({ kind: 'request', id: 1, method: 'rows', params: { version: state.version, start: 0, count: state.rowCount, columnIds } })) as RunsTableRows).rows;
    };

    // Sort by accuracy, best first; child runs nest under their parent, so open it.
    const sortedState = await stateAfter('setSort', { sort: { columnId: 'metric:accuracy', ascending: false } });
    assert.deepEqual(sortedState.sort, { columnId: 'metric:accuracy', ascending: false });
    for (let open = 0; open < onDisk.length; open++) {
      const collapsed = (await rows([])).find((r) => r.childCount > 0 && !r.expanded);
      if (!collapsed) break;
      await stateAfter('setExpanded', { rowId: collapsed.id, expanded: true });
    }
    const sorted = await rows(['metric:accuracy']);
    assert.equal(sorted.length, onDisk.length, 'every run shown once expanded');
    // Siblings (the roots, and each parent's children) in descending accuracy, runs without it last.
    const siblings = new Map<string, (number | null)[]>();
    const parents: string[] = [];
    for (const row of sorted) {
      parents.length = row.depth;
      const key = parents[row.depth - 1] ?? '';
      const accuracy = onDisk.find((r) => r.runId === row.id)?.metrics['accuracy'] ?? null;
      assert.equal(row.cells[0], accuracy, `accuracy of ${row.id} as on disk`);
      siblings.set(key, [...(siblings.get(key) ?? []), accuracy]);
      parents.push(row.id);
    }
    assert.ok([...siblings.values()].some((list) => list.length >= 3), 'some runs to order');
    for (const list of siblings.values()) {
      assert.deepEqual(list, [...list].sort((a, b) => (b ?? -Infinity) - (a ?? -Infinity)), 'descending accuracy, missing last');
    }

    // A bad filter gets the tree's message; a good one lists the matches (read from the files).
    const bad = (await table.deliver({ kind: 'request', id: 2, method: 'checkFilter', params: { filter: 'metrics.accuracy >>> 0.9' } })) as { error?: string };
    assert.match(bad.error ?? '', /^Column \d+: .*'>>>'/);
    const filtered = await stateAfter('setFilter', { filter: 'metrics.accuracy > 0.9' });
    const matching = onDisk.filter((r) => (r.metrics['accuracy'] ?? -Infinity) > 0.9);
    assert.equal(filtered.filter, 'metrics.accuracy > 0.9');
    assert.equal(filtered.runCount, matching.length);
    assert.ok(matching.length >= 2, 'at least two runs match');
    const shown = (await rows(['attr:name'])).filter((r) => r.kind === 'run');
    assert.deepEqual(shown.map((r) => r.id).sort(), matching.map((r) => r.runId).sort());

    // Two selected rows → Compare: the webview sends their ids; a Compare Runs panel opens on them.
    const picked = shown.slice(0, 2).map((r) => r.id);
    await table.deliver({ kind: 'intent', name: 'compareRuns', params: { runIds: picked } });
    const compare = api.panels.open().find((p) => p.kind === 'compareRuns');
    assert.ok(compare, 'a Compare Runs panel is open');
    assert.deepEqual(compare.runIds, picked);
    assert.equal(compare.title, 'Compare 2 runs');

    // A message the guard refuses is not handled.
    await assert.rejects(table.deliver({ kind: 'intent', name: 'setFilter', params: { filter: 42 } }));
  });
});
