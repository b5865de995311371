// The file-store sunset's core: which MLflow refuses `mlruns` (3.13) and which can migrate it (3.10),
// the notice and its one-time memory, the migration's target rules and argv (run by a stand-in `mlflow`
// that records what it got, and by the real 2.12.2, which has no migrate-filestore), and
// MLFLOW_ALLOW_FILE_STORE only when the user chose it.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  fileStoreStatusText,
  fileStoreVerdict,
  migrateFilestoreArgs,
  migrationTargetProblem,
  migrationVersionProblem,
  suggestedMigrationTarget,
  sunsetNoticeText,
  SunsetNoticeMemory,
  versionAtLeast,
} from '../../../src/core/launch/fileStoreSunset';
import { findMlflow } from '../../../src/core/launch/mlflowDiscovery';
import { isFileStoreUri, launchEnvironment } from '../../../src/core/launch/trackingEnv';
import { realMlflow, skipWithoutMlflow } from '../../shared/realMlflow';

const disk = { exists: (f: string) => fs.existsSync(f), isDirectory: (d: string) => fs.existsSync(d) && fs.statSync(d).isDirectory() };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-sunset-'));
}

/** An `mlflow` that says it is 3.13.0 and writes each argv as a JSON line (sh only: no interpreter needed). */
function standInMlflow(dir: string): { bin: string; record: string } {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const record = path.join(dir, 'argv.jsonl');
  const script = `#!/bin/sh
'${process.execPath}' -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n")' -- "$@" >> '${record}'
if [ "$1" = "--version" ]; then echo "mlflow, version 3.13.0"; exit 0; fi
if [ "$1" = "migrate-filestore" ]; then
  while [ $# -gt 0 ]; do if [ "$1" = "--target" ]; then target="$2"; fi; shift; done
  : > "\${target#sqlite:///}"; exit 0
fi
exit 2
`;
  fs.writeFileSync(path.join(bin, 'mlflow'), script, { mode: 0o755 });
  return { bin, record };
}

function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(argv[0]!, argv.slice(1), { env }, (error, stdout, stderr) => resolve({ code: error ? (child.exitCode ?? 1) : 0, out: stdout + stderr }));
  });
}

void describe('which MLflow refuses a file store, and which can migrate it', () => {
  void it('compares major.minor.patch numerically; a pre-release counts as its release', () => {
    assert.equal(versionAtLeast('3.13.0', '3.13'), true);
    assert.equal(versionAtLeast('3.13.0rc0', '3.13'), true, '3.13.0rc0 already refuses file stores (mlflow#23634)');
    assert.equal(versionAtLeast('3.12.9', '3.13'), false);
    assert.equal(versionAtLeast('3.9.0', '3.10'), false, '9 < 10 as numbers, not as text');
    assert.equal(versionAtLeast('3.10.1', '3.10'), true);
    assert.equal(versionAtLeast('4.0.0', '3.13'), true);
    assert.equal(versionAtLeast('2.12.2', '3.10'), false);
    assert.equal(versionAtLeast('not a version', '3.10'), false);
  });

  void it('the notice is for 3.13 and later only; every version gets a status text naming it', () => {
    assert.deepEqual(fileStoreVerdict('3.13.0'), { version: '3.13.0', refuses: true, canMigrate: true });
    assert.deepEqual(fileStoreVerdict('3.11.0'), { version: '3.11.0', refuses: false, canMigrate: true });
    assert.deepEqual(fileStoreVerdict('2.12.2'), { version: '2.12.2', refuses: false, canMigrate: false });
    const notice = sunsetNoticeText(fileStoreVerdict('3.13.0'), '/w/mlruns');
    assert.match(notice ?? '', /MLflow 3\.13\.0.*refuses file stores such as \/w\/mlruns unless MLFLOW_ALLOW_FILE_STORE=true/);
    assert.match(notice ?? '', /MLflow Lens keeps reading it/);
    assert.equal(sunsetNoticeText(fileStoreVerdict('3.12.0'), '/w/mlruns'), undefined);
    assert.match(fileStoreStatusText(fileStoreVerdict('3.11.0'), '/w/mlruns'), /3\.11\.0, .*still uses .*migrate it/);
    assert.match(fileStoreStatusText(fileStoreVerdict('2.12.2'), '/w/mlruns'), /2\.12\.2.*needs MLflow 3\.10 or later/);
  });

  void it('an MLflow older than 3.10 is told which version migrating needs', () => {
    const problem = migrationVersionProblem('3.9.2', ['/venv/bin/mlflow']);
    assert.match(problem ?? '', /needs MLflow 3\.10 or later/);
    assert.match(problem ?? '', /is 3\.9\.2 \(\/venv\/bin\/mlflow\)/);
    assert.equal(migrationVersionProblem('3.10.0', ['mlflow']), undefined);
  });
});

