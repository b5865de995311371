// Runs only under Node 24 (the unit-node24 tier): both the store and the writer use node:sqlite, whose
// file locks are what a training process holds while it commits. Under Node 20 the store reads through
// sql.js snapshots, where no lock exists to wait on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../../../src/core/store/storeErrors';
import { SqliteStore } from '../../../src/core/store/sqlite/sqliteStore';
import { fixtureVariant, NEW_RUN_SQL, nodeSqliteWriter, removeVariant } from '../../unit/sqlite/sqliteFixture';

const nodeSqlite = nodeSqliteWriter;

void describe('SqliteStore (node:sqlite) next to a writer holding a lock', () => {
  void it('runs on a Node with node:sqlite', () => {
    assert.ok(nodeSqlite, `node:sqlite is not in Node ${process.version}: this folder is for the unit-node24 tier`);
  });

  void it('waits busy_timeout for a writer holding an exclusive lock, then says the file is locked', async () => {
    const file = await fixtureVariant('locked', 'SELECT 1');
    const store = await SqliteStore.open(file, { busyTimeoutMs: 150 });
    const writer = new nodeSqlite!.DatabaseSync(file);
    try {
      writer.exec(`BEGIN EXCLUSIVE; ${NEW_RUN_SQL}`);
      await assert.rejects(store.searchRuns({ experimentIds: ['0'] }), (e: unknown) => {
        assert.ok(StoreError.is(e, 'unreachable'), String(e));
        assert.match(e.message, /is locked by another process/);
        assert.ok(e.message.includes(file));
        return true;
      });
      writer.exec('COMMIT');
      assert.equal((await store.searchRuns({ experimentIds: ['0'] })).items.length, 3);
    } finally {
      writer.close();
      store.dispose();
      removeVariant(file);
    }
  });
});
