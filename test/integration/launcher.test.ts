// The run launcher inside the real extension host, launching the sample's entry points with the real
// MLflow 2.12.2 of ../shared (first on the host's PATH, see runInCodeServer.mjs) into a fresh file store.
// Everything goes through the contributed commands, as a keybinding or a task would call them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import { CommandIds } from '../../src/shared/commandIds';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';

const HOSTILE_SOLVER = "lbfgs'; touch PWNED #";
/** How MLflow 2.12.2 logs it: shlex.quote of the value it substituted into the command. */
const HOSTILE_SOLVER_LOGGED = `'lbfgs'"'"'; touch PWNED #'`;
const EXPERIMENT = 'launched from the editor';

let api: MlflowLensApi;
let workspace: string;
let storeDir: string;
let mlflowOnPath: string | undefined;

function which(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The run folder in the store, and what MLflow wrote there. */
function runFolder(runId: string): string | undefined {
  if (!fs.existsSync(storeDir)) return undefined;
  for (const exp of fs.readdirSync(storeDir)) {
    const dir = path.join(storeDir, exp, runId);
    if (fs.existsSync(path.join(dir, 'meta.yaml'))) return dir;
  }
  return undefined;
}
const STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };
function status(runId: string): string | undefined {
  const dir = runFolder(runId);
  const match = dir ? /^status: (\d)/m.exec(fs.readFileSync(path.join(dir, 'meta.yaml'), 'utf8')) : null;
  return match ? STATUS[match[1]!] : undefined;
}
function params(runId: string): Record<string, string> {
  const dir = path.join(runFolder(runId)!, 'params');
  return Object.fromEntries(fs.readdirSync(dir).map((k) => [k, fs.readFileSync(path.join(dir, k), 'utf8')]));
}

async function child(parentId: string | undefined, predicate: (n: PlainTreeNode) => boolean, what: string): Promise<PlainTreeNode> {
  return waitFor(`${what} under ${parentId ?? 'the root'}`, async () => (await api.explorer.children(parentId)).find(predicate));
}

/** The run as the Experiments view shows it: its node, and its parameter and metric rows. */
async function runInTree(runId: string): Promise<{ run: PlainTreeNode; params: PlainTreeNode[]; metrics: PlainTreeNode[] }> {
  const experiment = await child(undefined, (n) => n.label === EXPERIMENT, `experiment '${EXPERIMENT}'`);
  const run = await child(experiment.id, (n) => n.id === `run:${runId}`, `run ${runId}`);
  await api.explorer.children(run.id);
  return { run, params: await api.explorer.children(`${run.id}/params`), metrics: await api.explorer.children(`${run.id}/metrics`) };
}

function launch(args: Record<string, unknown>): Thenable<{ runId: string }> {
  return vscode.commands.executeCommand<{ runId: string }>(CommandIds.runEntryPoint, { uri: path.join(workspace, 'MLproject'), experimentName: EXPERIMENT, launch: true, ...args });
}

