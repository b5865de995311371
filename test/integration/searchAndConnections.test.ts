// Filter Runs, Sort Runs and named connections in a real extension host, on the temp copy of samples/
// (whose mlruns/ MLflow 2.12.2 wrote). Expected runs are read from the store's own files on disk, not
// written down here; every test leaves the explorer as it found it (no filter, automatic store).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import type { PlainTreeNode } from '../../src/views/explorer/explorerApi';
import { CommandIds } from '../../src/shared/commandIds';
import { runsOnDisk } from './runsOnDisk';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

let api: MlflowLensApi;
let workspace: string;
let extensionPath: string;

/** Every run node under a node, depth-first (runs nest under their parents when both are listed). */
async function runLabelsUnder(parentId: string): Promise<string[]> {
  const labels: string[] = [];
  for (const node of await api.explorer.children(parentId)) {
    if (node.kind !== 'run') continue;
    labels.push(node.label);
    labels.push(...(await runLabelsUnder(node.id)));
  }
  return labels;
}

async function experimentNamed(name: string): Promise<PlainTreeNode> {
  const found = (await api.explorer.children()).find((n) => n.kind === 'experiment' && n.label === name);
  assert.ok(found, `no experiment "${name}"`);
  return found;
}

const sorted = (list: readonly string[]) => [...list].sort();

