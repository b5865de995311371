// The Experiments view over a real `mlflow server` (MLflow 2.12.2 of ../shared, on a temp copy of
// fixtures/generated/server): runs logged by MLflow's client appear without Refresh, an outage shows
// in the status bar and marks the tree stale, the server restarted on the same port is picked up by
// itself; a slow server (a delaying proxy) shows a placeholder at once, and run tabs carry the run's
// name from the start; a RUNNING run's expanded Metrics follow what it logs. Also: a store that cannot be
// opened is an error in the status bar, per kind.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import { CommandIds } from '../../src/shared/commandIds';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';

const EXPERIMENT = 'status-zoo';

let api: MlflowLensApi;
let mlflowBin: string | undefined;
let dataDir: string;
let port: number;
let server: ChildProcess | undefined;
let uri: string;

function which(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** Polls a probe of the view's own state (the test API gives no event for every case), bounded. */
async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}

async function startServer(): Promise<void> {
  const args = ['server', '--backend-store-uri', `sqlite:///${path.join(dataDir, 'mlflow.db')}`, '--artifacts-destination', path.join(dataDir, 'mlartifacts')];
  // Its own process group (gunicorn workers included), stopped as a whole.
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  server = spawn(mlflowBin!, [...args, '--host', '127.0.0.1', '--port', String(port), '--workers', '1'], { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  try {
    await waitFor('mlflow server /health', () => httpStatus(`${uri}/health`).then((s) => s === 200), 120_000);
  } catch (error) {
    throw new Error(`${String(error)}\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-3000)}`);
  }
}

function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child?.pid) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  // The port must be free again before the restart on the same port.
  return exited.then(() => waitFor('the port to close', () => httpStatus(`${uri}/health`).then((s) => s === 0), 30_000)).then(() => undefined);
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
  });
}

/**
 * MLflow's own client in one long-lived Python process (importing MLflow is slow): each line sent is
 * a Python expression evaluated with `client` bound to an MlflowClient of the server; it answers one line.
 */
class MlflowClientProcess {
  private readonly child: ChildProcess;
  private buffer = '';
  private waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor(python: string, trackingUri: string) {
    const loop = [
      'import sys',
      'from mlflow import MlflowClient',
      `client = MlflowClient(${JSON.stringify(trackingUri)})`,
      'for line in sys.stdin:',
      '    try:',
      '        print(repr(eval(line)), flush=True)',
      '    except Exception as e:',
      '        print("ERROR " + repr(e).replace("\\n", " "), flush=True)',
    ].join('\n');
    this.child = spawn(python, ['-c', loop], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
  }

  /** Evaluates one Python expression with `client` in scope; resolves with its repr. */
  eval(expression: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the MLflow client exited: ${this.stderr}`));
      this.child.once('exit', onExit);
      this.waiting.push((line) => {
        this.child.off('exit', onExit);
        if (line.startsWith('ERROR ')) reject(new Error(line));
        else resolve(line);
      });
      this.child.stdin!.write(`${expression}\n`);
    });
  }

  dispose(): void {
    this.child.stdin?.end();
    this.child.kill();
  }
}

let client: MlflowClientProcess | undefined;

/** Creates a RUNNING run with MLflow's client; returns its id. */
async function logRun(experimentNodeId: string, name: string): Promise<string> {
  const experimentId = JSON.stringify(experimentNodeId.replace(/^exp:/, ''));
  return (await client!.eval(`client.create_run(${experimentId}, run_name=${JSON.stringify(name)}).info.run_id`)).replace(/^'|'$/g, '');
}

async function experimentNamed(name: string): Promise<PlainTreeNode> {
  const found = (await api.explorer.children()).find((n) => n.kind === 'experiment' && n.label === name);
  assert.ok(found, `no experiment ${name}`);
  return found;
}

async function runNamed(experimentId: string, name: string): Promise<PlainTreeNode | undefined> {
  return (await api.explorer.children(experimentId)).find((n) => n.kind === 'run' && n.label === name);
}

suite('MLflow Lens live over a tracking server (real extension host)', () => {
  suiteSetup(async function () {
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension<MlflowLensApi>('mlflow-lens.mlflow-lens');
    assert.ok(ext);
    api = await ext.activate();
    mlflowBin = which('mlflow');
    const fixture = path.resolve(ext.extensionPath, '..', 'shared', 'fixtures', 'generated', 'server');
    if (!mlflowBin || !fs.existsSync(fixture)) {
      console.log(`    SKIPPED: needs the real MLflow on PATH and ${fixture} (../shared)`);
      this.skip();
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-live-server-'));
    fs.cpSync(fixture, dataDir, { recursive: true });
    fs.chmodSync(path.join(dataDir, 'mlflow.db'), 0o644);
    port = await freePort();
    uri = `http://127.0.0.1:${port}`;
    await vscode.workspace.getConfiguration('mlflowLens').update('server.pollInterval', 1, vscode.ConfigurationTarget.Workspace);
    // Polls run only while the view is visible.
    await vscode.commands.executeCommand('workbench.view.extension.mlflowLens');
    // Imports MLflow while the server starts.
    client = new MlflowClientProcess(path.join(path.dirname(mlflowBin!), 'python'), uri);
    await startServer();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    client?.dispose();
    await stopServer();
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    await vscode.workspace.getConfiguration('mlflowLens').update('server.pollInterval', undefined, vscode.ConfigurationTarget.Workspace);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a run logged by MLflow while the view is open appears without Refresh, then its new status; only its experiment repaints', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
    const zoo = await experimentNamed(EXPERIMENT);
    const before = await api.explorer.children(zoo.id);
    assert.ok(before.some((n) => n.kind === 'run'));
    await waitFor('the status bar to show the server as reachable', () => api.statusBarState() === 'ok');
    const repainted: (string | undefined)[] = [];
    const listener = api.explorer.onDidChange((id) => repainted.push(id));
    try {
      const runId = await logRun(zoo.id, 'logged-live');
      const live = await waitFor('the new run in the tree', () => runNamed(zoo.id, 'logged-live'));
      assert.equal(live.icon, 'sync~spin');
      await client!.eval(`client.set_terminated(${JSON.stringify(runId)}, "FAILED")`);
      await waitFor('the run to show FAILED', async () => (await runNamed(zoo.id, 'logged-live'))?.icon === 'error');
    } finally {
      listener.dispose();
    }
    assert.ok(repainted.length > 0);
    assert.deepEqual([...new Set(repainted)], [zoo.id], 'only the experiment that changed repaints');
  });

