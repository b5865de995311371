/**
 * On a Node without node:sqlite (Node 20, VS Code's older extension hosts) the only SQLite engine is
 * sql.js, which cannot write safely: every write is refused with that reason and the file is untouched.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { refused, repoRoot, runCli, snapshot } from './writeScenarios';

const nodeHasSqlite = Boolean(process.getBuiltinModule?.('node:sqlite'));

void describe('SQLite writes without node:sqlite', () => {
  void it('are refused with the reason, the database unchanged', { skip: nodeHasSqlite ? `Node ${process.version} has node:sqlite: test/node24/writes covers its writes` : false }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-sqljs-writes-'));
    try {
      fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'generated-sqlite', 'mlflow.db'), path.join(dir, 'mlflow.db'));
      const before = snapshot(dir);
      for (const args of [
        ['rename-run', '--run-id', '91efb8dc42244be3933cbde7423c1acc', '--name', 'x'],
        ['delete-run', '--run-id', '91efb8dc42244be3933cbde7423c1acc'],
        ['rename-experiment', '--experiment-id', '1', '--name', 'x'],
      ]) {
        refused(await runCli([...args, '--tracking-uri', `sqlite:///${dir}/mlflow.db`]), /has no built-in node:sqlite.*could only write back whole, without the locks MLflow relies on/);
      }
      assert.deepEqual(snapshot(dir), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
