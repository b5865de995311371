// Run actions in a real extension host, on a copy of the sample store chosen as the active store
// (the workspace's own store stays byte for byte for the other suites): rename a run, set a tag and
// edit the note, delete and restore a run through the real commands, then check the files MLflow's
// format puts on disk and what the tree shows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const RUN = '4f8f8c9a6060467380b30d1d74496d18'; // quick-test-0 in Default (0)
const OTHER_RUN = '9a91ca65fcec45749a4a4fb6f9ed6c5f'; // quick-test-1 in Default (0)

suite('MLflow Lens run actions (real extension host)', () => {
  let api: MlflowLensApi;
  let store: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    store = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-run-actions-')), 'mlruns');
    fs.cpSync(path.join(workspace, 'mlruns'), store, { recursive: true });
    await vscode.commands.executeCommand(CommandIds.chooseStore, store);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    fs.rmSync(path.dirname(store), { recursive: true, force: true });
  });

  /** The run rows of Default, once `ready` holds for them (bounded poll: the tree re-reads after the write). */
  async function runRowsOfDefault(ready: (rows: PlainTreeNode[]) => boolean, what: string): Promise<PlainTreeNode[]> {
    let rows: PlainTreeNode[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const roots = await api.explorer.children();
      const defaultExperiment = roots.find((n) => n.kind === 'experiment' && n.label === 'Default');
      if (defaultExperiment) {
        rows = (await api.explorer.children(defaultExperiment.id)).filter((n) => n.kind === 'run');
        if (ready(rows)) return rows;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`${what}; Default lists: ${rows.map((r) => `${r.label} [${r.contextValue}]`).join(', ') || 'nothing'}`);
  }

  async function runRowLabelled(label: string): Promise<PlainTreeNode> {
    const rows = await runRowsOfDefault((r) => r.some((n) => n.label === label), `no run labelled ${label} under Default`);
    return rows.find((n) => n.label === label)!;
  }

  test('Rename Run, Set Tag and Edit Note write MLflow\'s files and the tree shows the new name', async () => {
    await runRowLabelled('quick-test-0');
    const runDir = path.join(store, '0', RUN);
    const name = 'renamed in VS Code <b>bold</b> "yes" 🚀';
    await vscode.commands.executeCommand(CommandIds.renameRun, { runId: RUN, experimentId: '0' }, { name });
    const meta = fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8');
    assert.match(meta, /^run_name: 'renamed in VS Code <b>bold<\/b> "yes" 🚀'$/m);
    assert.equal(fs.readFileSync(path.join(runDir, 'tags', 'mlflow.runName'), 'utf8'), name);
    await runRowLabelled(name);

    await vscode.commands.executeCommand(CommandIds.setRunTag, { runId: RUN, experimentId: '0' }, { key: 'reviewed by', value: 'ana\nand bo' });
    assert.equal(fs.readFileSync(path.join(runDir, 'tags', 'reviewed by'), 'utf8'), 'ana\nand bo');
    await vscode.commands.executeCommand(CommandIds.editRunNote, { runId: RUN, experimentId: '0' }, { value: '# Note\n\nwritten from **VS Code**' });
    assert.equal(fs.readFileSync(path.join(runDir, 'tags', 'mlflow.note.content'), 'utf8'), '# Note\n\nwritten from **VS Code**');
    await vscode.commands.executeCommand(CommandIds.deleteRunTag, { runId: RUN, experimentId: '0' }, { key: 'reviewed by' });
    assert.equal(fs.existsSync(path.join(runDir, 'tags', 'reviewed by')), false);
  });

  test('a refused write changes nothing on disk', async () => {
    const runDir = path.join(store, '0', RUN);
    const before = fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8');
    // The command shows MLflow's reason as an error message and writes nothing.
    await vscode.commands.executeCommand(CommandIds.setRunTag, { runId: RUN, experimentId: '0' }, { key: '../outside', value: 'x' });
    assert.equal(fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8'), before);
    assert.equal(fs.existsSync(path.join(store, '0', 'outside')), false);
  });

  test('Delete Run marks the run deleted in meta.yaml and hides it; Show Deleted shows it faded; Restore Run brings it back', async () => {
    const metaFile = path.join(store, '0', OTHER_RUN, 'meta.yaml');
    const row = await runRowLabelled('quick-test-1');
    assert.equal(row.contextValue, 'run');
    assert.match(fs.readFileSync(metaFile, 'utf8'), /^lifecycle_stage: active$/m);

    const before = Date.now();
    // The node as the menu hands it over, plus the automation answer to the modal confirmation.
    await vscode.commands.executeCommand(CommandIds.deleteRun, api.explorer.commandArgument(row.id), { confirmed: true });
    const deletedMeta = fs.readFileSync(metaFile, 'utf8');
    assert.match(deletedMeta, /^lifecycle_stage: deleted$/m);
    const deletedTime = Number(/^deleted_time: (\d+)$/m.exec(deletedMeta)?.[1]);
    assert.ok(deletedTime >= before && deletedTime <= Date.now(), `deleted_time ${deletedTime} is not the time of the delete`);
    await runRowsOfDefault((r) => !r.some((n) => n.label === 'quick-test-1') && r.length > 0, 'the deleted run is still listed');

    await vscode.commands.executeCommand(CommandIds.showDeleted);
    try {
      const shown = await runRowsOfDefault((r) => r.some((n) => n.label === 'quick-test-1'), 'Show Deleted does not list the deleted run');
      const deletedRow = shown.find((n) => n.label === 'quick-test-1')!;
      assert.equal(deletedRow.contextValue, 'run.deleted');
      assert.equal(deletedRow.icon, 'trash');
      assert.match(deletedRow.description ?? '', /deleted/);
      assert.ok(deletedRow.resourceUri?.startsWith('mlflow-lens-faded:'), `not faded: ${deletedRow.resourceUri}`);

      await vscode.commands.executeCommand(CommandIds.restoreRun, api.explorer.commandArgument(deletedRow.id));
      const restoredMeta = fs.readFileSync(metaFile, 'utf8');
      assert.match(restoredMeta, /^lifecycle_stage: active$/m);
      assert.doesNotMatch(restoredMeta, /^deleted_time: \d/m);
      await runRowsOfDefault((r) => r.find((n) => n.label === 'quick-test-1')?.contextValue === 'run', 'the restored run is not shown as active');
    } finally {
      await vscode.commands.executeCommand(CommandIds.hideDeleted);
    }
    await runRowsOfDefault((r) => r.some((n) => n.label === 'quick-test-1'), 'the restored run is hidden without Show Deleted');
  });
});