suite('MLflow Lens run filter, sort and connections (real extension host)', () => {
  let irisDir: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<MlflowLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    extensionPath = ext.extensionPath;
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const iris = await experimentNamed('iris-classification');
    irisDir = path.join(workspace, 'mlruns', iris.id.replace(/^exp:/, ''));
  });

  teardown(async () => {
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    await vscode.commands.executeCommand(CommandIds.clearSort);
  });

  test('a parameter filter lists exactly the matching runs; clearing restores the nested tree', async () => {
    const iris = await experimentNamed('iris-classification');
    const unfiltered = await runLabelsUnder(iris.id);
    const expected = runsOnDisk(irisDir).filter((r) => r.params.C === '1.0').map((r) => r.runName);
    assert.equal(expected.length, 1, 'the sample store has one run with C = 1.0');

    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
    assert.equal(api.runQuery.viewDescription(), "filter: params.C = '1.0'");
    assert.equal(api.runQuery.viewMessage(), "filter: params.C = '1.0'");
    assert.deepEqual(await runLabelsUnder(iris.id), expected);
    // An experiment without a matching run says so instead of looking empty.
    const zoo = await experimentNamed('status-zoo');
    assert.deepEqual((await api.explorer.children(zoo.id)).map((n) => [n.kind, n.label]), [['message', 'No runs match the filter']]);
    assert.equal(api.runQuery.filterHistory()[0], "params.C = '1.0'");

    await vscode.commands.executeCommand(CommandIds.clearFilter);
    assert.equal(api.runQuery.viewDescription(), undefined);
    assert.equal(api.runQuery.viewMessage(), undefined);
    assert.deepEqual(api.runQuery.current(), {});
    const restored = await api.explorer.children(iris.id);
    assert.deepEqual(restored.filter((n) => n.kind === 'run').map((n) => n.label), ['hyperparam-search']);
    assert.deepEqual(sorted(await runLabelsUnder(iris.id)), sorted(unfiltered));
  });

  test('a metric filter compares numbers against each run\'s latest value', async () => {
    const iris = await experimentNamed('iris-classification');
    const expected = runsOnDisk(irisDir)
      .filter((r) => r.metrics.accuracy !== undefined && r.metrics.accuracy > 0.9)
      .map((r) => r.runName);
    assert.ok(expected.length >= 2 && expected.length < 4, expected.join(', '));
    await vscode.commands.executeCommand(CommandIds.filterRuns, 'metrics.accuracy > 0.9');
    assert.deepEqual(sorted(await runLabelsUnder(iris.id)), sorted(expected));
  });

  test('an invalid filter is refused by the input box\'s validation and never applied', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
    const problem = api.runQuery.validateFilter('params.C = 1.0 and metrics.acc > 0.9');
    assert.match(problem ?? '', /^Column \d+: /);
    assert.match(api.runQuery.validateFilter("params.C = '1.0' or params.C = '0.1'") ?? '', /^Column \d+: /);
    assert.equal(api.runQuery.validateFilter("params.C = '1.0'"), undefined);
    // The same text passed to the command is rejected: the active filter stays.
    await vscode.commands.executeCommand(CommandIds.filterRuns, 'params.C = 1.0 and metrics.acc > 0.9');
    assert.deepEqual(api.runQuery.current(), { filter: "params.C = '1.0'" });
    assert.ok(!api.runQuery.filterHistory().includes('params.C = 1.0 and metrics.acc > 0.9'));
  });

  test('Sort Runs orders by a metric (MLflow tie-break: newer first), shown in the description', async () => {
    const iris = await experimentNamed('iris-classification');
    const expected = runsOnDisk(irisDir)
      .filter((r) => r.metrics.accuracy !== undefined)
      .sort((a, b) => b.metrics.accuracy! - a.metrics.accuracy! || b.startTime - a.startTime)
      .map((r) => r.runName);
    await vscode.commands.executeCommand(CommandIds.filterRuns, 'metrics.accuracy >= 0');
    await vscode.commands.executeCommand(CommandIds.sortRuns, 'metrics.accuracy DESC');
    assert.equal(api.runQuery.viewDescription(), 'filter: metrics.accuracy >= 0 · sort: metrics.accuracy ↓');
    assert.deepEqual(await runLabelsUnder(iris.id), expected);
    await vscode.commands.executeCommand(CommandIds.sortRuns, 'attributes.run_name ASC');
    assert.deepEqual(await runLabelsUnder(iris.id), [...expected].sort());
    await vscode.commands.executeCommand(CommandIds.clearSort);
    assert.equal(api.runQuery.viewDescription(), 'filter: metrics.accuracy >= 0');
  });

  test('Sort Runs offers the metric and parameter keys of the listed runs', async () => {
    const iris = await experimentNamed('iris-classification');
    await api.explorer.children(iris.id);
    const keys = await api.runQuery.sortKeys();
    const irisRuns = runsOnDisk(irisDir);
    for (const key of new Set(irisRuns.flatMap((r) => Object.keys(r.metrics)))) assert.ok(keys.metrics.includes(key), `metric ${key}`);
    for (const key of new Set(irisRuns.flatMap((r) => Object.keys(r.params)))) assert.ok(keys.params.includes(key), `param ${key}`);
    // Nothing invented: every key offered was logged by some run of the store.
    const everyRun = fs
      .readdirSync(path.join(workspace, 'mlruns'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(workspace, 'mlruns', e.name, 'meta.yaml')))
      .flatMap((e) => runsOnDisk(path.join(workspace, 'mlruns', e.name)));
    assert.deepEqual(keys.metrics.filter((k) => !everyRun.some((r) => k in r.metrics)), []);
    assert.deepEqual(keys.params.filter((k) => !everyRun.some((r) => k in r.params)), []);
  });

  test('"Load more" pages through filtered runs', async () => {
    const config = vscode.workspace.getConfiguration('mlflowLens');
    await config.update('runPageSize', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const iris = await experimentNamed('iris-classification');
      const expected = runsOnDisk(irisDir).filter((r) => r.metrics.accuracy !== undefined).map((r) => r.runName);
      await vscode.commands.executeCommand(CommandIds.filterRuns, 'metrics.accuracy >= 0');
      const seen: string[] = [];
      let nodes = await api.explorer.children(iris.id);
      for (let page = 0; page < 10; page++) {
        assert.deepEqual(nodes.filter((n) => n.kind === 'run').map((n) => n.label).slice(0, seen.length), seen);
        seen.splice(0, seen.length, ...nodes.filter((n) => n.kind === 'run').map((n) => n.label));
        const more = nodes.find((n) => n.kind === 'loadMore');
        if (!more) break;
        const repainted = new Promise<void>((resolve) => {
          const l = api.explorer.onDidChange((id) => (id === iris.id || id === undefined) && (l.dispose(), resolve()));
        });
        await vscode.commands.executeCommand(CommandIds.loadMore, { kind: 'loadMore', id: more.id, parentId: iris.id, loaded: seen.length });
        await repainted;
        nodes = await api.explorer.children(iris.id);
      }
      assert.deepEqual(sorted(seen), sorted(expected));
    } finally {
      await config.update('runPageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a filter the tracking server rejects becomes an error item under the experiment, not an empty tree', async () => {
    // Replays a real MLflow server's answers (test/fixtures/rest): its experiment list, and the 400 it
    // sent for a filter its grammar refused; here every filtered search gets that refusal.
    const recorded = (name: string) =>
      (JSON.parse(fs.readFileSync(path.join(extensionPath, 'test', 'fixtures', 'rest', name), 'utf8')) as { response: { status: number; body: unknown } }).response;
    const experiments = recorded('experiments-search__filter-tag.json');
    const refusal = recorded('runs-search__malformed-filter.json');
    const searches: unknown[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const reply = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (req.url?.includes('/experiments/search')) return reply(experiments.status, experiments.body);
        if (req.url?.includes('/runs/search')) {
          const request = JSON.parse(body || '{}') as { filter?: string };
          searches.push(request.filter);
          return request.filter ? reply(refusal.status, refusal.body) : reply(200, {});
        }
        return reply(404, { error_code: 'ENDPOINT_NOT_FOUND', message: `no ${req.url}` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await vscode.commands.executeCommand(CommandIds.chooseStore, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C ILIKE '1%'");
      const iris = await experimentNamed('iris-classification');
      const under = await api.explorer.children(iris.id);
      assert.deepEqual(under.map((n) => [n.kind, n.icon]), [['problem', 'error']], JSON.stringify(under));
      assert.match(`${under[0]!.label} ${under[0]!.tooltip ?? ''}`, /Invalid comparator/);
      // Every filtered search (the listing, the match count) sent the filter as typed; the unfiltered one
      // read the keys logged, for the unknown-key notice.
      assert.deepEqual([...new Set(searches.filter((f) => f !== undefined))], ["params.C ILIKE '1%'"]);
      // The experiment list itself is untouched, and clearing the filter lists the runs again.
      assert.deepEqual((await api.explorer.children()).map((n) => n.label), ['iris-classification']);
      await vscode.commands.executeCommand(CommandIds.clearFilter);
      assert.deepEqual((await api.explorer.children(iris.id)).map((n) => [n.kind, n.label]), [['message', 'No runs']]);
    } finally {
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
      server.close();
    }
  });

  test('switching between two named connections changes the listed experiments and the status bar', async () => {
    // "alpha": a copy of the sample file store holding two of its experiments; "beta": the SQLite store
    // MLflow wrote from the same data (other experiment ids).
    const alphaStore = path.join(workspace, '.lens-connections', 'alpha', 'mlruns');
    const irisId = path.basename(irisDir);
    for (const id of ['0', irisId]) fs.cpSync(path.join(workspace, 'mlruns', id), path.join(alphaStore, id), { recursive: true });
    const betaDb = path.join(workspace, '.lens-connections', 'beta', 'mlflow.db');
    fs.mkdirSync(path.dirname(betaDb), { recursive: true });
    fs.copyFileSync(path.join(extensionPath, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db'), betaDb);
    const autoRoots = sorted((await api.explorer.children()).map((n) => n.label));

    await vscode.commands.executeCommand(CommandIds.addConnection, { name: 'alpha', trackingUri: alphaStore });
    await vscode.commands.executeCommand(CommandIds.addConnection, { name: 'beta', trackingUri: `sqlite:///${betaDb}` });
    try {
      assert.deepEqual(
        vscode.workspace.getConfiguration('mlflowLens').get('connections'),
        [{ name: 'alpha', trackingUri: alphaStore }, { name: 'beta', trackingUri: `sqlite:///${betaDb}` }],
      );
      await vscode.commands.executeCommand(CommandIds.switchConnection, 'alpha');
      const alpha = await api.explorer.children();
      assert.deepEqual(sorted(alpha.map((n) => n.label)), ['Default', 'iris-classification']);
      assert.equal(await api.activeStoreUri(), alphaStore);
      assert.equal(api.statusBarText(), '$(beaker) MLflow: alpha');

      await vscode.commands.executeCommand(CommandIds.switchConnection, 'beta');
      const beta = await api.explorer.children();
      assert.deepEqual(sorted(beta.map((n) => n.label)), autoRoots);
      // The hostile experiment's name holds a "/": it is listed inside its folder (experimentFolders.ts).
      const inFolders = (await Promise.all(beta.filter((n) => n.kind === 'folder').map((f) => api.explorer.children(f.id)))).flat();
      assert.deepEqual(sorted([...beta, ...inFolders].filter((n) => n.kind === 'experiment').map((n) => n.id)), ['exp:0', 'exp:1', 'exp:2', 'exp:3', 'exp:4', 'exp:5']);
      assert.equal(api.statusBarText(), '$(beaker) MLflow: beta');
      // The active filter applies to the SQLite store too, with the same result as on the file store.
      await vscode.commands.executeCommand(CommandIds.filterRuns, "params.C = '1.0'");
      const betaIris = beta.find((n) => n.label === 'iris-classification')!;
      assert.deepEqual(await runLabelsUnder(betaIris.id), runsOnDisk(irisDir).filter((r) => r.params.C === '1.0').map((r) => r.runName));

      await vscode.commands.executeCommand(CommandIds.switchConnection, 'alpha');
      assert.deepEqual(sorted((await api.explorer.children()).map((n) => n.label)), ['Default', 'iris-classification']);
    } finally {
      await vscode.commands.executeCommand(CommandIds.switchConnection, '');
      await vscode.commands.executeCommand(CommandIds.removeConnection, 'alpha');
      await vscode.commands.executeCommand(CommandIds.removeConnection, 'beta');
    }
    assert.deepEqual(vscode.workspace.getConfiguration('mlflowLens').get('connections'), []);
    assert.deepEqual(sorted((await api.explorer.children()).map((n) => n.label)), autoRoots);
    assert.match(api.statusBarText(), /MLflow: \S*mlruns/);
  });
});
