import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { healthAfterRead, type ConnectionHealth } from '../../../src/connection/connectionHealth';
import { StoreError } from '../../../src/core/store/storeErrors';

const refused = new StoreError('unreachable', 'connect ECONNREFUSED 127.0.0.1:5000', 'http://127.0.0.1:5000/api/2.0/mlflow/experiments/search');
const serverItem = { experimentList: false, server: true };
const serverList = { experimentList: true, server: true };
const localList = { experimentList: true, server: false };
const localItem = { experimentList: false, server: false };

void describe('connection health after a read', () => {
  void it('an unreachable server keeps the start of the outage across failures, and a success ends it', () => {
    let health: ConnectionHealth = { state: 'connecting' };
    health = healthAfterRead(health, refused, 1000, serverList);
    assert.deepEqual(health, { state: 'unreachable', message: refused.message, location: refused.location, since: 1000 });
    const timeout = new StoreError('unreachable', 'no answer within 15 s');
    health = healthAfterRead(health, timeout, 9000, serverItem);
    assert.deepEqual(health, { state: 'unreachable', message: 'no answer within 15 s', location: refused.location, since: 1000 });
    health = healthAfterRead(health, undefined, 12_000, serverItem);
    assert.deepEqual(health, { state: 'ok' });
  });

  void it('a store whose experiment list cannot be read is unusable, whatever its kind', () => {
    const missing = new StoreError('notFound', 'No MLflow store at /x/mlruns: the folder does not exist.', '/x/mlruns');
    assert.deepEqual(healthAfterRead({ state: 'ok' }, missing, 5, localList), { state: 'failed', message: missing.message, location: '/x/mlruns' });
    // A local store that cannot be read is not "offline": nothing retries it but the file watcher.
    const denied = new StoreError('unreachable', 'Cannot read the MLflow store /x: EACCES', '/x');
    assert.equal(healthAfterRead({ state: 'ok' }, denied, 5, localItem).state, 'failed');
    assert.equal(healthAfterRead({ state: 'connecting' }, new StoreError('corrupt', 'bad answer'), 5, serverList).state, 'failed');
  });

  void it('a refused login makes the store unusable; errors about one request leave the health alone', () => {
    const ok: ConnectionHealth = { state: 'ok' };
    assert.deepEqual(healthAfterRead(ok, new StoreError('unauthorized', 'HTTP 401'), 5, serverItem), { state: 'failed', message: 'HTTP 401' });
    assert.equal(healthAfterRead(ok, new StoreError('invalidArgument', "bad filter 'x'"), 5, serverItem), ok);
    assert.equal(healthAfterRead(ok, new StoreError('notFound', 'no run abc'), 5, localItem), ok);
    assert.equal(healthAfterRead(ok, new StoreError('cancelled', 'cancelled'), 5, serverList), ok);
    assert.equal(healthAfterRead(ok, undefined, 5, serverList), ok, 'no new object (and no event) when nothing changed');
  });
});
