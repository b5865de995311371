/** `mlflow-lens runs --filter … --order-by …` over the SQLite and file fixtures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, listOption, parseArgs } from '../../../src/cli/args';
import { runsCommand } from '../../../src/cli/commands/runs';
import { fixtureUri, repoRoot } from './sqliteFixture';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command as `mlflow-lens runs …` does (main.ts runs the CLI when bundled, so it is not imported). */
async function cli(...argv: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runsCommand.run(parseArgs(argv, runsCommand.options).options, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: repoRoot,
  });
  return { code, stdout, stderr };
}

function runNames(result: Result): string[] {
  assert.equal(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as { runs: { info: { run_name: string } }[] };
  return parsed.runs.map((r) => r.info.run_name);
}

void describe('mlflow-lens runs --filter / --order-by', () => {
  void it('--order-by is repeatable and keeps command-line order', () => {
    const args = parseArgs(['--order-by', 'metrics.a DESC', '--order-by=params.b', '--filter', 'x'], {
      'order-by': { type: 'string', repeatable: true, description: '' },
      filter: { type: 'string', description: '' },
    });
    assert.deepEqual(listOption(args.options['order-by']), ['metrics.a DESC', 'params.b']);
    assert.equal(args.options.filter, 'x');
  });

  for (const store of [fixtureUri, 'test/fixtures/generated-mlruns']) {
    void it(`filters and orders the runs of ${store} as MLflow does`, async () => {
      const names = runNames(
        await cli('--tracking-uri', store, '--no-cache', '--filter', 'metrics.accuracy > 0.9', '--order-by', 'metrics.accuracy ASC', '--order-by', 'run_name DESC'),
      );
      assert.deepEqual(names, ['C=0.1', 'C=10.0', 'C=1.0']);
      const failed = runNames(await cli('--tracking-uri', store, '--no-cache', '--filter', "status = 'FAILED'"));
      assert.deepEqual(failed, ['failed-run']);
    });
  }

  void it('rejects a bad filter or order_by before opening the store, naming the option and column', async () => {
    await assert.rejects(cli('--tracking-uri', 'sqlite:///does/not/exist.db', '--filter', "params.C > '0.1'"), (e: unknown) =>
      e instanceof UsageError && e.message === "--filter: Invalid comparator '>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}' (column 10)",
    );
    await assert.rejects(cli('--tracking-uri', fixtureUri, '--order-by', 'metrics.x DESCENDING'), (e: unknown) =>
      e instanceof UsageError && /^--order-by: Invalid ordering key in order_by clause 'metrics.x DESCENDING'/.test(e.message),
    );
  });
});
