// The runs table in a real extension host, on the temp copy of samples/ (whose mlruns/ MLflow 2.12.2
// wrote): Open Runs Table on an experiment node of the tree, then — as the extension host cannot click
// inside a webview — the table is driven with the messages its webview posts, through the panel's own
// guard and handlers: sort by a metric, filter, two rows selected → Compare, and a Compare Runs panel
// opens on those two runs. Expected values are read from the store's files.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { RunsTableRows } from '../../src/shared/webviewProtocol';
import { CommandIds } from '../../src/shared/commandIds';
import { runsOnDisk } from './runsOnDisk';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

suite('Runs table (real extension host)', () => {
  let api: MlflowLensApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
  });

  test('opens from the tree, sorts by a metric, filters, and compares two selected rows', async () => {
    const experiment = (await api.explorer.children()).find((n) => n.kind === 'experiment' && n.label === 'iris-classification');
    assert.ok(experiment, 'iris-classification in the tree');
    const experimentId = experiment.id.replace(/^exp:/, '');
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const onDisk = runsOnDisk(path.join(workspace, 'mlruns', experimentId)).filter((r) => r.active);

    // The tree's inline action passes the experiment node.
    await vscode.commands.executeCommand(CommandIds.openRunsTable, { kind: 'experiment', id: experiment.id, experimentId });
    const table = api.panels.runsTable([experimentId]);
    assert.ok(table, 'a runs table panel for the experiment');
    const loaded = await table.loadedState();
    assert.equal(loaded.runCount, onDisk.length);
    assert.ok(api.panels.open().some((p) => p.kind === 'runsTable' && p.title === 'Runs: iris-classification'));

    const rows = async (columnIds: string[]): Promise<RunsTableRows> => {
      const state = await table.loadedState();
      return (await table.deliver({ kind: 'request', id: 1, method: 'rows', params: { version: state.version, start: 0, count: state.rowCount, columnIds } })) as RunsTableRows;
    };

    // Sort by accuracy, best first; child runs nest under their parent, so open it.
    await table.deliver({ kind: 'intent', name: 'setSort', params: { sort: { columnId: 'metric:accuracy', ascending: false } } });
    assert.deepEqual((await table.loadedState()).sort, { columnId: 'metric:accuracy', ascending: false });
    for (let open = 0; open < onDisk.length; open++) {
      const collapsed = (await rows([])).rows.find((r) => r.childCount > 0 && !r.expanded);
      if (!collapsed) break;
      await table.deliver({ kind: 'intent', name: 'setExpanded', params: { rowId: collapsed.id, expanded: true } });
    }
    const sorted = (await rows(['metric:accuracy'])).rows;
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
    await table.deliver({ kind: 'intent', name: 'setFilter', params: { filter: 'metrics.accuracy > 0.9' } });
    const matching = onDisk.filter((r) => (r.metrics['accuracy'] ?? -Infinity) > 0.9);
    const filtered = await table.loadedState();
    assert.equal(filtered.filter, 'metrics.accuracy > 0.9');
    assert.equal(filtered.runCount, matching.length);
    assert.ok(matching.length >= 2, 'at least two runs match');
    const shown = (await rows(['attr:name'])).rows.filter((r) => r.kind === 'run');
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
