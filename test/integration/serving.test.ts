// Serve Model Locally and Try It inside the real extension host, with the real MLflow 2.12.2 of
// ../shared first on the host's PATH (runInCodeServer.mjs): `mlflow models serve --env-manager local`
// serves the sklearn models the generated fixtures hold (samples/mlruns is a copy), from the folders
// the store maps their stale /home/dev paths to; Try It posts through the host as its webview would.
// Then Export Runs to CSV writes the file it is given, with the filter applied.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { ExportedRuns } from '../../src/export/exportRunsCommand';
import type { ServedModelInfo } from '../../src/serving/servingCommands';
import { CommandIds } from '../../src/shared/commandIds';
import type { InvocationResult, TryItState } from '../../src/shared/webviewProtocol';

const IRIS = '868010962877203020';
const C01_RUN = 'c6837e9babaf4e4f97aa06f8edac0c37';

let api: MlflowLensApi;
let workspace: string;
let requestId = 1;

function which(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function tryIt(port: number) {
  const panel = api.serving.tryIt(port);
  assert.ok(panel, `a Try It panel for the server on port ${port}`);
  return panel;
}

/** A request as the Try It webview posts it, answered by the host. */
async function invoke(port: number, body: string): Promise<InvocationResult> {
  return (await tryIt(port).deliver({ kind: 'request', id: requestId++, method: 'invoke', params: { body } })) as InvocationResult;
}

async function answersPing(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ping`)).status === 200;
  } catch {
    return false;
  }
}

suite('Serve Model Locally and Try It with the real mlflow models serve', function () {
  this.timeout(180_000);
  const started: ServedModelInfo[] = [];

  suiteSetup(async function () {
    if (!which('mlflow')) {
      console.log('    SKIPPED: no `mlflow` on the extension host PATH (../shared/mlflow/bin is put there when ../shared exists)');
      this.skip();
    }
    api = (await vscode.extensions.getExtension('mlflow-lens.mlflow-lens')!.activate()) as MlflowLensApi;
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await vscode.commands.executeCommand(CommandIds.chooseStore, path.join(workspace, 'mlruns'));
  });

  suiteTeardown(async () => {
    for (const s of started) await vscode.commands.executeCommand(CommandIds.stopModelServer, { port: s.port });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (api) await vscode.commands.executeCommand(CommandIds.chooseStore, '');
  });

  test("a run's model folder is served with --env-manager local, and Try It returns the predictions for its input example", async () => {
    const info = await vscode.commands.executeCommand<ServedModelInfo>(CommandIds.serveModel, { runId: C01_RUN, artifactPath: 'model', envManager: 'local' });
    assert.ok(info, 'the command returned what it started');
    started.push(info);
    assert.equal(info.status, 'ready', info.statusDetail);
    assert.equal(info.modelUri, path.join(workspace, 'mlruns', IRIS, C01_RUN, 'artifacts', 'model'), 'the folder where the store keeps it, not the stale /home/dev path');
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(await answersPing(info.url));
    const terminal = vscode.window.terminals.find((t) => t.name === `MLflow: serve runs:/${C01_RUN}/model`);
    assert.ok(terminal, `the server's terminal: ${vscode.window.terminals.map((t) => t.name).join(', ')}`);

    const state: TryItState = await tryIt(info.port).state();
    assert.equal(state.status, 'ready');
    assert.equal(state.exampleNote, "From input_example.json (a DataFrame, pandas orient 'split').");
    const example = JSON.parse(fs.readFileSync(path.join(info.modelUri, 'input_example.json'), 'utf8')) as unknown;
    assert.deepEqual(JSON.parse(state.exampleRequest), { dataframe_split: example });
    const answer = await invoke(info.port, state.exampleRequest);
    assert.deepEqual(answer, { ok: true, status: 200, predictions: [2, 1, 0] });
  });

  test("a 400 from the model comes back with MLflow's message; invalid JSON is refused by the host before posting", async () => {
    const port = started[0]?.port;
    assert.ok(port);
    const refused = await invoke(port, '{"dataframe_split": {"columns": ["a"], "data": [[1]]}}');
    assert.equal(refused.ok, false);
    assert.equal(refused.status, 400);
    assert.equal(refused.errorCode, 'INVALID_PARAMETER_VALUE');
    assert.match(refused.message ?? '', /Model is missing inputs \['sepal length \(cm\)', 'sepal width \(cm\)', 'petal length \(cm\)', 'petal width \(cm\)'\]/);
    const invalid = await invoke(port, '{"inputs": [1, 2,');
    assert.deepEqual(invalid, { ok: false, message: 'Not valid JSON at line 1, column 18: the text ends too early.' });
  });

  test('a registry version is served by name and number; serving it again reuses the running server', async () => {
    const info = await vscode.commands.executeCommand<ServedModelInfo>(CommandIds.serveModel, { modelName: 'iris-classifier', version: '3', envManager: 'local' });
    assert.ok(info);
    started.push(info);
    assert.equal(info.status, 'ready', info.statusDetail);
    assert.equal(info.modelLabel, 'iris-classifier version 3');
    assert.ok(info.modelUri.startsWith(path.join(workspace, 'mlruns', IRIS)), info.modelUri);
    const answer = await invoke(info.port, (await tryIt(info.port).state()).exampleRequest);
    assert.equal(answer.ok, true);
    assert.equal((answer.predictions as unknown[]).length, 3);
    const again = await vscode.commands.executeCommand<ServedModelInfo>(CommandIds.serveModel, { modelName: 'iris-classifier', version: '3', envManager: 'local' });
    assert.equal(again?.port, info.port);
    assert.equal(api.serving.servers().filter((s) => s.status !== 'stopped').length, 2);
  });

  test('Stop Model Server ends the process group: the port stops answering, the panel says stopped and refuses to send', async () => {
    const info = started[1];
    assert.ok(info);
    await vscode.commands.executeCommand(CommandIds.stopModelServer, { port: info.port });
    await waitFor('the server to stop', () => api.serving.servers().find((s) => s.port === info.port)?.status === 'stopped');
    assert.equal(await answersPing(info.url), false, 'gunicorn is gone too');
    const state = await tryIt(info.port).state();
    assert.equal(state.status, 'stopped');
    assert.equal(state.statusDetail, 'Stopped on request.');
    const answer = await invoke(info.port, state.exampleRequest);
    assert.equal(answer.ok, false);
    assert.equal(answer.message, 'The model server has stopped (Stopped on request): serve the model again.');
  });

  test('a folder that is not a model is refused with the reason, and nothing is started', async () => {
    const before = api.serving.servers().length;
    const result = await vscode.commands.executeCommand(CommandIds.serveModel, { runId: C01_RUN, artifactPath: 'plots', envManager: 'local' });
    assert.equal(result, undefined);
    assert.equal(api.serving.servers().length, before);
  });
});

