// The REST client against a local misbehaving server: every fault ends in a typed StoreError with
// plain words (or a stopped listing), with a bounded number of requests. Nothing leaves 127.0.0.1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { collectPages } from '../../../src/core/model/paging';
import { HttpClient } from '../../../src/core/store/rest/http';
import { RestStoreError } from '../../../src/core/store/rest/restErrors';
import { RestStore, type RestStoreOptions } from '../../../src/core/store/rest/restStore';
import { StoreError } from '../../../src/core/store/storeErrors';
import { capturingLogger, closedPort, sendJson, sendText, startFaultServer, type FaultHandler } from './faultServer';
import { restFixtures } from './replayServer';

const EXPERIMENT = { experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active' };
const RUN = (id: string) => ({ info: { run_id: id, experiment_id: '1', status: 'FINISHED', lifecycle_stage: 'active' } });
const FAST_RETRY = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 40 };

/** Runs `body` against a fault server and a store on it, closing both afterwards. */
async function withStore<T>(
  handler: FaultHandler,
  body: (store: RestStore, arrived: () => number) => Promise<T>,
  options: RestStoreOptions = {},
): Promise<T> {
  const server = await startFaultServer(handler);
  const store = new RestStore(server.url, { retry: FAST_RETRY, timeoutMs: 5000, ...options });
  try {
    return await body(store, () => server.arrived.length);
  } finally {
    store.dispose();
    await server.close();
  }
}

function rejection(promise: Promise<unknown>): Promise<RestStoreError> {
  return promise.then(
    () => assert.fail('expected the call to fail'),
    (error: unknown) => {
      assert.ok(error instanceof RestStoreError, `not a RestStoreError: ${String(error)}`);
      return error;
    },
  );
}

