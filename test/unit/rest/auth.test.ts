// Credentials: where they come from, which wins, how a basic-auth MLflow server (recorded) answers,
// and that no password or token ever shows up in a log line or an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizationHeader, credentialsFromEnv, credentialsKey, parseSavedCredentials, type Credentials } from '../../../src/core/store/rest/credentials';
import { HttpClient } from '../../../src/core/store/rest/http';
import { RestStore } from '../../../src/core/store/rest/restStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { capturingLogger, sendJson, sendText, startFaultServer } from './faultServer';
import { loadExchanges, restFixtures, startReplayServer } from './replayServer';

void describe('credentials', () => {
  void it('reads MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN, treating empty values as unset', () => {
    assert.equal(credentialsFromEnv({ PATH: '/bin' }), undefined);
    assert.deepEqual(credentialsFromEnv({ MLFLOW_TRACKING_TOKEN: 't', MLFLOW_TRACKING_USERNAME: '' }), { username: undefined, password: undefined, token: 't' });
  });

  void it('prefers basic over bearer when both are set, as MLflow\'s client code does', () => {
    const both = credentialsFromEnv({ MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'password', MLFLOW_TRACKING_TOKEN: 'some-token' });
    assert.equal(authorizationHeader(both)?.value, 'Basic YWRtaW46cGFzc3dvcmQ='); // the header recorded for admin:password
    assert.equal(authorizationHeader({ token: 'some-token', username: 'admin' })?.value, 'Bearer some-token');
    assert.equal(authorizationHeader({ username: 'admin' }), undefined);
  });
});

void describe('saved credentials', () => {
  void it('keys them by scheme, host, port and path of the tracking URI', () => {
    assert.equal(credentialsKey('http://MLflow.Corp:5000/'), credentialsKey('http://mlflow.corp:5000'));
    assert.notEqual(credentialsKey('http://mlflow.corp:5000'), credentialsKey('https://mlflow.corp:5000'));
    assert.notEqual(credentialsKey('https://corp/team-a'), credentialsKey('https://corp/team-b'));
    assert.equal(credentialsKey('https://corp/team-a/?x=1'), 'mlflowLens.credentials:https://corp/team-a');
  });

  void it('reads back what was saved and ignores anything malformed', () => {
    assert.deepEqual(parseSavedCredentials(JSON.stringify({ username: 'u', password: 'p' })), { username: 'u', password: 'p', token: undefined });
    assert.deepEqual(parseSavedCredentials(JSON.stringify({ token: 't', extra: 1 })), { username: undefined, password: undefined, token: 't' });
    for (const bad of [undefined, '', 'not json', 'null', '[]', '{"username": "u"}', '{"token": 5}']) {
      assert.equal(parseSavedCredentials(bad), undefined, String(bad));
    }
  });
});

void describe('a recorded MLflow basic-auth server', () => {
  async function call(credentials: Credentials | undefined): Promise<unknown> {
    const server = await startReplayServer(loadExchanges(restFixtures(), (n) => n.startsWith('auth-basic__')), { missingHeadersMeanNone: true });
    const store = new RestStore(server.url, { credentials: () => credentials, retry: { maxRetries: 0 } });
    try {
      return await store.getExperiment('0').catch((error: unknown) => error);
    } finally {
      store.dispose();
      assert.deepEqual(server.unmatched, []);
      await server.close();
    }
  }

  void it('asks for credentials when none were sent (401, reason unauthorized)', async () => {
    const error = await call(undefined);
    assert.ok(StoreError.is(error, 'unauthorized'));
    assert.match(error.message, /asks for credentials \(HTTP 401\)\. Enter a username and password or a token/);
  });

  void it('says the password or the token was rejected', async () => {
    const wrong = await call({ username: 'admin', password: 'wrong' });
    assert.ok(StoreError.is(wrong, 'unauthorized'));
    assert.match(wrong.message, /rejected the username and password \(HTTP 401\)/);
    const token = await call({ token: 'some-token' });
    assert.ok(StoreError.is(token, 'unauthorized'));
    assert.match(token.message, /rejected the token \(HTTP 401\)/);
  });

  void it('reads the Default experiment with valid basic credentials, also when a token is set too', async () => {
    assert.equal(((await call({ username: 'admin', password: 'password' })) as { name: string }).name, 'Default');
    assert.equal(((await call({ username: 'admin', password: 'password', token: 'some-token' })) as { name: string }).name, 'Default');
  });

  void it('refuses a POST search and an artifact download without credentials', async () => {
    const server = await startReplayServer(loadExchanges(restFixtures(), (n) => n.startsWith('auth-basic__')), { missingHeadersMeanNone: true });
    const store = new RestStore(server.url, { retry: { maxRetries: 0 } });
    const http = new HttpClient({ baseUrl: server.url });
    try {
      await assert.rejects(store.searchRuns({ experimentIds: ['0'], maxResults: 1 }), (e: unknown) => StoreError.is(e, 'unauthorized'));
      await assert.rejects(
        http.bytes({ method: 'GET', path: '/get-artifact', query: { path: 'notes.txt', run_uuid: '4fa5f835e91d4af7ad88c7f6c23bd3b1' } }),
        (e: unknown) => StoreError.is(e, 'unauthorized'),
      );
      assert.deepEqual(server.unmatched, []);
    } finally {
      store.dispose();
      http.dispose();
      await server.close();
    }
  });
});

