// The cold index build in the real extension host (issue 12 item 4): a generated file store with no
// index yet (10 experiments × 200 runs, outside the workspace) is chosen and the tree listed, so the
// store counts every experiment's runs in the background. The notification is read through the
// extension's API (`indexProgress`: the text and percentage it reported to the workbench, which the
// host cannot read back), its Cancel pressed through the same handler the button calls. The delay
// before it shows is set to 0 here (1.5 s for users), so the build is certainly still running.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { IndexNotification } from '../../src/views/explorer/indexProgress';
import { CommandIds } from '../../src/shared/commandIds';
import { writeSyntheticStore, type SyntheticStore } from '../shared/syntheticFileStore';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const EXPERIMENTS = 10;
const RUNS = 200;

let api: MlflowLensApi;
const scratch: string[] = [];

function newStore(): SyntheticStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-progress-'));
  scratch.push(dir);
  return writeSyntheticStore(path.join(dir, 'mlruns'), EXPERIMENTS, RUNS);
}

/** Resolves with the notification once `ready` holds for it (mocha's timeout bounds the wait). */
async function notificationWhen(ready: (n: IndexNotification | undefined) => boolean): Promise<IndexNotification | undefined> {
  for (;;) {
    let listener: vscode.Disposable | undefined;
    const changed = new Promise<void>((resolve) => (listener = api.indexProgress.onDidChange(() => resolve())));
    const now = api.indexProgress.notification();
    if (ready(now)) {
      listener?.dispose();
      return now;
    }
    await changed;
    listener?.dispose();
  }
}

/** Chooses the store and lists the tree's root, which asks for every experiment's run count. */
async function openAndList(store: SyntheticStore): Promise<void> {
  await vscode.commands.executeCommand(CommandIds.chooseStore, store.root);
  const roots = await api.explorer.children();
  assert.equal(roots.filter((n) => n.kind === 'experiment').length, EXPERIMENTS);
}

suite('Index build progress and Cancel (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    api.indexProgress.setDelayMs(0);
  });

  suiteTeardown(async () => {
    api.indexProgress.setDelayMs(1500);
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a store without an index shows "Indexing runs of <store>: n of total"; Cancel closes it and leaves the uncounted experiments expandable', async () => {
    const store = newStore();
    await openAndList(store);
    const shown = await notificationWhen((n) => n !== undefined);
    assert.equal(shown!.title, `Indexing runs of ${store.root}`);
    assert.match(shown!.message, new RegExp(`^(\\d{1,3}(,\\d{3})*) of ${(EXPERIMENTS * RUNS).toLocaleString('en-US')}$`), 'runs listed of every run');
    assert.ok(shown!.percent >= 0 && shown!.percent < 100, `percent ${shown!.percent}`);

    api.indexProgress.cancel();
    assert.equal(api.indexProgress.notification(), undefined, 'closed on Cancel');

    // Counts not read stay unknown (no "runs" in the row), never "no runs"; such an experiment still expands.
    const roots = await api.explorer.children();
    const uncounted = roots.filter((n) => n.kind === 'experiment' && !/runs?\b/.test(n.description ?? ''));
    assert.ok(uncounted.length > 0, `some experiments are left uncounted: ${roots.map((n) => `${n.label} (${n.description ?? ''})`).join(', ')}`);
    for (const row of uncounted) assert.equal(row.expandable, true, `${row.label} can expand`);
    const target = uncounted[0]!;
    const experimentId = target.id.slice('exp:'.length);
    const runs = await api.explorer.children(target.id);
    assert.deepEqual(
      runs.filter((n) => n.kind === 'run').map((n) => n.id.slice('run:'.length)).sort(),
      [...store.runs.get(experimentId)!].sort(),
      'every run of the experiment is listed on demand',
    );
    const after = (await api.explorer.children()).find((n) => n.id === target.id);
    assert.equal(after?.description, `${RUNS} runs`, 'the listing tells the count');
    assert.equal(api.indexProgress.notification(), undefined, 'no notification again after the cancel');
  });

  test('switching to another store closes the notification', async () => {
    await openAndList(newStore());
    await notificationWhen((n) => n !== undefined);
    // An empty store: nothing to index there, so no notification of its own can show up meanwhile.
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'index-progress-empty-')), 'mlruns');
    scratch.push(path.dirname(empty));
    fs.mkdirSync(empty);
    await vscode.commands.executeCommand(CommandIds.chooseStore, empty);
    assert.equal(api.indexProgress.notification(), undefined);
  });
});
