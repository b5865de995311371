/**
 * Run actions on a copy of the file store MLflow 2.12.2 wrote (test/fixtures/generated-mlruns):
 * the shared scenarios read back by the real MLflow, the files compared with the ones MLflow itself
 * writes for the same action, a write killed between its temporary file and the rename, a store the
 * user cannot write, and the reading store's caches (memory and the persistent index) after a write.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileStore } from '../../../src/core/store/file/fileStore';
import { openStoreWriter } from '../../../src/core/store/write/openWriter';
import { mlflowPythonJson, skipWithoutMlflow } from '../../shared/realMlflow';
import { HOSTILE, mlflowView, ok, refused, repoRoot, runCli, snapshot, writeScenarios, type WriteTarget } from './writeScenarios';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'generated-mlruns');
const RUN = '4f8f8c9a6060467380b30d1d74496d18'; // quick-test-0, FINISHED, experiment 0
const IRIS = '868010962877203020';
const skip = skipWithoutMlflow();

function copyStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-file-writes-'));
  // Readable by others: one test runs the CLI as an unprivileged user.
  fs.chmodSync(dir, 0o755);
  fs.cpSync(FIXTURE, path.join(dir, 'mlruns'), { recursive: true });
  return path.join(dir, 'mlruns');
}

function removeStore(root: string): void {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
}

void describe('run actions on a file store, read back by MLflow', () => {
  let root = '';
  before(() => (root = copyStore()));
  after(() => removeStore(root));
  writeScenarios(
    (): WriteTarget => ({ cliUri: root, mlflowUri: `file://${root}`, runId: RUN, experimentId: IRIS, takenExperimentName: 'long-training' }),
    skip,
  );
});

void describe('file store writes in MLflow\'s own format', () => {
  void it('a rename and a tag leave the same bytes MLflow writes for them', { skip }, async () => {
    const ours = copyStore();
    const theirs = copyStore();
    try {
      ok(await runCli(['rename-run', '--tracking-uri', ours, '--run-id', RUN, '--name', HOSTILE.yamlWord]));
      ok(await runCli(['set-tag', '--tracking-uri', ours, '--run-id', RUN, '--key', 'team/owner name', `--value=${HOSTILE.multiline}`]));
      mlflowPythonJson(`
from mlflow.tracking import MlflowClient
c = MlflowClient(${JSON.stringify(`file://${theirs}`)})
c.update_run(${JSON.stringify(RUN)}, name=${JSON.stringify(HOSTILE.yamlWord)})
c.set_tag(${JSON.stringify(RUN)}, 'team/owner name', ${JSON.stringify(HOSTILE.multiline)})
print('{}')
`);
      const runDir = (r: string) => path.join(r, '0', RUN);
      assert.equal(fs.readFileSync(path.join(runDir(ours), 'meta.yaml'), 'utf8'), fs.readFileSync(path.join(runDir(theirs), 'meta.yaml'), 'utf8'));
      for (const tag of ['mlflow.runName', 'team/owner name']) {
        assert.deepEqual(fs.readFileSync(path.join(runDir(ours), 'tags', tag)), fs.readFileSync(path.join(runDir(theirs), 'tags', tag)), tag);
      }
    } finally {
      removeStore(ours);
      removeStore(theirs);
    }
  });

  void it('delete writes lifecycle_stage and deleted_time; restore removes deleted_time, as MLflow does', { skip }, async () => {
    const root = copyStore();
    try {
      const meta = () => fs.readFileSync(path.join(root, '0', RUN, 'meta.yaml'), 'utf8');
      const original = meta();
      ok(await runCli(['delete-run', '--tracking-uri', root, '--run-id', RUN]));
      assert.match(meta(), /^deleted_time: \d{13}\n/m);
      assert.match(meta(), /^lifecycle_stage: deleted\n/m);
      ok(await runCli(['restore-run', '--tracking-uri', root, '--run-id', RUN]));
      assert.equal(meta(), original);
    } finally {
      removeStore(root);
    }
  });
});

void describe('file store writes that fail', () => {
  void it('a write killed between its temporary file and the rename leaves the old value, readable by MLflow and MLflow Lens', { skip }, async () => {
    const root = copyStore();
    try {
      const before = snapshot(root);
      for (const args of [
        ['rename-run', '--run-id', RUN, '--name', 'never written'],
        ['set-tag', '--run-id', RUN, '--key', 'half', '--value', 'never written'],
        ['rename-experiment', '--experiment-id', IRIS, '--name', 'never written'],
      ]) {
        const result = await runCli([...args, '--tracking-uri', root], { env: { MLFLOW_LENS_TEST_WRITE_CRASH: 'after-temp' } });
        assert.equal(result.signal, 'SIGKILL', `${args[0]}: ${result.stderr}`);
      }
      // Only the temporary files were left behind, and every original file is byte for byte as before.
      const now = snapshot(root);
      const added = [...now.keys()].filter((k) => !before.has(k));
      assert.ok(added.length >= 1 && added.every((k) => /(^|\/)\.mlflow-lens-\d+-[0-9a-f]+\.tmp$/.test(k)), added.join(', '));
      for (const [file, digest] of before) assert.equal(now.get(file), digest, file);
      const seen = mlflowView(`file://${root}`, RUN, { logAfter: true });
      assert.equal(seen.name, 'quick-test-0');
      assert.equal('half' in seen.tags, false);
      assert.equal(seen.logged_after, 1.5);
      const lens = ok<{ run: { info: { run_name: string }; data: { tags: { key: string }[] } } }>(
        await runCli(['set-note', '--tracking-uri', root, '--run-id', RUN, '--value', 'after the crash']),
      );
      assert.equal(lens.run.info.run_name, 'quick-test-0');
      assert.equal(lens.run.data.tags.some((t) => t.key === 'half' || t.key.includes('mlflow-lens')), false);
      const experiments = mlflowPythonJson<string[]>(`
import json
from mlflow.tracking import MlflowClient
print(json.dumps(sorted(e.name for e in MlflowClient(${JSON.stringify(`file://${root}`)}).search_experiments())))
`);
      assert.ok(experiments.includes('iris-classification'));
    } finally {
      removeStore(root);
    }
  });

  void it('a store the user cannot write is refused with the reason, nothing changed', { skip }, async () => {
    const root = copyStore();
    const asRoot = process.getuid?.() === 0;
    try {
      // root writes through any permission bits, so the CLI runs as `nobody` then.
      if (!asRoot) fs.chmodSync(path.join(root, '0', RUN), 0o555);
      const before = snapshot(root);
      const options = asRoot ? { uid: 65534 } : {};
      for (const args of [
        ['rename-run', '--run-id', RUN, '--name', 'x'],
        ['set-tag', '--run-id', RUN, '--key', 'k', '--value', 'v'],
        ['delete-run', '--run-id', RUN],
        ['rename-experiment', '--experiment-id', IRIS, '--name', 'x'],
      ]) {
        refused(await runCli([...args, '--tracking-uri', root], options), /cannot be written \((EACCES|EPERM|EROFS)\): the store is read-only for this user; nothing was changed/);
      }
      assert.deepEqual(snapshot(root), before);
    } finally {
      fs.chmodSync(path.join(root, '0', RUN), 0o755);
      removeStore(root);
    }
  });

  void it('a meta.yaml MLflow did not write as a flat mapping is left alone', async () => {
    const root = copyStore();
    try {
      const metaPath = path.join(root, '0', RUN, 'meta.yaml');
      fs.writeFileSync(metaPath, '{run_id: x, experiment_id: "0"}\n');
      const before = snapshot(root);
      const store = new FileStore(root, { workerScript: false });
      const writer = openStoreWriter(store);
      await assert.rejects(writer.renameRun(RUN, 'x'), /not the block mapping MLflow writes/);
      assert.deepEqual(snapshot(root), before);
      writer.dispose();
      store.dispose();
    } finally {
      removeStore(root);
    }
  });
});

void describe('the reading store after a write', () => {
  void it('serves the new values at once, and a later store with the same persistent index does too', async () => {
    const root = copyStore();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-write-cache-'));
    try {
      const first = new FileStore(root, { workerScript: false, cacheDir });
      const tagsOf = async (store: FileStore) => Object.fromEntries((await store.getRun(RUN)).data.tags.map((t) => [t.key, t.value]));
      assert.equal((await tagsOf(first))['mlflow.runName'], 'quick-test-0');
      await first.searchRuns({ experimentIds: ['0'] });
      await first.flush();
      const writer = openStoreWriter(first);
      await writer.setRunTag(RUN, 'fresh', 'value one');
      await writer.renameRun(RUN, 'renamed in place');
      assert.equal((await tagsOf(first))['fresh'], 'value one');
      assert.equal((await first.getRun(RUN)).info.run_name, 'renamed in place');
      const listed = (await first.searchRuns({ experimentIds: ['0'] })).items.find((r) => r.info.run_id === RUN);
      assert.equal(listed?.info.run_name, 'renamed in place');
      await first.flush();
      first.dispose();

      // Another process (the CLI) changes a tag of the FINISHED run while this index is on disk.
      const other = new FileStore(root, { workerScript: false });
      const otherWriter = openStoreWriter(other);
      await otherWriter.setRunTag(RUN, 'fresh', 'value two');
      other.dispose();
      const later = new FileStore(root, { workerScript: false, cacheDir });
      await later.searchRuns({ experimentIds: ['0'] });
      assert.equal((await tagsOf(later))['fresh'], 'value two');
      later.dispose();
    } finally {
      removeStore(root);
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
