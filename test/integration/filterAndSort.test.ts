// Filter Runs' quick pick, the unknown-key notice, match counts and sort values in a real extension
// host, on the temp copy of samples/ (whose mlruns/ MLflow 2.12.2 wrote). The quick inputs are VS
// Code's own: text goes in through the test API's probe (VS Code's API cannot type into another
// extension's quick input), Enter is `workbench.action.acceptSelectedQuickOpenItem`, so the workbench's
// filtering and active item decide what is picked. Expected runs are read from the store's files.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import type { QuickInputProbe } from '../../src/views/explorer/quickInputProbe';
import { naturalCompare } from '../../src/core/search/keySuggestions';
import { CommandIds } from '../../src/shared/commandIds';
import { runsOnDisk } from './runsOnDisk';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const ENTER = 'workbench.action.acceptSelectedQuickOpenItem';
/** How long a tree update may take to arrive before the test says what it waited for (not a speed check). */
const EVENT_DEADLINE_MS = 30_000;

let api: MlflowLensApi;
let workspace: string;

async function experimentNamed(name: string): Promise<PlainTreeNode> {
  const found = (await api.explorer.children()).find((n) => n.kind === 'experiment' && n.label === name);
  assert.ok(found, `no experiment "${name}"`);
  return found;
}

/** Every run node under a node, depth-first (runs nest under their parents when both are listed). */
async function runsUnder(parentId: string): Promise<PlainTreeNode[]> {
  const runs: PlainTreeNode[] = [];
  for (const node of await api.explorer.children(parentId)) {
    if (node.kind !== 'run') continue;
    runs.push(node, ...(await runsUnder(node.id)));
  }
  return runs;
}

/** Resolves with `check`'s answer once it has one, checking again whenever the tree repaints. */
function whenTree<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (error: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      listener.dispose();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    const attempt = () => void check().then((v) => v !== undefined && finish(undefined, v), (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    const listener = api.explorer.onDidChange(attempt);
    const timer = setTimeout(() => finish(new Error(`the tree never showed ${what}`)), EVENT_DEADLINE_MS);
    attempt();
  });
}

/** Runs Filter Runs… as the view-title button does and hands back its first quick input. */
async function openFilterRuns(): Promise<{ probe: QuickInputProbe; done: Thenable<unknown> }> {
  const shown = api.runQuery.nextFilterInput();
  const done = vscode.commands.executeCommand(CommandIds.filterRuns);
  return { probe: await shown, done };
}

const sorted = (list: readonly string[]) => [...list].sort();

