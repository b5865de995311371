// Experiment folders in the real Experiments view: a copy of test/fixtures/experiment-folders/mlruns (written
// by MLflow 2.12.2, names like team/vision/resnet, "/", "//", "trailing/") is chosen as the store; the
// tree is read through the API activate() returns, and the folder's menu command runs as the menu runs it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

let api: MlflowLensApi;
let storeCopy: string;

const labels = (nodes: PlainTreeNode[]) => nodes.map((n) => n.label);

async function child(parentId: string | undefined, label: string): Promise<PlainTreeNode> {
  const nodes = await api.explorer.children(parentId);
  const found = nodes.find((n) => n.label === label);
  assert.ok(found, `"${label}" not under ${parentId ?? 'the root'}: ${labels(nodes).join(' | ')}`);
  return found;
}

/** The children of `parentId` once `ready` holds for them, re-read at every repaint (mocha's timeout bounds the wait). */
async function childrenWhen(parentId: string | undefined, ready: (nodes: PlainTreeNode[]) => boolean): Promise<PlainTreeNode[]> {
  for (;;) {
    let listener: vscode.Disposable | undefined;
    const changed = new Promise<void>((resolve) => (listener = api.explorer.onDidChange(() => resolve())));
    const nodes = await api.explorer.children(parentId);
    if (ready(nodes)) {
      listener?.dispose();
      return nodes;
    }
    await changed;
    listener?.dispose();
  }
}

const described = (nodes: PlainTreeNode[]) => Object.fromEntries(nodes.map((n) => [n.label, n.description]));

/** The experiment folder of the copy whose meta.yaml carries this name. */
function experimentDir(name: string): string {
  for (const entry of fs.readdirSync(storeCopy)) {
    const meta = path.join(storeCopy, entry, 'meta.yaml');
    if (fs.existsSync(meta) && fs.readFileSync(meta, 'utf8').includes(`name: ${name}\n`)) return path.join(storeCopy, entry);
  }
  throw new Error(`no experiment named ${name} in ${storeCopy}`);
}