suite('Run entry point with the real mlflow run', function () {
  this.timeout(240_000);

  suiteSetup(async function () {
    mlflowOnPath = which('mlflow');
    if (!mlflowOnPath) {
      console.log('    SKIPPED: no `mlflow` on the extension host PATH (../shared/mlflow/bin is put there when ../shared exists)');
      this.skip();
    }
    const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens')!;
    api = (await ext.activate()) as MlflowLensApi;
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    storeDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-launch-')), 'mlruns');
    fs.mkdirSync(storeDir);
    await vscode.commands.executeCommand(CommandIds.chooseStore, storeDir);
  });

  suiteTeardown(async () => {
    if (mlflowOnPath) await vscode.commands.executeCommand(CommandIds.chooseStore, '');
  });

  let hostileRunId = '';

  test('a hostile string parameter reaches MLflow as one value, runs nothing, and the run ends FAILED', async () => {
    const { runId } = await launch({ entryPoint: 'main', parameters: { solver: HOSTILE_SOLVER } });
    hostileRunId = runId;
    assert.match(runId, /^[0-9a-f]{32}$/);
    const { run } = await runInTree(runId);
    assert.ok(run.expandable);
    assert.equal(await waitFor('the run to end', () => (status(runId) === 'RUNNING' ? undefined : status(runId))), 'FAILED');
    await waitFor('the tree to show FAILED', async () => ((await runInTree(runId)).run.icon === 'error' ? true : undefined));
    const tree = await runInTree(runId);
    const solver = tree.params.find((p) => p.label === 'solver');
    assert.equal(solver?.description, HOSTILE_SOLVER_LOGGED, 'the value as MLflow logged it');
    assert.equal(params(runId)['solver'], HOSTILE_SOLVER_LOGGED);
    for (const dir of [workspace, storeDir, os.tmpdir(), os.homedir()]) assert.ok(!fs.existsSync(path.join(dir, 'PWNED')), `PWNED in ${dir}`);
  });

  test('a valid launch ends FINISHED with its accuracy metric in the tree', async () => {
    const { runId } = await launch({ entryPoint: 'main', parameters: { C: '0.5' }, runName: 'from the editor' });
    assert.equal(await waitFor('the run to end', () => (status(runId) === 'RUNNING' ? undefined : status(runId))), 'FINISHED');
    const tree = await waitFor('accuracy in the tree', async () => {
      const t = await runInTree(runId);
      return t.metrics.some((m) => m.label === 'accuracy') && t.run.icon === 'pass' ? t : undefined;
    });
    assert.equal(tree.run.label, 'from the editor');
    assert.equal(tree.params.find((p) => p.label === 'C')?.description, '0.5');
  });

  test('Re-run reproduces the parameters exactly, twice in a row (MLflow\'s quoting undone)', async () => {
    assert.ok(hostileRunId, 'needs the hostile run of the first test');
    const original = params(hostileRunId);
    let previous = hostileRunId;
    for (let i = 0; i < 2; i++) {
      const { runId } = await vscode.commands.executeCommand<{ runId: string }>(CommandIds.rerunWithParameters, { runId: previous, launch: true });
      assert.notEqual(runId, previous);
      await waitFor('the re-run to end', () => (status(runId) === 'RUNNING' ? undefined : status(runId)));
      assert.deepEqual(params(runId), original, `re-run ${i + 1}`);
      previous = runId;
    }
  });

  test('Stop on a long-running entry point interrupts mlflow run, which marks the run FAILED', async () => {
    const { runId } = await launch({ entryPoint: 'live', parameters: { epochs: '2000', delay: '0.2' } });
    await waitFor('the first loss point', () => (fs.existsSync(path.join(runFolder(runId) ?? '/nonexistent', 'metrics', 'loss')) ? true : undefined));
    assert.equal(status(runId), 'RUNNING');
    await vscode.commands.executeCommand(CommandIds.stopLaunch, runId);
    assert.equal(await waitFor('the run to end', () => (status(runId) === 'RUNNING' ? undefined : status(runId)), 30_000), 'FAILED');
    const points = fs.readFileSync(path.join(runFolder(runId)!, 'metrics', 'loss'), 'utf8').trim().split('\n').length;
    assert.ok(points < 2000, `stopped early (${points} points)`);
  });

  test('invalid input launches nothing and rejects at once with the reason', async () => {
    const terminals = vscode.window.terminals.length;
    await assert.rejects(Promise.resolve(launch({ entryPoint: 'nope' })), /No entry point 'nope'.*main, sweep, live/s);
    await assert.rejects(Promise.resolve(launch({ entryPoint: 'main', parameters: { C: 'abc' } })), /'abc' is not a number/);
    await assert.rejects(Promise.resolve(launch({ entryPoint: 'main', envManager: 'conda' })), /conda not on PATH/);
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal was opened');
  });

  test('with no MLflow to be found, a launch says how to install it and starts nothing', async () => {
    const config = vscode.workspace.getConfiguration('mlflowLens');
    const savedPath = process.env['PATH'];
    const terminals = vscode.window.terminals.length;
    process.env['PATH'] = (savedPath ?? '').split(path.delimiter).filter((d) => !fs.existsSync(path.join(d, 'mlflow'))).join(path.delimiter);
    // A settings change makes the launcher look for MLflow again.
    await config.update('mlflowPath', path.join(workspace, 'no-such-mlflow'), vscode.ConfigurationTarget.Workspace);
    try {
      await assert.rejects(Promise.resolve(launch({ entryPoint: 'main' })), /No MLflow found.*pip install mlflow/s);
      assert.equal(vscode.window.terminals.length, terminals);
    } finally {
      process.env['PATH'] = savedPath;
      await config.update('mlflowPath', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
