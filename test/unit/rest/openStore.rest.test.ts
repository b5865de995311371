// openStore's http(s) branch: a tracking server URI opens the REST store, which then reads the
// recorded server; a URI carrying credentials is refused without repeating them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/core/store/openStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { loadExchanges, mainServerExchange, restFixtures, startReplayServer } from './replayServer';

void describe('openStore with http(s) tracking URIs', () => {
  void it('opens a REST store that reads the server', async () => {
    const server = await startReplayServer(loadExchanges(restFixtures(), mainServerExchange));
    const store = openStore(`${server.url}/`, { rest: { retry: { maxRetries: 0 } } });
    try {
      assert.equal(store.kind, 'rest');
      assert.equal(store.uri, server.url);
      const experiment = await store.getExperiment('1');
      assert.equal(experiment.name, 'iris-classification');
      assert.deepEqual(server.unmatched, []);
    } finally {
      store.dispose();
      await server.close();
    }
  });

  void it('refuses credentials inside the URI without echoing the password', () => {
    assert.throws(
      () => openStore('https://alice:s3cret-pw@mlflow.example.com'),
      (error: unknown) => StoreError.is(error, 'invalidArgument') && !error.message.includes('s3cret-pw') && /credentials command/.test(error.message),
    );
  });
});