void describe('REST client faults', () => {
  void it('times out on a server that never answers, without retrying', async () => {
    await withStore(
      () => undefined, // holds the request open
      async (store, arrived) => {
        const error = await rejection(store.getExperiment('0'));
        assert.equal(error.reason, 'unreachable');
        assert.equal(error.failure, 'timeout');
        assert.match(error.message, /did not answer \/api\/2\.0\/mlflow\/experiments\/get within 0\.2 s/);
        assert.equal(arrived(), 1);
      },
      { timeoutMs: 200 },
    );
  });

  void it('reports a connection dropped before any answer, and one dropped mid-body', async () => {
    await withStore(
      (_req, res, n) => {
        if (n === 1) res.socket?.destroy();
        else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"experiment": {');
          setTimeout(() => res.socket?.destroy(), 20);
        }
      },
      async (store, arrived) => {
        for (let i = 0; i < 2; i++) {
          const error = await rejection(store.getExperiment('0'));
          assert.equal(error.reason, 'unreachable');
          assert.equal(error.failure, 'connection');
          assert.match(error.message, /dropped the connection before answering/);
        }
        assert.equal(arrived(), 2);
      },
    );
  });

  void it('says "connection refused" for a port nobody listens on', async () => {
    const store = new RestStore(`http://127.0.0.1:${await closedPort()}`, { retry: FAST_RETRY });
    try {
      const error = await rejection(store.searchExperiments({}));
      assert.equal(error.reason, 'unreachable');
      assert.match(error.message, /connection refused\. Is `mlflow server` running on that port\?/);
    } finally {
      store.dispose();
    }
  });

  void it('does not retry a 500: one request, then the MLflow error in plain words', async () => {
    await withStore(
      (_req, res, n) =>
        n === 1
          ? sendJson(res, 500, { error_code: 'INTERNAL_ERROR', message: 'database is locked' })
          : sendJson(res, 200, { experiment: EXPERIMENT }),
      async (store, arrived) => {
        const error = await rejection(store.getExperiment('0'));
        assert.equal(error.reason, 'unreachable');
        assert.equal(error.errorCode, 'INTERNAL_ERROR');
        assert.match(error.message, /INTERNAL_ERROR \(HTTP 500\): database is locked/);
        assert.equal(arrived(), 1);
        assert.equal((await store.getExperiment('0')).name, 'Default');
        assert.equal(arrived(), 2);
      },
    );
  });

  for (const status of [429, 502, 503, 504]) {
    void it(`retries a ${status} and then succeeds`, async () => {
      await withStore(
        (_req, res, n) => (n === 1 ? sendText(res, status, 'text/plain', 'busy') : sendJson(res, 200, { experiment: EXPERIMENT })),
        async (store, arrived) => {
          assert.equal((await store.getExperiment('0')).name, 'Default');
          assert.equal(arrived(), 2);
        },
      );
    });
  }

  void it('backs off exponentially on 429 within the bound, honours Retry-After, then gives up', async () => {
    const logger = capturingLogger();
    await withStore(
      (_req, res, n) => sendJson(res, 429, { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' }, n === 3 ? { 'retry-after': '1' } : {}),
      async (store, arrived) => {
        const error = await rejection(store.getExperiment('0'));
        assert.equal(error.reason, 'unreachable');
        assert.equal(error.status, 429);
        assert.equal(arrived(), 4); // the first attempt and three retries
      },
      { logger, retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 30 } },
    );
    const planned = logger.lines.filter((l) => l.includes('answered 429')).map((l) => Number(/in (\d+) ms/.exec(l)?.[1]));
    // 10, 20, then Retry-After 1 s capped at the 30 ms bound.
    assert.deepEqual(planned, [10, 20, 30]);
  });

  void it('explains an HTML page where JSON was expected (a proxy or login page)', async () => {
    const page = '<!DOCTYPE html><html><head><title>Sign in – Corp SSO</title></head><body><form>…</form></body></html>';
    await withStore(
      (_req, res) => sendText(res, 200, 'text/html; charset=utf-8', page),
      async (store) => {
        const error = await rejection(store.searchExperiments({}));
        assert.equal(error.failure, 'htmlInsteadOfJson');
        assert.equal(error.reason, 'unreachable');
        assert.match(error.message, /with an HTML page \("Sign in – Corp SSO"\) instead of MLflow's JSON/);
        assert.match(error.message, /proxy or a login page/);
      },
    );
  });

  void it('maps /get-artifact\'s recorded HTML 500 for a missing file to notFound', async () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(restFixtures(), 'get-artifact__missing-file.json'), 'utf8')) as {
      response: { status: number; headers: Record<string, string>; body: string };
    };
    await withStore(
      (req, res) =>
        req.url.startsWith('/api/2.0/mlflow/runs/get')
          ? sendJson(res, 200, { run: { info: { ...RUN('r1').info, artifact_uri: 's3://bucket/1/r1/artifacts' } } })
          : sendText(res, recorded.response.status, recorded.response.headers['content-type'] ?? '', recorded.response.body),
      async (store) => {
        const error = await store.readArtifact('r1', 'no-such-file.txt').catch((e: unknown) => e);
        assert.ok(StoreError.is(error, 'notFound'));
        assert.match(error.message, /cannot send artifact "no-such-file.txt" of run r1/);
      },
    );
  });

  void it('does not follow redirects, and says where they lead', async () => {
    await withStore(
      (req, res, n) =>
        n === 1
          ? res.writeHead(301, { location: `https://mlflow.example.com${req.url}` }).end()
          : res.writeHead(302, { location: '/oauth2/sign_in?rd=%2Fapi&token=abc123' }).end(),
      async (store, arrived) => {
        const toHttps = await rejection(store.getExperiment('0'));
        assert.equal(toHttps.failure, 'redirected');
        assert.match(toHttps.message, /redirected \/api\/2\.0\/mlflow\/experiments\/get to https:\/\/mlflow\.example\.com: use https:\/\/mlflow\.example\.com as the tracking URI/);
        const toLogin = await rejection(store.getExperiment('0'));
        assert.match(toLogin.message, /instead of answering\. MLflow's API does not redirect: .* Redirect target: \/oauth2\/sign_in\?rd=%2Fapi&token=\*\*\*$/);
        assert.equal(arrived(), 2);
      },
    );
  });

  void it('says to start the server with --allowed-hosts on MLflow 3.5+\'s host check', async () => {
    await withStore(
      (_req, res) => sendText(res, 403, 'text/plain; charset=utf-8', 'Invalid Host header - possible DNS rebinding attack detected'),
      async (store, arrived) => {
        const error = await rejection(store.searchRuns({ experimentIds: ['1'] }));
        assert.equal(error.failure, 'hostNotAllowed');
        assert.match(error.message, /start the server with `--allowed-hosts 127\.0\.0\.1`/);
        assert.equal(arrived(), 1);
      },
    );
  });

  void it('stops paging when the server repeats a page token', async () => {
    await withStore(
      (_req, res, n) => sendJson(res, 200, { runs: [RUN(`run-${n}`)], next_page_token: 'same-token' }),
      async (store, arrived) => {
        const problems: string[] = [];
        const runs = await collectPages(async (token) => {
          const page = await store.searchRuns({ experimentIds: ['1'], pageToken: token });
          problems.push(...page.problems.map((p) => p.message));
          return page;
        });
        assert.deepEqual(runs.map((r) => r.info.run_id), ['run-1', 'run-2']);
        assert.equal(arrived(), 2);
        assert.equal(problems.length, 1);
        assert.match(problems[0] ?? '', /page token it had already sent.*paging stopped/);
      },
    );
  });

  void it('stops on an empty page that still carries a token, and on a token cycle in metric history', async () => {
    await withStore(
      (req, res, n) => {
        if (req.url.includes('/runs/search') || req.method === 'POST') return sendJson(res, 200, { next_page_token: `fresh-${n}` });
        const cycle = ['A', 'B', 'A'];
        return sendJson(res, 200, { metrics: [{ key: 'loss', value: n, timestamp: 1, step: n }], next_page_token: cycle[(n - 2) % 3] });
      },
      async (store, arrived) => {
        const empty = await store.searchRuns({ experimentIds: ['1'] });
        assert.deepEqual([empty.items.length, empty.nextPageToken], [0, undefined]);
        assert.match(empty.problems[0]?.message ?? '', /empty page that still carries a next page token/);
        const history = await store.getMetricHistory('r1', 'loss');
        assert.deepEqual(history.items.map((m) => m.step), [2, 3, 4]);
        assert.match(history.problems[0]?.message ?? '', /already sent/);
        assert.equal(arrived(), 4);
      },
    );
  });

  void it('stops a metric history whose server hands out fresh tokens forever, after a bounded number of pages', async () => {
    await withStore(
      (_req, res, n) => sendJson(res, 200, { metrics: [{ key: 'loss', value: 0.5, timestamp: n, step: n }], next_page_token: `t${n}` }),
      async (store, arrived) => {
        const history = await store.getMetricHistory('r1', 'loss');
        assert.equal(arrived(), 25);
        assert.equal(history.items.length, 25);
        assert.match(history.problems[0]?.message ?? '', /more than 25 pages; the rest was not read/);
      },
      { maxHistoryPages: 25 },
    );
  });

  void it('cancels a request in flight and a retry wait through the AbortSignal', async () => {
    await withStore(
      (req, res) => {
        if (req.url.includes('experiments/get')) return; // never answers
        sendText(res, 503, 'text/plain', 'unavailable', { 'retry-after': '30' });
      },
      async (store, arrived) => {
        const inFlight = new AbortController();
        const pending = store.getExperiment('0', inFlight.signal);
        while (arrived() < 1) await new Promise((r) => setTimeout(r, 5));
        inFlight.abort();
        await assert.rejects(pending, (error: unknown) => StoreError.is(error, 'cancelled'));

        const waiting = new AbortController();
        const retried = store.searchExperiments({}, waiting.signal);
        while (arrived() < 2) await new Promise((r) => setTimeout(r, 5));
        waiting.abort();
        await assert.rejects(retried, (error: unknown) => StoreError.is(error, 'cancelled'));
        assert.equal(arrived(), 2, 'no retry after cancellation');
        await assert.rejects(store.getRun('r1', AbortSignal.abort()), (error: unknown) => StoreError.is(error, 'cancelled'));
        assert.equal(arrived(), 2, 'an already-aborted signal sends nothing');
      },
      { retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 60_000 } },
    );
  });

  void it('refuses an answer over the size limit and invalid JSON', async () => {
    await withStore(
      (_req, res, n) => (n === 1 ? sendText(res, 200, 'application/json', `{"experiments": [${'{},'.repeat(2000)}{}]}`) : sendText(res, 200, 'application/json', '{"experiments": [')),
      async (store) => {
        const tooLarge = await rejection(store.searchExperiments({}));
        assert.equal(tooLarge.failure, 'tooLarge');
        const invalid = await rejection(store.searchExperiments({}));
        assert.deepEqual([invalid.reason, invalid.failure], ['corrupt', 'invalidJson']);
      },
      { maxBodyBytes: 4096 },
    );
  });

  void it('turns one unreadable entry into a problem and keeps the rest', async () => {
    await withStore(
      (_req, res) => sendJson(res, 200, { runs: [RUN('good'), { info: { experiment_id: '1' } }, { info: { ...RUN('odd').info, status: 'EXPLODED' } }] }),
      async (store) => {
        const page = await store.searchRuns({ experimentIds: ['1'] });
        assert.deepEqual(page.items.map((r) => r.info.run_id), ['good']);
        assert.equal(page.problems.length, 2);
        assert.match(page.problems[0]?.message ?? '', /neither "run_id" nor "run_uuid"/);
        assert.equal(page.problems[1]?.runId, 'odd');
      },
    );
  });

  void it('sends JSON POSTs, the workspace header only when configured, and no Origin', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const handler: FaultHandler = (req, res) => {
      seen.push(req.headers);
      sendJson(res, 200, {});
    };
    await withStore(handler, (store) => store.searchRuns({ experimentIds: ['1'], filter: "params.x = 'y'" }));
    await withStore(handler, (store) => store.searchRuns({ experimentIds: ['1'] }), { workspace: 'team-a', headers: { 'X-Extra': 'v' } });
    assert.equal(seen[0]?.['content-type'], 'application/json');
    assert.equal(seen[0]?.['x-mlflow-workspace'], undefined);
    assert.equal(seen[0]?.origin, undefined);
    assert.equal(seen[1]?.['x-mlflow-workspace'], 'team-a');
    assert.equal(seen[1]?.['x-extra'], 'v');
  });
});