void describe('no credential in any log line or error', () => {
  const PASSWORD = 'hunter2-Zq9!x';
  const TOKEN = 'tok_7c1f9a2e55d04b';
  const BASIC = Buffer.from(`alice:${PASSWORD}`).toString('base64');

  void it('greps every line and message of hostile answers for the password, token and header', async () => {
    const logger = capturingLogger();
    const texts: string[] = [];
    const keep = (error: unknown): void => {
      assert.ok(error instanceof Error, `expected an error, got ${String(error)}`);
      texts.push(error.message, String(error), error.stack ?? '', (error as StoreError).location ?? '');
    };
    // A server that echoes back whatever credentials it was sent, in every way it can.
    const server = await startFaultServer((req, res, n) => {
      const auth = req.headers.authorization ?? '';
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : auth;
      if (req.url.includes('experiments/get')) return sendText(res, 401, 'text/plain', `bad credentials: ${auth} (${decoded})`);
      if (req.url.includes('runs/get')) return sendJson(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: `token ${auth} ${decoded} refused` });
      if (req.url.includes('artifacts/list')) return sendText(res, 200, 'text/html', `<html><title>Login ${decoded}</title></html>`);
      if (req.url.includes('get-history')) return n % 2 ? sendText(res, 503, 'text/plain', `busy ${decoded}`) : sendJson(res, 200, { metrics: [] });
      return undefined; // experiments/search: never answers, so the timeout path logs too
    });
    const basic = new RestStore(server.url, { credentials: () => ({ username: 'alice', password: PASSWORD }), logger, timeoutMs: 300, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const bearer = new RestStore(server.url, { credentials: async () => ({ token: TOKEN }), logger, timeoutMs: 300, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    try {
      for (const store of [basic, bearer]) {
        await store.getExperiment('0').then(() => assert.fail('401 expected'), keep);
        await store.getRun('r1').then(() => assert.fail('400 expected'), keep);
        await store.listArtifacts('r1').then(() => assert.fail('HTML expected'), keep);
        await store.getMetricHistory('r1', 'loss');
        await store.searchExperiments({}).then(() => assert.fail('timeout expected'), keep);
      }
      // Credentials inside a tracking URI are refused, and the refusal does not repeat them.
      try {
        new RestStore(`http://alice:${PASSWORD}@127.0.0.1:1`);
        assert.fail('a URI with credentials must be refused');
      } catch (error) {
        assert.ok(StoreError.is(error, 'invalidArgument'));
        keep(error);
      }
    } finally {
      basic.dispose();
      bearer.dispose();
      await server.close();
    }
    const everything = [...logger.lines, ...texts];
    assert.ok(logger.lines.some((l) => l.startsWith('debug ')) && logger.lines.some((l) => l.startsWith('info ')) && logger.lines.some((l) => l.startsWith('warn ')));
    // The server's own words are still shown, with the secrets cut out of them.
    assert.ok(texts.some((t) => t.includes('token Basic *** alice:*** refused')), texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('token Bearer *** Bearer *** refused')), texts.join('\n'));
    for (const line of everything) {
      for (const secret of [PASSWORD, TOKEN, BASIC]) assert.ok(!line.includes(secret), `secret leaked into: ${line}`);
    }
  });
});