suite('Export Runs to CSV (real extension host)', () => {
  test('writes the filtered runs of an experiment to the file it is given, with latest/min/max metric columns', async () => {
    api = (await vscode.extensions.getExtension('mlflow-lens.mlflow-lens')!.activate()) as MlflowLensApi;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lens-export-')), 'iris runs.csv');
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '0.1'");
    try {
      const exported = await vscode.commands.executeCommand<ExportedRuns>(CommandIds.exportRunsCsv, { experimentIds: [IRIS], uri: file });
      assert.ok(exported);
      assert.deepEqual({ runCount: exported.runCount, filter: exported.filter, file: exported.file }, { runCount: 1, filter: "params.C = '0.1'", file });
      const lines = fs.readFileSync(file, 'utf8').split('\r\n');
      assert.equal(lines.length, 3, 'header, one run, final CRLF');
      assert.match(lines[0] ?? '', /^run_id,run_name,experiment_id,status,start_time,end_time,duration_s,user,parent_run_id,params\.C,/);
      assert.ok(lines[0]?.includes('metrics.train_loss,metrics.train_loss (min),metrics.train_loss (max)'));
      assert.ok(lines[1]?.startsWith(`${C01_RUN},C=0.1,${IRIS},FINISHED,`));
    } finally {
      await vscode.commands.executeCommand(CommandIds.clearFilter);
    }
  });
});
