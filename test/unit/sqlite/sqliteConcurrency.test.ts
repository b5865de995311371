import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import initSqlJs from 'sql.js';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { fixtureVariant, removeVariant } from './sqliteFixture';

/** The part of node:sqlite a test writer needs (a second connection, as a training process has). The
 * locking test, which needs node:sqlite on both sides, is test/node24/sqliteLock.test.ts. */
interface WriterModule {
  DatabaseSync: new (path: string) => { exec(sql: string): void; close(): void };
}
const nodeSqlite = process.getBuiltinModule?.('node:sqlite') as WriterModule | undefined;

const NEW_RUN = `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
  source_version, lifecycle_stage, artifact_uri, experiment_id)
  VALUES ('0123456789abcdef0123456789abcdef', 'written-later', 'LOCAL', '', '', 'bob', 'RUNNING', 1800000000000, NULL, '', 'active', '', 0)`;

void describe('SqliteStore next to a process that writes', () => {
  void it('sees runs committed after it opened, without holding a lock between calls', async () => {
    const file = await fixtureVariant('live', 'SELECT 1');
    const store = await SqliteStore.open(file);
    try {
      assert.equal((await store.searchRuns({ experimentIds: ['0'] })).items.length, 2);
      if (nodeSqlite) {
        // A writer commits while the store is open: it must not be blocked by the reader.
        const writer = new nodeSqlite.DatabaseSync(file);
        writer.exec(`BEGIN EXCLUSIVE; ${NEW_RUN}; COMMIT`);
        writer.close();
      } else {
        const SQL = await initSqlJs();
        const db = new SQL.Database(fs.readFileSync(file));
        db.exec(NEW_RUN);
        fs.writeFileSync(file, db.export());
        db.close();
        // The snapshot is reloaded when the file's mtime or size changed.
        const later = new Date(Date.now() + 2000);
        fs.utimesSync(file, later, later);
      }
      const runs = (await store.searchRuns({ experimentIds: ['0'] })).items;
      assert.deepEqual(runs.map((r) => r.info.run_name), ['written-later', 'quick-test-1', 'quick-test-0']);
      assert.equal(runs[0]?.info.end_time, undefined);
    } finally {
      store.dispose();
      removeVariant(file);
    }
  });
});
