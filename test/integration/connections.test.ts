// Named connections in a real extension host (real settings): a tracking URI that names no store, or
// that carries credentials, is refused and never written to mlflowLens.connections. The prompts
// themselves (input-box validation, the credentials prompt and secret storage) are driven through the
// real workbench UI by test/e2e/connectionChecks.mjs.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

suite('MLflow Lens connections: refused URIs (real extension host)', () => {
  let workspace: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  });

  const connections = () => vscode.workspace.getConfiguration('mlflowLens').get<unknown[]>('connections') ?? [];

  test('Add Connection saves an existing store and refuses a missing folder, a missing database and a URI with a token', async () => {
    const before = connections();
    try {
      for (const trackingUri of [
        path.join(workspace, 'no-such-store'),
        `sqlite:///${path.join(workspace, 'no-such.db')}`,
        'https://dapiTOKEN0123@mlflow.example.com',
        'http://alice:hunter2@127.0.0.1:5000',
      ]) {
        await vscode.commands.executeCommand(CommandIds.addConnection, { name: `refused ${trackingUri.length}`, trackingUri });
      }
      assert.deepEqual(connections(), before);
      const settingsText = JSON.stringify(vscode.workspace.getConfiguration('mlflowLens'));
      assert.ok(!/dapiTOKEN0123|hunter2/.test(settingsText), settingsText);

      // The same command with a store that exists (relative to the workspace folder) is saved.
      await vscode.commands.executeCommand(CommandIds.addConnection, { name: 'samples', trackingUri: 'mlruns' });
      assert.deepEqual(connections(), [...before, { name: 'samples', trackingUri: 'mlruns' }]);
    } finally {
      await vscode.commands.executeCommand(CommandIds.removeConnection, 'samples');
    }
    assert.deepEqual(connections(), before);
  });
});