suite('Filter and sort in the Experiments tree (real extension host, real quick inputs)', () => {
  let irisDir: string;
  let zooDir: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    irisDir = path.join(workspace, 'mlruns', (await experimentNamed('iris-classification')).id.replace(/^exp:/, ''));
    zooDir = path.join(workspace, 'mlruns', (await experimentNamed('status-zoo')).id.replace(/^exp:/, ''));
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    await vscode.commands.executeCommand(CommandIds.clearSort);
  });

  test('with recent filters, a typed filter and Enter applies it (the typed item is the active one)', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    assert.ok(api.runQuery.filterHistory().length > 0);

    const { probe, done } = await openFilterRuns();
    assert.equal(probe.kind, 'pick');
    assert.ok(probe.labels().includes("params.C = '1.0'"), probe.labels().join(' | '));
    const typed = 'metrics.accuracy > 0.95';
    await probe.type(typed);
    assert.equal(await probe.whenActive((label) => label === typed), typed);
    await vscode.commands.executeCommand(ENTER);
    await done;

    assert.deepEqual(api.runQuery.current(), { filter: typed });
    assert.equal(api.runQuery.filterHistory()[0], typed);
    const expected = runsOnDisk(irisDir).filter((r) => r.active && (r.metrics.accuracy ?? -1) > 0.95).map((r) => r.runName);
    assert.ok(expected.length > 0);
    const iris = await experimentNamed('iris-classification');
    assert.deepEqual(sorted((await runsUnder(iris.id)).map((n) => n.label)), sorted(expected));
  });

  test('an invalid typed filter opens the input box on it with the column; Enter there is refused until it is fixed', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
    const { probe, done } = await openFilterRuns();
    await probe.type('params.C = 0.1');
    await probe.whenActive((label) => label === 'params.C = 0.1');
    const editor = api.runQuery.nextFilterInput();
    await vscode.commands.executeCommand(ENTER);
    const box = await editor;
    assert.equal(box.kind, 'input');
    assert.equal(box.value(), 'params.C = 0.1');
    assert.match(box.validationMessage() ?? '', /^Column \d+: /);

    // Enter on the invalid text is refused: the box stays, the active filter too.
    await vscode.commands.executeCommand(ENTER);
    assert.match(box.validationMessage() ?? '', /^Column \d+: /);
    assert.deepEqual(api.runQuery.current(), { filter: "params.C = '1.0'" });
    // Fixed, it applies.
    await box.type("params.C = '0.1'");
    await vscode.commands.executeCommand(ENTER);
    await done;
    assert.deepEqual(api.runQuery.current(), { filter: "params.C = '0.1'" });
    assert.equal(box.validationMessage(), undefined);
    assert.ok(!api.runQuery.filterHistory().includes('params.C = 0.1'));
  });

  test('typing part of a recent filter and Enter picks that recent filter', async () => {
    const recent = 'metrics.accuracy > 0.95';
    await vscode.commands.executeCommand(CommandIds.filterRuns, recent);
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
    const { probe, done } = await openFilterRuns();
    await probe.type('accuracy > 0.9');
    // The workbench first makes the typed text's item active; the extension then moves to the recent filter.
    assert.equal(await probe.whenActive((label) => label === recent), recent);
    assert.ok(probe.labels().includes('accuracy > 0.9'), 'the typed text is still offered');
    await vscode.commands.executeCommand(ENTER);
    await done;
    assert.deepEqual(api.runQuery.current(), { filter: recent });
  });

  test('a filter on a metric no listed run logs still applies, and the view says so with the nearest key', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRuns, 'metrics.acuracy > 0.9');
    assert.deepEqual(api.runQuery.current(), { filter: 'metrics.acuracy > 0.9' });
    assert.equal(
      api.runQuery.viewMessage(),
      'filter: metrics.acuracy > 0.9 — No listed run logs metric "acuracy" (nearest: accuracy), so the filter matches nothing.',
    );
    const iris = await experimentNamed('iris-classification');
    assert.deepEqual((await api.explorer.children(iris.id)).map((n) => [n.kind, n.label]), [['message', 'No runs match the filter']]);
    // A filter on logged keys says nothing more than the filter.
    await vscode.commands.executeCommand(CommandIds.filterRuns, 'metrics.accuracy > 0.9');
    assert.equal(api.runQuery.viewMessage(), 'filter: metrics.accuracy > 0.9');
  });

  test('experiments say how many of their runs match; empty ones cannot expand, or are hidden by the setting', async () => {
    const filter = 'metrics.accuracy > 0.9';
    const irisRuns = runsOnDisk(irisDir).filter((r) => r.active);
    const matching = irisRuns.filter((r) => (r.metrics.accuracy ?? -1) > 0.9).length;
    const zooRuns = runsOnDisk(zooDir).filter((r) => r.active).length;
    assert.ok(matching > 0 && matching < irisRuns.length);
    await vscode.commands.executeCommand(CommandIds.filterRuns, filter);
    const rows = await whenTree(async () => {
      const iris = await experimentNamed('iris-classification');
      const zoo = await experimentNamed('status-zoo');
      return iris.description?.includes(' of ') && zoo.description?.includes(' of ') ? { iris, zoo } : undefined;
    }, 'match counts on iris-classification and status-zoo');
    assert.equal(rows.iris.description, `${matching} of ${irisRuns.length} runs`);
    assert.equal(rows.iris.expandable, true);
    assert.equal(rows.zoo.description, `0 of ${zooRuns} runs`);
    assert.equal(rows.zoo.expandable, false);

    const config = vscode.workspace.getConfiguration('mlflowLens');
    await config.update('filter.hideEmptyExperiments', true, vscode.ConfigurationTarget.Workspace);
    try {
      const labels = await whenTree(async () => {
        const l = (await api.explorer.children()).map((n) => n.label);
        return l.includes('status-zoo') ? undefined : l;
      }, 'status-zoo hidden');
      assert.ok(labels.includes('iris-classification'), labels.join(' | '));
      assert.ok(!labels.includes('Default'), labels.join(' | '));
      // Without a filter nothing is hidden.
      await vscode.commands.executeCommand(CommandIds.clearFilter);
      assert.ok((await api.explorer.children()).some((n) => n.label === 'status-zoo'));
    } finally {
      await config.update('filter.hideEmptyExperiments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('sorted by a metric, every run row shows its value; sort keys come in natural order', async () => {
    await vscode.commands.executeCommand(CommandIds.sortRuns, 'metrics.accuracy DESC');
    const iris = await experimentNamed('iris-classification');
    const byName = new Map(runsOnDisk(irisDir).map((r) => [r.runName, r]));
    const rows = await runsUnder(iris.id);
    assert.ok(rows.length >= 4);
    for (const row of rows) {
      const accuracy = byName.get(row.label)?.metrics.accuracy;
      const shown = accuracy === undefined ? 'accuracy —' : `accuracy ${Number(accuracy.toPrecision(4))}`;
      assert.ok(row.description?.startsWith(`${shown} · `), `${row.label}: ${row.description}`);
    }
    await vscode.commands.executeCommand(CommandIds.sortRuns, 'params.C ASC');
    for (const row of await runsUnder(iris.id)) {
      const c = byName.get(row.label)?.params.C;
      assert.ok(row.description?.startsWith(`C ${c ?? '—'} · `), `${row.label}: ${row.description}`);
    }
    await vscode.commands.executeCommand(CommandIds.clearSort);
    for (const row of await runsUnder(iris.id)) assert.ok(!/^(C|accuracy) /.test(row.description ?? ''), `${row.label}: ${row.description}`);

    const keys = await api.runQuery.sortKeys();
    assert.deepEqual(keys.metrics, [...keys.metrics].sort(naturalCompare));
    assert.deepEqual(keys.params, [...keys.params].sort(naturalCompare));
  });
});
