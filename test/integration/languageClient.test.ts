// The MLproject language client starts on demand (not at activation) when an MLproject opens, and its
// server's diagnostics reach VS Code, inside a real extension host.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

suite('MLflow Lens language client (real extension host)', () => {
  test('opening an MLproject with a misspelt key starts the server and shows its diagnostic', async () => {
    const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens');
    assert.ok(ext);
    await ext.activate();
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const dir = path.join(workspace, 'broken-project');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'MLproject');
    fs.writeFileSync(file, 'name: broken\nentry_point:\n  main:\n    command: "python train.py"\n');
    const uri = vscode.Uri.file(file);
    // Resolves at the first diagnostics published for the file; mocha's timeout bounds the wait.
    const published = new Promise<vscode.Diagnostic[]>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.toString() === uri.toString())) return;
        const diagnostics = vscode.languages.getDiagnostics(uri);
        if (diagnostics.length) {
          listener.dispose();
          resolve(diagnostics);
        }
      });
    });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'mlproject');
    await vscode.window.showTextDocument(doc);
    const diagnostics = await published;
    const misspelt = diagnostics.find((d) => doc.getText(d.range) === 'entry_point');
    assert.ok(misspelt, diagnostics.map((d) => `${doc.getText(d.range)}: ${d.message}`).join('; '));
    assert.match(misspelt.message, /entry_points/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
