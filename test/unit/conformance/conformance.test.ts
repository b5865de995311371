/**
 * One conformance suite, three backends over the same MLflow 2.12.2 data: the file store, the
 * SQLite store and the REST store (through a replay of the real server's recorded exchanges).
 */
import { after } from 'node:test';
import { openFileBackend, openRestBackend, openSqliteBackend } from './backends';
import { BackendPool } from './snapshot';
import { defineConformanceSuite } from './suite';

const pool = new BackendPool({ file: openFileBackend, sqlite: openSqliteBackend, rest: openRestBackend });
after(() => pool.closeAll());

// The REST leg last: its final test checks every request any leg made was a recorded one.
defineConformanceSuite('file', pool);
defineConformanceSuite('sqlite', pool);
defineConformanceSuite('rest', pool);
