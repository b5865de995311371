import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import initSqlJs from 'sql.js';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { fixtureVariant, NEW_RUN_SQL, nodeSqliteWriter, removeVariant } from './sqliteFixture';

// The locking test, which needs node:sqlite on both sides, is test/node24/sqlite/sqliteLock.test.ts.
const nodeSqlite = nodeSqliteWriter;

void describe('SqliteStore next to a process that writes', () => {
  void it('sees runs committed after it opened, without holding a lock between calls', async () => {
    const file = await fixtureVariant('live', 'SELECT 1');
    const store = await SqliteStore.open(file);
    try {
      assert.equal((await store.searchRuns({ experimentIds: ['0'] })).items.length, 2);
      if (nodeSqlite) {
        // A writer commits while the store is open: it must not be blocked by the reader.
        const writer = new nodeSqlite.DatabaseSync(file);
        writer.exec(`BEGIN EXCLUSIVE; ${NEW_RUN_SQL}; COMMIT`);
        writer.close();
      } else {
        const SQL = await initSqlJs();
        const db = new SQL.Database(fs.readFileSync(file));
        db.exec(NEW_RUN_SQL);
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
