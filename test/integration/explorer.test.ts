// The Experiments view inside a real VS Code extension host, on a temp copy of samples/ (whose mlruns/
// is the store MLflow 2.12.2 wrote in ../shared/fixtures/generated). Assertions go through the API
// activate() returns (the tree provider's children as plain data) and through real commands.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';
const ODD_EXPERIMENT = 'Ünïcödé 実験 🚀 "double" ’curly’ `tick` <script>alert(1)</script> & spaces   end';
// The hostile name holds a "/" (in `</script>`): with the default folder separator it is a folder named
// up to the "/", holding an experiment labelled with the rest of the name (experimentFolders.ts).
const ODD_FOLDER = ODD_EXPERIMENT.slice(0, ODD_EXPERIMENT.indexOf('/'));
const ODD_LEAF = ODD_EXPERIMENT.slice(ODD_EXPERIMENT.indexOf('/') + 1);
/** The rows at the root: the active experiments, the hostile one inside its folder. */
const ACTIVE_ROOT_ROWS = ['Default', 'iris-classification', ODD_FOLDER, 'long-training', 'status-zoo', 'empty experiment (no runs)'];

let api: MlflowLensApi;
let workspace: string;
let extensionPath: string;
/** Files the tests wrote into the workspace store (everything else must stay byte for byte). */
const writtenByTests = new Set<string>();

const labels = (nodes: PlainTreeNode[]) => nodes.map((n) => n.label);
const sorted = (list: string[]) => [...list].sort();

async function child(parentId: string | undefined, label: string): Promise<PlainTreeNode> {
  const nodes = await api.explorer.children(parentId);
  const found = nodes.find((n) => n.label === label);
  assert.ok(found, `"${label}" not under ${parentId ?? 'the root'}: ${labels(nodes).join(' | ')}`);
  return found;
}

/** Resolves at the next repaint of `id` (undefined = the whole tree). Mocha's timeout bounds the wait. */
function nextChange(id: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    const listener = api.explorer.onDidChange((changed) => {
      if (changed === id || changed === undefined) {
        listener.dispose();
        resolve();
      }
    });
  });
}

/** Fires on the next repaint of any node; `dispose` stops listening. */
function anyChange(): { changed: Promise<void>; dispose(): void } {
  let listener: vscode.Disposable | undefined;
  const changed = new Promise<void>((resolve) => {
    listener = api.explorer.onDidChange(() => resolve());
  });
  return { changed, dispose: () => listener?.dispose() };
}

const COUNTED = /^(no runs|1 run|\d+ runs)\b/;

/** The experiment rows once the store has counted their runs (counts arrive after the rows). */
async function countedExperiments(): Promise<PlainTreeNode[]> {
  for (;;) {
    const next = anyChange();
    const roots = (await api.explorer.children()).filter((n) => n.kind === 'experiment');
    if (roots.every((n) => COUNTED.test(n.description ?? ''))) {
      next.dispose();
      return roots;
    }
    await next.changed;
    next.dispose();
  }
}