void describe('REST client TLS settings', () => {
  const tlsDir = path.join(restFixtures(), 'tls');
  const key = fs.readFileSync(path.join(tlsDir, 'server.key'), 'utf8');
  const cert = fs.readFileSync(path.join(tlsDir, 'server.crt'), 'utf8');

  void it('rejects an untrusted certificate in plain words, and accepts it with a CA bundle or verification off', async () => {
    const server = await startFaultServer((_req, res) => sendJson(res, 200, { experiment: EXPERIMENT }), { key, cert });
    const clients = [
      new HttpClient({ baseUrl: server.url, retry: { maxRetries: 0 } }),
      new HttpClient({ baseUrl: server.url, tls: { ca: cert } }),
      new HttpClient({ baseUrl: server.url, tls: { rejectUnauthorized: false } }),
    ];
    try {
      const [strict, withCa, insecure] = clients as [HttpClient, HttpClient, HttpClient];
      const request = { method: 'GET', path: '/api/2.0/mlflow/experiments/get', query: { experiment_id: '0' } } as const;
      const error = await rejection(strict.json(request));
      assert.deepEqual([error.reason, error.failure], ['unreachable', 'tls']);
      assert.match(error.message, /not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Set a CA bundle/);
      assert.deepEqual(await withCa.json(request), { experiment: EXPERIMENT });
      assert.deepEqual(await insecure.json(request), { experiment: EXPERIMENT });
    } finally {
      for (const client of clients) client.dispose();
      await server.close();
    }
  });
});

void describe('REST client header values', () => {
  void it('refuses a header HTTP cannot carry before anything is sent, without echoing the token', async () => {
    const server = await startFaultServer((_req, res) => sendJson(res, 200, {}));
    const store = new RestStore(server.url, { credentials: () => ({ token: 'tök\nen-secret' }) });
    try {
      const error = await rejection(store.getExperiment('0'));
      assert.equal(error.reason, 'invalidArgument');
      assert.match(error.message, /holds characters HTTP headers cannot carry/);
      assert.ok(!error.message.includes('en-secret'));
      assert.equal(server.arrived.length, 0);
    } finally {
      store.dispose();
      await server.close();
    }
  });
});