  test("a RUNNING run's expanded Metrics and Parameters show what MLflow's client logs to it, without Refresh", async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
    const zoo = await experimentNamed(EXPERIMENT);
    await api.explorer.children(zoo.id);
    await waitFor('the status bar to show the server as reachable', () => api.statusBarState() === 'ok');
    const runId = await logRun(zoo.id, 'logging-live');
    await client!.eval(`client.log_metric(${JSON.stringify(runId)}, "loss", 1.25, step=0)`);
    const run = await waitFor('the running run in the tree', () => runNamed(zoo.id, 'logging-live'));
    const sections = await api.explorer.children(run.id);
    const metrics = sections.find((n) => n.label === 'Metrics');
    const params = sections.find((n) => n.label === 'Parameters');
    assert.ok(metrics && params, sections.map((n) => n.label).join(' | '));
    // Expanded: what the section shows is read now (the metric may have been listed before it was logged).
    const shownMetrics = async () => (await api.explorer.children(metrics.id)).map((n) => `${n.label} ${n.description ?? ''}`);
    await waitFor('loss 1.25 under Metrics', async () => (await shownMetrics()).some((row) => row.startsWith('loss ') && row.includes('1.25')));
    const repainted: (string | undefined)[] = [];
    const listener = api.explorer.onDidChange((id) => repainted.push(id));
    try {
      await client!.eval(`client.log_metric(${JSON.stringify(runId)}, "loss", 0.5, step=1)`);
      await client!.eval(`client.log_param(${JSON.stringify(runId)}, "lr", "0.01")`);
      // Only the poll can bring the new values: the sections' rows are served from what it keeps.
      const rows = await waitFor('loss 0.5 under the expanded Metrics', async () => {
        const shown = await shownMetrics();
        return shown.some((row) => row.startsWith('loss ') && row.includes('0.5')) ? shown : undefined;
      });
      assert.ok(!rows.some((row) => row.includes('1.25')), rows.join(' | '));
      const shownParams = (await api.explorer.children(params.id)).map((n) => `${n.label} ${n.description ?? ''}`);
      assert.ok(shownParams.some((row) => row.startsWith('lr ') && row.includes('0.01')), shownParams.join(' | '));
      assert.ok(repainted.includes(zoo.id), 'the experiment of the run repainted');
    } finally {
      listener.dispose();
      await client!.eval(`client.set_terminated(${JSON.stringify(runId)}, "FINISHED")`);
    }
  });

  test('a stopped server shows in the status bar and marks loaded rows stale; restarted on the same port it recovers by itself', async function () {
    this.timeout(240_000);
    await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
    const zoo = await experimentNamed(EXPERIMENT);
    const run = await runNamed(zoo.id, 'finished-run');
    assert.ok(run);
    const params = (await api.explorer.children(run.id)).find((n) => n.id.endsWith('/params'));
    assert.ok(params);
    const paramRows = await api.explorer.children(params.id);
    await waitFor('a reachable server', () => api.statusBarState() === 'ok');

    await stopServer();
    await waitFor('the status bar to show the outage', () => api.statusBarState() === 'unreachable');
    assert.match(api.statusBarText(), /^\$\(debug-disconnect\) MLflow: 127\.0\.0\.1:\d+ \(offline\)$/);
    const roots = await api.explorer.children();
    assert.equal(roots[0]?.id, 'root/stale', JSON.stringify(roots[0]));
    assert.equal(roots[0]?.icon, 'warning');
    assert.match(roots[0]?.label ?? '', /Server unreachable since .*retrying by itself/);
    const staleZoo = roots.find((n) => n.id === zoo.id);
    assert.match(staleZoo?.description ?? '', /stale$/);
    // Rows loaded before the outage still expand from memory, and say they may be out of date.
    const staleParams = await api.explorer.children(params.id);
    assert.deepEqual(staleParams.map((n) => n.label), paramRows.map((n) => n.label));
    for (const row of staleParams) {
      assert.match(row.description ?? '', /stale$/);
      assert.match(row.tooltip ?? '', /Stale:/);
    }

    await startServer();
    await waitFor('recovery without Refresh', () => api.statusBarState() === 'ok');
    assert.match(api.statusBarText(), /^\$\(beaker\) MLflow: 127\.0\.0\.1:\d+$/);
    const back = await api.explorer.children();
    assert.ok(!back.some((n) => n.id === 'root/stale'));
    assert.ok(!(back.find((n) => n.id === zoo.id)?.description ?? '').includes('stale'));
    // Polling goes on after the recovery: a new run still appears by itself.
    await api.explorer.children(zoo.id);
    await logRun(zoo.id, 'after-restart');
    await waitFor('a run logged after the restart', () => runNamed(zoo.id, 'after-restart'));
  });

  test('switching to a slow server replaces the old tree at once; a run tab is titled with its name before it loads', async () => {
    await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
    assert.ok((await api.explorer.children()).some((n) => n.label === EXPERIMENT));
    const delayMs = 1500;
    const proxy = http.createServer((req, res) => {
      setTimeout(() => {
        const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      }, delayMs);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const slowUri = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      await vscode.commands.executeCommand(CommandIds.chooseStore, slowUri);
      // At once: the previous server's rows are gone, a placeholder says what is happening.
      const meanwhile = await api.explorer.children(undefined, { waitForSwitch: false });
      assert.deepEqual(meanwhile.map((n) => [n.kind, n.label]), [['message', 'Connecting to the tracking store…']]);
      await waitFor('the status bar to say it is connecting', () => api.statusBarState() === 'connecting', 10_000);
      const zoo = await experimentNamed(EXPERIMENT);
      assert.equal(api.statusBarState(), 'ok');
      const run = (await api.explorer.children(zoo.id)).find((n) => n.kind === 'run');
      assert.ok(run);
      // What VS Code passes from the tree: the run node, which knows the run's name.
      const node = { kind: 'run', id: run.id, runId: run.id.replace(/^run:/, ''), run: { info: { run_name: run.label } } };
      // Every title the tab ever shows, from the moment it opens (the tab model updates asynchronously).
      const titles = new Set<string>();
      const tabListener = vscode.window.tabGroups.onDidChangeTabs((e) => [...e.opened, ...e.changed].forEach((t) => titles.add(t.label)));
      try {
        await vscode.commands.executeCommand(CommandIds.openRun, node);
        await waitFor('the run tab', () => titles.has(`Run: ${run.label}`), 20_000);
        assert.ok(![...titles].some((t) => t.includes(node.runId)), [...titles].join(' | '));
      } finally {
        tabListener.dispose();
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
      proxy.close();
    }
  });

  test('a store that cannot be opened or read is an error in the status bar item, for every kind of store', async () => {
    const missingFolder = path.join(dataDir, 'no-such', 'mlruns');
    const missingDb = `sqlite:///${path.join(dataDir, 'no-such.db')}`;
    try {
      for (const target of [missingFolder, missingDb]) {
        await vscode.commands.executeCommand(CommandIds.chooseStore, target);
        const roots = await api.explorer.children();
        assert.equal(roots[0]?.kind, 'problem', `${target}: ${JSON.stringify(roots)}`);
        await waitFor(`an error state for ${target}`, () => api.statusBarState() === 'failed', 10_000);
        assert.match(api.statusBarText(), /^\$\(error\) MLflow: /);
      }
      // A server nobody answers on: offline, retried.
      const closed = `http://127.0.0.1:${await freePort()}`;
      await vscode.commands.executeCommand(CommandIds.chooseStore, closed);
      await api.explorer.children();
      await waitFor('an offline state for a closed port', () => api.statusBarState() === 'unreachable', 10_000);
      assert.match(api.statusBarText(), /\(offline\)$/);
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    }
    await waitFor('the workspace store to be healthy again', () => api.statusBarState() === 'ok', 10_000);
    assert.match(api.statusBarText(), /^\$\(beaker\) MLflow: /);
  });
});