function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Writes a run the way MLflow's file store does, into a temp folder first, then renamed into place. */
function writeRun(experimentDir: string, runId: string, runName: string, status: number, extra: Record<string, string>) {
  const staging = path.join(workspace, `.staging-${runId}`);
  const now = Date.now();
  const files: Record<string, string> = {
    'meta.yaml': [
      `artifact_uri: file://${experimentDir}/${runId}/artifacts`,
      ...(status === 1 ? [] : [`end_time: ${now}`]),
      "entry_point_name: ''",
      `experiment_id: '${path.basename(experimentDir)}'`,
      'lifecycle_stage: active',
      `run_id: ${runId}`,
      `run_name: ${runName}`,
      `run_uuid: ${runId}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      `start_time: ${now - 1000}`,
      `status: ${status}`,
      'tags: []',
      'user_id: integration-test',
      '',
    ].join('\n'),
    'tags/mlflow.runName': runName,
    'tags/mlflow.user': 'integration-test',
    ...extra,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
    fs.writeFileSync(path.join(staging, rel), content);
    writtenByTests.add(path.join(path.basename(experimentDir), runId, rel));
  }
  fs.renameSync(staging, path.join(experimentDir, runId));
}

suite('MLflow Lens Experiments view (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    extensionPath = ext.extensionPath;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    workspace = folder.uri.fsPath;
  });

  test('every command of commandIds.ts is registered', async () => {
    const registered = await vscode.commands.getCommands(true);
    const missing = Object.values(CommandIds).filter((id) => !registered.includes(id));
    assert.deepEqual(missing, []);
  });

  test('the store is detected as ./mlruns of the workspace', async () => {
    const uri = await api.activeStoreUri();
    assert.ok(uri, 'no store detected');
    assert.ok(uri.replace(/^file:\/\//, '').endsWith(`${path.basename(workspace)}/mlruns`), uri);
  });

  test('the root lists the sample experiments; the deleted one is hidden', async () => {
    const roots = await api.explorer.children();
    assert.deepEqual(sorted(labels(roots)), sorted(ACTIVE_ROOT_ROWS));
    assert.deepEqual(roots.filter((n) => n.kind !== 'experiment').map((n) => [n.kind, n.label]), [['folder', ODD_FOLDER]]);
    const inFolder = await api.explorer.children(roots.find((n) => n.kind === 'folder')!.id);
    assert.deepEqual(inFolder.map((n) => [n.kind, n.label]), [['experiment', ODD_LEAF]]);
  });

  test('experiment rows show their run counts; the empty experiment has no chevron', async () => {
    const rows = Object.fromEntries((await countedExperiments()).map((n) => [n.label, [n.description, n.expandable]]));
    assert.deepEqual(rows, {
      Default: ['2 runs', true],
      'iris-classification': ['9 runs', true],
      'long-training': ['1 run', true],
      'status-zoo': ['5 runs', true],
      'empty experiment (no runs)': ['no runs', false],
    });
    // The hostile experiment's folder sums what is inside it.
    const folder = (await api.explorer.children()).find((n) => n.kind === 'folder');
    assert.deepEqual([folder?.label, folder?.description, folder?.contextValue, folder?.expandable], [ODD_FOLDER, '1 experiment · 1 run', 'experimentFolder', true]);
  });

  test('without a store, Filter, Sort and Show Deleted leave the view title and the palette', () => {
    // The workbench check (test/e2e/treeRowChecks.mjs) sees the buttons go; here: every entry is guarded.
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus;
    const guarded = [CommandIds.filterRuns, CommandIds.clearFilter, CommandIds.sortRuns, CommandIds.clearSort, CommandIds.showDeleted, CommandIds.hideDeleted];
    for (const menu of ['view/title', 'commandPalette']) {
      const entries = menus[menu]!.filter((e) => (guarded as string[]).includes(e.command));
      assert.deepEqual(sorted([...new Set(entries.map((e) => e.command))]), sorted(guarded), menu);
      for (const entry of entries) assert.match(entry.when ?? '', /(^|&& )mlflowLens\.storeOpen( &&|$)/, `${menu} ${entry.command}`);
    }
  });

  test('hostile names reach the tree as text and tooltips escape them', async () => {
    const folder = await child(undefined, ODD_FOLDER);
    assert.ok(!(folder.tooltip ?? '').includes('<script>'), folder.tooltip);
    assert.ok((folder.tooltip ?? '').includes('\\<script\\>'), folder.tooltip);
    const odd = await child(folder.id, ODD_LEAF);
    assert.match(odd.description ?? '', /^1 run$/);
    assert.ok(odd.tooltip, 'no tooltip');
    assert.ok(!odd.tooltip.includes('<script>'), odd.tooltip);
    assert.ok(odd.tooltip.includes('\\<script\\>'), odd.tooltip);
    const [run] = await api.explorer.children(odd.id);
    assert.equal(run?.label, `run with spaces, "quotes", 'apostrophes', <b>html</b> & emoji 🎉🔥`);
  });

  test('an experiment description shows as Markdown in its tooltip', async () => {
    const iris = await child(undefined, 'iris-classification');
    assert.match(iris.tooltip ?? '', /\n---\n\n# Iris\nExperiment \*\*description\*\* in markdown\.\n\n- item/);
    assert.ok(!(iris.tooltip ?? '').includes('⏎'), iris.tooltip);
  });

  test('iris runs nest: parent → 4 children → one fold each', async () => {
    const iris = await child(undefined, 'iris-classification');
    const top = await api.explorer.children(iris.id);
    assert.deepEqual(labels(top.filter((n) => n.kind === 'run')), ['hyperparam-search']);
    const parent = top[0]!;
    assert.equal(parent.icon, 'pass');
    assert.match(parent.description ?? '', /ago · \d/);
    const under = await api.explorer.children(parent.id);
    assert.deepEqual(sorted(labels(under.filter((n) => n.kind === 'run'))), ['C=0.01', 'C=0.1', 'C=1.0', 'C=10.0']);
    // The parent's own sections first, then its child runs.
    assert.deepEqual(labels(under.slice(0, 4)), ['Parameters', 'Metrics', 'Tags', 'Artifacts']);
    assert.deepEqual(under.map((n) => n.kind), ['section', 'section', 'section', 'section', 'run', 'run', 'run', 'run']);
    const c1 = under.find((n) => n.label === 'C=1.0')!;
    const folds = (await api.explorer.children(c1.id)).filter((n) => n.kind === 'run');
    assert.deepEqual(labels(folds), ['C=1.0 / fold-0']);
  });

  test('a run that logged datasets lists them under Datasets, with context and digest', async () => {
    const iris = await child(undefined, 'iris-classification');
    const c1 = await child((await child(iris.id, 'hyperparam-search')).id, 'C=1.0');
    const sections = (await api.explorer.children(c1.id)).filter((n) => n.kind === 'section');
    assert.deepEqual(labels(sections), ['Parameters', 'Metrics', 'Tags', 'Datasets', 'Artifacts']);
    const datasets = await api.explorer.children(sections[3]!.id);
    assert.deepEqual(
      datasets.map((n) => [n.kind, n.label, n.description, n.icon]),
      [['dataset', 'iris-test', 'evaluation · c4567977', 'database'], ['dataset', 'iris-train', 'training · 2edc8d19', 'database']],
    );
    assert.match(datasets[1]!.tooltip ?? '', /\*\*Tag split:\*\* train/);
  });

  test('a run expands to its real parameters, latest metrics and tags', async () => {
    const defaultExp = await child(undefined, 'Default');
    const run = await child(defaultExp.id, 'quick-test-0');
    const sections = await api.explorer.children(run.id);
    const params = await api.explorer.children(sections.find((s) => s.label === 'Parameters')!.id);
    assert.deepEqual(params.map((p) => [p.label, p.description]), [['debug', 'true']]);
    const metrics = await api.explorer.children(sections.find((s) => s.label === 'Metrics')!.id);
    assert.deepEqual(metrics.map((m) => [m.label, m.description]), [['loss', '1 · step 0']]);
    const tags = await api.explorer.children(sections.find((s) => s.label === 'Tags')!.id);
    // quick-test-0 has only MLflow's own tags: they sit in the collapsed System tags group.
    assert.deepEqual(tags.map((t) => [t.label, t.expandable]), [['System tags', true]]);
    const systemTags = await api.explorer.children(tags[0]!.id);
    assert.ok(systemTags.some((t) => t.label === 'mlflow.source.name' && t.description === 'train.py'));
    assert.ok(systemTags.every((t) => t.kind === 'tag' && t.label.startsWith('mlflow.')), labels(systemTags).join(' | '));
    assert.match(run.tooltip ?? '', /train\\\.py/);
  });

  test('status icons follow the run status', async () => {
    const zoo = await child(undefined, 'status-zoo');
    const runs = await api.explorer.children(zoo.id);
    const icons = Object.fromEntries(runs.map((r) => [r.label, r.icon]));
    assert.deepEqual(icons, {
      'failed-run': 'error',
      'killed-run': 'circle-slash',
      'running-run': 'sync~spin',
      'finished-run': 'pass',
      'scheduled-run': 'clock',
    });
  });

  test('an artifact file opens read-only with the stored bytes', async () => {
    const iris = await child(undefined, 'iris-classification');
    const parent = await child(iris.id, 'hyperparam-search');
    const artifacts = await child(parent.id, 'Artifacts');
    const files = await api.explorer.children(artifacts.id);
    assert.ok(files.some((f) => f.label === 'reports' && f.expandable), labels(files).join(' | '));
    const notes = files.find((f) => f.label === 'notes.txt');
    assert.ok(notes, labels(files).join(' | '));
    const runId = parent.id.replace(/^run:/, '');
    await vscode.commands.executeCommand(CommandIds.openArtifact, { kind: 'artifact', runId, runName: 'hyperparam-search', path: 'notes.txt', isDir: false });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    // The run's name is in the path the tab and breadcrumbs show; the run is found by its id.
    assert.equal(editor.document.uri.path, '/hyperparam-search/notes.txt');
    assert.equal(editor.document.uri.authority, runId);
    assert.equal(notes.resourceUri, editor.document.uri.toString(), 'the tree row opens the same URI');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, 'notes.txt');
    assert.equal((tab?.input as vscode.TabInputText | undefined)?.uri.toString(), editor.document.uri.toString());
    const onDisk = fs.readFileSync(path.join(workspace, 'mlruns', iris.id.replace(/^exp:/, ''), runId, 'artifacts', 'notes.txt'), 'utf8');
    assert.equal(editor.document.getText(), onDisk);
    assert.equal(vscode.workspace.fs.isWritableFileSystem(editor.document.uri.scheme), false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // A path that climbs out of the artifact root is refused, whatever the name segment says.
    const escape = vscode.Uri.from({ scheme: editor.document.uri.scheme, authority: runId, path: '/hyperparam-search/../../meta.yaml' });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(escape)), /'\.\.' is not allowed/);
  });

  test('show/hide deleted toggles the trashed experiment and the deleted run', async () => {
    await vscode.commands.executeCommand(CommandIds.showDeleted);
    try {
      const trashed = (await countedExperiments()).find((n) => n.label === 'to-be-deleted');
      assert.ok(trashed, 'to-be-deleted is not listed');
      assert.equal(trashed.description, '1 run · deleted');
      assert.equal(trashed.contextValue, 'experiment.deleted');
      assert.equal(trashed.icon, 'trash');
      // Faded: the row's resource carries the decoration that greys its label.
      assert.match(trashed.resourceUri ?? '', /^mlflow-lens-faded:/);
      assert.deepEqual(labels(await api.explorer.children(trashed.id)), ['orphan-run']);
      const zoo = await child(undefined, 'status-zoo');
      const deletedRun = await child(zoo.id, 'deleted-run');
      assert.equal(deletedRun.icon, 'trash');
      assert.match(deletedRun.description ?? '', /· deleted$/);
      assert.match(deletedRun.resourceUri ?? '', /^mlflow-lens-faded:/);
      const finished = await child(zoo.id, 'finished-run');
      assert.equal(finished.resourceUri, undefined);
    } finally {
      await vscode.commands.executeCommand(CommandIds.hideDeleted);
    }
    assert.deepEqual(sorted(labels(await api.explorer.children())), sorted(ACTIVE_ROOT_ROWS));
  });

  test('a run written while the extension runs appears through the file watcher', async () => {
    const defaultExp = await child(undefined, 'Default');
    const before = labels(await api.explorer.children(defaultExp.id));
    assert.ok(!before.includes('written-while-watching'));
    const experimentDir = path.join(workspace, 'mlruns', '0');
    const runId = crypto.randomBytes(16).toString('hex');
    // The run may arrive in more than one batch of file events: follow repaints until it is listed.
    const repaints: (string | undefined)[] = [];
    const recorder = api.explorer.onDidChange((id) => repaints.push(id));
    let after: string[] = before;
    let written = false;
    while (!after.includes('written-while-watching')) {
      const changed = nextChange(defaultExp.id);
      if (!written) {
        writeRun(experimentDir, runId, 'written-while-watching', 1, { 'metrics/loss': `${Date.now()} 0.25 0\n`, 'params/lr': '0.01' });
        written = true;
      }
      await changed;
      after = labels(await api.explorer.children(defaultExp.id));
    }
    recorder.dispose();
    const run = await child(defaultExp.id, 'written-while-watching');
    assert.equal(run.icon, 'sync~spin');
    // Only the Default experiment was repainted: no whole-tree refresh, no other experiment.
    assert.ok(repaints.length > 0);
    assert.deepEqual([...new Set(repaints)], [defaultExp.id]);
    assert.deepEqual(sorted(labels(await api.explorer.children())), sorted(ACTIVE_ROOT_ROWS));
  });

  test('Refresh repaints the whole tree and lists the same experiments', async () => {
    const repainted = nextChange(undefined);
    await vscode.commands.executeCommand(CommandIds.refresh);
    await repainted;
    assert.deepEqual(sorted(labels(await api.explorer.children())), sorted(ACTIVE_ROOT_ROWS));
  });

  test('a metric logged to a running run updates its Metrics section through the watcher', async () => {
    const zoo = await child(undefined, 'status-zoo');
    const running = await child(zoo.id, 'running-run');
    const metrics = await child(running.id, 'Metrics');
    const before = (await api.explorer.children(metrics.id)).find((m) => m.label === 'loss');
    assert.match(before?.description ?? '', / · step 9$/);
    const runId = running.id.replace(/^run:/, '');
    const metricRelative = path.join(zoo.id.replace(/^exp:/, ''), runId, 'metrics', 'loss');
    const metricFile = path.join(workspace, 'mlruns', metricRelative);
    writtenByTests.add(metricRelative);
    // As MLflow's file store logs: one "timestamp value step" line appended per call.
    let latest = before?.description;
    let appended = false;
    while (latest !== '0.0125 · step 10') {
      const changed = nextChange(zoo.id);
      if (!appended) {
        fs.appendFileSync(metricFile, `${Date.now()} 0.0125 10\n`);
        appended = true;
      }
      await changed;
      latest = (await api.explorer.children(metrics.id)).find((m) => m.label === 'loss')?.description;
    }
    assert.equal(latest, '0.0125 · step 10');
  });

  test('Copy Run ID puts the run id on the clipboard', async () => {
    const defaultExp = await child(undefined, 'Default');
    const run = await child(defaultExp.id, 'quick-test-0');
    const runId = run.id.replace(/^run:/, '');
    await vscode.commands.executeCommand(CommandIds.copyRunId, { kind: 'run', runId });
    assert.equal(await vscode.env.clipboard.readText(), runId);
  });

  test('browsing never wrote to the store', () => {
    const pristine = path.join(extensionPath, 'samples', 'mlruns');
    const copy = path.join(workspace, 'mlruns');
    const expected = filesUnder(pristine);
    const actual = filesUnder(copy).filter((f) => !writtenByTests.has(f) || expected.includes(f));
    assert.deepEqual(actual, expected);
    const changed = expected.filter((f) => !writtenByTests.has(f) && sha(path.join(pristine, f)) !== sha(path.join(copy, f)));
    assert.deepEqual(changed, []);
  });
});
