/**
 * Run actions through a live `mlflow server` (the real MLflow 2.12.2 over a copy of the generated
 * server fixture): the documented REST endpoints, read back by MLflow's client over the same server;
 * the server's own refusals passed on as one line, nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { skipWithoutLiveServer, startLiveMlflowServer, type LiveMlflowServer } from '../../shared/mlflowServer';
import { mlflowView, refused, runCli, writeScenarios, type WriteTarget } from './writeScenarios';

const RUN = '92e8ef075dce4533be20850b14830ef3'; // quick-test-0, FINISHED, experiment 0
const skip = skipWithoutLiveServer();

void describe('run actions on a tracking server, read back by MLflow', () => {
  let server: LiveMlflowServer | undefined;
  before(async () => {
    if (!skip) server = await startLiveMlflowServer({ workers: 1 });
  });
  after(async () => server?.stop());
  writeScenarios(
    (): WriteTarget => ({ cliUri: server!.url, mlflowUri: server!.url, runId: RUN, experimentId: '1', takenExperimentName: 'long-training' }),
    skip,
  );

  void it('passes on what the server refuses (a deleted experiment, a missing run), nothing changed', { skip }, async () => {
    const url = server!.url;
    refused(await runCli(['rename-experiment', '--tracking-uri', url, '--experiment-id', '6', '--name', 'x']), /non-active experiment|INVALID_STATE|deleted/i);
    refused(await runCli(['restore-run', '--tracking-uri', url, '--run-id', 'a'.repeat(32)]), /not found/i);
    assert.equal(mlflowView(url, RUN).lifecycle, 'active');
  });

  void it('refuses when no server answers', { skip }, async () => {
    refused(await runCli(['delete-run', '--tracking-uri', 'http://127.0.0.1:9', '--run-id', RUN]), /127\.0\.0\.1:9/);
  });
});
