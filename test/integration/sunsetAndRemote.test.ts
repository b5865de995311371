// Issue #13, items 4 and 5, inside the real extension host (code-server: the extension host runs on the
// server, the workbench in a browser, as with Remote-SSH or Codespaces).
// 4. The file-store sunset: "Migrate mlruns to mlflow.db" runs MLflow's own migrate-filestore through a
//    stand-in `mlflow` put first on PATH that says it is 3.13.0 and records its argv and environment (the
//    real MLflow here is 2.12.2, which has no migrate-filestore and is told which version it needs).
// 5. Remote machines: the served `mlflow ui` URL is opened through `asExternalUri`, which code-server maps
//    to its /proxy/<port>/ path, and the UI answers there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MlflowLensApi } from '../../src/extensionRoot';
import { CommandIds } from '../../src/shared/commandIds';

const EXTENSION_ID = 'mlflow-lens.mlflow-lens';

interface Call {
  argv: string[];
  allowFileStore: string | null;
}

interface MigrationResult {
  exitCode: number | null;
  target: string;
  targetUri: string;
  switched: boolean;
}

function which(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every file of a folder with its size and modification time: "untouched" means this does not change. */
function snapshot(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .sort()
    .map((rel) => {
      const stat = fs.statSync(path.join(dir, rel));
      return `${rel} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    });
}

/**
 * `mlflow` 3.13.0 as far as MLflow Lens can tell: answers --version, records every call (argv as JSON,
 * and MLFLOW_ALLOW_FILE_STORE), "migrates" by copying a database MLflow wrote from the same data set as
 * the sample's mlruns (exit 3 instead while `fail` exists), and prints a run id for `mlflow run`.
 */
function writeStandIn(dir: string, database: string): { bin: string; record: string; failFlag: string } {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const record = path.join(dir, 'calls.jsonl');
  const failFlag = path.join(dir, 'fail');
  const recorder = `process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), allowFileStore: process.env.MLFLOW_ALLOW_FILE_STORE ?? null }) + "\\n")`;
  fs.writeFileSync(
    path.join(bin, 'mlflow'),
    `#!/bin/sh
'${process.execPath}' -e '${recorder}' -- "$@" >> '${record}'
case "$1" in
  --version) echo "mlflow, version 3.13.0"; exit 0 ;;
  migrate-filestore)
    while [ $# -gt 0 ]; do if [ "$1" = "--target" ]; then target="$2"; fi; shift; done
    if [ -e '${failFlag}' ]; then echo "stand-in: migration failed" >&2; exit 3; fi
    cp '${database}' "\${target#sqlite:///}"; echo "stand-in: migrated"; exit 0 ;;
  run)
    if [ "$2" = "--help" ]; then exit 0; fi
    echo "=== Running command 'python train.py' in run with ID '0123456789abcdef0123456789abcdef' ===" >&2; exit 0 ;;