void describe('the one-time notice', () => {
  void it('is claimed once per store, and remembered by the memento it was given', async () => {
    const values = new Map<string, unknown>();
    const memento = { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, value) };
    const memory = new SunsetNoticeMemory(memento);
    assert.equal(memory.noticed('file:///a/mlruns'), false);
    assert.equal(await memory.claim('file:///a/mlruns'), true);
    assert.equal(await memory.claim('file:///a/mlruns'), false, 'the second time: already shown');
    assert.equal(await memory.claim('file:///b/mlruns'), true, 'another store gets its own notice');
    assert.equal(new SunsetNoticeMemory(memento).noticed('file:///a/mlruns'), true, 'a new window reads the same memory');
  });
});

void describe('the migration target', () => {
  void it('suggests mlflow.db beside the folder, then the next free name (never an existing file)', () => {
    const dir = tempDir();
    const source = path.join(dir, 'mlruns');
    fs.mkdirSync(source);
    assert.equal(suggestedMigrationTarget(source, disk.exists), path.join(dir, 'mlflow.db'));
    fs.writeFileSync(path.join(dir, 'mlflow.db'), 'precious');
    fs.writeFileSync(path.join(dir, 'mlflow-2.db'), 'precious too');
    assert.equal(suggestedMigrationTarget(source, disk.exists), path.join(dir, 'mlflow-3.db'));
  });

  void it('refuses an existing file, a path inside the store, a relative path and a missing folder', () => {
    const dir = tempDir();
    const source = path.join(dir, 'mlruns');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(dir, 'mlflow.db'), 'precious');
    assert.match(migrationTargetProblem(path.join(dir, 'mlflow.db'), source, disk) ?? '', /already exists and is never overwritten: choose another name/);
    assert.match(migrationTargetProblem(path.join(source, 'mlflow.db'), source, disk) ?? '', /inside the store being migrated/);
    assert.match(migrationTargetProblem('mlflow.db', source, disk) ?? '', /not an absolute path/);
    assert.match(migrationTargetProblem(path.join(dir, 'nowhere', 'x.db'), source, disk) ?? '', /folder .*nowhere does not exist/);
    assert.match(migrationTargetProblem('  ', source, disk) ?? '', /give the path/);
    assert.equal(migrationTargetProblem(path.join(dir, 'mlflow-2.db'), source, disk), undefined);
    assert.equal(migrationTargetProblem(path.join(dir, 'mlruns-old.db'), source, disk), undefined, 'a sibling whose name starts like the folder is outside it');
    assert.equal(fs.readFileSync(path.join(dir, 'mlflow.db'), 'utf8'), 'precious');
  });

  void it('builds migrate-filestore with an absolute folder and a sqlite:/// URI of an absolute path', () => {
    assert.deepEqual(migrateFilestoreArgs('/w/mlruns', '/w/mlflow.db'), ['migrate-filestore', '--source', '/w/mlruns', '--target', 'sqlite:////w/mlflow.db']);
  });
});

