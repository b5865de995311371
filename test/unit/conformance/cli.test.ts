/**
 * The built CLI (`dist/cli.js`, spawned as users run it) prints the same experiments and runs from
 * the file store, the SQLite store and a tracking server (the replay of the recorded MLflow server),
 * and reaches the server with MLflow's environment credentials without ever printing them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadExchanges, mainServerExchange, repoRoot, restFixtures, startReplayServer, type ReplayServer } from '../rest/replayServer';
import { HOSTILE_RUN, ODD_EXPERIMENT } from './filterCases';
import { withAuthorization, withEquivalentSearches } from './replayEquivalents';

const cliScript = path.join(repoRoot(), 'dist', 'cli.js');
/** The page sizes the CLI asks for: 1000 runs or experiments, 50,000 experiments before a run search. */
const CLI_PAGE_SIZES = [1000, 50000];
const ACTIVE = ['Default', 'iris-classification', ODD_EXPERIMENT, 'long-training', 'status-zoo', 'empty experiment (no runs)'].sort();
const ACTIVE_RUNS = [
  'quick-test-0', 'quick-test-1', 'hyperparam-search', 'C=0.01', 'C=0.1', 'C=1.0', 'C=10.0',
  'C=0.01 / fold-0', 'C=0.1 / fold-0', 'C=1.0 / fold-0', 'C=10.0 / fold-0', HOSTILE_RUN,
  'resnet50-full-training', 'failed-run', 'killed-run', 'running-run', 'finished-run', 'scheduled-run',
].sort();

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI asynchronously (the replay server answers from this process meanwhile). */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-lens-cli-home-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliScript, ...args],
      // A fresh HOME: no ~/.mlflow/credentials of whoever runs the tests, no MLFLOW_* of theirs.
      { cwd: repoRoot(), env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function json<T>(result: CliResult): T {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

interface ExperimentsJson {
  experiments: { experiment_id: string; name: string; lifecycle_stage: string }[];
}
interface RunsJson {
  runs?: { info: { run_name: string } }[];
}

const runNames = (result: CliResult): string[] => (json<RunsJson>(result).runs ?? []).map((r) => r.info.run_name);

void describe('mlflow-lens CLI over the file, SQLite and REST stores', () => {
  let server: ReplayServer;
  const uris: Record<string, () => string> = {
    file: () => 'test/fixtures/generated-mlruns',
    sqlite: () => 'sqlite:///test/fixtures/generated-sqlite/mlflow.db',
    rest: () => server.url,
  };

  before(async () => {
    assert.ok(fs.existsSync(cliScript), `${cliScript} is missing: run npm run build first`);
    server = await startReplayServer(withEquivalentSearches(loadExchanges(restFixtures(), mainServerExchange), CLI_PAGE_SIZES));
  });
  after(() => server.close());

  for (const [kind, uri] of Object.entries(uris)) {
    void it(`experiments and runs of the ${kind} store`, async () => {
      const active = json<ExperimentsJson>(await cli(['experiments', '--tracking-uri', uri(), '--no-cache']));
      assert.deepEqual(active.experiments.map((e) => e.name).sort(), ACTIVE);
      const all = json<ExperimentsJson>(await cli(['experiments', '--tracking-uri', uri(), '--no-cache', '--view', 'all']));
      assert.deepEqual(all.experiments.filter((e) => e.lifecycle_stage === 'deleted').map((e) => e.name), ['to-be-deleted']);

      assert.deepEqual(runNames(await cli(['runs', '--tracking-uri', uri(), '--no-cache'])).sort(), ACTIVE_RUNS);
      const iris = active.experiments.find((e) => e.name === 'iris-classification')?.experiment_id ?? '';
      const filtered = await cli(['runs', '--tracking-uri', uri(), '--no-cache', '--experiment-ids', iris, '--filter', 'metrics.accuracy > 0.9']);
      assert.deepEqual(runNames(filtered).sort(), ['C=0.1', 'C=1.0', 'C=10.0']);
      assert.deepEqual(runNames(await cli(['runs', '--tracking-uri', uri(), '--no-cache', '--filter', 'metrics.accuracy > 2'])), []);
    });
  }

  void it('asked the server only requests MLflow was recorded answering', () => {
    assert.equal(server.received.length, 7); // 2 experiments calls, then 3 runs calls (the unfiltered ones list experiments first)
    assert.deepEqual(server.unmatched.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`), []);
  });

  void it('takes the server from MLFLOW_TRACKING_URI and credentials from MLFLOW_TRACKING_USERNAME/PASSWORD, never printing them', async () => {
    const password = 'pw-never-printed-7c1e';
    const basic = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    const exchanges = withEquivalentSearches(loadExchanges(restFixtures(), mainServerExchange), CLI_PAGE_SIZES);
    const authServer = await startReplayServer(withAuthorization(exchanges, basic));
    try {
      const env = { MLFLOW_TRACKING_URI: authServer.url, MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: password };
      const result = await cli(['runs', '--no-cache'], env);
      assert.deepEqual(runNames(result).sort(), ACTIVE_RUNS);
      assert.ok(authServer.received.length >= 2);
      for (const request of authServer.received) assert.equal(request.headers.authorization, basic, request.path);
      assert.deepEqual(authServer.unmatched, []);
      assert.ok(!result.stdout.includes(password) && !result.stderr.includes(password));
    } finally {
      await authServer.close();
    }
  });

  void it('sends MLFLOW_TRACKING_TOKEN as a bearer token, and a refused one is an error without the token', async () => {
    const token = 'tok-never-printed-51aa';
    // No recording answers these credentials: the CLI fails (exit 2), and must say so without the token.
    const strict = await startReplayServer(loadExchanges(restFixtures(), mainServerExchange));
    try {
      const result = await cli(['experiments', '--tracking-uri', strict.url], { MLFLOW_TRACKING_TOKEN: token });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /experiments\/search/);
      assert.ok(!result.stderr.includes(token) && !result.stdout.includes(token));
      assert.equal(strict.received[0]?.headers.authorization, `Bearer ${token}`);
    } finally {
      await strict.close();
    }
  });
});