/** Writes a RUNNING run the way MLflow's file store does: staged, then renamed into place. */
function writeRun(dir: string, runName: string): string {
  const runId = crypto.randomBytes(16).toString('hex');
  const staging = path.join(path.dirname(storeCopy), `.staging-${runId}`);
  const now = Date.now();
  const files: Record<string, string> = {
    'meta.yaml': [
      `artifact_uri: file://${dir}/${runId}/artifacts`,
      "entry_point_name: ''",
      `experiment_id: '${path.basename(dir)}'`,
      'lifecycle_stage: active',
      `run_id: ${runId}`,
      `run_name: ${runName}`,
      `run_uuid: ${runId}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      `start_time: ${now}`,
      'status: 1',
      'tags: []',
      'user_id: integration-test',
      '',
    ].join('\n'),
    'tags/mlflow.runName': runName,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
    fs.writeFileSync(path.join(staging, rel), content);
  }
  fs.renameSync(staging, path.join(dir, runId));
  return path.join(dir, runId);
}

suite('Experiment folders in the Experiments view (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    // Outside the workspace: the workspace's own watcher would report the copy's files late, as changes.
    storeCopy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'experiment-folders-')), 'mlruns');
    fs.cpSync(path.join(ext.extensionPath, 'test', 'fixtures', 'experiment-folders', 'mlruns'), storeCopy, { recursive: true });
    await vscode.commands.executeCommand(CommandIds.chooseStore, storeCopy);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    await vscode.workspace.getConfiguration('mlflowLens').update('experimentFolders.separator', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.dirname(storeCopy), { recursive: true, force: true });
  });

  test('names with "/" are folders (first, by name) with their run counts; "/", "//" and "trailing/" stay plain experiments', async () => {
    const roots = await childrenWhen(undefined, (nodes) => nodes.filter((n) => n.kind === 'folder').every((n) => /run/.test(n.description ?? '')));
    const folders = roots.filter((n) => n.kind === 'folder');
    assert.deepEqual(labels(folders), ['double', 'team', 'Users']);
    assert.deepEqual(described(folders), {
      double: '1 experiment · 1 run',
      team: '4 experiments · 6 runs',
      Users: '1 experiment · 1 run',
    });
    assert.deepEqual(roots.slice(0, 3), folders, 'folders come first');
    for (const folder of folders) {
      assert.equal(folder.icon, 'folder');
      assert.equal(folder.contextValue, 'experimentFolder');
      assert.equal(folder.expandable, true);
    }
    assert.deepEqual(new Set(labels(roots.filter((n) => n.kind === 'experiment'))), new Set(['Default', 'solo', '/', '//', 'trailing/', 'v1.2.3']));
  });

  test('a folder expands to its subfolders, then its experiments with their counts; ids are stable across Refresh', async () => {
    const team = await child(undefined, 'team');
    assert.equal(team.id, 'folder:team');
    const inside = await childrenWhen(team.id, (nodes) => nodes.every((n) => /run/.test(n.description ?? '')));
    assert.deepEqual(inside.map((n) => [n.kind, n.label, n.description]), [
      ['folder', 'nlp', '1 experiment · 2 runs'],
      ['folder', 'vision', '2 experiments · 4 runs'],
      ['experiment', 'notes', 'no runs'],
    ]);
    const vision = inside[1]!;
    assert.equal(vision.id, 'folder:team/vision');
    const experiments = await childrenWhen(vision.id, (nodes) => nodes.every((n) => /run/.test(n.description ?? '')));
    assert.deepEqual(described(experiments), { resnet: '3 runs', vit: '1 run' });
    const resnet = experiments.find((n) => n.label === 'resnet')!;
    assert.match(resnet.tooltip ?? '', /team\/vision\/resnet|team\\\/vision\\\/resnet/, 'the hover names the whole experiment');
    assert.deepEqual((await api.explorer.children(resnet.id)).map((n) => n.kind), ['run', 'run', 'run']);

    const before = [team.id, vision.id, resnet.id, ...(await api.explorer.children(resnet.id)).map((n) => n.id)];
    const repainted = new Promise<void>((resolve) => {
      const listener = api.explorer.onDidChange((id) => id === undefined && (listener.dispose(), resolve()));
    });
    await vscode.commands.executeCommand(CommandIds.refresh);
    await repainted;
    const teamAgain = await child(undefined, 'team');
    const visionAgain = await child(teamAgain.id, 'vision');
    const resnetAgain = await child(visionAgain.id, 'resnet');
    const after = [teamAgain.id, visionAgain.id, resnetAgain.id, ...(await api.explorer.children(resnetAgain.id)).map((n) => n.id)];
    assert.deepEqual(after, before);
  });

  test('a run written into an experiment inside a folder repaints that experiment, and the folders count it', async () => {
    const team = await child(undefined, 'team');
    const vision = await child(team.id, 'vision');
    const resnet = await child(vision.id, 'resnet');
    await api.explorer.children(resnet.id);
    // Every row counted first: counts still arriving from an earlier listing would repaint other rows.
    await childrenWhen(undefined, (nodes) => nodes.every((n) => n.kind !== 'experiment' && n.kind !== 'folder' || /run/.test(n.description ?? '')));
    await childrenWhen(team.id, (nodes) => nodes.every((n) => /run/.test(n.description ?? '')));
    const repaints: (string | undefined)[] = [];
    const recorder = api.explorer.onDidChange((id) => repaints.push(id));
    const runDir = writeRun(experimentDir('team/vision/resnet'), 'written-inside-a-folder');
    // A watcher set up moments ago may miss the first event: the run's tag is written again (same
    // bytes, same experiment) until the tree has it. A retry, not a time limit.
    const poke = setInterval(() => fs.writeFileSync(path.join(runDir, 'tags', 'mlflow.runName'), 'written-inside-a-folder'), 2000);
    try {
      const runs = await childrenWhen(resnet.id, (nodes) => nodes.some((n) => n.label === 'written-inside-a-folder'));
      clearInterval(poke);
      assert.equal(runs.find((n) => n.label === 'written-inside-a-folder')!.icon, 'sync~spin');
      const counted = await childrenWhen(team.id, (nodes) => nodes.find((n) => n.label === 'vision')?.description === '2 experiments · 5 runs');
      assert.equal(counted.find((n) => n.label === 'vision')!.id, vision.id);
      await childrenWhen(undefined, (nodes) => nodes.find((n) => n.label === 'team')?.description === '4 experiments · 7 runs');
      // Only the experiment and the folders around it repainted, never the whole tree.
      assert.ok(repaints.includes(resnet.id), repaints.map(String).join(', '));
      const around = new Set<string | undefined>([resnet.id, vision.id, team.id]);
      assert.deepEqual(repaints.filter((id) => !around.has(id)), []);
      assert.ok(!repaints.includes(undefined), 'no whole-tree refresh');
    } finally {
      clearInterval(poke);
      recorder.dispose();
    }
  });

  test('a run filter applies inside folders: each folder sums its matches; Load more pages an experiment inside a folder', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.i = '0'");
    try {
      // resnet holds 4 runs since the run written above (which logged no param i).
      const roots = await childrenWhen(undefined, (nodes) => / of /.test(nodes.find((n) => n.label === 'team')?.description ?? ''));
      assert.equal(roots.find((n) => n.label === 'team')!.description, '4 experiments · 3 of 7 runs');
      const team = roots.find((n) => n.label === 'team')!;
      const vision = await child(team.id, 'vision');
      const inVision = await childrenWhen(vision.id, (nodes) => nodes.every((n) => / of /.test(n.description ?? '')));
      assert.deepEqual(described(inVision), { resnet: '1 of 4 runs', vit: '1 of 1 run' });
      const resnet = inVision.find((n) => n.label === 'resnet')!;
      assert.deepEqual(labels(await api.explorer.children(resnet.id)), ['team/vision/resnet-run-0']);
    } finally {
      await vscode.commands.executeCommand(CommandIds.clearFilter);
    }
    const config = vscode.workspace.getConfiguration('mlflowLens');
    await config.update('runPageSize', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const vision = await child((await child(undefined, 'team')).id, 'vision');
      const resnet = await child(vision.id, 'resnet');
      const first = await childrenWhen(resnet.id, (nodes) => nodes.some((n) => n.kind === 'loadMore'));
      assert.deepEqual(first.map((n) => n.kind), ['run', 'run', 'loadMore']);
      assert.equal(first[2]!.description, '2 of 4');
      const repainted = new Promise<void>((resolve) => {
        const listener = api.explorer.onDidChange((id) => id === resnet.id && (listener.dispose(), resolve()));
      });
      await vscode.commands.executeCommand(CommandIds.loadMore, api.explorer.commandArgument(first[2]!.id));
      await repainted;
      const all = await api.explorer.children(resnet.id);
      assert.deepEqual(all.map((n) => n.kind), ['run', 'run', 'run', 'run']);
      assert.deepEqual(all.slice(0, 2).map((n) => n.id), first.slice(0, 2).map((n) => n.id));
    } finally {
      await config.update('runPageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test("a folder's Open Runs Table lists the runs of every experiment inside it", async () => {
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } })
      .contributes.menus['view/item/context']!;
    const entries = menus.filter((m) => m.command === CommandIds.openRunsTable);
    const team = await child(undefined, 'team');
    const whenMatches = (when: string) => new RegExp(/viewItem =~ \/(.*)\/$/.exec(when)![1]!).test(team.contextValue!);
    assert.ok(entries.some((m) => m.when && whenMatches(m.when)), 'the folder row offers Open Runs Table');
    const folder = api.explorer.commandArgument(team.id);
    await vscode.commands.executeCommand(CommandIds.openRunsTable, folder, [folder]);
    const teamIds = ['team/vision/resnet', 'team/vision/vit', 'team/nlp/bert', 'team/notes'].map((name) => path.basename(experimentDir(name)));
    const table = api.panels.open().find((p) => p.kind === 'runsTable' && p.experimentIds?.length === teamIds.length);
    assert.ok(table, JSON.stringify(api.panels.open()));
    assert.deepEqual([...(table.experimentIds ?? [])].sort(), [...teamIds].sort());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Open Runs Table on a folder selected with another experiment lists both, each experiment once, in the order shown', async () => {
    const team = api.explorer.commandArgument((await child(undefined, 'team')).id);
    const soloRow = await child(undefined, 'solo');
    const solo = api.explorer.commandArgument(soloRow.id);
    const nlp = await child('folder:team', 'nlp');
    const vision = await child('folder:team', 'vision');
    // The order the tree shows: team's subfolders (nlp, then vision), its own notes, then solo at the root.
    const shown = [
      ...labels(await api.explorer.children(nlp.id)).map((label) => `team/nlp/${label}`),
      ...labels(await api.explorer.children(vision.id)).map((label) => `team/vision/${label}`),
      'team/notes',
      'solo',
    ].map((name) => path.basename(experimentDir(name)));
    // As VS Code calls a context-menu command: the clicked row, then the whole selection in click order
    // (the folder was selected first); the folder's bert is also selected on its own.
    const bert = api.explorer.commandArgument((await child(nlp.id, 'bert')).id);
    await vscode.commands.executeCommand(CommandIds.openRunsTable, solo, [team, bert, solo]);
    const table = api.panels.open().find((p) => p.kind === 'runsTable' && p.experimentIds?.length === shown.length);
    assert.ok(table, JSON.stringify(api.panels.open()));
    assert.deepEqual(table.experimentIds, shown);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the separator setting: "." makes v1.2.3 a folder, "" turns folders off', async () => {
    const config = vscode.workspace.getConfiguration('mlflowLens');
    try {
      await config.update('experimentFolders.separator', '.', vscode.ConfigurationTarget.Workspace);
      const dotted = await childrenWhen(undefined, (nodes) => nodes.some((n) => n.id === 'folder:v1'));
      assert.ok(dotted.some((n) => n.kind === 'experiment' && n.label === 'team/vision/resnet'), labels(dotted).join(' | '));
      const v1 = await child(undefined, 'v1');
      const two = await child(v1.id, '2');
      assert.deepEqual(labels(await api.explorer.children(two.id)), ['3']);
      await config.update('experimentFolders.separator', '', vscode.ConfigurationTarget.Workspace);
      const flat = await childrenWhen(undefined, (nodes) => nodes.every((n) => n.kind !== 'folder'));
      assert.ok(flat.some((n) => n.label === 'team/vision/resnet'), labels(flat).join(' | '));
    } finally {
      await config.update('experimentFolders.separator', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await childrenWhen(undefined, (nodes) => nodes.some((n) => n.id === 'folder:team'));
  });
});
