// The MLproject language client starts on demand (not at activation) when an MLproject opens, and its
// server's diagnostics reach VS Code, inside a real extension host.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

/** Resolves once the file's diagnostics satisfy `done` (checked now and at every change); mocha's timeout bounds the wait. */
function diagnosticsWhen(uri: vscode.Uri, done: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!done(diagnostics)) return false;
      resolve(diagnostics);
      return true;
    };
    if (check()) return;
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) listener.dispose();
    });
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

async function openProject(folder: string, text: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument }> {
  const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens');
  assert.ok(ext);
  await ext.activate();
  const dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'train.py'), '');
  const file = path.join(dir, 'MLproject');
  fs.writeFileSync(file, text);
  const uri = vscode.Uri.file(file);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return { uri, doc };
}

suite('MLflow Lens language client (real extension host)', () => {
  test('quick fixes are offered through executeCodeActionProvider, and applying them clears the diagnostics', async () => {
    const { uri, doc } = await openProject(
      'quick-fix-project',
      'name: fixes\nentry_points:\n  main:\n    parameters:\n      alpha: {type: flaot, default: 0.5}\n    command: "python train.py --alpha {alpha} --seed {seed}"\n',
    );
    const initial = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'mlproject.placeholder-undeclared'));
    const typo = initial.find((d) => codeOf(d) === 'mlproject.param-type-unvalidated');
    assert.ok(typo, initial.map((d) => `${codeOf(d)}: ${d.message}`).join('; '));
    const changeToFloat = (await quickFixes(uri, typo)).find((a) => a.title === 'Change to float');
    assert.ok(changeToFloat?.edit, 'Change to float is offered');
    assert.equal(changeToFloat.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(changeToFloat.edit));
    assert.match(doc.getText(), /alpha: \{type: float, default: 0.5\}/);
    const afterType = await diagnosticsWhen(uri, (d) => !d.some((x) => codeOf(x) === 'mlproject.param-type-unvalidated'));

    const undeclared = afterType.find((d) => codeOf(d) === 'mlproject.placeholder-undeclared');
    assert.ok(undeclared);
    const declare = (await quickFixes(uri, undeclared)).find((a) => a.title === "Declare parameter 'seed' in 'main'");
    assert.ok(declare?.edit, 'Declare parameter is offered');
    assert.ok(await vscode.workspace.applyEdit(declare.edit));
    const final = await diagnosticsWhen(uri, (d) => !d.some((x) => codeOf(x) === 'mlproject.placeholder-undeclared'));
    assert.deepEqual(final.map((d) => `${codeOf(d)}: ${d.message}`), []);
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('entry points under a misspelt key are errors, with the rename offered on the key and on each entry point', async () => {
    const { uri, doc } = await openProject('misspelt-entry-points', 'name: typo\nentry_point:\n  main:\n    command: "python train.py"\n');
    const diagnostics = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'mlproject.entry-points-missing'));
    const missing = diagnostics.find((d) => codeOf(d) === 'mlproject.entry-points-missing')!;
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(missing.range), 'main');
    const unknown = diagnostics.find((d) => codeOf(d) === 'mlproject.unknown-key');
    assert.ok(unknown);
    assert.deepEqual((await quickFixes(uri, unknown)).map((a) => a.title), ['Rename to entry_points']);
    const rename = (await quickFixes(uri, missing)).find((a) => a.title === 'Rename entry_point to entry_points');
    assert.ok(rename?.edit);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    const fixed = await diagnosticsWhen(uri, (d) => !d.some((x) => codeOf(x) === 'mlproject.entry-points-missing'));
    assert.deepEqual(fixed.map((d) => `${codeOf(d)}: ${d.message}`), []);
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

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