esac
exit 2
`,
    { mode: 0o755 },
  );
  return { bin, record, failFlag };
}

function calls(record: string): Call[] {
  return fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call) : [];
}

async function experimentLabels(api: MlflowLensApi): Promise<string[]> {
  return waitFor('the experiments', async () => {
    const labels = (await api.explorer.children(undefined)).filter((n) => n.kind === 'experiment').map((n) => n.label).sort();
    return labels.length ? labels : undefined;
  });
}

suite('File-store sunset: migrate mlruns to mlflow.db with MLflow\'s own command', function () {
  this.timeout(180_000);
  let api: MlflowLensApi;
  let mlruns: string;
  let dir: string;
  let standIn: ReturnType<typeof writeStandIn>;
  const originalPath = process.env['PATH'];
  const originalAllow = process.env['MLFLOW_ALLOW_FILE_STORE'];

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    api = (await ext.activate()) as MlflowLensApi;
    mlruns = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'mlruns');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-sunset-'));
    standIn = writeStandIn(dir, path.join(ext.extensionPath, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db'));
    // The extension host's environment is what MLflow Lens searches and hands to MLflow.
    process.env['PATH'] = `${standIn.bin}${path.delimiter}${originalPath ?? ''}`;
    delete process.env['MLFLOW_ALLOW_FILE_STORE'];
    await vscode.commands.executeCommand(CommandIds.chooseStore, mlruns);
  });

  suiteTeardown(async () => {
    process.env['PATH'] = originalPath;
    if (originalAllow !== undefined) process.env['MLFLOW_ALLOW_FILE_STORE'] = originalAllow;
    await vscode.workspace.getConfiguration('mlflowLens').update('launch.allowFileStore', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand(CommandIds.chooseStore, '');
  });

  test('the notice, on demand, says MLflow 3.13.0 refuses the mlruns folder unless MLFLOW_ALLOW_FILE_STORE=true', async () => {
    const shown = await vscode.commands.executeCommand<{ version: string; message: string }>(CommandIds.showFileStoreNotice, {});
    assert.equal(shown.version, '3.13.0');
    assert.ok(shown.message.includes(`refuses file stores such as ${mlruns} unless MLFLOW_ALLOW_FILE_STORE=true`), shown.message);
    assert.match(shown.message, /MLflow Lens keeps reading it/);
  });

  test('an existing database is never overwritten: refused with the reason, MLflow not run', async () => {
    const existing = path.join(dir, 'mlflow.db');
    fs.writeFileSync(existing, 'precious');
    const before = calls(standIn.record).length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.migrateFileStore, { target: existing })),
      /already exists and is never overwritten: choose another name/,
    );
    assert.equal(fs.readFileSync(existing, 'utf8'), 'precious');
    assert.ok(!calls(standIn.record).slice(before).some((c) => c.argv[0] === 'migrate-filestore'), 'migrate-filestore was not run');
  });

  test('a migration that fails leaves the connection on mlruns', async () => {
    fs.writeFileSync(standIn.failFlag, '');
    try {
      const target = path.join(dir, 'failed.db');
      const result = await vscode.commands.executeCommand<MigrationResult>(CommandIds.migrateFileStore, { target });
      assert.equal(result.exitCode, 3);
      assert.equal(result.switched, false);
      assert.equal(await api.activeStoreUri(), mlruns);
      assert.equal(calls(standIn.record).at(-1)?.argv[0], 'migrate-filestore');
    } finally {
      fs.rmSync(standIn.failFlag);
    }
  });

  test('migrate-filestore gets the folder and a sqlite:/// URI as arguments, the folder stays untouched, and the view moves to the database', async () => {
    const labelsBefore = await experimentLabels(api);
    const untouched = snapshot(mlruns);
    const targetDir = path.join(dir, "my runs 'v2'");
    fs.mkdirSync(targetDir);
    const target = path.join(targetDir, 'mlflow.db');

    const result = await vscode.commands.executeCommand<MigrationResult>(CommandIds.migrateFileStore, { target });

    assert.deepEqual(calls(standIn.record).at(-1)?.argv, ['migrate-filestore', '--source', mlruns, '--target', `sqlite:///${target}`]);
    assert.deepEqual(result, { exitCode: 0, target, targetUri: `sqlite:///${target}`, switched: true });
    assert.equal(await api.activeStoreUri(), `sqlite:///${target}`);
    // The database holds the same data set as the sample's mlruns: the same experiments, now read from SQLite.
    const labelsAfter = await waitFor('the tree of the database', async () => {
      const nodes = await api.explorer.children(undefined);
      return api.statusBarState() === 'ok' && nodes.some((n) => n.kind === 'experiment') ? experimentLabels(api) : undefined;
    });
    assert.deepEqual(labelsAfter, labelsBefore);
    assert.deepEqual(snapshot(mlruns), untouched, 'the mlruns folder is untouched');
  });

  test('runs launched on the file store get MLFLOW_ALLOW_FILE_STORE=true only once the user chose it', async () => {
    await vscode.commands.executeCommand(CommandIds.chooseStore, mlruns);
    const project = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'MLproject');
    const launchRun = () => vscode.commands.executeCommand<{ runId: string }>(CommandIds.runEntryPoint, { uri: project, entryPoint: 'main', envManager: 'local', launch: true });
    const lastRun = () => calls(standIn.record).filter((c) => c.argv[0] === 'run' && c.argv[1] !== '--help').at(-1);

    assert.equal((await launchRun()).runId, '0123456789abcdef0123456789abcdef');
    assert.equal(lastRun()?.allowFileStore, null, 'not chosen: not set');

    await vscode.workspace.getConfiguration('mlflowLens').update('launch.allowFileStore', true, vscode.ConfigurationTarget.Workspace);
    await launchRun();
    assert.equal(lastRun()?.allowFileStore, 'true');
  });

  test('with the real MLflow 2.12.2 the migration says it needs MLflow 3.10 or later, and creates nothing', async function () {
    process.env['PATH'] = originalPath;
    const real = which('mlflow', originalPath);
    if (!real) {
      console.log('    SKIPPED: no `mlflow` on the extension host PATH (../shared/mlflow/bin is put there when ../shared exists)');
      this.skip();
    }
    await vscode.commands.executeCommand(CommandIds.chooseStore, mlruns);
    const target = path.join(dir, 'never.db');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.migrateFileStore, { target })),
      (error: Error) => {
        assert.match(error.message, /needs MLflow 3\.10 or later \(`mlflow migrate-filestore`\), but the MLflow found for this workspace is 2\.12\.2/);
        assert.ok(error.message.includes(real!), error.message);
        return true;
      },
    );
    assert.ok(!fs.existsSync(target));
  });
});

suite('Remote machines: loopback URLs go through asExternalUri', function () {
  this.timeout(180_000);

  test('MLflow Lens is a workspace extension (it runs where the stores and the training are)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.deepEqual((ext.packageJSON as { extensionKind?: string[] }).extensionKind, ['workspace']);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  test('Open MLflow UI serves `mlflow ui` on loopback and opens it at code-server\'s proxy, where it answers', async function () {
    if (!which('mlflow', process.env['PATH'])) {
      console.log('    SKIPPED: no `mlflow` on the extension host PATH (../shared/mlflow/bin is put there when ../shared exists)');
      this.skip();
    }
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const mlruns = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'mlruns');
    await vscode.commands.executeCommand(CommandIds.chooseStore, mlruns);
    try {
      const opened = await vscode.commands.executeCommand<{ url: string; shownUrl: string } | undefined>(CommandIds.openMlflowUi);
      assert.ok(opened, 'the UI opened (an error message was shown otherwise)');
      const served = new URL(opened.url);
      assert.equal(served.hostname, '127.0.0.1');
      const shown = new URL(opened.shownUrl);
      // code-server's mapping of a loopback port: its own origin, path /proxy/<port>/.
      assert.notEqual(shown.port, served.port, opened.shownUrl);
      assert.equal(shown.pathname, `/proxy/${served.port}/`, opened.shownUrl);
      const health = await fetch(new URL('health', shown));
      assert.equal(health.status, 200);
      assert.equal((await health.text()).trim(), 'OK', 'MLflow answers through the forwarded URL');
    } finally {
      for (const t of vscode.window.terminals.filter((t) => t.name === 'MLflow UI')) t.dispose();
      await vscode.commands.executeCommand(CommandIds.chooseStore, '');
    }
  });
});
