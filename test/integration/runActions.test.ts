// Run actions in a real extension host, on a copy of the sample store chosen as the active store
// (the workspace's own store stays byte for byte for the other suites): rename a run, set a tag and
// edit the note through the real commands, then check the files MLflow's format puts on disk and
// the tree's new label.
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

  /** The run rows of Default, once the tree lists them with `label` (bounded poll: the tree re-reads after the write). */
  async function runRowLabelled(label: string): Promise<PlainTreeNode> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const roots = await api.explorer.children();
      const defaultExperiment = roots.find((n) => n.kind === 'experiment' && n.label === 'Default');
      if (defaultExperiment) {
        const row = (await api.explorer.children(defaultExperiment.id)).find((n) => n.kind === 'run' && n.label === label);
        if (row) return row;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no run labelled ${label} under Default`);
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
});
