// Artifacts and code provenance inside a real VS Code extension host, on a temp copy of the generated
// store (MLflow 2.12.2) with a sparse 2 GB artifact, an HTML artifact carrying scripts, and runs whose
// `mlflow.source.git.commit` names commits of a temp git repository inside the workspace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const IRIS = '868010962877203020';
const PARENT = 'af80339dc3494aeb8bf956205a9e76cd';
const C001 = '0526a7a0708c471fbe27028fd2754221';
const C10 = 'd073d010edad4fed9de9f801df8af2ee';
const TWO_GB = 2 * 1024 ** 3;
/** 6 MB of log lines (more than the 4 MB head), then a sparse hole up to 2 GB. */
const HEAD_TEXT = Array.from({ length: 200_000 }, (_, i) => `epoch ${Math.floor(i / 1000)} step ${i} loss 0.${i}`).join('\n') + '\n';
const OLD_SOURCE = 'print("trained at the logged commit")\n';
const NEW_SOURCE = 'print("changed in the working tree")\n';

let tmp: string;
let store: string;
let workspace: string;
let repo: string;
let commit: string;
let notInRepoFile: string;

const artifact = (runId: string, artifactPath: string, runName: string, isDir = false) => ({
  kind: 'artifact',
  id: `run:${runId}/artifacts/${artifactPath}`,
  runId,
  runName,
  path: artifactPath,
  isDir,
});
const runNode = (runId: string) => ({ kind: 'run', id: `run:${runId}`, runId });
const parentArtifacts = () => path.join(store, IRIS, PARENT, 'artifacts');
const runArtifacts = (runId: string) => path.join(store, IRIS, runId, 'artifacts');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** A run folder as MLflow's file store writes it, in the Default experiment. */
function writeRun(runId: string, runName: string, tags: Record<string, string>): void {
  const dir = path.join(store, '0', runId);
  fs.mkdirSync(path.join(dir, 'tags'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'meta.yaml'),
    [
      `artifact_uri: file://${dir}/artifacts`,
      `end_time: ${Date.now()}`,
      "entry_point_name: ''",
      "experiment_id: '0'",
      'lifecycle_stage: active',
      `run_id: ${runId}`,
      `run_name: ${runName}`,
      `run_uuid: ${runId}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      `start_time: ${Date.now() - 1000}`,
      'status: 3',
      'tags: []',
      'user_id: integration-test',
      '',
    ].join('\n'),
  );
  for (const [key, value] of Object.entries({ 'mlflow.runName': runName, ...tags })) fs.writeFileSync(path.join(dir, 'tags', key), value);
}

async function activeTab(): Promise<vscode.Tab> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  assert.ok(tab, 'no active tab');
  return tab;
}

/** The first tab matching, once the tab model has it (mocha's timeout bounds the wait). */
async function tabWhere(match: (tab: vscode.Tab) => boolean): Promise<vscode.Tab> {
  for (;;) {
    const found = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(match);
    if (found) return found;
    await new Promise<void>((resolve) => {
      const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
        listener.dispose();
        resolve();
      });
    });
  }
}

async function textOf(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

suite('Artifacts and code provenance (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    workspace = folder.uri.fsPath;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-artifacts-'));
    store = path.join(tmp, 'mlruns');
    fs.cpSync(path.join(ext.extensionPath, 'test', 'fixtures', 'generated-mlruns'), store, { recursive: true });

    // 2 GB, sparse: text at the start (so the text editor shows it), holes after.
    const huge = path.join(parentArtifacts(), 'logs', 'huge.log');
    fs.mkdirSync(path.dirname(huge), { recursive: true });
    fs.writeFileSync(huge, HEAD_TEXT);
    fs.truncateSync(huge, TWO_GB);
    fs.writeFileSync(
      path.join(parentArtifacts(), 'report.html'),
      '<!DOCTYPE html><html><head><script>document.title = "pwned"</script></head><body><h1>Report</h1><img src=x onerror="alert(1)"></body></html>',
    );

    repo = path.join(workspace, 'provenance-repo');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    fs.writeFileSync(path.join(repo, 'src', 'train.py'), OLD_SOURCE);
    git('add', '.');
    git('commit', '-q', '-m', 'train');
    commit = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(repo, 'src', 'train.py'), NEW_SOURCE);
    notInRepoFile = path.join(workspace, 'not-in-a-repo.py');
    fs.writeFileSync(notInRepoFile, 'print(1)\n');

    // Recorded on another machine: only the tail `src/train.py` matches the workspace.
    writeRun('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', 'git-run', { 'mlflow.source.git.commit': commit, 'mlflow.source.name': '/home/dev/project/src/train.py' });
    writeRun('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2', 'unknown-commit', { 'mlflow.source.git.commit': 'f'.repeat(40), 'mlflow.source.name': path.join(repo, 'src', 'train.py') });
    writeRun('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3', 'elsewhere', { 'mlflow.source.git.commit': commit, 'mlflow.source.name': '/somewhere/else/entirely.py' });
    writeRun('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4', 'outside-git', { 'mlflow.source.git.commit': commit, 'mlflow.source.name': notInRepoFile });

    await vscode.commands.executeCommand(CommandIds.chooseStore, store);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    // Closed in the git extension first, or it keeps running git in a folder that is gone.
    await vscode.commands.executeCommand('git.close', vscode.Uri.file(repo)).then(undefined, () => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(notInRepoFile, { force: true });
    fs.rmSync(path.join(workspace, 'downloads'), { recursive: true, force: true });
  });

  test('artifact paths that leave the artifact root are refused by the file system and the commands', async () => {
    const hostile = [
      vscode.Uri.from({ scheme: 'mlflow-artifact', authority: PARENT, path: '/hyperparam-search/../../meta.yaml' }),
      vscode.Uri.from({ scheme: 'mlflow-artifact', authority: PARENT, path: '/hyperparam-search/reports/../../../../meta.yaml' }),
      vscode.Uri.parse(`mlflow-artifact://${PARENT}/hyperparam-search/..%2F..%2Fmeta.yaml`),
      vscode.Uri.from({ scheme: 'mlflow-artifact', authority: '', path: `/${PARENT}/../../../0/meta.yaml` }),
    ];
    for (const uri of hostile) {
      await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), /'\.\.' is not allowed/, uri.toString());
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(uri)), /'\.\.' is not allowed/, uri.toString());
    }
    for (const command of [CommandIds.openArtifact, CommandIds.openArtifactAsText, CommandIds.downloadArtifact, CommandIds.compareArtifactWithRun]) {
      const result = await vscode.commands.executeCommand(command, artifact(PARENT, '../meta.yaml', 'hyperparam-search'), { folder: workspace, otherRunId: C10 });
      assert.equal(result, undefined, `${command} did something with ../meta.yaml`);
    }
    assert.equal(fs.existsSync(path.join(workspace, 'meta.yaml')), false);
  });

  test('a 2 GB artifact: the guard triggers, the file system never reads it whole, Open Anyway shows only its head', async () => {
    const node = artifact(PARENT, 'logs/huge.log', 'hyperparam-search');
    const cancelled = await vscode.commands.executeCommand<{ guarded: boolean; view: string; size: number }>(CommandIds.openArtifact, node, { large: 'cancel' });
    assert.deepEqual(cancelled, { guarded: true, view: 'none', size: TWO_GB });

    const whole = vscode.Uri.from({ scheme: 'mlflow-artifact', authority: PARENT, path: '/hyperparam-search/logs/huge.log' });
    assert.equal((await vscode.workspace.fs.stat(whole)).size, TWO_GB);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(whole)), /2\.0 GB, more than 16\.0 MB/);

    const before = process.memoryUsage().rss;
    const opened = await vscode.commands.executeCommand<{ uri: vscode.Uri; guarded: boolean; headBytes: number; size: number }>(CommandIds.openArtifact, node, {
      large: 'openAnyway',
    });
    assert.equal(opened.guarded, true);
    assert.equal(opened.size, TWO_GB);
    assert.equal(opened.headBytes, 4 * 1024 * 1024);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no text editor opened');
    assert.equal(editor.document.uri.toString(), opened.uri.toString());
    assert.equal(editor.document.uri.query, `head=${4 * 1024 * 1024}`);
    const shown = editor.document.getText();
    assert.equal(shown.length, 4 * 1024 * 1024);
    assert.ok(HEAD_TEXT.startsWith(shown), 'the first 4 MB of the file are shown, byte for byte');
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 512 * 1024 * 1024, `the extension host grew by ${Math.round(grown / 1024 / 1024)} MB opening a 2 GB artifact`);
  });

  test('MLmodel opens read-only as YAML; writes to an artifact are refused', async () => {
    const opened = await vscode.commands.executeCommand<{ uri: vscode.Uri; view: string }>(CommandIds.openArtifact, artifact(C10, 'model/MLmodel', 'C=10.0'));
    assert.equal(opened.view, 'editor');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), opened.uri.toString());
    assert.equal(editor.document.languageId, 'yaml');
    assert.equal(editor.document.getText(), fs.readFileSync(path.join(runArtifacts(C10), 'model', 'MLmodel'), 'utf8'));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(opened.uri, Buffer.from('x'))));
  });

  test("images open in VS Code's image preview and Markdown in its Markdown preview, from the read-only URIs", async () => {
    const image = await vscode.commands.executeCommand<{ uri: vscode.Uri; view: string }>(CommandIds.openArtifact, artifact(PARENT, 'confusion_matrix.png', 'hyperparam-search'));
    const imageTab = await tabWhere((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === image.uri.toString());
    assert.match((imageTab.input as vscode.TabInputCustom).viewType, /imagePreview/);
    const markdown = await vscode.commands.executeCommand<{ uri: vscode.Uri; view: string }>(CommandIds.openArtifact, artifact(PARENT, 'reports/README.md', 'hyperparam-search'));
    assert.equal(markdown.view, 'markdownPreview');
    await tabWhere((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes('README.md'));
    const source = await vscode.commands.executeCommand<{ uri: vscode.Uri; view: string }>(CommandIds.openArtifactAsText, artifact(PARENT, 'reports/README.md', 'hyperparam-search'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), source.uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), fs.readFileSync(path.join(parentArtifacts(), 'reports', 'README.md'), 'utf8'));
  });

  test('an HTML artifact opens in a webview without scripts, forms or local resources, behind a script-src none policy', async () => {
    const opened = await vscode.commands.executeCommand<{ view: string; panel: vscode.WebviewPanel }>(CommandIds.openArtifact, artifact(PARENT, 'report.html', 'hyperparam-search'));
    assert.equal(opened.view, 'htmlPreview');
    const { webview } = opened.panel;
    assert.equal(webview.options.enableScripts, false);
    assert.equal(webview.options.enableForms, false);
    assert.equal(webview.options.enableCommandUris, false);
    assert.deepEqual(webview.options.localResourceRoots, []);
    assert.match(webview.html, /^<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';/);
    assert.ok(webview.html.includes('<h1>Report</h1>'));
    const tab = await tabWhere((t) => t.input instanceof vscode.TabInputWebview && /mlflowLens\.htmlArtifactPreview$/.test(t.input.viewType));
    assert.equal(tab.label, 'report.html (hyperparam-search)');
    assert.ok(tab.isActive);
    opened.panel.dispose();
  });

  test('an artifact is compared between two runs in the diff editor, both sides read-only artifact URIs', async () => {
    const result = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri; title: string }>(
      CommandIds.compareArtifactWithRun,
      artifact(C001, 'config/params.yaml', 'C=0.01'),
      { otherRunId: C10 },
    );
    const tab = await activeTab();
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.equal(tab.input.original.toString(), result.left.toString());
    assert.equal(tab.input.modified.toString(), result.right.toString());
    assert.deepEqual([tab.input.original.scheme, tab.input.original.authority], ['mlflow-artifact', C001]);
    assert.deepEqual([tab.input.modified.scheme, tab.input.modified.authority], ['mlflow-artifact', C10]);
    assert.equal(tab.label, result.title);
    assert.equal(await textOf(tab.input.original), fs.readFileSync(path.join(runArtifacts(C001), 'config', 'params.yaml'), 'utf8'));
    assert.equal(await textOf(tab.input.modified), fs.readFileSync(path.join(runArtifacts(C10), 'config', 'params.yaml'), 'utf8'));

    // Two artifacts selected in the tree: compared with each other directly.
    const selection = [artifact(C10, 'model/conda.yaml', 'C=10.0'), artifact(C10, 'model/python_env.yaml', 'C=10.0')];
    const pair = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri }>(CommandIds.compareArtifactWithRun, selection[0], selection);
    const pairTab = await activeTab();
    assert.ok(pairTab.input instanceof vscode.TabInputTextDiff);
    assert.equal(pairTab.input.original.toString(), pair.left.toString());
    assert.ok(pair.right.path.endsWith('/model/python_env.yaml'), pair.right.path);
  });

  test('download writes a folder and a file into the chosen folder, never over existing files without being told', async () => {
    const target = path.join(workspace, 'downloads');
    fs.mkdirSync(target, { recursive: true });
    const folder = await vscode.commands.executeCommand<{ written: string; files: number }>(
      CommandIds.downloadArtifact,
      artifact(PARENT, 'reports', 'hyperparam-search', true),
      { folder: target },
    );
    assert.equal(folder.written, path.join(target, 'reports'));
    assert.equal(folder.files, 5);
    const odd = path.join('2024', 'details', 'deeper', 'file with spaces & ünïcödé.txt');
    assert.deepEqual(fs.readFileSync(path.join(target, 'reports', odd)), fs.readFileSync(path.join(parentArtifacts(), 'reports', odd)));
    assert.equal(fs.statSync(path.join(target, 'reports', 'empty.bin')).size, 0);

    fs.writeFileSync(path.join(target, 'notes.txt'), 'my own notes');
    const notes = artifact(PARENT, 'notes.txt', 'hyperparam-search');
    const cancelled = await vscode.commands.executeCommand<{ written?: string }>(CommandIds.downloadArtifact, notes, { folder: target, onConflict: 'cancel' });
    assert.equal(cancelled.written, undefined);
    const kept = await vscode.commands.executeCommand<{ written: string }>(CommandIds.downloadArtifact, notes, { folder: target, onConflict: 'keepBoth' });
    assert.equal(kept.written, path.join(target, 'notes (1).txt'));
    assert.equal(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8'), 'my own notes');
    assert.deepEqual(fs.readFileSync(kept.written), fs.readFileSync(path.join(parentArtifacts(), 'notes.txt')));
    const again = await vscode.commands.executeCommand<{ written: string }>(CommandIds.downloadArtifact, artifact(PARENT, 'reports', 'hyperparam-search', true), {
      folder: target,
      onConflict: 'keepBoth',
    });
    assert.equal(again.written, path.join(target, 'reports (1)'));
    const replaced = await vscode.commands.executeCommand<{ written: string }>(CommandIds.downloadArtifact, notes, { folder: target, onConflict: 'overwrite' });
    assert.equal(replaced.written, path.join(target, 'notes.txt'));
    assert.deepEqual(fs.readFileSync(path.join(target, 'notes.txt')), fs.readFileSync(path.join(parentArtifacts(), 'notes.txt')));
  });

  test('provenance: the source opens at the logged commit (old content) and diffs against the working tree (both contents)', async () => {
    const file = path.join(repo, 'src', 'train.py');
    const opened = await vscode.commands.executeCommand<{ atCommit: vscode.Uri; file: vscode.Uri; commit: string }>(
      CommandIds.openSourceAtCommit,
      runNode('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1'),
    );
    assert.ok(opened && 'atCommit' in opened, JSON.stringify(opened));
    assert.equal(opened.commit, commit);
    assert.equal(opened.file.fsPath, file);
    assert.equal(opened.atCommit.scheme, 'git');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), opened.atCommit.toString());
    assert.equal(editor.document.getText(), OLD_SOURCE);

    const diffed = await vscode.commands.executeCommand<{ atCommit: vscode.Uri; file: vscode.Uri }>(
      CommandIds.diffSourceWithWorkingTree,
      runNode('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1'),
    );
    const tab = await activeTab();
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.equal(tab.input.original.toString(), diffed.atCommit.toString());
    assert.equal(tab.input.modified.fsPath, file);
    assert.equal(await textOf(tab.input.original), OLD_SOURCE);
    assert.equal(await textOf(tab.input.modified), NEW_SOURCE);
  });

  test('provenance dead ends say why: commit not fetched, file not in the workspace, not in a repository, no commit tag', async () => {
    const problem = async (runId: string) =>
      ((await vscode.commands.executeCommand<{ problem?: string }>(CommandIds.openSourceAtCommit, runNode(runId))) ?? {}).problem ?? '';
    assert.match(await problem('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2'), /Commit fffffff of run 'unknown-commit' is not in the local repository .*provenance-repo: fetch it/);
    assert.match(await problem('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3'), /source file '\/somewhere\/else\/entirely\.py' was not found in this workspace/);
    assert.match(await problem('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4'), /not-in-a-repo\.py is not in a git repository of this workspace/);
    assert.match(await problem(PARENT), /run 'hyperparam-search'.*no mlflow\.source\.git\.commit tag/);
  });
});