void describe('migrate-filestore run by a stand-in MLflow 3.13 found on PATH', () => {
  void it('is found on PATH as 3.13.0 and gets each path as one argument, hostile characters and all', async () => {
    const dir = tempDir();
    const { bin, record } = standInMlflow(dir);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const found = await findMlflow({ env });
    assert.ok('found' in found, JSON.stringify(found));
    assert.equal(found.found.version, '3.13.0');
    assert.equal(found.found.source, 'PATH');
    assert.equal(migrationVersionProblem(found.found.version, found.found.argv), undefined);

    const hostile = path.join(dir, `it's "my" $HOME runs; rm -rf x`);
    const source = path.join(hostile, 'mlruns');
    fs.mkdirSync(source, { recursive: true });
    const target = suggestedMigrationTarget(source, disk.exists);
    assert.equal(migrationTargetProblem(target, source, disk), undefined);
    const result = await run([...found.found.argv, ...migrateFilestoreArgs(source, target)], env);
    assert.equal(result.code, 0, result.out);
    const calls = fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    assert.deepEqual(calls.at(-1), ['migrate-filestore', '--source', source, '--target', `sqlite:///${target}`]);
    assert.ok(fs.existsSync(target), 'the stand-in created the database where it was told');
    assert.deepEqual(fs.readdirSync(source), [], 'the folder is untouched');
  });
});

void describe('with the real MLflow 2.12.2', { skip: skipWithoutMlflow() }, () => {
  void it('is told that migrating needs MLflow 3.10 or later, and it indeed has no migrate-filestore', async () => {
    const m = realMlflow();
    if (typeof m === 'string') return;
    const found = await findMlflow({ setting: m.mlflow, env: process.env });
    assert.ok('found' in found, JSON.stringify(found));
    assert.equal(found.found.version, '2.12.2');
    assert.match(migrationVersionProblem(found.found.version, found.found.argv) ?? '', /needs MLflow 3\.10 or later .* is 2\.12\.2/);
    assert.equal(sunsetNoticeText(fileStoreVerdict(found.found.version), '/w/mlruns'), undefined, 'no notice: 2.12.2 uses file stores as they are');
    const help = spawnSync(m.mlflow, ['migrate-filestore', '--help'], { encoding: 'utf8' });
    assert.notEqual(help.status, 0);
    assert.match(help.stderr, /No such command 'migrate-filestore'/);
  });
});

void describe('MLFLOW_ALLOW_FILE_STORE for launched runs', () => {
  const base = { PATH: '/usr/bin' };
  void it('is set only when the user chose it, and only for a file store', () => {
    assert.equal(launchEnvironment(base, 'file:///w/mlruns')['MLFLOW_ALLOW_FILE_STORE'], undefined);
    assert.equal(launchEnvironment(base, 'file:///w/mlruns', undefined, { allowFileStore: false })['MLFLOW_ALLOW_FILE_STORE'], undefined);
    assert.equal(launchEnvironment(base, 'file:///w/mlruns', undefined, { allowFileStore: true })['MLFLOW_ALLOW_FILE_STORE'], 'true');
    assert.equal(launchEnvironment(base, '/w/mlruns', undefined, { allowFileStore: true })['MLFLOW_ALLOW_FILE_STORE'], 'true');
    assert.equal(launchEnvironment(base, 'sqlite:////w/mlflow.db', undefined, { allowFileStore: true })['MLFLOW_ALLOW_FILE_STORE'], undefined);
    assert.equal(launchEnvironment(base, 'http://127.0.0.1:5000', undefined, { allowFileStore: true })['MLFLOW_ALLOW_FILE_STORE'], undefined);
  });

  void it('an inherited value is the user\'s own and is kept', () => {
    assert.equal(launchEnvironment({ ...base, MLFLOW_ALLOW_FILE_STORE: 'true' }, 'file:///w/mlruns')['MLFLOW_ALLOW_FILE_STORE'], 'true');
  });

  void it('knows a file store from a database, a server and Databricks', () => {
    for (const uri of ['file:///w/mlruns', 'file:mlruns', '/w/mlruns', './mlruns', 'C:\\w\\mlruns', 'C:/w/mlruns']) assert.equal(isFileStoreUri(uri), true, uri);
    for (const uri of ['sqlite:///mlflow.db', 'http://localhost:5000', 'https://x', 'databricks', 'databricks://profile', 'postgresql://u@h/db']) assert.equal(isFileStoreUri(uri), false, uri);
  });
});
