// Store states the Experiments view must survive in a real extension host: a corrupt experiment,
// a store that cannot be opened, and experiments with more runs than one page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';

let api: MlflowLensApi;
let workspace: string;

/** Resolves at the next repaint of the whole tree. Mocha's timeout bounds the wait. */
function nextRootChange(): Promise<void> {
  return new Promise((resolve) => {
    const listener = api.explorer.onDidChange((changed) => {
      if (changed === undefined) {
        listener.dispose();
        resolve();
      }
    });
  });
}

async function experimentNamed(name: string): Promise<PlainTreeNode> {
  const found = (await api.explorer.children()).find((n) => n.label === name);
  assert.ok(found, `no experiment ${name}`);
  return found;
}

suite('MLflow Lens store states (real extension host)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>('mlflow-lens.mlflow-lens');
    assert.ok(ext);
    api = await ext.activate();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  });

  test('a corrupt experiment written while watching becomes a problem item; the others still list', async () => {
    await api.explorer.children();
    const dir = path.join(workspace, 'mlruns', '424242');
    // Follow repaints of the experiment list until the new folder has been seen with its broken meta.yaml.
    let problems: PlainTreeNode[] = [];
    let written = false;
    while (!problems.some((p) => p.description?.includes('424242'))) {
      const changed = nextRootChange();
      if (!written) {
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'meta.yaml'), 'experiment_id: [unclosed\nname: : :\n');
        written = true;
      }
      await changed;
      problems = (await api.explorer.children()).filter((n) => n.kind === 'problem');
    }
    const problem = problems.find((p) => p.description?.includes('424242'))!;
    assert.equal(problem.icon, 'warning');
    assert.match(problem.tooltip ?? '', /424242/);
    const roots = await api.explorer.children();
    // Five experiments and the folder of the sixth, whose hostile name holds a "/" (experimentFolders.ts).
    assert.equal(roots.filter((n) => n.kind === 'experiment' || n.kind === 'folder').length, 6);
  });

  test('a store that cannot be opened shows an error item naming it, then auto-detection comes back', async () => {
    const missing = path.join(workspace, 'no-such-store.db');
    await vscode.commands.executeCommand(CommandIds.chooseStore, `sqlite:///${missing}`);
    try {
      const roots = await api.explorer.children();
      assert.equal(roots.length, 1, JSON.stringify(roots));
      assert.equal(roots[0]!.kind, 'problem');
      assert.equal(roots[0]!.icon, 'error');
      assert.match(roots[0]!.tooltip ?? '', /no\\-such\\-store\\\.db/);
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    }
    assert.ok((await api.explorer.children()).some((n) => n.label === 'iris-classification'));
  });

  test('a tracking server that refuses the request shows an error item offering to enter credentials', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="mlflow"' });
      res.end(JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'You are not authenticated.' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await vscode.commands.executeCommand(CommandIds.chooseStore, uri);
      const roots = await api.explorer.children();
      assert.equal(roots.length, 1, JSON.stringify(roots));
      assert.equal(roots[0]!.kind, 'problem');
      assert.equal(roots[0]!.icon, 'error');
      assert.match(roots[0]!.tooltip ?? '', /Click to enter credentials/);
      assert.ok(requests.some((r) => r.includes('/api/2.0/mlflow/experiments/search')), requests.join(', '));
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
      server.close();
    }
  });

  test('a SQLite store is re-read when the database changes on disk', async function () {
    interface SqliteModule {
      DatabaseSync: new (file: string) => { exec(sql: string): void; close(): void };
    }
    let sqlite: SqliteModule;
    try {
      // A computed specifier: @types/node 20 does not declare node:sqlite (Node 22.13+).
      const specifier = 'node:sqlite';
      sqlite = (await import(specifier)) as SqliteModule;
    } catch {
      console.log('    SKIPPED: this extension host has no node:sqlite to write the database with');
      this.skip();
    }
    const ext = vscode.extensions.getExtension('mlflow-lens.mlflow-lens')!;
    const database = path.join(workspace, 'live', 'mlflow.db');
    fs.mkdirSync(path.dirname(database), { recursive: true });
    fs.copyFileSync(path.join(ext.extensionPath, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db'), database);
    fs.chmodSync(database, 0o644);
    await vscode.commands.executeCommand(CommandIds.chooseStore, `sqlite:///${database}`);
    try {
      const before = (await api.explorer.children()).map((n) => n.label);
      assert.ok(before.includes('long-training'), before.join(' | '));
      // This host has node:sqlite (imported above), so the store must not fall back to sql.js.
      assert.equal(api.sqliteEngine(), 'node:sqlite', `extension host on Node ${process.versions.node}`);
      console.log(`    SQLite engine in this extension host (Node ${process.versions.node}): ${api.sqliteEngine()}`);
      let labels = before;
      let written = false;
      while (!labels.includes('long-training (renamed)')) {
        const changed = nextRootChange();
        if (!written) {
          const db = new sqlite.DatabaseSync(database);
          db.exec("UPDATE experiments SET name = 'long-training (renamed)' WHERE name = 'long-training'");
          db.close();
          written = true;
        }
        await changed;
        labels = (await api.explorer.children()).map((n) => n.label);
      }
      assert.ok(!labels.includes('long-training'));
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    }
  });

  test('an experiment with more runs than a page shows "Load more", which appends the next page', async () => {
    const config = vscode.workspace.getConfiguration('mlflowLens');
    await config.update('runPageSize', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const zoo = await experimentNamed('status-zoo');
      const first = await api.explorer.children(zoo.id);
      assert.deepEqual(first.map((n) => n.kind), ['run', 'run', 'loadMore']);
      const more = first[2]!;
      // The file store knows the total; a server would say '2 loaded'.
      assert.equal(more.description, '2 of 5');
      const repainted = new Promise<void>((resolve) => {
        const l = api.explorer.onDidChange((id) => id === zoo.id && (l.dispose(), resolve()));
      });
      await vscode.commands.executeCommand(CommandIds.loadMore, { kind: 'loadMore', id: more.id, parentId: zoo.id, loaded: 2 });
      await repainted;
      const second = await api.explorer.children(zoo.id);
      assert.deepEqual(second.map((n) => n.kind), ['run', 'run', 'run', 'run', 'loadMore']);
      assert.deepEqual(second.slice(0, 2).map((n) => n.id), first.slice(0, 2).map((n) => n.id));
    } finally {
      await config.update('runPageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const zoo = await experimentNamed('status-zoo');
    assert.equal((await api.explorer.children(zoo.id)).filter((n) => n.kind === 'run').length, 5);
  });
});
